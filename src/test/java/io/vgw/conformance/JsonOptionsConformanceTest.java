package io.vgw.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vgw.conformance.v1.ConformanceProto;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JSON mapping's defaults (grpc-gateway's: lowerCamelCase, zero values printed, unknown request
 * fields ignored) and the {@code json.*} options that switch each.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class JsonOptionsConformanceTest {

  private static ConformanceGateway defaults;
  private static ConformanceGateway switched;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext ctx) {
    ConformanceGateway.start(vertx, UnaryOperator.identity(), ConformanceProto.getDescriptor())
        .compose(g -> {
          defaults = g;
          return ConformanceGateway.start(vertx, o -> o.setJsonProtoNames(true).setJsonOmitZeroValues(true)
              .setJsonRejectUnknownFields(true), ConformanceProto.getDescriptor());
        })
        .onComplete(ctx.succeeding(g -> {
          switched = g;
          ctx.completeNow();
        }));
  }

  @AfterAll
  static void stop(VertxTestContext ctx) {
    Future.join(defaults.close(), switched.close()).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void defaultsAreLowerCamelCaseWithZeroValues(VertxTestContext ctx) {
    defaults.client.get("/t/types?snake_case_name=x&i64=5").send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      JsonObject json = r.bodyAsJsonObject();
      assertEquals("x", json.getString("snakeCaseName"), json.encode());
      assertEquals("5", json.getString("i64"), "int64 as a decimal string");
      assertEquals(0, json.getInteger("i32"), "zero values printed");
      assertEquals(false, json.getBoolean("flag"));
      assertEquals("COLOR_UNSPECIFIED", json.getString("color"));
      assertTrue(json.getJsonArray("nums").isEmpty());
      assertFalse(json.containsKey("ts"), "a message field that is not set stays out");
      ctx.completeNow();
    })));
  }

  @Test
  void protoNamesAndOmitZeroValues(VertxTestContext ctx) {
    switched.client.get("/t/types?snake_case_name=x&i64=5").send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      JsonObject json = r.bodyAsJsonObject();
      assertEquals(new JsonObject().put("snake_case_name", "x").put("i64", "5"), json);
      ctx.completeNow();
    })));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource(delimiter = '|', value = {
      "POST  | /t/body/star/1 | {\"text\":\"t\",\"nope\":1}",
      "PATCH | /t/m/1         | {\"a\":\"x\",\"zzz\":{\"y\":1}}",
      "PUT   | /t/m/1         | {\"sub\":{\"deeper\":{\"nope\":true}}}"})
  void unknownBodyFieldsAreIgnoredOrRejected(String method, String uri, String body, VertxTestContext ctx) {
    ConformanceTest.send(defaults, method, uri, "application/json", Buffer.buffer(body))
        .compose(ignored -> {
          ctx.verify(() -> assertEquals(200, ignored.statusCode(), "ignored by default: " + ignored.bodyAsString()));
          return ConformanceTest.send(switched, method, uri, "application/json", Buffer.buffer(body));
        })
        .onComplete(ctx.succeeding(rejected -> ctx.verify(() -> {
          assertEquals(400, rejected.statusCode(), "rejected with json.rejectUnknownFields: " + rejected.bodyAsString());
          assertEquals(3, rejected.bodyAsJsonObject().getInteger("code"));
          ctx.completeNow();
        })));
  }
}
