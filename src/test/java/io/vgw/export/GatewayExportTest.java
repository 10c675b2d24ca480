package io.vgw.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vgw.AdminOptions;
import io.vgw.BackendOptions;
import io.vgw.Gateway;
import io.vgw.GatewayOptions;
import io.vgw.Main;
import io.vgw.demo.DemoBackend;
import io.vgw.tracing.SamplerOptions;
import io.vgw.tracing.SamplingOptions;
import io.vgw.tracing.TracingOptions;
import java.net.DatagramSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gateway's own spans through the export pipeline to a UDP receiver speaking the X-Ray daemon
 * protocol, and to destinations that are down.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 40, timeUnit = TimeUnit.SECONDS)
class GatewayExportTest {

  private record Running(DemoBackend backend, Gateway gateway, WebClient client) {
    Future<Void> close() {
      return gateway.close().eventually(backend::close);
    }
  }

  private static Future<Running> start(Vertx vertx, ExportOptions export) {
    return DemoBackend.start(vertx, "127.0.0.1", 0).compose(backend -> Gateway.deploy(vertx, new GatewayOptions()
            .setHttpHost("127.0.0.1").setHttpPort(0).setInstances(1)
            .setAdmin(new AdminOptions().setPort(0))
            .addDescriptor(Main.DEMO_DESCRIPTORS)
            .addBackend(new BackendOptions().setAddress("127.0.0.1:" + backend.port()))
            .setTracing(new TracingOptions().setSampling(new SamplingOptions().setSampler(SamplerOptions.always())))
            .setExport(export))
        .map(gw -> new Running(backend, gw, WebClient.create(vertx))));
  }

  private static Future<Integer> echo(Running r, String xrayHeader) {
    var req = r.client.post(r.gateway.httpPort(), "127.0.0.1", "/v1/echo");
    if (xrayHeader != null) {
      req.putHeader("X-Amzn-Trace-Id", xrayHeader);
    }
    return req.sendJsonObject(new JsonObject().put("message", "x")).map(resp -> resp.statusCode());
  }

