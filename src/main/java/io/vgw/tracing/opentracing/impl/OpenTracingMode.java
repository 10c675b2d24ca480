package io.vgw.tracing.opentracing.impl;

import io.opentracing.Tracer;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vgw.http.impl.BackendCallObserver;
import io.vgw.http.impl.TracingMode;
import io.vgw.impl.GatewayRuntime;
import io.vgw.tracing.OpenTracingOptions;
import io.vgw.tracing.impl.OpenSpans;
import io.vgw.tracing.impl.UntracedPaths;
import java.lang.System.Logger.Level;

/**
 * {@code tracing.mode = opentracing}: server and client spans with an {@code io.opentracing.Tracer}.
 * The tracer is the one the Vert.x instance was built with through
 * {@link io.vgw.tracing.OpenTracingVertx#tracerFactory}, else the one {@code tracing.opentracing}
 * configures (then owned, and closed, by this mode).
 */
public final class OpenTracingMode implements TracingMode {

  private static final System.Logger LOG = System.getLogger(OpenTracingMode.class.getName());

  private final Vertx vertx;
  private final Tracer tracer;
  private final boolean ownsTracer;
  private final OpenSpans open = new OpenSpans();
  private final ServerSpanHandler handler;
  private final ClientSpanObserver observer;

  OpenTracingMode(Vertx vertx, Tracer tracer, boolean ownsTracer, UntracedPaths untraced,
      OpenTracingOptions.OperationName naming) {
    this.vertx = vertx;
    this.tracer = tracer;
    this.ownsTracer = ownsTracer;
    this.handler = new ServerSpanHandler(tracer, untraced, naming, open);
    this.observer = new ClientSpanObserver(tracer, open);
  }

  /**
   * @throws IllegalArgumentException when no tracer can be had from the Vert.x instance or the options
   */
  public static OpenTracingMode create(Vertx vertx, GatewayRuntime runtime) {
    OpenTracingOptions options = runtime.options().getTracing().getOpenTracing();
    UntracedPaths untraced = UntracedPaths.of(runtime.options());
    Tracer known = KnownTracer.of(vertx);
    if (known != null) {
      return new OpenTracingMode(vertx, known, false, untraced, options.getOperationName());
    }
    if (KnownTracer.hasForeignTracer(vertx)) {
      LOG.log(Level.WARNING, "Vert.x was built with a tracer the gateway cannot see; the gateway traces with the tracer of "
          + "tracing.opentracing (" + options.getTracer().name().toLowerCase(java.util.Locale.ROOT) + ") instead. Build Vert.x "
          + "with OpenTracingVertx.tracerFactory(tracer) so that both trace with the same tracer");
    }
    ConfiguredTracer configured = ConfiguredTracer.create(options);
    return new OpenTracingMode(vertx, configured.tracer(), configured.owned(), untraced, options.getOperationName());
  }

  @Override
  public Handler<RoutingContext> handler() {
    return handler;
  }

  @Override
  public BackendCallObserver observer() {
    return observer;
  }

  @Override
  public Future<Void> idle() {
    return open.idle();
  }

  /** Spans not ended yet when this runs are lost to an owned tracer's last flush; the gateway closes this last. */
  @Override
  public Future<Void> close() {
    if (!ownsTracer) {
      return Future.succeededFuture();
    }
    // The reporter's flush blocks (up to its message timeout): a worker thread, not the event loop.
    return vertx.executeBlocking(() -> {
      tracer.close();
      return null;
    });
  }

  /** The OpenTracing tracer spans are made with. */
  public Tracer openTracingTracer() {
    return tracer;
  }

  /** Spans started and not finished yet. */
  public int openSpans() {
    return open.count();
  }
}
