package io.vgw.tracing;

import static io.vgw.tracing.TracedGateway.attribute;
import static io.vgw.tracing.TracedGateway.names;
import static io.vgw.tracing.TracedGateway.sampled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opencensus.trace.Span;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vgw.AdminOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The admin listener: zPages and the live-settings API, on loopback, never traced. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class AdminListenerTest {

  private static Future<HttpResponse<Buffer>> admin(TracedGateway gw, io.vertx.core.http.HttpMethod method, String path,
      String body) {
    var req = gw.client.request(method, gw.gateway.adminPort(), "127.0.0.1", path);
    return body == null ? req.send() : req.putHeader("content-type", "application/json").sendBuffer(Buffer.buffer(body));
  }

  @Test
  void theAdminListenerIsOnLoopbackByDefault() {
    assertEquals("127.0.0.1", new AdminOptions().getHost());
    assertEquals(9901, new AdminOptions().getPort());
  }

  @Test
  void zPagesShowTheGatewaysSpansAndBackendCalls(Vertx vertx, VertxTestContext ctx) {
    TracedGateway.start(vertx, sampled(SamplerOptions.always())).compose(gw ->
        gw.client.post("/v1/echo").sendJsonObject(new JsonObject().put("message", "z"))
            .compose(r -> admin(gw, io.vertx.core.http.HttpMethod.GET, "/debug/tracez", null))
            .compose(tracez -> {
              ctx.verify(() -> {
                assertEquals(200, tracez.statusCode());
                assertTrue(tracez.getHeader("content-type").startsWith("text/html"));
                assertTrue(tracez.bodyAsString().contains("POST /v1/echo"), "tracez lists the route's span name");
              });
              return admin(gw, io.vertx.core.http.HttpMethod.GET, "/debug/rpcz", null);
            })
            .compose(rpcz -> {
              ctx.verify(() -> {
                assertEquals(200, rpcz.statusCode());
                assertTrue(rpcz.bodyAsString().contains("vgw.demo.v1.EchoService/Echo"), "rpcz lists the backend method");
              });
              return gw.finish();
            })
            .map(spans -> {
              ctx.verify(() -> assertEquals(2, spans.size(), "the admin requests are not traced: " + names(spans)));
              return null;
            })).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void samplingChangesThroughTheAdminApi(Vertx vertx, VertxTestContext ctx) {
    String rules = "{\"sampler\":{\"type\":\"never\"},\"rules\":[{\"route\":\"GET /v1/echo/{id}\",\"sampler\":{\"type\":\"always\"}}]}";
    TracedGateway.start(vertx, sampled(SamplerOptions.never())).compose(gw ->
        admin(gw, io.vertx.core.http.HttpMethod.GET, "/admin/sampling", null)
            .compose(r -> {
              ctx.verify(() -> assertEquals("never", r.bodyAsJsonObject().getJsonObject("sampler").getString("type")));
              return admin(gw, io.vertx.core.http.HttpMethod.PUT, "/admin/sampling", "{\"rules\":[{\"route\":\"GET /nope\",\"sampler\":{\"type\":\"always\"}}]}");
            })
            .compose(r -> {
              ctx.verify(() -> {
                assertEquals(400, r.statusCode(), "a rule naming no route is refused");
                assertEquals(3, r.bodyAsJsonObject().getInteger("code"));
                assertTrue(r.bodyAsJsonObject().getString("message").contains("GET /nope"), r.bodyAsString());
              });
              return admin(gw, io.vertx.core.http.HttpMethod.PUT, "/admin/sampling", "{not json");
            })
            .compose(r -> {
              ctx.verify(() -> assertEquals(400, r.statusCode(), r.bodyAsString()));
              return admin(gw, io.vertx.core.http.HttpMethod.PUT, "/admin/sampling", rules);
            })
            .compose(r -> {
              ctx.verify(() -> {
                assertEquals(200, r.statusCode(), r.bodyAsString());
                assertEquals(new SamplingOptions(new JsonObject(rules)), new SamplingOptions(r.bodyAsJsonObject()));
              });
              return gw.client.get("/v1/echo/1").send();
            })
            .compose(r -> gw.client.post("/v1/echo").sendJsonObject(new JsonObject()))
            .compose(r -> gw.finish())
            .map(spans -> {
              ctx.verify(() -> assertEquals(List.of("/v1/echo/1"), spans.stream().filter(s -> s.getKind() == Span.Kind.SERVER)
                  .map(s -> attribute(s, "http.path")).toList()));
              return null;
            })).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void theDefaultDeadlineChangesThroughTheAdminApi(Vertx vertx, VertxTestContext ctx) {
    TracedGateway.start(vertx, sampled(SamplerOptions.never())).compose(gw ->
        admin(gw, io.vertx.core.http.HttpMethod.PUT, "/admin/timeouts", "{\"timeout\":\"sometimes\"}")
            .compose(r -> {
              ctx.verify(() -> assertEquals(400, r.statusCode(), r.bodyAsString()));
              return admin(gw, io.vertx.core.http.HttpMethod.PUT, "/admin/timeouts", "{\"timeout\":\"50ms\"}");
            })
            .compose(r -> {
              ctx.verify(() -> assertEquals(50L, r.bodyAsJsonObject().getLong("timeout")));
              // every gateway instance (two event loops) takes it within moments
              return untilEvery(vertx, 4, () -> gw.client.get("/v1/slow/500").send().map(x -> x.statusCode()), s -> s == 504);
            })
            .compose(v -> admin(gw, io.vertx.core.http.HttpMethod.GET, "/admin/nope", null))
            .compose(r -> {
              ctx.verify(() -> {
                assertEquals(404, r.statusCode());
                assertEquals(5, r.bodyAsJsonObject().getInteger("code"));
              });
              return gw.finish();
            })).onComplete(ctx.succeedingThenComplete());
  }

  /** Repeats {@code call} until {@code times} answers in a row satisfy {@code want}. */
  static <T> Future<Void> untilEvery(Vertx vertx, int times, java.util.function.Supplier<Future<T>> call, Predicate<T> want) {
    Promise<Void> done = Promise.promise();
    int[] inARow = {0};
    Runnable[] next = new Runnable[1];
    next[0] = () -> call.get().onComplete(ar -> {
      inARow[0] = ar.succeeded() && want.test(ar.result()) ? inARow[0] + 1 : 0;
      if (inARow[0] >= times) {
        done.tryComplete();
      } else {
        vertx.setTimer(20, t -> next[0].run());
      }
    });
    next[0].run();
    return done.future();
  }
}
