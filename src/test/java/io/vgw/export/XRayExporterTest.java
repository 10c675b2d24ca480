package io.vgw.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opencensus.trace.SpanId;
import io.opencensus.trace.Status;
import io.opencensus.trace.TraceId;
import io.opencensus.trace.export.SpanData;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The X-Ray exporter end to end: verticle → UDP → a receiver that validates every document. */
@ExtendWith(VertxExtension.class)
class XRayExporterTest {

  private XRayDaemonReceiver daemon;

  @BeforeEach
  void startDaemon() throws Exception {
    daemon = new XRayDaemonReceiver();
  }

  @AfterEach
  void stopDaemon() {
    daemon.close();
  }

  private XRayExporterOptions xray() {
    return new XRayExporterOptions()
        .setDaemonAddress(daemon.address())
        .setServiceName("vgw")
        .setVersion("1.2.3")
        .setRegion("ap-southeast-1")
        .setOrigin("AWS::ECS::Container");
  }

  private Future<SpanExportVerticle> deploy(Vertx vertx, ExportOptions options) {
    SpanExportVerticle verticle = new SpanExportVerticle(options);
    return vertx.deployVerticle(verticle, SpanExportVerticle.deploymentOptions()).map(id -> verticle);
  }

  /** X-Ray's form of a trace id: the same 16 bytes, {@code 1-<8 hex>-<24 hex>}. */
  static String xrayId(TraceId traceId) {
    String hex = traceId.toLowerBase16();
    return "1-" + hex.substring(0, 8) + "-" + hex.substring(8);
  }

  private static void offerAll(SpanExportVerticle verticle, List<SpanData> spans) {
    spans.forEach(span -> assertTrue(verticle.sink().offer(span), "offer refused " + span.getName()));
  }

  @Test
  void serverAndClientSpansBecomeSegmentWithRemoteSubsegment(Vertx vertx, VertxTestContext ctx) {
    TraceId traceId = TestSpans.newTraceId();
    TestSpans.Builder server =
        TestSpans.server(traceId)
            .attr("http.method", "GET")
            .attr("http.path", "/v1/echo/hi")
            .attr("http.url", "http://gw.example/v1/echo/hi?x=1")
            .attr("http.host", "gw.example")
            .attr("http.user_agent", "curl/8")
            .attr("http.route", "/v1/echo/{msg}")
            .attr("http.x_forwarded_for", "203.0.113.7, 10.0.0.1")
            .attr("http.client_ip", "10.0.0.1")
            .attr("http.status_code", 404L)
            .attr("custom.flag", true)
            .status(Status.NOT_FOUND.withDescription("no such message"))
            .event("routed");
    TestSpans.Builder client =
        TestSpans.client(traceId, server.spanId())
            .attr("backend.address", "127.0.0.1:9090")
            .attr("grpc.status_code", 5L)
            .status(Status.NOT_FOUND.withDescription("no such message"));
    String xrayId = xrayId(traceId);

    deploy(vertx, new ExportOptions().setBatchInterval(20).addExporter(xray()))
        .onComplete(ctx.succeeding(verticle -> {
          offerAll(verticle, List.of(client.build(), server.build()));
          daemon.awaitSpans(2).thenRun(() -> ctx.verify(() -> {
            assertEquals(List.of(), daemon.problems());
            assertEquals(1, daemon.documents().size(), "one batch: the subsegment rides inside its segment");
            JsonObject segment = daemon.documents().get(0);
            assertEquals(xrayId, segment.getString("trace_id"));
            assertEquals(server.spanId().toLowerBase16(), segment.getString("id"));
            assertEquals("vgw", segment.getString("name"));
            assertFalse(segment.containsKey("parent_id"), "root span has no parent");
            assertEquals("AWS::ECS::Container", segment.getString("origin"));
            assertEquals("1.2.3", segment.getJsonObject("service").getString("version"));
            assertEquals("ap-southeast-1", segment.getJsonObject("aws").getString("region"));
            JsonObject request = segment.getJsonObject("http").getJsonObject("request");
            assertEquals("GET", request.getString("method"));
            assertEquals("http://gw.example/v1/echo/hi?x=1", request.getString("url"));
            assertEquals("curl/8", request.getString("user_agent"));
            assertEquals("203.0.113.7", request.getString("client_ip"));
            assertEquals(true, request.getBoolean("x_forwarded_for"));
            assertEquals(404, segment.getJsonObject("http").getJsonObject("response").getInteger("status"));
            assertEquals(true, segment.getBoolean("error"));
            assertNull(segment.getValue("fault"));
            assertEquals("no such message",
                segment.getJsonObject("cause").getJsonArray("exceptions").getJsonObject(0).getString("message"));
            JsonObject annotations = segment.getJsonObject("annotations");
            assertEquals("/v1/echo/{msg}", annotations.getString("http_route"));
            assertEquals(true, annotations.getBoolean("custom_flag"));
            assertEquals("gw.example", annotations.getString("http_host"));
            JsonObject census = segment.getJsonObject("metadata").getJsonObject("opencensus");
            assertEquals("GET /v1/echo/{msg}", census.getString("span_name"));
            assertEquals("routed", census.getJsonArray("events").getJsonObject(0).getString("description"));

            JsonObject sub = segment.getJsonArray("subsegments").getJsonObject(0);
            assertEquals(client.spanId().toLowerBase16(), sub.getString("id"));
            assertEquals("vgw.demo.v1.EchoService.Echo", sub.getString("name"));
            assertEquals("remote", sub.getString("namespace"));
            assertEquals(true, sub.getBoolean("error"), "gRPC NOT_FOUND → 404 → error");
            assertEquals(5L, sub.getJsonObject("annotations").getLong("grpc_status_code"));
            assertTrue(sub.getJsonObject("cause").getJsonArray("exceptions").getJsonObject(0).getBoolean("remote"));
            ctx.completeNow();
          }));
        }));
  }