  @Test
  void everySpanOfATraceReachesTheDaemonWithOneIdAndTheCallersRoot(Vertx vertx, VertxTestContext ctx) throws Exception {
    XRayDaemonReceiver daemon = new XRayDaemonReceiver();
    // batchSize 1: the client span and the server span leave in different batches
    ExportOptions export = new ExportOptions().setBatchSize(1).addExporter(new XRayExporterOptions()
        .setDaemonAddress(daemon.address()).setVersion("1.2.3").setRegion("eu-west-1"));
    String root = "1-5759e988-bd862e3fe1be46a994272793";
    start(vertx, export).compose(r -> echo(r, "Root=" + root + ";Parent=53995c3f42cd8ad8;Sampled=1")
            .compose(status -> echo(r, null))
            .compose(status -> r.close()))
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          daemon.awaitSpans(4).get(10, TimeUnit.SECONDS);
          assertEquals(List.of(), daemon.problems(), "every document is valid");
          assertEquals(2, daemon.traceIds().size(), daemon.traceIds().toString());
          assertTrue(daemon.traceIds().contains(root), "the caller's Root is kept exactly: " + daemon.traceIds());
          String ours = daemon.traceIds().stream().filter(id -> !id.equals(root)).findFirst().orElseThrow();
          long seconds = Long.parseLong(ours.substring(2, 10), 16);
          assertTrue(Math.abs(seconds - System.currentTimeMillis() / 1000) < 120, "a new X-Ray id starts with the time: " + ours);
          for (JsonObject doc : daemon.documents()) {
            if (doc.getString("type") == null) {
              assertEquals("1.2.3", doc.getJsonObject("service").getString("version"));
              assertEquals("eu-west-1", doc.getJsonObject("aws").getString("region"));
              if (doc.getString("trace_id").equals(root)) {
                assertEquals("53995c3f42cd8ad8", doc.getString("parent_id"), "the caller's segment is the parent");
              }
            } else {
              assertEquals("remote", doc.getString("namespace"), "the backend call is a remote subsegment");
            }
          }
          daemon.close();
          ctx.completeNow();
        })));
  }

  @Test
  void destinationsThatAreDownDoNotHoldRequestsAndFailuresAreCounted(Vertx vertx, VertxTestContext ctx) throws Exception {
    int deadUdp;
    try (DatagramSocket s = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
      deadUdp = s.getLocalPort();
    }
    int deadTcp;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      deadTcp = s.getLocalPort();
    }
    ExportOptions export = new ExportOptions().setBatchInterval(20)
        .addExporter(new XRayExporterOptions().setDaemonAddress("127.0.0.1:" + deadUdp))
        .addExporter(new ZipkinExporterOptions().setEndpoint("http://127.0.0.1:" + deadTcp + "/api/v2/spans").setTimeout(2000));
    start(vertx, export).compose(r -> {
      Future<Integer> all = echo(r, null);
      for (int i = 0; i < 9; i++) {
        all = all.compose(status -> {
          ctx.verify(() -> assertEquals(200, status));
          return echo(r, null);
        });
      }
      return all.compose(status -> r.close().map(v -> r.gateway.exportStats()));
    }).onComplete(ctx.succeeding(stats -> ctx.verify(() -> {
      assertEquals(20, stats.pushed(), stats.toString());
      assertEquals(0, stats.dropped(), stats.toString());
      assertEquals(20, stats.exporter("zipkin").failed(), "Zipkin down: every span counted as failed; " + stats);
      // UDP cannot tell: X-Ray counts them as sent (docs/exporters.md says so)
      assertEquals(20, stats.exporter("xray").exported() + stats.exporter("xray").failed(), stats.toString());
      ctx.completeNow();
    })));
  }

  @Test
  void theAdminListenerCountsWhatBecameOfEverySpan(Vertx vertx, VertxTestContext ctx) throws Exception {
    XRayDaemonReceiver daemon = new XRayDaemonReceiver();
    ExportOptions export = new ExportOptions().setBatchInterval(20)
        .addExporter(new XRayExporterOptions().setDaemonAddress(daemon.address()));
    start(vertx, export).compose(r -> echo(r, null).compose(s -> echo(r, null)).compose(s -> echo(r, null))
            .compose(s -> exportCounters(vertx, r, 6))
            .compose(counters -> r.close().map(counters)))
        .onComplete(ctx.succeeding(counters -> ctx.verify(() -> {
          assertEquals(6, counters.getLong("pushed"), counters.encode());
          assertEquals(0, counters.getLong("dropped"), counters.encode());
          assertEquals(0, counters.getInteger("queued"), counters.encode());
          JsonObject xray = counters.getJsonObject("exporters").getJsonObject("xray");
          assertEquals(6, xray.getLong("exported"), counters.encode());
          assertEquals(0, xray.getLong("failed"), counters.encode());
          assertEquals(0, xray.getLong("pending"), counters.encode());
          daemon.awaitSpans(6).get(10, TimeUnit.SECONDS);
          daemon.close();
          ctx.completeNow();
        })));
  }

  @Test
  void withoutVgwsPipelineTheExportCountersAreNotImplemented(Vertx vertx, VertxTestContext ctx) {
    DemoBackend.start(vertx, "127.0.0.1", 0).compose(backend -> Gateway.deploy(vertx, new GatewayOptions()
            .setHttpHost("127.0.0.1").setHttpPort(0).setInstances(1).setAdmin(new AdminOptions().setPort(0))
            .addDescriptor(Main.DEMO_DESCRIPTORS)
            .addBackend(new BackendOptions().setAddress("127.0.0.1:" + backend.port()))
            .setTracing(new TracingOptions().setMode(TracingOptions.Mode.NONE)))
        .compose(gw -> WebClient.create(vertx).get(gw.adminPort(), "127.0.0.1", "/admin/export").send()
            .compose(resp -> gw.close().eventually(backend::close).map(resp))))
        .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
          assertEquals(501, resp.statusCode(), resp.bodyAsString());
          assertEquals("application/json", resp.getHeader("content-type").split(";")[0]);
          ctx.completeNow();
        })));
  }

  /** Polls GET /admin/export until the X-Ray exporter reports {@code exported} spans (or 5 s). */
  private static Future<JsonObject> exportCounters(Vertx vertx, Running r, long exported) {
    return exportCounters(vertx, r, exported, System.currentTimeMillis() + 5_000);
  }

  private static Future<JsonObject> exportCounters(Vertx vertx, Running r, long exported, long deadline) {
    return r.client.get(r.gateway.adminPort(), "127.0.0.1", "/admin/export").send().compose(resp -> {
      JsonObject body = resp.bodyAsJsonObject();
      JsonObject xray = body.getJsonObject("exporters").getJsonObject("xray");
      if (xray.getLong("exported") >= exported || System.currentTimeMillis() > deadline) {
        return Future.succeededFuture(body);
      }
      return vertx.timer(50).compose(t -> exportCounters(vertx, r, exported, deadline));
    });
  }
}
