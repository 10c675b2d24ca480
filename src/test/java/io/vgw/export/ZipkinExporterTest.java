package io.vgw.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.opencensus.trace.Status;
import io.opencensus.trace.TraceId;
import io.opencensus.trace.export.SpanData;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Zipkin exporter against a real Zipkin server, started once for the class. */
@ExtendWith(VertxExtension.class)
class ZipkinExporterTest {

  private static ZipkinServer zipkin;

  @BeforeAll
  static void startZipkin() throws Exception {
    zipkin = ZipkinServer.start();
    Vertx vertx = Vertx.vertx();
    try {
      zipkin.awaitReady(vertx).toCompletionStage().toCompletableFuture().get(70, TimeUnit.SECONDS);
    } finally {
      vertx.close();
    }
  }

  @AfterAll
  static void stopZipkin() throws Exception {
    if (zipkin != null) {
      zipkin.close();
    }
  }

  private static Future<JsonArray> trace(Vertx vertx, TraceId traceId) {
    WebClient client = WebClient.create(vertx);
    return client
        .getAbs(zipkin.baseUrl() + "/api/v2/trace/" + traceId.toLowerBase16())
        .send()
        .map(response -> {
          if (response.statusCode() != 200) {
            throw new IllegalStateException("GET trace: " + response.statusCode() + " " + response.bodyAsString());
          }
          return response.bodyAsJsonArray();
        })
        .andThen(ignored -> client.close());
  }

  private static JsonObject byId(JsonArray spans, String id) {
    for (int i = 0; i < spans.size(); i++) {
      if (id.equals(spans.getJsonObject(i).getString("id"))) {
        return spans.getJsonObject(i);
      }
    }
    return null;
  }

  @Test
  void undeployFlushesATraceIntoZipkin(Vertx vertx, VertxTestContext ctx) {
    TraceId traceId = TestSpans.newTraceId();
    TestSpans.Builder server =
        TestSpans.server(traceId).attr("http.method", "GET").attr("http.status_code", 502L);
    SpanData client =
        TestSpans.client(traceId, server.spanId())
            .attr("backend.address", "127.0.0.1:9090")
            .attr("grpc.status_code", 14L)
            .status(Status.UNAVAILABLE.withDescription("connection refused"))
            .event("sent")
            .build();
    ExportOptions options =
        new ExportOptions()
            .setBatchInterval(TimeUnit.HOURS.toMillis(1)) // only undeploy sends anything
            .addExporter(new ZipkinExporterOptions().setEndpoint(zipkin.spansEndpoint()).setServiceName("vgw-test"));
    SpanExportVerticle verticle = new SpanExportVerticle(options);
    vertx
        .deployVerticle(verticle, SpanExportVerticle.deploymentOptions())
        .compose(id -> {
          verticle.sink().offer(client);
          verticle.sink().offer(server.build());
          return vertx.undeploy(id); // completes after Zipkin answered 202
        })
        .compose(v -> trace(vertx, traceId))
        .onComplete(ctx.succeeding(spans -> ctx.verify(() -> {
          assertEquals(2, spans.size(), spans.encodePrettily());
          JsonObject serverSpan = byId(spans, server.spanId().toLowerBase16());
          JsonObject clientSpan = byId(spans, client.getContext().getSpanId().toLowerBase16());
          assertNotNull(serverSpan);
          assertNotNull(clientSpan);
          assertEquals("SERVER", serverSpan.getString("kind"));
          assertNull(serverSpan.getString("parentId"));
          assertEquals("vgw-test", serverSpan.getJsonObject("localEndpoint").getString("serviceName"));
          assertEquals("502", serverSpan.getJsonObject("tags").getString("http.status_code"));
          assertEquals("CLIENT", clientSpan.getString("kind"));
          assertEquals(server.spanId().toLowerBase16(), clientSpan.getString("parentId"));
          assertEquals("vgw.demo.v1.echoservice.echo", clientSpan.getString("name").toLowerCase());
          assertEquals("connection refused", clientSpan.getJsonObject("tags").getString("error"));
          assertEquals("127.0.0.1", clientSpan.getJsonObject("remoteEndpoint").getString("ipv4"));
          assertEquals(9090, clientSpan.getJsonObject("remoteEndpoint").getInteger("port"));
          assertEquals("sent", clientSpan.getJsonArray("annotations").getJsonObject(0).getString("value"));
          assertEquals(1234L, clientSpan.getLong("duration"));
          assertEquals(2, verticle.stats().exporter("zipkin").exported(), "both spans exported");
          ctx.completeNow();
        })));
  }

