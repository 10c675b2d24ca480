package io.vgw.health;

import static io.vgw.health.HealthSupport.get;
import static io.vgw.health.HealthSupport.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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
import io.vgw.it.TestGateway;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code /livez} and {@code /readyz} through a real gateway, following real backends that go down and back. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class ReadinessTest {

  private static final HealthOptions FAST = new HealthOptions().setPollIntervalMillis(100).setCheckTimeoutMillis(1000);

  private static GatewayOptions options(int... backendPorts) {
    GatewayOptions o = new GatewayOptions().setHttpHost("127.0.0.1").setHttpPort(0).setInstances(1)
        .setAdmin(new AdminOptions().setPort(0)).setHealth(FAST).addDescriptor(Main.DEMO_DESCRIPTORS);
    for (int port : backendPorts) {
      o.addBackend(new BackendOptions().setAddress("127.0.0.1:" + port));
    }
    return o;
  }

  private static Future<HttpResponse<Buffer>> until(Vertx vertx, WebClient client, int port, String uri, int status) {
    return HealthSupport.until(vertx, () -> get(client, port, uri), r -> r.statusCode() == status);
  }

  @Test
  void livezAndReadyzOnBothListeners(Vertx vertx, VertxTestContext ctx) {
    TestGateway.start(vertx).compose(gw -> Future.all(List.of(
            gw.client.get("/livez").send(), get(gw.client, gw.gateway.adminPort(), "/livez"),
            gw.client.get("/readyz").send(), get(gw.client, gw.gateway.adminPort(), "/readyz")))
            .eventually(() -> gw.gateway.close().compose(v -> gw.backend.close())))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          String[] names = {"main /livez", "admin /livez", "main /readyz", "admin /readyz"};
          for (int i = 0; i < 4; i++) {
            HttpResponse<Buffer> r = all.resultAt(i);
            assertEquals(200, r.statusCode(), names[i] + ": got " + r.statusCode() + " " + r.bodyAsString() + "; want 200");
            assertEquals("application/json", r.getHeader("content-type"), names[i]);
            assertEquals("SERVING", r.bodyAsJsonObject().getString("status"), names[i] + ": " + r.bodyAsString());
          }
          HttpResponse<Buffer> main = all.resultAt(2);
          assertEquals(new JsonObject().put("status", "SERVING"), main.bodyAsJsonObject(),
              "the public listener names no backend");
          JsonObject backend = ((HttpResponse<Buffer>) all.resultAt(3)).bodyAsJsonObject()
              .getJsonArray("backends").getJsonObject(0);
          assertEquals("watch", backend.getString("check"), backend.encode());
          assertEquals("SERVING", backend.getString("status"), backend.encode());
          assertEquals(new JsonObject().put("vgw.demo.v1.EchoService", "SERVING"), backend.getJsonObject("services"));
          ctx.completeNow();
        })));
  }

  @ParameterizedTest(name = "health service: {0}")
  @CsvSource({"true, watch", "false, tcp"})
  void readinessFlipsWhenTheBackendStopsAndStartsAgain(boolean withHealth, String wantCheck, Vertx vertx,
      VertxTestContext ctx) {
    AtomicReference<DemoBackend> backend = new AtomicReference<>();
    AtomicReference<Gateway> gateway = new AtomicReference<>();
    WebClient client = WebClient.create(vertx);
    start(vertx, withHealth, 0).compose(b -> {
      backend.set(b);
      return Gateway.deploy(vertx, options(b.port()));
    }).compose(gw -> {
      gateway.set(gw);
      return until(vertx, client, gw.httpPort(), "/readyz", 200);
    }).compose(ready -> backend.get().close())
        .compose(v -> until(vertx, client, gateway.get().httpPort(), "/readyz", 503))
        .compose(down -> until(vertx, client, gateway.get().adminPort(), "/readyz", 503).map(admin -> {
          ctx.verify(() -> {
            assertEquals(new JsonObject().put("status", "NOT_SERVING"), down.bodyAsJsonObject());
            JsonObject b = admin.bodyAsJsonObject().getJsonArray("backends").getJsonObject(0);
            assertEquals("UNREACHABLE", b.getString("status"), "backend down: " + b.encode());
          });
          return admin;
        }))
        .compose(down -> start(vertx, withHealth, backend.get().port()))
        .compose(again -> {
          backend.set(again);
          return until(vertx, client, gateway.get().adminPort(), "/readyz", 200);
        })
        .compose(up -> until(vertx, client, gateway.get().httpPort(), "/readyz", 200).map(up))
        .eventually(() -> gateway.get() == null ? Future.succeededFuture() : gateway.get().close())
        .eventually(() -> backend.get() == null ? Future.succeededFuture() : backend.get().close())
        .onComplete(ctx.succeeding(up -> ctx.verify(() -> {
          JsonObject b = up.bodyAsJsonObject().getJsonArray("backends").getJsonObject(0);
          assertEquals("SERVING", b.getString("status"), "back up: " + b.encode());
          assertEquals(wantCheck, b.getString("check"), "back up: " + b.encode());
          ctx.completeNow();
        })));
  }

  private static Future<DemoBackend> start(Vertx vertx, boolean withHealth, int port) {
    return withHealth ? DemoBackend.start(vertx, "127.0.0.1", port)
        : DemoBackend.startWithoutHealth(vertx, "127.0.0.1", port);
  }

  /** The whole server's status (the empty name), with a backend that does or does not implement Watch. */
  @ParameterizedTest(name = "backend implements Watch: {0}")
  @CsvSource({"true, watch", "false, poll"})
  void readinessFollowsTheWholeServersStatus(boolean withWatch, String wantCheck, Vertx vertx, VertxTestContext ctx) {
    WebClient client = WebClient.create(vertx);
    ScriptedHealthBackend.start(vertx, 0, withWatch).compose(backend -> Gateway.deploy(vertx, options(backend.port()))
        .compose(gw -> until(vertx, client, gw.httpPort(), "/readyz", 200)
            .compose(ready -> {
              backend.set("", ServingStatus.NOT_SERVING);
              return until(vertx, client, gw.adminPort(), "/readyz", 503);
            })
            .compose(notServing -> {
              ctx.verify(() -> {
                JsonObject b = notServing.bodyAsJsonObject().getJsonArray("backends").getJsonObject(0);
                assertEquals("NOT_SERVING", b.getString("status"), b.encode());
                assertEquals(wantCheck, b.getString("check"), b.encode());
              });
              backend.set("", ServingStatus.SERVING);
              return until(vertx, client, gw.httpPort(), "/readyz", 200);
            })
            .eventually(gw::close))
        .eventually(backend::close))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void configuredPathsMoveTheEndpoints(Vertx vertx, VertxTestContext ctx) {
    TestGateway.start(vertx, o -> o.setHealth(new HealthOptions()
            .setHealthzPath("/ops/health").setLivezPath("/ops/live").setReadyzPath("/ops/ready")))
        .compose(gw -> Future.all(List.of(
                gw.client.get("/ops/health").send(), gw.client.get("/ops/live").send(),
                gw.client.get("/ops/ready").send(), get(gw.client, gw.gateway.adminPort(), "/ops/ready"),
                gw.client.get("/livez").send(), get(gw.client, gw.gateway.adminPort(), "/readyz")))
            .eventually(() -> gw.gateway.close().compose(v -> gw.backend.close())))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          int[] want = {200, 200, 200, 200, 404, 404};
          String[] what = {"/ops/health", "/ops/live", "/ops/ready", "admin /ops/ready", "/livez (moved)", "admin /readyz (moved)"};
          for (int i = 0; i < want.length; i++) {
            HttpResponse<Buffer> r = all.resultAt(i);
            assertEquals(want[i], r.statusCode(), what[i] + ": got " + r.statusCode() + " " + r.bodyAsString() + "; want " + want[i]);
            assertEquals("application/json", r.getHeader("content-type"), what[i]);
          }
          ctx.completeNow();
        })));
  }

  @Test
  void aGatewayShuttingDownIsNotReady(Vertx vertx, VertxTestContext ctx) {
    TestGateway.start(vertx).compose(gw -> {
      int before = gw.backend.calls();
      // A request in flight holds the graceful shutdown; the admin listener stops after it.
      Future<HttpResponse<Buffer>> slow = gw.client.get("/v1/slow/1500").send();
      return HealthSupport.until(vertx, () -> Future.succeededFuture(gw.backend.calls()), n -> n > before)
          .compose(inFlight -> {
            Future<Void> closing = gw.gateway.close();
            return get(gw.client, gw.gateway.adminPort(), "/readyz")
                .compose(r -> Future.all(slow, closing).map(r));
          })
          .eventually(gw.backend::close);
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(503, r.statusCode(), "while closing: got " + r.statusCode() + " " + r.bodyAsString() + "; want 503");
      JsonObject body = r.bodyAsJsonObject();
      assertEquals("NOT_SERVING", body.getString("status"), body.encode());
      assertTrue(body.getBoolean("draining"), body.encode());
      assertFalse(body.getJsonArray("backends").isEmpty(), body.encode());
      ctx.completeNow();
    })));
  }
}
