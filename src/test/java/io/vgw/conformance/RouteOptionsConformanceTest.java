package io.vgw.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vgw.RoutesOptions;
import io.vgw.conformance.v1.ConformanceProto;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code routes} options that change answers: grpc-gateway's 501 for a wrong method, strict query parameters. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class RouteOptionsConformanceTest {

  private static ConformanceGateway gw;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext ctx) {
    JsonObject routes = new JsonObject().put("wrongMethodStatus", 501).put("rejectUnknownQueryParameters", true)
        .put("ignoredQueryParameters", new JsonArray().add("access_token"));
    ConformanceGateway.start(vertx, o -> o.setRoutes(new RoutesOptions(routes)), ConformanceProto.getDescriptor())
        .onComplete(ctx.succeeding(g -> {
          gw = g;
          ctx.completeNow();
        }));
  }

  @AfterAll
  static void stop(VertxTestContext ctx) {
    gw.close().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void wrongMethodIs501AsInGrpcGateway(VertxTestContext ctx) {
    gw.client.get("/t/m/1").send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(501, r.statusCode(), r.bodyAsString());
      assertEquals(new JsonObject().put("code", 12).put("message", "Method Not Allowed").put("details", new JsonArray()),
          r.bodyAsJsonObject());
      assertNull(r.getHeader("Allow"));
      ctx.completeNow();
    })));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "GET  | /t/abc?nope=1                 | 400 | unknown query parameter \"nope\"",
      "GET  | /t/abc?sub.nope=1             | 400 | unknown query parameter \"sub.nope\"",
      "GET  | /t/abc?x%5By%5D=z             | 400 | unknown query parameter \"x[y]\"",
      "GET  | /t/abc?access_token=x&tags=a  | 200 | ''",
      "GET  | /t/abc?id=bound-by-the-path   | 200 | ''",
      "GET  | /t/abc?sub.a=x&revision=3     | 200 | ''",
      "POST | /t/body/star/1?revision=1     | 400 | unknown query parameter \"revision\"",
      "POST | /t/body/star/1?access_token=t | 200 | ''"})
  void unknownQueryParametersAreRejectedWhenAsked(String method, String uri, int status, String mentions,
      VertxTestContext ctx) {
    int before = gw.backend.count();
    ConformanceTest.send(gw, method, uri, method.equals("POST") ? "application/json" : null,
        method.equals("POST") ? Buffer.buffer("{}") : null).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(status, r.statusCode(), "got " + r.statusCode() + " " + r.bodyAsString() + "; want " + status
              + "; input " + method + " " + uri);
          if (status == 400) {
            assertTrue(r.bodyAsJsonObject().getString("message").contains(mentions), r.bodyAsString());
            assertEquals(before, gw.backend.count(), "the backend saw a rejected request");
          }
          ctx.completeNow();
        })));
  }
}
