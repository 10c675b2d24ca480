package io.vgw.tracing.opentracing;

import io.opentracing.Tracer;
import io.opentracing.contrib.tracerresolver.TracerFactory;

/**
 * A tracer on the class path for OpenTracing's TracerResolver (registered in
 * META-INF/services/io.opentracing.contrib.tracerresolver.TracerFactory of the test resources): it
 * hands out {@link #current}, and none while that is null.
 */
public final class TestTracerFactory implements TracerFactory {

  /** The tracer the resolver finds; null: none. */
  public static volatile Tracer current;

  @Override
  public Tracer getTracer() {
    return current;
  }
}
