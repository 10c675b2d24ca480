package io.vgw.health;

import static io.vgw.health.HealthSupport.get;
import static io.vgw.health.HealthSupport.serviceState;
import static io.vgw.health.HealthSupport.until;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A backend (or one of its services) that reported NOT_SERVING on its {@code Health/Watch} stream
 * gets no calls: each request fails at once with 503 UNAVAILABLE, however long it would have taken,
 * and the backend counts no call. When it serves again, requests reach it again.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class FailFastTest {

  private static final String ECHO = DemoBackend.SERVICE.fullyQualifiedName();
  private static TestGateway gw;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext ctx) {
    TestGateway.start(vertx, o -> o.setHealth(new HealthOptions().setPollIntervalMillis(100)))
        .onComplete(ctx.succeeding(g -> {
          gw = g;
          ctx.completeNow();
        }));
  }

  @AfterAll
  static void stop(VertxTestContext ctx) {
    gw.gateway.close().compose(v -> gw.backend.close()).onComplete(ctx.succeedingThenComplete());
  }

  private static Future<HttpResponse<Buffer>> send(String method, String uri) {
    var request = gw.client.request(HttpMethod.valueOf(method), uri).putHeader("grpc-timeout", "20S");
    return method.equals("POST")
        ? request.putHeader("content-type", "application/json").sendJsonObject(new JsonObject().put("message", "m"))
        : request.send();
  }

  private static Future<HttpResponse<Buffer>> serviceIs(Vertx vertx, String state) {
    return until(vertx, () -> get(gw.client, gw.gateway.adminPort(), "/readyz"),
        r -> state.equals(serviceState(r, ECHO)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "POST, /v1/echo",
      "GET,  /v1/echo/abc",
      "GET,  /v1/slow/15000",         // would hold the request for 15 s
      "GET,  /v1/stream?count=2",      // server streaming
  })
  void aServiceNotServingFailsFastWithoutACall(String method, String uri, Vertx vertx, VertxTestContext ctx) {
    gw.backend.setServing(ECHO, false);
    serviceIs(vertx, "NOT_SERVING").compose(seen -> {
      int callsBefore = gw.backend.calls();
      return send(method, uri).compose(failed -> Future.all(
              get(gw.client, gw.port(), "/readyz"), get(gw.client, gw.port(), "/healthz"))
          .map(all -> {
            ctx.verify(() -> {
              String what = method + " " + uri + " while NOT_SERVING: got " + failed.statusCode() + " " + failed.bodyAsString();
              assertEquals(503, failed.statusCode(), what + "; want 503");
              assertEquals(14, failed.bodyAsJsonObject().getInteger("code"), what);
              assertEquals("backend not serving", failed.bodyAsJsonObject().getString("message"), what);
              assertEquals(callsBefore, gw.backend.calls(), what + "; the backend saw the call");
              // One service not serving does not make the whole gateway unready (nor the server unhealthy).
              HttpResponse<Buffer> readyz = all.resultAt(0);
              assertEquals(200, readyz.statusCode(), "/readyz: " + readyz.bodyAsString());
              HttpResponse<Buffer> healthz = all.resultAt(1);
              assertEquals(200, healthz.statusCode(), "/healthz: " + healthz.bodyAsString());
            });
            return callsBefore;
          }));
    }).compose(callsBefore -> {
      gw.backend.setServing(ECHO, true);
      return serviceIs(vertx, "SERVING").compose(seen -> send(method, uri.replace("15000", "1")))
          .map(served -> {
            ctx.verify(() -> {
              assertEquals(200, served.statusCode(), method + " " + uri + " serving again: got " + served.bodyAsString());
              assertEquals(callsBefore + 1, gw.backend.calls(), "serving again: the call reaches the backend");
            });
            return served;
          });
    }).onComplete(ctx.succeedingThenComplete());
  }

  /** The whole server NOT_SERVING (the empty name): every route to it fails fast. */
  @Test
  void aServerNotServingFailsFastWithoutACall(Vertx vertx, VertxTestContext ctx) {
    WebClient client = WebClient.create(vertx);
    ScriptedHealthBackend.start(vertx, 0, true).compose(backend -> Gateway.deploy(vertx, new GatewayOptions()
            .setHttpHost("127.0.0.1").setHttpPort(0).setInstances(1).setAdmin(new AdminOptions().setPort(0))
            .addDescriptor(Main.DEMO_DESCRIPTORS)
            .addBackend(new BackendOptions().setAddress("127.0.0.1:" + backend.port())))
        .compose(gateway -> {
          backend.set("", ServingStatus.NOT_SERVING);
          return until(vertx, () -> get(client, gateway.httpPort(), "/readyz"), r -> r.statusCode() == 503)
              .compose(notReady -> client.post(gateway.httpPort(), "127.0.0.1", "/v1/echo")
                  .sendJsonObject(new JsonObject().put("message", "m")))
              .compose(failed -> {
                ctx.verify(() -> {
                  assertEquals(503, failed.statusCode(), "server NOT_SERVING: got " + failed.bodyAsString() + "; want 503");
                  assertEquals(0, backend.otherCalls(), "server NOT_SERVING: the backend saw the call");
                });
                backend.set("", ServingStatus.SERVING);
                return until(vertx, () -> get(client, gateway.httpPort(), "/readyz"), r -> r.statusCode() == 200);
              })
              .compose(ready -> client.post(gateway.httpPort(), "127.0.0.1", "/v1/echo")
                  .sendJsonObject(new JsonObject().put("message", "m")))
              .map(reached -> {
                ctx.verify(() -> {
                  // The scripted backend has no EchoService: the call reached it and got UNIMPLEMENTED.
                  assertEquals(501, reached.statusCode(), "serving again: got " + reached.bodyAsString() + "; want 501");
                  assertEquals(1, backend.otherCalls(), "serving again: the call reaches the backend");
                });
                return reached;
              })
              .eventually(gateway::close);
        })
        .eventually(backend::close))
        .onComplete(ctx.succeedingThenComplete());
  }
}
