package io.vgw.tracing.opentracing.impl;

import io.opentracing.Tracer;
import io.opentracing.contrib.tracerresolver.TracerResolver;
import io.vgw.tracing.OpenTracingOptions;

/**
 * The tracer {@link OpenTracingOptions#getTracer()} names.
 *
 * @param owned whether vgw built it, and so closes it; a resolved tracer may be shared (the
 *     {@code GlobalTracer}) and is left to the application
 */
public record ConfiguredTracer(Tracer tracer, boolean owned) {

  /**
   * @throws IllegalArgumentException when the resolver finds no tracer, or the tracer cannot be built
   */
  public static ConfiguredTracer create(OpenTracingOptions options) {
    return switch (options.getTracer()) {
      case BRAVE -> new ConfiguredTracer(BraveTracers.create(options), true);
      case RESOLVER -> {
        Tracer t = TracerResolver.resolveTracer();
        if (t == null) {
          throw new IllegalArgumentException("tracing.opentracing.tracer is \"resolver\" but no tracer was found: register a "
              + "GlobalTracer, or put a jar with a io.opentracing.contrib.tracerresolver.TracerFactory service on the class "
              + "path, or use \"brave\"");
        }
        yield new ConfiguredTracer(t, false);
      }
    };
  }
}
