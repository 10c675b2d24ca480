package io.vgw.export;

import io.opencensus.common.Timestamp;
import io.opencensus.trace.Annotation;
import io.opencensus.trace.AttributeValue;
import io.opencensus.trace.Span;
import io.opencensus.trace.SpanContext;
import io.opencensus.trace.SpanId;
import io.opencensus.trace.Status;
import io.opencensus.trace.TraceId;
import io.opencensus.trace.TraceOptions;
import io.opencensus.trace.export.SpanData;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/** Builds SpanData the way vgw's tracing code ends spans, through the public SpanData.create. */
final class TestSpans {

  private static final TraceOptions SAMPLED = TraceOptions.builder().setIsSampled(true).build();

  private TestSpans() {}

  /** A trace id like X-Ray's generator: 4 bytes of epoch seconds, then 12 random bytes. */
  static TraceId newTraceId() {
    byte[] bytes = new byte[16];
    ThreadLocalRandom.current().nextBytes(bytes);
    int seconds = (int) (System.currentTimeMillis() / 1000);
    bytes[0] = (byte) (seconds >>> 24);
    bytes[1] = (byte) (seconds >>> 16);
    bytes[2] = (byte) (seconds >>> 8);
    bytes[3] = (byte) seconds;
    return TraceId.fromBytes(bytes);
  }

  static SpanId newSpanId() {
    return SpanId.generateRandomId(new Random(ThreadLocalRandom.current().nextLong()));
  }

  static Builder server(TraceId traceId) {
    return new Builder(traceId, newSpanId(), "GET /v1/echo/{msg}", Span.Kind.SERVER);
  }

  static Builder client(TraceId traceId, SpanId parent) {
    return new Builder(traceId, newSpanId(), "vgw.demo.v1.EchoService.Echo", Span.Kind.CLIENT)
        .parent(parent, false);
  }

  static final class Builder {
    private final TraceId traceId;
    private final SpanId spanId;
    private String name;
    private final Span.Kind kind;
    private SpanId parent;
    private Boolean remoteParent;
    private final Map<String, AttributeValue> attributes = new HashMap<>();
    private Status status = Status.OK;
    private long startMillis = System.currentTimeMillis() - 5;
    private String event;

    Builder(TraceId traceId, SpanId spanId, String name, Span.Kind kind) {
      this.traceId = traceId;
      this.spanId = spanId;
      this.name = name;
      this.kind = kind;
    }

    Builder parent(SpanId parent, boolean remote) {
      this.parent = parent;
      this.remoteParent = remote;
      return this;
    }

    Builder name(String name) {
      this.name = name;
      return this;
    }

    Builder attr(String key, String value) {
      attributes.put(key, AttributeValue.stringAttributeValue(value));
      return this;
    }

    Builder attr(String key, long value) {
      attributes.put(key, AttributeValue.longAttributeValue(value));
      return this;
    }

    Builder attr(String key, boolean value) {
      attributes.put(key, AttributeValue.booleanAttributeValue(value));
      return this;
    }

    Builder status(Status status) {
      this.status = status;
      return this;
    }

    Builder event(String description) {
      this.event = description;
      return this;
    }

    SpanId spanId() {
      return spanId;
    }

    SpanData build() {
      Timestamp start = Timestamp.fromMillis(startMillis);
      Timestamp end = Timestamp.create(start.getSeconds(), start.getNanos() + 1_234_000 >= 1_000_000_000 ? start.getNanos() : start.getNanos() + 1_234_000);
      List<SpanData.TimedEvent<Annotation>> events =
          event == null
              ? Collections.emptyList()
              : List.of(SpanData.TimedEvent.create(start, Annotation.fromDescription(event)));
      return SpanData.create(
          SpanContext.create(traceId, spanId, SAMPLED),
          parent,
          remoteParent,
          name,
          kind,
          start,
          SpanData.Attributes.create(new HashMap<>(attributes), 0),
          SpanData.TimedEvents.create(events, 0),
          SpanData.TimedEvents.create(Collections.emptyList(), 0),
          SpanData.Links.create(Collections.emptyList(), 0),
          null,
          status,
          end);
    }
  }
}
