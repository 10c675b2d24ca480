package io.vgw.tracing.impl;

import io.opencensus.common.Clock;
import io.opencensus.implcore.common.MillisClock;
import io.opencensus.implcore.internal.TimestampConverter;
import io.opencensus.implcore.trace.RecordEventsSpanImpl;
import io.opencensus.trace.Link;
import io.opencensus.trace.Span;
import io.opencensus.trace.SpanContext;
import io.opencensus.trace.SpanId;
import io.opencensus.trace.TraceId;
import io.opencensus.trace.TraceOptions;
import io.opencensus.trace.Tracestate;
import io.opencensus.trace.config.TraceParams;
import io.vgw.tracing.SpanSink;
import java.util.List;

/**
 * Starts every span vgw's OpenCensus tracing creates (server, client and users' own), with trace
 * ids of X-Ray's layout ({@link TraceIds}), and hands each sampled span, when it ends, straight to
 * the {@link SpanSink} as {@code SpanData} — on the thread that ends it, never blocking. Spans
 * never pass through OpenCensus's own export thread (its fixed 5 s batches, no flush, one shutdown
 * per JVM), and OpenCensus's global sampler is never asked. Sampled spans are also shown by zPages
 * ({@link ZPagesStores}) when enabled.
 */
final class SpanFactory {

  private static final TraceOptions SAMPLED = TraceOptions.builder().setIsSampled(true).build();
  private static final TraceOptions NOT_SAMPLED = TraceOptions.DEFAULT;
  private static final Tracestate EMPTY = Tracestate.builder().build();

  private final Clock clock = MillisClock.getInstance();
  private final RecordEventsSpanImpl.StartEndHandler handler;

  SpanFactory(SpanSink sink, ZPagesStores zpages) {
    this.handler = new RecordEventsSpanImpl.StartEndHandler() {
      @Override
      public void onStart(RecordEventsSpanImpl span) {
        zpages.onStart(span);
      }

      @Override
      public void onEnd(RecordEventsSpanImpl span) {
        zpages.onEnd(span);
        sink.offer(span.toSpanData());
      }
    };
  }

  /** A fresh trace id for a root span started now. */
  TraceId newTraceId() {
    return TraceIds.newTraceId(System.currentTimeMillis());
  }

  /**
   * Starts a span.
   *
   * @param traceId the trace it belongs to (its parent's, or a new one)
   * @param parent the parent span's id, or null for a root span
   * @param remoteParent whether that parent is in another process
   * @param tracestate carried on from the parent (W3C), or null
   * @param timestamps shared by the spans of one request, so their times line up; null for new
   */
  Started start(String name, Span.Kind kind, TraceId traceId, SpanId spanId, SpanId parent, boolean remoteParent,
      boolean sampled, Tracestate tracestate, List<Link> links, TimestampConverter timestamps) {
    SpanContext context = SpanContext.create(traceId, spanId, sampled ? SAMPLED : NOT_SAMPLED,
        tracestate == null ? EMPTY : tracestate);
    if (!sampled) {
      return new Started(new NonRecordingSpan(context), timestamps);
    }
    TimestampConverter tc = timestamps != null ? timestamps : TimestampConverter.now(clock);
    RecordEventsSpanImpl span = RecordEventsSpanImpl.startSpan(context, name, kind, parent,
        parent == null ? null : remoteParent, TraceParams.DEFAULT, handler, tc, clock);
    for (Link link : links) {
      span.addLink(link);
    }
    return new Started(span, tc);
  }

  /** A started span with the timestamp base its children should share. */
  record Started(Span span, TimestampConverter timestamps) {
  }
}
