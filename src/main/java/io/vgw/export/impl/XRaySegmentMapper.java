package io.vgw.export.impl;

import io.opencensus.common.Timestamp;
import io.opencensus.trace.AttributeValue;
import io.opencensus.trace.Span;
import io.opencensus.trace.SpanId;
import io.opencensus.trace.Status;
import io.opencensus.trace.TraceId;
import io.opencensus.trace.export.SpanData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vgw.export.XRayExporterOptions;
import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.Set;

/**
 * One OpenCensus span → one X-Ray segment or subsegment object, after the <a
 * href="https://docs.aws.amazon.com/xray/latest/devguide/xray-api-segmentdocuments.html">segment
 * document schema</a>. Which spans become segments and how documents are grouped is {@link
 * XRayDocuments}'s business.
 */
final class XRaySegmentMapper {

  /** X-Ray keeps at most 50 annotations per trace; the rest go to metadata. */
  static final int MAX_ANNOTATIONS = 50;

  /** X-Ray annotation strings are at most 1000 characters; longer ones go to metadata. */
  private static final int MAX_ANNOTATION_STRING = 1000;

  /** Attributes that fill the http block (or the segment itself) and are not repeated. */
  private static final Set<String> HTTP_ATTRIBUTES =
      Set.of(
          "http.method",
          "http.url",
          "http.user_agent",
          "http.client_ip",
          "http.x_forwarded_for",
          "http.status_code",
          "http.response_content_length");

  private final XRayExporterOptions options;

  XRaySegmentMapper(XRayExporterOptions options) {
    this.options = options;
  }

  /** @return X-Ray's {@code 1-<8 hex>-<24 hex>}: the trace id's bytes, unchanged */
  static String xrayTraceId(TraceId traceId) {
    String hex = traceId.toLowerBase16();
    return "1-" + hex.substring(0, 8) + "-" + hex.substring(8);
  }

  /** A segment: top-level document of a service (here a SERVER span or a span with a remote parent). */
  JsonObject segment(SpanData span) {
    JsonObject segment = common(span, options.getServiceName());
    segment.put("trace_id", xrayTraceId(span.getContext().getTraceId()));
    SpanId parent = span.getParentSpanId();
    if (parent != null && parent.isValid()) {
      segment.put("parent_id", parent.toLowerBase16());
    }
    if (options.getOrigin() != null) {
      segment.put("origin", options.getOrigin());
    }
    if (options.getVersion() != null) {
      segment.put("service", new JsonObject().put("version", options.getVersion()));
    }
    if (options.getRegion() != null) {
      segment.put("aws", new JsonObject().put("region", options.getRegion()));
    }
    return segment;
  }

  /** A subsegment to embed in its parent's {@code subsegments}; see {@link #standalone}. */
  JsonObject subsegment(SpanData span) {
    JsonObject subsegment = common(span, span.getName());
    if (span.getKind() == Span.Kind.CLIENT) {
      subsegment.put("namespace", "remote"); // a call to another service: a node of its own
    }
    return subsegment;
  }

  /** Makes an embedded subsegment a document of its own, sent apart from its parent. */
  static JsonObject standalone(JsonObject subsegment, SpanData span) {
    return subsegment
        .put("type", "subsegment")
        .put("trace_id", xrayTraceId(span.getContext().getTraceId()))
        .put("parent_id", span.getParentSpanId().toLowerBase16());
  }

  private JsonObject common(SpanData span, String name) {
    JsonObject doc =
        new JsonObject()
            .put("name", segmentName(name))
            .put("id", span.getContext().getSpanId().toLowerBase16())
            .put("start_time", epochSeconds(span.getStartTimestamp()));
    if (span.getEndTimestamp() != null) {
      doc.put("end_time", epochSeconds(span.getEndTimestamp()));
    } else {
      doc.put("in_progress", true);
    }
    Map<String, AttributeValue> attributes = span.getAttributes().getAttributeMap();
    JsonObject http = http(attributes);
    if (!http.isEmpty()) {
      doc.put("http", http);
    }
    putStatus(doc, span, attributes);
    putAnnotationsAndMetadata(doc, span, attributes);
    return doc;
  }

