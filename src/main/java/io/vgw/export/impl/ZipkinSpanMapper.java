package io.vgw.export.impl;

import io.opencensus.common.Timestamp;
import io.opencensus.trace.AttributeValue;
import io.opencensus.trace.Span;
import io.opencensus.trace.SpanId;
import io.opencensus.trace.Status;
import io.opencensus.trace.export.SpanData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One OpenCensus span → one span of Zipkin's <a
 * href="https://zipkin.io/zipkin-api/#/default/post_spans">v2 JSON model</a>. Also the line format
 * of the logging exporter, so both read the same.
 */
final class ZipkinSpanMapper {

  // compiled once: checked for every exported client span
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final String serviceName;

  ZipkinSpanMapper(String serviceName) {
    this.serviceName = serviceName;
  }

  JsonObject toJson(SpanData span) {
    long start = micros(span.getStartTimestamp());
    JsonObject json =
        new JsonObject()
            .put("traceId", span.getContext().getTraceId().toLowerBase16())
            .put("id", span.getContext().getSpanId().toLowerBase16());
    SpanId parent = span.getParentSpanId();
    if (parent != null && parent.isValid()) {
      json.put("parentId", parent.toLowerBase16());
    }
    json.put("name", span.getName());
    if (span.getKind() == Span.Kind.SERVER || span.getKind() == Span.Kind.CLIENT) {
      json.put("kind", span.getKind().name());
    }
    json.put("timestamp", start);
    if (span.getEndTimestamp() != null) {
      // Zipkin reads 0 as "unknown": a span always lasts at least 1 µs
      json.put("duration", Math.max(1, micros(span.getEndTimestamp()) - start));
    }
    json.put("localEndpoint", new JsonObject().put("serviceName", serviceName));
    Map<String, AttributeValue> attributes = span.getAttributes().getAttributeMap();
    JsonObject remote = remoteEndpoint(span, attributes);
    if (remote != null) {
      json.put("remoteEndpoint", remote);
    }
    JsonArray annotations = new JsonArray();
    span.getAnnotations().getEvents().forEach(
        event ->
            annotations.add(
                new JsonObject()
                    .put("timestamp", micros(event.getTimestamp()))
                    .put("value", event.getEvent().getDescription())));
    if (!annotations.isEmpty()) {
      json.put("annotations", annotations);
    }
    JsonObject tags = new JsonObject();
    attributes.forEach((key, value) -> tags.put(key, String.valueOf(XRaySegmentMapper.value(value))));
    Status status = span.getStatus();
    if (status != null && !status.isOk()) {
      tags.put("census.status_code", status.getCanonicalCode().name());
      // Zipkin's UI marks a span failed when it has an "error" tag
      tags.put(
          "error",
          status.getDescription() != null ? status.getDescription() : status.getCanonicalCode().name());
    }
    if (!tags.isEmpty()) {
      json.put("tags", tags);
    }
    return json;
  }

  /** For a CLIENT span, the backend it called, from {@code backend.address} (host:port). */
  private static JsonObject remoteEndpoint(SpanData span, Map<String, AttributeValue> attributes) {
    Object address = XRaySegmentMapper.value(attributes.get("backend.address"));
    if (span.getKind() != Span.Kind.CLIENT || !(address instanceof String)) {
      return null;
    }
    String text = (String) address;
    int colon = text.lastIndexOf(':');
    String host = colon > 0 ? text.substring(0, colon) : text;
    JsonObject endpoint = new JsonObject();
    if (host.startsWith("[") && host.endsWith("]")) {
      endpoint.put("ipv6", host.substring(1, host.length() - 1));
    } else if (IPV4.matcher(host).matches()) {
      endpoint.put("ipv4", host);
    } else {
      endpoint.put("serviceName", host);
    }
    if (colon > 0) {
      try {
        endpoint.put("port", Integer.parseInt(text.substring(colon + 1)));
      } catch (NumberFormatException e) {
        // no port then: an endpoint without one is still useful
      }
    }
    return endpoint;
  }

  private static long micros(Timestamp timestamp) {
    return timestamp.getSeconds() * 1_000_000L + timestamp.getNanos() / 1_000;
  }
}
