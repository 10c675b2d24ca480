package io.vgw.tracing;

import io.opentracing.Tracer;
import io.vertx.core.Vertx;
import io.vertx.core.spi.VertxTracerFactory;
import io.vgw.tracing.opentracing.impl.ConfiguredTracer;
import io.vgw.tracing.opentracing.impl.KnownTracer;

/**
 * An OpenTracing tracer for a Vert.x instance of your own, and for the gateways deployed into it.
 * A Vert.x tracer is fixed when the instance is built:
 *
 * <pre>{@code
 * Tracer tracer = ...;   // yours, or OpenTracingVertx.createTracer(options.getTracing().getOpenTracing())
 * Vertx vertx = Vertx.builder().withTracer(OpenTracingVertx.tracerFactory(tracer)).build();
 * Gateway.deploy(vertx, options);   // options.getTracing().setMode(TracingOptions.Mode.OPENTRACING)
 * }</pre>
 *
 * <p>The gateway then traces with that very tracer, and Vert.x's own clients (vertx-opentracing)
 * continue the gateway's server span. A gateway in opentracing mode deployed into a Vert.x instance
 * built otherwise makes its own tracer from {@link OpenTracingOptions}, and Vert.x's clients do not
 * see its spans.
 */
public final class OpenTracingVertx {

  private OpenTracingVertx() {
  }

  /**
   * vertx-opentracing's tracer factory for {@code tracer}, for
   * {@code Vertx.builder().withTracer(...)}. Closing the Vert.x instance does not close the tracer.
   *
   * @throws IllegalArgumentException if {@code tracer} is null
   */
  public static VertxTracerFactory tracerFactory(Tracer tracer) {
    return KnownTracer.factory(tracer, false);
  }

  /** The tracer {@code vertx} was built with through {@link #tracerFactory}, or null. */
  public static Tracer tracerOf(Vertx vertx) {
    return KnownTracer.of(vertx);
  }

  /**
   * The tracer {@code options} configure: the resolved one, or a new Brave tracer. Yours to close:
   * closing a Brave tracer made here sends the spans not sent yet, waiting up to a second for the
   * Zipkin server (do it off the event loop).
   *
   * @throws IllegalArgumentException when {@code "resolver"} finds no tracer
   */
  public static Tracer createTracer(OpenTracingOptions options) {
    return ConfiguredTracer.create(options).tracer();
  }
}
