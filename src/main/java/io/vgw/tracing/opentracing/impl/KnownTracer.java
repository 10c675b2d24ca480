package io.vgw.tracing.opentracing.impl;

import io.opentracing.Tracer;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.VertxTracerFactory;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingOptions;
import io.vertx.tracing.opentracing.OpenTracingTracer;
import io.vertx.tracing.opentracing.OpenTracingTracerFactory;

/**
 * vertx-opentracing's tracer, remembering which {@link Tracer} it wraps, so a gateway deployed into
 * the Vert.x instance traces with exactly the tracer Vert.x's own clients and servers use
 * (vertx-opentracing keeps it private).
 */
public final class KnownTracer extends OpenTracingTracer {

  private final Tracer tracer;

  private KnownTracer(boolean closeTracer, Tracer tracer) {
    super(closeTracer, tracer);
    this.tracer = tracer;
  }

  /** The tracer {@code vertx} was built with through {@link #factory}, or null. */
  public static Tracer of(Vertx vertx) {
    return vertx instanceof VertxInternal v && v.tracer() instanceof KnownTracer k ? k.tracer : null;
  }

  /** Whether {@code vertx} traces with some tracer vgw cannot see (not built through {@link #factory}). */
  public static boolean hasForeignTracer(Vertx vertx) {
    return vertx instanceof VertxInternal v && v.tracer() != null && !(v.tracer() instanceof KnownTracer);
  }

  /**
   * @param closeWithVertx close the tracer when the Vert.x instance closes; Vert.x does so after
   *     its event loops stopped, so a tracer's blocking flush there holds up no event loop
   */
  public static VertxTracerFactory factory(Tracer tracer, boolean closeWithVertx) {
    if (tracer == null) {
      throw new IllegalArgumentException("tracer must not be null");
    }
    return new OpenTracingTracerFactory(tracer) {
      @Override
      public VertxTracer tracer(TracingOptions options) {
        return new KnownTracer(closeWithVertx, tracer);
      }
    };
  }
}
