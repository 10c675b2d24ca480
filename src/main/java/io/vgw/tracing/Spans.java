package io.vgw.tracing;

import io.opencensus.trace.BlankSpan;
import io.opencensus.trace.Sampler;
import io.opencensus.trace.Span;
import io.opencensus.trace.SpanBuilder;
import io.opencensus.trace.SpanContext;
import io.vertx.core.MultiMap;
import io.vgw.tracing.impl.GatewaySamplers;
import io.vgw.tracing.impl.NoopSpanBuilder;
import io.vgw.tracing.impl.RequestTrace;
import io.vgw.tracing.impl.propagation.Propagation;
import io.vgw.tracing.impl.propagation.RemoteParent;

/**
 * Spans for code that runs inside a traced request — a handler of yours on an embedded gateway's
 * router, a callback of a Vert.x client it called — read from the request's Vert.x context, where
 * the {@link TracingHandler} put them. The Vert.x form of the seed's
 * {@code trace.StartSpan(ctx, name, trace.WithSampler(trace.AlwaysSample()))}:
 *
 * <pre>{@code
 * Span span = Spans.child("name.to.use.in.trace").setSampler(Samplers.alwaysSample()).startSpan();
 * try {
 *   // ... work ...
 * } finally {
 *   span.end();   // exported with the gateway's spans
 * }
 * }</pre>
 *
 * <p>Must be called on the request's context (its handlers and callbacks are). Outside a traced
 * request (no tracing handler, a health check, another thread) {@link #current()} is the blank span
 * and {@link #child} starts spans that record nothing.
 */
public final class Spans {

  private static final Propagation EVERY_FORMAT = Propagation.of(new TracingOptions());

  private Spans() {
  }

  /** The request's server span, or {@link BlankSpan#INSTANCE} outside a traced request. */
  public static Span current() {
    RequestTrace trace = RequestTrace.current();
    return trace == null ? BlankSpan.INSTANCE : trace.server();
  }

  /**
   * A builder for a child of the request's span. With {@link SpanBuilder#setSampler} the child is
   * sampled by that sampler alone (the per-span sampler); without, it follows its parent.
   */
  public static SpanBuilder child(String name) {
    RequestTrace trace = RequestTrace.current();
    return trace == null ? NoopSpanBuilder.INSTANCE : trace.tracer().spanBuilderWithExplicitParent(name, trace.server());
  }

  /**
   * A sampler for {@link SpanBuilder#setSampler}. Prefer it to OpenCensus's
   * {@code Samplers.probabilitySampler}: that one decides by the first 8 bytes of the trace id,
   * which in vgw's X-Ray-compatible ids begin with the time, so it would sample almost nothing.
   */
  public static Sampler sampler(SamplerOptions options) {
    return GatewaySamplers.create(options);
  }

  /**
   * The caller's trace context in gRPC metadata or HTTP headers, in any format vgw reads
   * ({@code grpc-trace-bin}, {@code traceparent}, B3, {@code X-Amzn-Trace-Id}) — for a gRPC service
   * of yours that continues the gateway's trace:
   * {@code tracer.spanBuilderWithRemoteParent(name, Spans.remoteParent(request.headers()))}.
   *
   * @return the context, or null when none is present and well formed
   */
  public static SpanContext remoteParent(MultiMap headers) {
    RemoteParent p = EVERY_FORMAT.extract(headers);
    return p == null || !p.hasSpan() ? null : p.context();
  }
}
