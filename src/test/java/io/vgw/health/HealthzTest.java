package io.vgw.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vgw.AdminOptions;
import io.vgw.BackendOptions;
import io.vgw.Gateway;
import io.vgw.GatewayOptions;
import io.vgw.HealthOptions;
import io.vgw.Main;
import io.vgw.demo.DemoBackend;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code GET /healthz[?service=NAME]} through a real gateway to real backends: the demo backend
 * (its own health service), the demo backend without the health service, a backend whose health answers
 * are scripted, and an address where nothing listens. Each service name is routed to one of them by
 * the backends' {@code services}. Asked on both listeners, on a gateway with two event loops.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class HealthzTest {

  private static DemoBackend demo;
  private static DemoBackend bare;
  private static ScriptedHealthBackend scripted;
  private static Gateway gateway;
  private static WebClient client;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext ctx) {
    HealthSupport.deadPort(vertx)
        .compose(dead -> DemoBackend.start(vertx, "127.0.0.1", 0).compose(d -> {
          demo = d;
          return DemoBackend.startWithoutHealth(vertx, "127.0.0.1", 0);
        }).compose(b -> {
          bare = b;
          return ScriptedHealthBackend.start(vertx, 0, true);
        }).compose(s -> {
          scripted = s;
          s.set("vgw.test.Serving", ServingStatus.SERVING);
          s.set("vgw.test.NotServing", ServingStatus.NOT_SERVING);
          s.set("vgw.test.Unknown", ServingStatus.UNKNOWN);
          s.set("vgw.test.ServiceUnknown", ServingStatus.SERVICE_UNKNOWN);
          s.hang("vgw.test.Hang");
          return Gateway.deploy(vertx, new GatewayOptions()
              .setHttpHost("127.0.0.1").setHttpPort(0).setInstances(2)
              .setAdmin(new AdminOptions().setPort(0))
              .setHealth(new HealthOptions().setCheckTimeoutMillis(500).setPollIntervalMillis(100))
              .addDescriptor(Main.DEMO_DESCRIPTORS)
              // In this order: the empty name asks them all and answers the first that is not SERVING.
              .addBackend(new BackendOptions().setAddress("127.0.0.1:" + demo.port()))
              .addBackend(new BackendOptions().setAddress("127.0.0.1:" + bare.port()).addService("vgw.test.NoHealth"))
              .addBackend(new BackendOptions().setAddress("127.0.0.1:" + scripted.port()).setServices(List.of(
                  "vgw.test.Serving", "vgw.test.NotServing", "vgw.test.Unknown", "vgw.test.ServiceUnknown",
                  "vgw.test.Missing", "vgw.test.Hang")))
              .addBackend(new BackendOptions().setAddress("127.0.0.1:" + dead).addService("vgw.test.Down")));
        }))
        .onComplete(ctx.succeeding(gw -> {
          gateway = gw;
          client = WebClient.create(vertx);
          ctx.completeNow();
        }));
  }

  @AfterAll
  static void stop(VertxTestContext ctx) {
    gateway.close().compose(v -> Future.join(demo.close(), bare.close(), scripted.close()))
        .onComplete(ctx.succeedingThenComplete());
  }

  private static Future<HttpResponse<io.vertx.core.buffer.Buffer>> healthz(int port, String service) {
    String uri = service.isEmpty() ? "/healthz" : "/healthz?service=" + service;
    return client.get(port, "127.0.0.1", uri).send();
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
      // service,                   HTTP, gRPC code (0: a SERVING answer)
      "vgw.demo.v1.EchoService,      200, 0",    // demo backend
      "vgw.test.Serving,             200, 0",
      "vgw.test.NotServing,          503, 14",   // UNAVAILABLE, as grpc-gateway
      "vgw.test.Unknown,             503, 14",
      "vgw.test.ServiceUnknown,      404, 5",    // NOT_FOUND, as grpc-gateway
      "vgw.test.Missing,             404, 5",    // the backend answers NOT_FOUND itself
      "vgw.demo.v1.NoSuchService,    404, 5",    // the demo backend answers NOT_FOUND
      "vgw.test.NoHealth,            501, 12",   // no health service: UNIMPLEMENTED
      "vgw.test.Hang,                504, 4",    // no answer within checkTimeout: DEADLINE_EXCEEDED
      "vgw.test.Down,                503, 14",   // nothing listens: UNAVAILABLE
      "'',                           501, 12",   // every backend; the first not SERVING is the one without health
  })
  void eachStatusOnBothListeners(String service, int wantHttp, int wantCode, VertxTestContext ctx) {
    Future.all(healthz(gateway.httpPort(), service), healthz(gateway.adminPort(), service))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          for (int i = 0; i < 2; i++) {
            HttpResponse<?> r = all.resultAt(i);
            String what = (i == 0 ? "main" : "admin") + " listener, service \"" + service + "\": got "
                + r.statusCode() + " " + r.bodyAsString() + "; want " + wantHttp;
            assertEquals(wantHttp, r.statusCode(), what);
            assertEquals("application/json", r.getHeader("content-type"), what);
            JsonObject body = r.bodyAsJsonObject();
            if (wantCode == 0) {
              assertEquals(new JsonObject().put("status", "SERVING"), body, what);
            } else {
              assertEquals(wantCode, body.getInteger("code"), what);
              assertFalse(body.getString("message").isEmpty(), what);
              assertEquals(new JsonArray(), body.getJsonArray("details"), what);
              assertFalse(body.getString("message").contains("127.0.0.1"), "no internal address: " + what);
            }
          }
          ctx.completeNow();
        })));
  }

  @Test
  void aServiceSwitchedOffIsSeenByTheNextCheck(VertxTestContext ctx) {
    demo.setServing(DemoBackend.SERVICE.fullyQualifiedName(), false);
    healthz(gateway.httpPort(), "vgw.demo.v1.EchoService")
        .andThen(ar -> demo.setServing(DemoBackend.SERVICE.fullyQualifiedName(), true))
        .compose(off -> healthz(gateway.httpPort(), "vgw.demo.v1.EchoService").map(on -> List.of(off, on)))
        .onComplete(ctx.succeeding(rs -> ctx.verify(() -> {
          assertEquals(503, rs.get(0).statusCode(), "switched off: got " + rs.get(0).bodyAsString() + "; want 503");
          assertTrue(rs.get(0).bodyAsString().contains("NOT_SERVING"), rs.get(0).bodyAsString());
          assertEquals(200, rs.get(1).statusCode(), "switched on again: got " + rs.get(1).bodyAsString() + "; want 200");
          ctx.completeNow();
        })));
  }

  @Test
  void theWholeServerOfASingleHealthyBackendIsServing(Vertx vertx, VertxTestContext ctx) {
    io.vgw.it.TestGateway.start(vertx).compose(gw -> healthz(gw.port(), "")
            .eventually(() -> gw.gateway.close().compose(v -> gw.backend.close())))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(200, r.statusCode(), "got " + r.bodyAsString() + "; want 200 for the empty name");
          assertEquals(new JsonObject().put("status", "SERVING"), r.bodyAsJsonObject());
          ctx.completeNow();
        })));
  }
}