  @Test
  void severalExportersAtOnceSeeTheSameTrace(Vertx vertx, VertxTestContext ctx) throws Exception {
    XRayDaemonReceiver daemon = new XRayDaemonReceiver();
    TraceId traceId = TestSpans.newTraceId();
    TestSpans.Builder server = TestSpans.server(traceId).attr("http.status_code", 200L);
    SpanData client = TestSpans.client(traceId, server.spanId()).attr("grpc.status_code", 0L).build();
    JsonObject config =
        new JsonObject()
            .put("batchInterval", 50)
            .put("exporters", new JsonArray()
                .add(new JsonObject().put("type", "xray").put("daemonAddress", daemon.address()))
                .add(new JsonObject().put("type", "zipkin").put("endpoint", zipkin.spansEndpoint()))
                .add(new JsonObject().put("type", "logging")));
    SpanExportVerticle verticle = new SpanExportVerticle(new ExportOptions(config));
    vertx
        .deployVerticle(verticle, SpanExportVerticle.deploymentOptions())
        .compose(id -> {
          verticle.sink().offer(client);
          verticle.sink().offer(server.build());
          return vertx.undeploy(id);
        })
        .compose(v -> trace(vertx, traceId))
        .onComplete(ctx.succeeding(spans -> daemon.awaitSpans(2).thenRun(() -> ctx.verify(() -> {
          daemon.close();
          assertEquals(2, spans.size());
          assertEquals(List.of(), daemon.problems());
          // The X-Ray id is the Zipkin trace id, dashed: one trace in both systems.
          String zipkinTraceId = spans.getJsonObject(0).getString("traceId");
          String xrayTraceId = daemon.documents().get(0).getString("trace_id");
          assertEquals(zipkinTraceId, xrayTraceId.substring(2).replace("-", ""));
          ExportStats stats = verticle.stats();
          assertEquals(2, stats.exporter("xray").exported());
          assertEquals(2, stats.exporter("zipkin").exported());
          assertEquals(2, stats.exporter("logging").exported());
          ctx.completeNow();
        }))));
  }

  @Test
  void aGatewayRequestBecomesOneTraceInZipkinUnderTheCallersSpan(Vertx vertx, VertxTestContext ctx) {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    String callerSpan = "00f067aa0ba902b7";
    io.vgw.demo.DemoBackend.start(vertx, "127.0.0.1", 0).compose(backend -> io.vgw.Gateway.deploy(vertx,
            new io.vgw.GatewayOptions().setHttpHost("127.0.0.1").setHttpPort(0).setInstances(1)
                .setAdmin(new io.vgw.AdminOptions().setPort(0))
                .addDescriptor(io.vgw.Main.DEMO_DESCRIPTORS)
                .addBackend(new io.vgw.BackendOptions().setAddress("127.0.0.1:" + backend.port()))
                .setExport(new ExportOptions().addExporter(
                    new ZipkinExporterOptions().setEndpoint(zipkin.spansEndpoint()).setServiceName("vgw-e2e"))))
        .compose(gw -> WebClient.create(vertx).get(gw.httpPort(), "127.0.0.1", "/v1/echo/7")
            .putHeader("traceparent", "00-" + traceId + "-" + callerSpan + "-01").send()
            .compose(r -> gw.close())  // flushes into Zipkin
            .eventually(backend::close)))
        .compose(v -> trace(vertx, TraceId.fromLowerBase16(traceId)))
        .onComplete(ctx.succeeding(spans -> ctx.verify(() -> {
          assertEquals(2, spans.size(), spans.encodePrettily());
          JsonObject server = null;
          JsonObject client = null;
          for (int i = 0; i < spans.size(); i++) {
            JsonObject s = spans.getJsonObject(i);
            if ("SERVER".equals(s.getString("kind"))) {
              server = s;
            } else {
              client = s;
            }
          }
          assertNotNull(server, spans.encodePrettily());
          assertNotNull(client, spans.encodePrettily());
          assertEquals(callerSpan, server.getString("parentId"), "the caller's span is the parent");
          assertEquals("get /v1/echo/{id}", server.getString("name"));
          assertEquals(server.getString("id"), client.getString("parentId"));
          assertEquals("vgw.demo.v1.echoservice.getecho", client.getString("name"));
          assertEquals("vgw-e2e", server.getJsonObject("localEndpoint").getString("serviceName"));
          ctx.completeNow();
        })));
  }
}