  private static JsonObject http(Map<String, AttributeValue> attributes) {
    JsonObject request = new JsonObject();
    putIfPresent(request, "method", string(attributes.get("http.method")));
    String url = string(attributes.get("http.url"));
    if (url == null && attributes.containsKey("http.host") && attributes.containsKey("http.path")) {
      url = "http://" + string(attributes.get("http.host")) + string(attributes.get("http.path"));
    }
    putIfPresent(request, "url", url);
    putIfPresent(request, "user_agent", string(attributes.get("http.user_agent")));
    String clientIp = string(attributes.get("http.client_ip"));
    String forwardedFor = string(attributes.get("http.x_forwarded_for"));
    if (forwardedFor != null && !forwardedFor.isBlank()) {
      // X-Ray: x_forwarded_for is a flag saying client_ip was read from X-Forwarded-For,
      // whose first address is the original client.
      request.put("client_ip", forwardedFor.split(",")[0].trim()).put("x_forwarded_for", true);
    } else {
      putIfPresent(request, "client_ip", clientIp);
    }
    JsonObject response = new JsonObject();
    Object status = value(attributes.get("http.status_code"));
    if (status instanceof Number) {
      response.put("status", ((Number) status).intValue());
    }
    Object length = value(attributes.get("http.response_content_length"));
    if (length instanceof Number) {
      response.put("content_length", ((Number) length).longValue());
    }
    JsonObject http = new JsonObject();
    if (!request.isEmpty()) {
      http.put("request", request);
    }
    if (!response.isEmpty()) {
      http.put("response", response);
    }
    return http;
  }

  /** error (4xx), throttle + error (429), fault (5xx), and the cause with the status message. */
  private static void putStatus(JsonObject doc, SpanData span, Map<String, AttributeValue> attributes) {
    int httpStatus = effectiveHttpStatus(span, attributes);
    if (httpStatus == 429) {
      doc.put("throttle", true).put("error", true);
    } else if (httpStatus >= 400 && httpStatus < 500) {
      doc.put("error", true);
    } else if (httpStatus >= 500) {
      doc.put("fault", true);
    }
    Status status = span.getStatus();
    if (httpStatus >= 400 && status != null && !status.isOk()) {
      JsonObject exception =
          new JsonObject()
              .put("id", span.getContext().getSpanId().toLowerBase16())
              .put("type", status.getCanonicalCode().name())
              .put(
                  "message",
                  status.getDescription() != null
                      ? status.getDescription()
                      : status.getCanonicalCode().name());
      if (span.getKind() == Span.Kind.CLIENT) {
        exception.put("remote", true);
      }
      doc.put("cause", new JsonObject().put("exceptions", new JsonArray().add(exception)));
    }
  }

  /** HTTP status attribute, else the gRPC status attribute, else the span's status; 0 if none. */
  static int effectiveHttpStatus(SpanData span, Map<String, AttributeValue> attributes) {
    Object http = value(attributes.get("http.status_code"));
    if (http instanceof Number) {
      return ((Number) http).intValue();
    }
    Object grpc = value(attributes.get("grpc.status_code"));
    if (grpc instanceof Number) {
      return StatusMapping.httpStatusFromGrpc(((Number) grpc).longValue());
    }
    Status status = span.getStatus();
    if (status != null && !status.isOk()) {
      return StatusMapping.httpStatusFromGrpc(status.getCanonicalCode().value());
    }
    return 0;
  }

