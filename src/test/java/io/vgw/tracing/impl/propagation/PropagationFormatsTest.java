package io.vgw.tracing.impl.propagation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.opencensus.trace.SpanContext;
import io.opencensus.trace.SpanId;
import io.opencensus.trace.TraceId;
import io.opencensus.trace.TraceOptions;
import io.opencensus.trace.Tracestate;
import io.opencensus.trace.Tracing;
import io.vertx.core.MultiMap;
import io.vgw.tracing.TracingOptions;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every trace header format, read and written, with the malformed inputs each spec rules out. */
class PropagationFormatsTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN = "00f067aa0ba902b7";

  private static MultiMap headers(String... kv) {
    MultiMap m = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < kv.length; i += 2) {
      m.add(kv[i], kv[i + 1]);
    }
    return m;
  }

  private static void assertParent(RemoteParent p, String traceId, String spanId, boolean sampled, String input) {
    assertNotNull(p, "got no parent; want one; input " + input);
    assertEquals(traceId, p.context().getTraceId().toLowerBase16(), "trace id; input " + input);
    if (spanId == null) {
      assertEquals(false, p.hasSpan(), "want no parent span; input " + input);
    } else {
      assertEquals(spanId, p.context().getSpanId().toLowerBase16(), "span id; input " + input);
    }
    assertEquals(sampled, p.sampled(), "sampled; input " + input);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01|true",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00|false",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03|true",
      // a later version may append fields; it is read as version 00
      "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-holds|true",
      "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01|true",
  })
  void traceparentIsRead(String header, boolean sampled) {
    assertParent(new TraceContextFormat().extract(headers("traceparent", header)), TRACE, SPAN, sampled, header);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "garbage",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",          // no flags
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",  // version 00 is exactly 55
      "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",       // version ff is invalid
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01",       // all-zero trace id
      "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",       // all-zero span id
      "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01",       // upper case
      "00-4bf92f3577b34da6a3ce929d0e0e473-600f067aa0ba902b7-01",       // dashes misplaced
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g",       // bad flags
      "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",      // future version, no dash
      "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",
  })
  void malformedTraceparentIsIgnored(String header) {
    assertNull(new TraceContextFormat().extract(headers("traceparent", header)), "want no parent; input " + header);
  }

  @Test
  void repeatedOrOversizeTraceparentIsIgnored() {
    String tp = "00-" + TRACE + "-" + SPAN + "-01";
    assertNull(new TraceContextFormat().extract(headers("traceparent", tp, "traceparent", tp)));
    assertNull(new TraceContextFormat().extract(headers("traceparent", "01-" + TRACE + "-" + SPAN + "-01-" + "x".repeat(300))));
  }

  @Test
  void tracestateIsKeptInOrderAndDroppedWhenMalformed() {
    String tp = "00-" + TRACE + "-" + SPAN + "-01";
    RemoteParent p = new TraceContextFormat().extract(headers("traceparent", tp, "tracestate", "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE", "tracestate", "t@vendor=v"));
    // Several tracestate headers are one list. The multi-tenant member is valid W3C but OpenCensus's
    // Tracestate cannot hold it: it alone is dropped.
    assertEquals(2, p.context().getTracestate().getEntries().size(), p.context().getTracestate().toString());
    assertEquals("rojo", p.context().getTracestate().getEntries().get(0).getKey());
    Map<String, String> out = new LinkedHashMap<>();
    new TraceContextFormat().inject(p.context(), SpanId.INVALID, out);
    assertEquals("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE", out.get("tracestate"));
    for (String bad : new String[] {"UPPER=x", "k=", "=v", "k=v,k=w", "k=v=w", "a=" + "x".repeat(600)}) {
      RemoteParent q = new TraceContextFormat().extract(headers("traceparent", tp, "tracestate", bad));
      assertNotNull(q, "a bad tracestate keeps the traceparent; input " + bad);
      assertEquals(0, q.context().getTracestate().getEntries().size(), "got a tracestate; want none; input " + bad);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1|4bf92f3577b34da6a3ce929d0e0e4736|true",
      "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0|4bf92f3577b34da6a3ce929d0e0e4736|false",
      "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-d|4bf92f3577b34da6a3ce929d0e0e4736|true",
      "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7|4bf92f3577b34da6a3ce929d0e0e4736|false",
      "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1-05e3ac9a4f6e3b90|4bf92f3577b34da6a3ce929d0e0e4736|true",
      "a3ce929d0e0e4736-00f067aa0ba902b7-1|0000000000000000a3ce929d0e0e4736|true",
  })
  void singleB3IsRead(String header, String traceId, boolean sampled) {
    assertParent(B3Format.multi().extract(headers("b3", header)), traceId, SPAN, sampled, header);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "1", "d", "", "4bf92f3577b34da6a3ce929d0e0e4736", "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-2",
      "4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-1", "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b-1",
      "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1-xyz", "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1-05e3ac9a4f6e3b90-extra",
      "00000000000000000000000000000000-00f067aa0ba902b7-1"})
  void malformedSingleB3IsIgnored(String header) {
    assertNull(B3Format.multi().extract(headers("b3", header)), "want no parent; input " + header);
  }

  @Test
  void multiHeaderB3IsRead() {
    assertParent(B3Format.multi().extract(headers("X-B3-TraceId", TRACE, "X-B3-SpanId", SPAN, "X-B3-Sampled", "1")),
        TRACE, SPAN, true, "multi sampled");
    assertParent(B3Format.multi().extract(headers("X-B3-TraceId", TRACE, "X-B3-SpanId", SPAN, "X-B3-Flags", "1")),
        TRACE, SPAN, true, "debug flag");
    assertParent(B3Format.multi().extract(headers("X-B3-TraceId", TRACE, "X-B3-SpanId", SPAN)), TRACE, SPAN, false,
        "no sampling decision");
    assertNull(B3Format.multi().extract(headers("X-B3-TraceId", TRACE)), "no span id");
    assertNull(B3Format.multi().extract(headers("X-B3-TraceId", TRACE, "X-B3-SpanId", SPAN, "X-B3-Sampled", "yes")));
    assertNull(B3Format.multi().extract(headers("X-B3-TraceId", TRACE, "X-B3-SpanId", SPAN, "X-B3-ParentSpanId", "zz")));
  }

  @Test
  void b3IsWrittenInBothForms() {
    SpanContext ctx = context(true);
    SpanId parent = SpanId.fromLowerBase16("05e3ac9a4f6e3b90");
    Map<String, String> multi = new LinkedHashMap<>();
    B3Format.multi().inject(ctx, parent, multi);
    assertEquals(Map.of("x-b3-traceid", TRACE, "x-b3-spanid", SPAN, "x-b3-parentspanid", "05e3ac9a4f6e3b90",
        "x-b3-sampled", "1"), multi);
    Map<String, String> single = new LinkedHashMap<>();
    B3Format.single().inject(ctx, parent, single);
    assertEquals(Map.of("b3", TRACE + "-" + SPAN + "-1-05e3ac9a4f6e3b90"), single);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1|53995c3f42cd8ad8|true",
      "Sampled=0;Parent=53995c3f42cd8ad8;Root=1-5759e988-bd862e3fe1be46a994272793|53995c3f42cd8ad8|false",
      "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=?;Lineage=a87bd80c:1|53995c3f42cd8ad8|false",
      "Root=1-5759e988-bd862e3fe1be46a994272793;Self=1-67891234-12456789abcdef012345678;Sampled=1||true",
      "Root=1-5759e988-bd862e3fe1be46a994272793||false",
  })
  void xrayIsReadAndTheRootKeptExactly(String header, String parent, boolean sampled) {
    RemoteParent p = new XRayFormat().extract(headers("X-Amzn-Trace-Id", header));
    assertParent(p, "5759e988bd862e3fe1be46a994272793", parent == null || parent.isEmpty() ? null : parent, sampled, header);
    assertEquals("1-5759e988-bd862e3fe1be46a994272793", XRayFormat.root(p.context().getTraceId()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Root=", "Parent=53995c3f42cd8ad8", "Root=1-5759e988-bd862e3fe1be46a99427279",
      "Root=2-5759e988-bd862e3fe1be46a994272793", "Root=1-5759e988bd862e3fe1be46a994272793",
      "Root=1-5759E988-BD862E3FE1BE46A994272793", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=xyz",
      "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=2", "Root=1-5759e988-bd862e3fe1be46a994272793;garbage",
      "Root=1-5759e988-bd862e3fe1be46a994272793;Root=1-5759e988-bd862e3fe1be46a994272794",
      "Root=1-00000000-000000000000000000000000"})
  void malformedXrayIsIgnored(String header) {
    assertNull(new XRayFormat().extract(headers("X-Amzn-Trace-Id", header)), "want no parent; input " + header);
  }

  @Test
  void xrayIsWritten() {
    Map<String, String> out = new LinkedHashMap<>();
    new XRayFormat().inject(context(true), SpanId.INVALID, out);
    assertEquals("Root=1-4bf92f35-77b34da6a3ce929d0e0e4736;Parent=" + SPAN + ";Sampled=1", out.get("x-amzn-trace-id"));
  }

  /** Our grpc-trace-bin must be what OpenCensus's own BinaryFormat (what ocgrpc servers use) reads and writes. */
  @Test
  void grpcTraceBinMatchesOpenCensusBinaryFormat() throws Exception {
    SpanContext ctx = context(true);
    Map<String, String> out = new LinkedHashMap<>();
    new GrpcTraceBinFormat().inject(ctx, SpanId.INVALID, out);
    byte[] ours = Base64.getDecoder().decode(padded(out.get("grpc-trace-bin")));
    SpanContext read = Tracing.getPropagationComponent().getBinaryFormat().fromByteArray(ours);
    assertEquals(ctx.getTraceId(), read.getTraceId());
    assertEquals(ctx.getSpanId(), read.getSpanId());
    assertEquals(true, read.getTraceOptions().isSampled());
    byte[] theirs = Tracing.getPropagationComponent().getBinaryFormat().toByteArray(ctx);
    RemoteParent p = new GrpcTraceBinFormat().extract(headers("grpc-trace-bin", Base64.getEncoder().encodeToString(theirs)));
    assertParent(p, TRACE, SPAN, true, "OpenCensus's own encoding");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "!!!", "AAAA", "AQAAAAAAAAAAAAAAAAAAAAAAAQAAAAAAAAAAAgE", "AAAAAAAAAAAAAAAAAAAAAAABAAAAAAAAAAACAQ"})
  void malformedGrpcTraceBinIsIgnored(String header) {
    assertNull(new GrpcTraceBinFormat().extract(headers("grpc-trace-bin", header)), "want no parent; input " + header);
  }

  @Test
  void formatsAreTriedInTheConfiguredOrder() {
    MultiMap both = headers("traceparent", "00-" + TRACE + "-" + SPAN + "-01",
        "b3", "a3ce929d0e0e4736a3ce929d0e0e4736-05e3ac9a4f6e3b90-0");
    assertEquals(TracingOptions.TRACECONTEXT, Propagation.of(new TracingOptions()).extract(both).format());
    RemoteParent b3First = Propagation.of(new TracingOptions().setPropagationIn(java.util.List.of("b3", "tracecontext")))
        .extract(both);
    assertEquals("05e3ac9a4f6e3b90", b3First.context().getSpanId().toLowerBase16());
    assertNull(Propagation.of(new TracingOptions().setPropagationIn(java.util.List.of())).extract(both));
    // a malformed header of the first format falls through to the next
    MultiMap firstBad = headers("traceparent", "00-garbage", "b3", TRACE + "-" + SPAN + "-1");
    assertEquals(TracingOptions.B3, Propagation.of(new TracingOptions()).extract(firstBad).format());
  }

  private static SpanContext context(boolean sampled) {
    return SpanContext.create(TraceId.fromLowerBase16(TRACE), SpanId.fromLowerBase16(SPAN),
        TraceOptions.builder().setIsSampled(sampled).build(), Tracestate.builder().build());
  }

  private static String padded(String b64) {
    int rem = b64.length() % 4;
    return rem == 0 ? b64 : b64 + "=".repeat(4 - rem);
  }
}
