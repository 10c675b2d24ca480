package io.vgw.tracing.impl;

import io.opencensus.trace.Annotation;
import io.opencensus.trace.AttributeValue;
import io.opencensus.trace.EndSpanOptions;
import io.opencensus.trace.Link;
import io.opencensus.trace.MessageEvent;
import io.opencensus.trace.Span;
import io.opencensus.trace.SpanContext;
import io.opencensus.trace.Status;
import java.util.Map;

/**
 * A span that is not sampled: it records nothing and is never exported, but it has a real trace
 * and span id, so the trace context still reaches the backend (with the sampled flag off), as W3C
 * Trace Context asks of every participant.
 */
final class NonRecordingSpan extends Span {

  NonRecordingSpan(SpanContext context) {
    super(context, null);
  }

  @Override
  public void addAnnotation(String description, Map<String, AttributeValue> attributes) {
  }

  @Override
  public void addAnnotation(Annotation annotation) {
  }

  @Override
  public void addLink(Link link) {
  }

  // Span's defaults of these call each other (addMessageEvent ↔ addNetworkEvent): override them all.
  @Override
  public void putAttribute(String key, AttributeValue value) {
  }

  @Override
  public void putAttributes(Map<String, AttributeValue> attributes) {
  }

  @Override
  public void addMessageEvent(MessageEvent messageEvent) {
  }

  @Override
  public void setStatus(Status status) {
  }

  @Override
  public void end(EndSpanOptions options) {
  }
}
