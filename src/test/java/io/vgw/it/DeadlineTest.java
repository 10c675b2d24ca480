package io.vgw.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vgw.RoutesOptions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Deadlines: the request's Grpc-Timeout, else the route's own default (binding, method, service),
 * else the global one; an expired deadline is 504 {@code {"code":4}} although Vert.x reports its own
 * expired deadline as CANCELLED. Against the real demo backend (Slow answers after {millis}).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class DeadlineTest {

  @ParameterizedTest(name = "[{index}] timeout {0}, routes {1}, Grpc-Timeout {2}: {3} -> {4}")
  @CsvSource(delimiter = '|', value = {
      "200ms | {}                                                                  |      | /v1/slow/3000 | 504",
      "30s   | {\"vgw.demo.v1.EchoService.Slow\":\"200ms\"}                         |      | /v1/slow/3000 | 504",
      "30s   | {\"GET /v1/slow/{millis}\":\"200ms\"}                                |      | /v1/slow/3000 | 504",
      "30s   | {\"vgw.demo.v1.EchoService\":\"200ms\"}                              |      | /v1/slow/3000 | 504",
      "30s   | {\"vgw.demo.v1.EchoService\":\"200ms\",\"vgw.demo.v1.EchoService.Slow\":\"20s\"} | | /v1/slow/400 | 200",
      "30s   | {\"vgw.demo.v1.EchoService.Slow\":\"200ms\",\"GET /v1/slow/{millis}\":\"20s\"}   | | /v1/slow/400 | 200",
      "30s   | {\"vgw.demo.v1.EchoService.Slow\":\"200ms\"}                         | 20S  | /v1/slow/400  | 200",
      "200ms | {\"vgw.demo.v1.EchoService.Slow\":\"0\"}                             |      | /v1/slow/400  | 200",
      "30s   | {\"vgw.demo.v1.EchoService.Slow\":\"200ms\"}                         |      | /v1/echo/x    | 200"})
  void theMostSpecificDefaultApplies(String timeout, String routeTimeouts, String header, String uri, int want,
      Vertx vertx, VertxTestContext ctx) {
    TestGateway.start(vertx, o -> o.setTimeoutMillis(io.vgw.impl.Durations.toMillis(timeout, "timeout"))
        .setRoutes(new RoutesOptions(new JsonObject().put("timeouts", new JsonObject(routeTimeouts)))))
        .compose(gw -> {
          HttpRequest<io.vertx.core.buffer.Buffer> req = gw.client.get(uri);
          if (header != null) {
            req.putHeader("Grpc-Timeout", header);
          }
          return req.send().andThen(ctx.succeeding(r -> ctx.verify(() -> {
            String what = "timeout " + timeout + " routes " + routeTimeouts + " header " + header + " " + uri;
            assertEquals(want, r.statusCode(), "got " + r.statusCode() + " " + r.bodyAsString() + "; want " + want + "; input " + what);
            if (want == 504) {
              assertEquals(4, r.bodyAsJsonObject().getInteger("code"), "DEADLINE_EXCEEDED, not CANCELLED; input " + what);
            }
          }))).compose(r -> gw.gateway.close()).compose(v -> gw.backend.close());
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aTimeoutForARouteThatDoesNotExistStopsTheStart(Vertx vertx, VertxTestContext ctx) {
    TestGateway.start(vertx, o -> o.setRoutes(new RoutesOptions().putTimeoutMillis("vgw.demo.v1.EchoService.Nope", 1000)))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertTrue(err instanceof IllegalArgumentException, String.valueOf(err));
          assertTrue(err.getMessage().contains("vgw.demo.v1.EchoService.Nope"), err.getMessage());
          ctx.completeNow();
        })));
  }

  /**
   * A deadline that fires after the stream began: the status line is out, so the answer ends with
   * an error line, DEADLINE_EXCEEDED (on a machine so loaded that no message came first, a 504).
   */
  @Test
  void deadlineDuringAStreamEndsItWithCode4(Vertx vertx, VertxTestContext ctx) {
    TestGateway.start(vertx).compose(gw -> gw.client.get("/v1/stream?count=100&intervalMillis=100&message=m")
        .putHeader("Grpc-Timeout", "1000m").send()
        .andThen(ctx.succeeding(r -> ctx.verify(() -> {
          if (r.statusCode() == 504) {
            assertEquals(4, r.bodyAsJsonObject().getInteger("code"));
            return;
          }
          assertEquals(200, r.statusCode(), r.bodyAsString());
          String[] lines = r.bodyAsString().trim().split("\n");
          assertTrue(lines.length >= 2, r.bodyAsString());
          assertTrue(new JsonObject(lines[0]).containsKey("result"), lines[0]);
          JsonObject last = new JsonObject(lines[lines.length - 1]);
          assertEquals(4, last.getJsonObject("error").getInteger("code"), "got " + last + "; want code 4");
        })))
        .compose(r -> gw.gateway.close()).compose(v -> gw.backend.close()))
        .onComplete(ctx.succeedingThenComplete());
  }
}