  @Test
  void keepsTheIncomingXRayRootAndParent(Vertx vertx, VertxTestContext ctx) {
    // X-Amzn-Trace-Id: Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8
    TraceId traceId = TraceId.fromLowerBase16("5759e988bd862e3fe1be46a994272793");
    SpanId upstream = SpanId.fromLowerBase16("53995c3f42cd8ad8");
    SpanData server = TestSpans.server(traceId).parent(upstream, true).attr("http.status_code", 200L).build();

    deploy(vertx, new ExportOptions().setBatchInterval(20).addExporter(xray()))
        .onComplete(ctx.succeeding(verticle -> {
          offerAll(verticle, List.of(server));
          daemon.awaitSpans(1).thenRun(() -> ctx.verify(() -> {
            assertEquals(List.of(), daemon.problems());
            JsonObject segment = daemon.documents().get(0);
            assertEquals("1-5759e988-bd862e3fe1be46a994272793", segment.getString("trace_id"));
            assertEquals("53995c3f42cd8ad8", segment.getString("parent_id"));
            assertNull(segment.getValue("type"), "a span with a remote parent is still a segment");
            ctx.completeNow();
          }));
        }));
  }

  @Test
  void aTraceSplitOverBatchesKeepsOneXRayId(Vertx vertx, VertxTestContext ctx) {
    TraceId traceId = TestSpans.newTraceId();
    TestSpans.Builder server = TestSpans.server(traceId).attr("http.status_code", 503L);
    SpanData client = TestSpans.client(traceId, server.spanId()).attr("grpc.status_code", 14L).build();

    deploy(vertx, new ExportOptions().setBatchInterval(20).addExporter(xray()))
        .onComplete(ctx.succeeding(verticle -> {
          offerAll(verticle, List.of(client)); // first batch: the client span alone
          daemon.awaitSpans(1).thenCompose(v -> {
            offerAll(verticle, List.of(server.build())); // a later batch: its server span
            return daemon.awaitSpans(2);
          }).thenRun(() -> ctx.verify(() -> {
            assertEquals(List.of(), daemon.problems());
            assertEquals(2, daemon.documents().size());
            JsonObject sub = daemon.span(client.getContext().getSpanId().toLowerBase16());
            JsonObject segment = daemon.span(server.spanId().toLowerBase16());
            assertEquals("subsegment", sub.getString("type"));
            assertEquals(server.spanId().toLowerBase16(), sub.getString("parent_id"));
            assertEquals(segment.getString("trace_id"), sub.getString("trace_id"));
            assertEquals(true, sub.getBoolean("fault"), "UNAVAILABLE → 503 → fault");
            assertEquals(true, segment.getBoolean("fault"));
            ctx.completeNow();
          }));
        }));
  }