  private static void putAnnotationsAndMetadata(
      JsonObject doc, SpanData span, Map<String, AttributeValue> attributes) {
    JsonObject annotations = new JsonObject();
    JsonObject overflow = new JsonObject();
    attributes.entrySet().stream()
        .filter(entry -> !HTTP_ATTRIBUTES.contains(entry.getKey()))
        .sorted(Map.Entry.comparingByKey()) // the same attributes always land on the same side
        .forEach(
            entry -> {
              String key = annotationKey(entry.getKey());
              Object value = value(entry.getValue());
              boolean fits =
                  value != null
                      && !annotations.containsKey(key)
                      && annotations.size() < MAX_ANNOTATIONS
                      && !(value instanceof String
                          && ((String) value).length() > MAX_ANNOTATION_STRING);
              if (fits) {
                annotations.put(key, value);
              } else {
                overflow.put(entry.getKey(), value);
              }
            });
    if (!annotations.isEmpty()) {
      doc.put("annotations", annotations);
    }
    JsonObject census = new JsonObject().put("span_name", span.getName());
    if (span.getKind() != null) {
      census.put("kind", span.getKind().name());
    }
    Status status = span.getStatus();
    if (status != null) {
      census.put("status", status.getCanonicalCode().name());
      if (status.getDescription() != null) {
        census.put("status_message", status.getDescription());
      }
    }
    if (!overflow.isEmpty()) {
      census.put("attributes", overflow);
    }
    JsonArray events = new JsonArray();
    span.getAnnotations().getEvents().forEach(
        event ->
            events.add(
                new JsonObject()
                    .put("time", epochSeconds(event.getTimestamp()))
                    .put("description", event.getEvent().getDescription())));
    if (!events.isEmpty()) {
      census.put("events", events);
    }
    JsonArray links = new JsonArray();
    span.getLinks().getLinks().forEach(
        link ->
            links.add(
                new JsonObject()
                    .put("trace_id", xrayTraceId(link.getTraceId()))
                    .put("span_id", link.getSpanId().toLowerBase16())
                    .put("type", link.getType().name())));
    if (!links.isEmpty()) {
      census.put("links", links);
    }
    doc.put("metadata", new JsonObject().put("opencensus", census));
  }

  /** X-Ray annotation keys: letters, digits and underscore only. */
  static String annotationKey(String key) {
    // A char loop, not replaceAll: this runs for every attribute of every exported span, and
    // String.replaceAll compiles its pattern on each call (12 % of the gateway's CPU at 100 %
    // sampling in a JFR profile). Keys are nearly always clean already: then no copy is made.
    char[] chars = null;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
      if (!allowed) {
        if (chars == null) {
          chars = key.toCharArray();
        }
        chars[i] = '_';
      }
    }
    return chars == null ? key : new String(chars);
  }

  // compiled once: segmentName runs for every exported span
  private static final Pattern NAME_REJECTS = Pattern.compile("[^\\p{L}\\p{N}\\s_.:/%&#=+\\\\\\-@]");

  /** X-Ray names: ≤ 200 characters of letters, digits, whitespace and {@code _.:/%&#=+\-@}. */
  static String segmentName(String name) {
    String cleaned = name == null || name.isBlank() ? "span" : NAME_REJECTS.matcher(name).replaceAll("_");
    return cleaned.length() > 200 ? cleaned.substring(0, 200) : cleaned;
  }

  /** Epoch seconds with exactly microsecond precision, written as a plain decimal. */
  static BigDecimal epochSeconds(Timestamp timestamp) {
    return BigDecimal.valueOf(timestamp.getSeconds() * 1_000_000L + timestamp.getNanos() / 1_000, 6);
  }

  private static void putIfPresent(JsonObject json, String key, String value) {
    if (value != null) {
      json.put(key, value);
    }
  }

  private static String string(AttributeValue value) {
    Object v = value(value);
    return v == null ? null : String.valueOf(v);
  }

  static Object value(AttributeValue value) {
    if (value == null) {
      return null;
    }
    return value.<Object>match(s -> s, b -> b, l -> l, d -> d, other -> null);
  }
}
