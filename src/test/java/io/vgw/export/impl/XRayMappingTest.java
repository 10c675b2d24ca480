package io.vgw.export.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opencensus.common.Timestamp;
import io.opencensus.trace.AttributeValue;
import io.opencensus.trace.Span;
import io.opencensus.trace.SpanContext;
import io.opencensus.trace.SpanId;
import io.opencensus.trace.Status;
import io.opencensus.trace.TraceId;
import io.opencensus.trace.TraceOptions;
import io.opencensus.trace.export.SpanData;
import io.vertx.core.json.JsonObject;
import io.vgw.export.XRayExporterOptions;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Table-driven checks of the span → X-Ray document mapping, without any I/O. */
class XRayMappingTest {

  private static final TraceId TRACE = TraceId.fromLowerBase16("5759e988bd862e3fe1be46a994272793");
  private static final SpanId SPAN = SpanId.fromLowerBase16("53995c3f42cd8ad8");
  private static final SpanId PARENT = SpanId.fromLowerBase16("0123456789abcdef");

  private static SpanData span(Span.Kind kind, SpanId parent, Boolean remote, Map<String, AttributeValue> attributes, Status status) {
    return SpanData.create(
        SpanContext.create(TRACE, SPAN, TraceOptions.builder().setIsSampled(true).build()),
        parent, remote, "name", kind, Timestamp.create(1_700_000_000L, 123_456_789),
        SpanData.Attributes.create(attributes, 0),
        SpanData.TimedEvents.create(Collections.emptyList(), 0),
        SpanData.TimedEvents.create(Collections.emptyList(), 0),
        SpanData.Links.create(Collections.emptyList(), 0),
        null, status, Timestamp.create(1_700_000_001L, 5_000));
  }

  @ParameterizedTest(name = "grpc {0} → http {1}")
  @CsvSource({
    "0,200", "1,499", "2,500", "3,400", "4,504", "5,404", "6,409", "7,403", "8,429",
    "9,400", "10,409", "11,400", "12,501", "13,500", "14,503", "15,500", "16,401", "99,500"
  })
  void grpcStatusMapsLikeGrpcGateway(long grpc, int http) {
    int got = StatusMapping.httpStatusFromGrpc(grpc);
    assertEquals(http, got, "got " + got + "; want " + http + "; input grpc " + grpc);
  }

  @ParameterizedTest(name = "http={0} grpc={1} status={2}")
  @CsvSource({
    // http, grpc, span status, error, throttle, fault
    "200,,OK,false,false,false",
    "404,,OK,true,false,false",
    "429,,OK,true,true,false",
    "499,,OK,true,false,false",
    "503,,OK,false,false,true",
    ",8,OK,true,true,false",
    ",13,OK,false,false,true",
    ",3,OK,true,false,false",
    ",,DEADLINE_EXCEEDED,false,false,true",
    ",,NOT_FOUND,true,false,false",
    ",,OK,false,false,false",
  })
  void flagsPerStatusClass(Long http, Long grpc, String status, boolean error, boolean throttle, boolean fault) {
    Map<String, AttributeValue> attributes = new java.util.HashMap<>();
    if (http != null) {
      attributes.put("http.status_code", AttributeValue.longAttributeValue(http));
    }
    if (grpc != null) {
      attributes.put("grpc.status_code", AttributeValue.longAttributeValue(grpc));
    }
    Status spanStatus = Status.CanonicalCode.valueOf(status).toStatus();
    JsonObject doc = new XRaySegmentMapper(new XRayExporterOptions())
        .segment(span(Span.Kind.SERVER, null, null, attributes, spanStatus));
    String got = doc.getBoolean("error", false) + "," + doc.getBoolean("throttle", false) + "," + doc.getBoolean("fault", false);
    String want = error + "," + throttle + "," + fault;
    assertEquals(want, got, "got " + got + "; want " + want + "; input http=" + http + " grpc=" + grpc + " status=" + status);
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({"http.route,http_route", "grpc.status_code,grpc_status_code", "a-b c/d,a_b_c_d", "ok_Key9,ok_Key9", "ünï,_n_"})
  void annotationKeysAreSanitised(String key, String want) {
    assertEquals(want, XRaySegmentMapper.annotationKey(key));
  }

  @Test
  void timesAreEpochSecondsWithMicroseconds() {
    JsonObject doc = new XRaySegmentMapper(new XRayExporterOptions())
        .segment(span(Span.Kind.SERVER, null, null, Map.of(), Status.OK));
    String json = doc.encode();
    assertEquals(true, json.contains("\"start_time\":1700000000.123456"), json);
    assertEquals(true, json.contains("\"end_time\":1700000001.000005"), json);
    assertEquals("1-5759e988-bd862e3fe1be46a994272793", doc.getString("trace_id"));
    assertEquals("53995c3f42cd8ad8", doc.getString("id"));
  }

  @ParameterizedTest(name = "kind={0} parent={1} remote={2} → segment {3}")
  @CsvSource({
    "SERVER,,,true",
    "SERVER,0123456789abcdef,false,true",
    "CLIENT,0123456789abcdef,false,false",
    "CLIENT,0123456789abcdef,true,true",
    "CLIENT,,,true",
    ",0123456789abcdef,false,false",
  })
  void whatBecomesASegment(Span.Kind kind, String parent, Boolean remote, boolean segment) {
    SpanId parentId = parent == null ? null : SpanId.fromLowerBase16(parent);
    assertEquals(segment, XRayDocuments.isSegment(span(kind, parentId, remote, Map.of(), Status.OK)));
  }

  @Test
  void aSubsegmentSentAloneCarriesTraceAndParent() {
    SpanData client = span(Span.Kind.CLIENT, PARENT, false, Map.of(), Status.OK);
    JsonObject doc = XRaySegmentMapper.standalone(new XRaySegmentMapper(new XRayExporterOptions()).subsegment(client), client);
    assertEquals("subsegment", doc.getString("type"));
    assertEquals("remote", doc.getString("namespace"));
    assertEquals("0123456789abcdef", doc.getString("parent_id"));
    assertEquals("1-5759e988-bd862e3fe1be46a994272793", doc.getString("trace_id"));
  }
}