  @Test
  void flagsPerStatusClass(Vertx vertx, VertxTestContext ctx) {
    long[][] cases = {{200, 0}, {404, 0}, {429, 0}, {500, 0}, {0, 8}, {0, 4}, {0, 9}, {0, 0}};
    // expected: error, throttle, fault
    boolean[][] want = {
      {false, false, false}, {true, false, false}, {true, true, false}, {false, false, true},
      {true, true, false}, {false, false, true}, {true, false, false}, {false, false, false}
    };
    TraceId traceId = TestSpans.newTraceId();
    List<TestSpans.Builder> spans = new java.util.ArrayList<>();
    for (long[] c : cases) {
      TestSpans.Builder span = TestSpans.server(traceId);
      if (c[0] != 0) {
        span.attr("http.status_code", c[0]);
      } else {
        span.attr("grpc.status_code", c[1]);
      }
      spans.add(span);
    }
    deploy(vertx, new ExportOptions().setBatchInterval(20).addExporter(xray()))
        .onComplete(ctx.succeeding(verticle -> {
          offerAll(verticle, spans.stream().map(TestSpans.Builder::build).toList());
          daemon.awaitSpans(cases.length).thenRun(() -> ctx.verify(() -> {
            assertEquals(List.of(), daemon.problems());
            for (int i = 0; i < cases.length; i++) {
              JsonObject doc = daemon.span(spans.get(i).spanId().toLowerBase16());
              boolean[] got = {doc.getBoolean("error", false), doc.getBoolean("throttle", false), doc.getBoolean("fault", false)};
              assertTrue(java.util.Arrays.equals(want[i], got),
                  "got " + java.util.Arrays.toString(got) + "; want " + java.util.Arrays.toString(want[i])
                      + "; input http=" + cases[i][0] + " grpc=" + cases[i][1]);
            }
            ctx.completeNow();
          }));
        }));
  }

  @Test
  void aDocumentTooBigForOneDatagramIsSplitNotDropped(Vertx vertx, VertxTestContext ctx) {
    TraceId traceId = TestSpans.newTraceId();
    TestSpans.Builder server = TestSpans.server(traceId).attr("http.status_code", 200L);
    List<SpanData> spans = new java.util.ArrayList<>();
    String big = "x".repeat(4000); // goes to metadata (annotation strings stop at 1000)
    for (int i = 0; i < 40; i++) { // 40 × 4 KB: far over one 64 KB datagram
      spans.add(TestSpans.client(traceId, server.spanId()).attr("payload", big).attr("i", (long) i).build());
    }
    spans.add(server.build());
    deploy(vertx, new ExportOptions().setBatchInterval(20).setBatchSize(100).addExporter(xray()))
        .onComplete(ctx.succeeding(verticle -> {
          offerAll(verticle, spans);
          daemon.awaitSpans(41).thenRun(() -> ctx.verify(() -> {
            assertEquals(List.of(), daemon.problems());
            assertEquals(41, daemon.documents().size(), "the segment, then each subsegment on its own");
            long standalone = daemon.documents().stream().filter(d -> "subsegment".equals(d.getString("type"))).count();
            assertEquals(40, standalone);
            assertEquals(0, verticle.stats().exporter("xray").failed());
            ctx.completeNow();
          }));
        }));
  }

  @Test
  void blocklistAndOnExport(Vertx vertx, VertxTestContext ctx) {
    Set<String> exported = ConcurrentHashMap.newKeySet();
    TraceId healthTrace = TestSpans.newTraceId();
    TraceId apiTrace = TestSpans.newTraceId();
    SpanData health = TestSpans.server(healthTrace).name("grpc.health.v1.Health/Check").build();
    SpanData api = TestSpans.server(apiTrace).build();
    XRayExporterOptions options = xray().addBlocklistPattern("^grpc\\.health").setOnExport(exported::add);
    deploy(vertx, new ExportOptions().setBatchInterval(20).addExporter(options))
        .onComplete(ctx.succeeding(verticle -> {
          offerAll(verticle, List.of(health, api));
          daemon.awaitSpans(1).thenRun(() -> vertx.undeploy(verticle.deploymentID()).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
            assertEquals(1, daemon.spanCount(), "the health check span is not sent");
            assertNotNull(daemon.span(api.getContext().getSpanId().toLowerBase16()));
            assertEquals(Set.of(xrayId(apiTrace)), exported, "onExport gets the X-Ray ids of sent traces");
            ctx.completeNow();
          }))));
        }));
  }
}
