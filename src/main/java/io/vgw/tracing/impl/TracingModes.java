package io.vgw.tracing.impl;

import io.vertx.core.Vertx;
import io.vgw.http.impl.TracingMode;
import io.vgw.impl.GatewayRuntime;
import io.vgw.tracing.SpanSink;
import io.vgw.tracing.TracingOptions;
import io.vgw.tracing.opentracing.impl.OpenTracingMode;

/** Builds the tracing mode that {@link TracingOptions#getMode()} names. */
public final class TracingModes {

  private TracingModes() {
  }

  /**
   * @param sink where ended, sampled OpenCensus spans go (the export pipeline)
   * @throws IllegalArgumentException when the mode cannot be built from its options
   */
  public static TracingMode create(Vertx vertx, GatewayRuntime runtime, SpanSink sink) {
    TracingOptions options = runtime.options().getTracing();
    return switch (options.getMode()) {
      case NONE -> TracingMode.NONE;
      case OPENCENSUS -> OpenCensusTracing.create(runtime, sink);
      case OPENTRACING -> OpenTracingMode.create(vertx, runtime);
    };
  }
}
