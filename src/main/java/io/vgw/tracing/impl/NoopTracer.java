package io.vgw.tracing.impl;

import io.opencensus.trace.Span;
import io.opencensus.trace.SpanBuilder;
import io.opencensus.trace.SpanContext;
import io.opencensus.trace.Tracer;

/** A tracer whose spans record nothing: tracing is off or not OpenCensus. */
public final class NoopTracer extends Tracer {

  public static final NoopTracer INSTANCE = new NoopTracer();

  private NoopTracer() {
  }

  @Override
  public SpanBuilder spanBuilderWithExplicitParent(String spanName, Span parent) {
    return NoopSpanBuilder.INSTANCE;
  }

  @Override
  public SpanBuilder spanBuilderWithRemoteParent(String spanName, SpanContext remoteParentSpanContext) {
    return NoopSpanBuilder.INSTANCE;
  }
}
