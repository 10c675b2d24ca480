package io.vgw.tracing.impl.propagation;

import io.opencensus.trace.SpanContext;

/**
 * The trace context a caller sent: the trace it belongs to and, usually, the caller's span. X-Ray
 * may send only a {@code Root} (a trace id with no parent span): the gateway's span is then the
 * root of that trace, and keeps its id exactly.
 *
 * @param context trace id, span id ({@code SpanId.INVALID} when {@code hasSpan} is false), the
 *     caller's sampling flag and tracestate
 * @param format the format it was read from, for span attributes and logs
 */
public record RemoteParent(SpanContext context, boolean hasSpan, String format) {

  public boolean sampled() {
    return context.getTraceOptions().isSampled();
  }
}
