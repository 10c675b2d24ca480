package io.vgw.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every rule of the demo service, through the real gateway to the real demo backend. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class GatewayEndToEndTest {

  private static TestGateway gw;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext ctx) {
    TestGateway.start(vertx).onComplete(ctx.succeeding(g -> {
      gw = g;
      ctx.completeNow();
    }));
  }

  @AfterAll
  static void stop(VertxTestContext ctx) {
    gw.gateway.close().compose(v -> gw.backend.close()).onComplete(ctx.succeedingThenComplete());
  }

  private static HttpRequest<Buffer> postJson(String path) {
    return gw.client.post(path).putHeader("content-type", "application/json");
  }

  @Test
  void postWithWholeBodyEchoesEveryField(VertxTestContext ctx) {
    JsonObject body = new JsonObject().put("message", "hello").put("count", 3)
        .put("tags", new JsonArray().add("a").add("b")).put("nested", new JsonObject().put("note", "n"))
        .put("kind", "KIND_SIMPLE").put("big", "12345678901234567");
    postJson("/v1/echo").sendBuffer(body.toBuffer()).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(200, r.statusCode(), r.bodyAsString());
      assertEquals("application/json", r.getHeader("content-type"));
      JsonObject json = r.bodyAsJsonObject();
      assertEquals("hello", json.getString("message"));
      assertEquals(3, json.getInteger("count"));
      assertEquals(new JsonArray().add("a").add("b"), json.getJsonArray("tags"));
      assertEquals("n", json.getJsonObject("nested").getString("note"));
      assertEquals("KIND_SIMPLE", json.getString("kind"));
      // int64 is a decimal string in the JSON mapping; zero values are printed (grpc-gateway's default)
      assertEquals("12345678901234567", json.getString("big"));
      assertEquals("", json.getString("id"));
      assertEquals(false, json.getJsonObject("nested").getBoolean("flag"));
      ctx.completeNow();
    })));
  }

  @Test
  void getBindsPathThenQuery(VertxTestContext ctx) {
    gw.client.get("/v1/echo/abc%20d?message=hi&tags=x&tags=y&nested.flag=true&kind=2&big=-5&id=ignored")
        .send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(200, r.statusCode(), r.bodyAsString());
          JsonObject json = r.bodyAsJsonObject();
          assertEquals("abc d", json.getString("id"), "the path variable wins over the query");
          assertEquals("hi", json.getString("message"));
          assertEquals(new JsonArray().add("x").add("y"), json.getJsonArray("tags"));
          assertEquals(true, json.getJsonObject("nested").getBoolean("flag"));
          assertEquals("KIND_FANCY", json.getString("kind"), "enum by number");
          assertEquals("-5", json.getString("big"));
          ctx.completeNow();
        })));
  }

  @ParameterizedTest(name = "gRPC {0} -> HTTP {1}")
  @CsvSource({
      "1, 499", "2, 500", "3, 400", "4, 504", "5, 404", "6, 409", "7, 403", "8, 429", "9, 400",
      "10, 409", "11, 400", "12, 501", "13, 500", "14, 503", "15, 500", "16, 401"})
  void grpcStatusMapsToHttpStatus(int code, int http, VertxTestContext ctx) {
    postJson("/v1/fail").sendJsonObject(new JsonObject().put("code", code).put("message", "because " + code))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(http, r.statusCode(), "got " + r.statusCode() + "; want " + http + "; input code " + code);
          JsonObject json = r.bodyAsJsonObject();
          assertEquals(code, json.getInteger("code"));
          assertEquals("because " + code, json.getString("message"));
          assertEquals(new JsonArray(), json.getJsonArray("details"));
          ctx.completeNow();
        })));
  }

  @Test
  void errorDetailsAreDecodedFromStatusDetailsBin(VertxTestContext ctx) {
    postJson("/v1/fail").sendJsonObject(new JsonObject().put("code", 5).put("message", "no such thing").put("reason", "MISSING"))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(404, r.statusCode());
          JsonObject json = r.bodyAsJsonObject();
          assertEquals(5, json.getInteger("code"));
          assertEquals("no such thing", json.getString("message"));
          JsonObject detail = json.getJsonArray("details").getJsonObject(0);
          assertEquals("type.googleapis.com/google.rpc.ErrorInfo", detail.getString("@type"));
          assertEquals("MISSING", detail.getString("reason"));
          assertEquals("vgw.demo", detail.getString("domain"));
          ctx.completeNow();
        })));
  }

  @Test
  void unknownPathIs404Json(VertxTestContext ctx) {
    gw.client.get("/v2/nothing").send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(404, r.statusCode());
      assertEquals(new JsonObject().put("code", 5).put("message", "Not Found").put("details", new JsonArray()),
          r.bodyAsJsonObject());
      ctx.completeNow();
    })));
  }

  @Test
  void wrongMethodIs405WithAllow(VertxTestContext ctx) {
    gw.client.delete("/v1/echo").send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(405, r.statusCode());
      assertEquals("POST", r.getHeader("Allow"));
      assertEquals(12, r.bodyAsJsonObject().getInteger("code"));
      ctx.completeNow();
    })));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "malformed JSON            | {\"count\":              | malformed JSON",
      "wrong type names field    | {\"count\":\"abc\"}      | field \"count\"",
      "not an object             | [1,2]                    | must be an object",
      "fraction for an int      | {\"count\":1.5}         | field \"count\""})
  void badBodyIs400(String name, String body, String mentions, VertxTestContext ctx) {
    postJson("/v1/echo").sendBuffer(Buffer.buffer(body)).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(400, r.statusCode(), r.bodyAsString());
      JsonObject json = r.bodyAsJsonObject();
      assertEquals(3, json.getInteger("code"));
      assertTrue(json.getString("message").contains(mentions),
          "got " + json.getString("message") + "; want it to mention " + mentions + "; input " + body);
      ctx.completeNow();
    })));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "bad int in query      | /v1/echo/a?count=x         | query parameter \"count\"",
      "scalar given twice    | /v1/echo/a?count=1&count=2 | more than once",
      "bad percent escape    | /v1/echo/a%ZZ              | percent-encoding",
      "bad enum in query     | /v1/echo/a?kind=NOPE       | query parameter \"kind\""})
  void badQueryOrPathIs400(String name, String uri, String mentions, VertxTestContext ctx) {
    gw.client.get(uri).send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(400, r.statusCode(), r.bodyAsString());
      assertTrue(r.bodyAsJsonObject().getString("message").contains(mentions), r.bodyAsString());
      ctx.completeNow();
    })));
  }

  @Test
  void nonJsonContentTypeIs415(VertxTestContext ctx) {
    gw.client.post("/v1/echo").putHeader("content-type", "text/plain").sendBuffer(Buffer.buffer("{}"))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(415, r.statusCode());
          assertEquals(3, r.bodyAsJsonObject().getInteger("code"));
          ctx.completeNow();
        })));
  }

  @Test
  void grpcTimeoutHeaderSetsTheDeadline(VertxTestContext ctx) {
    gw.client.get("/v1/slow/3000").putHeader("Grpc-Timeout", "100m").send()
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(504, r.statusCode(), r.bodyAsString());
          assertEquals(4, r.bodyAsJsonObject().getInteger("code"));
          ctx.completeNow();
        })));
  }

  @Test
  void badGrpcTimeoutIs400(VertxTestContext ctx) {
    gw.client.get("/v1/slow/1").putHeader("Grpc-Timeout", "soon").send()
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(400, r.statusCode());
          assertTrue(r.bodyAsJsonObject().getString("message").contains("Grpc-Timeout"));
          ctx.completeNow();
        })));
  }

  @Test
  void slowCallWithinDeadlineSucceeds(VertxTestContext ctx) {
    gw.client.get("/v1/slow/50").putHeader("Grpc-Timeout", "5S").send()
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(200, r.statusCode(), r.bodyAsString());
          assertEquals("slept 50ms", r.bodyAsJsonObject().getString("message"));
          ctx.completeNow();
        })));
  }

  @Test
  void headersBecomeMetadata(VertxTestContext ctx) {
    gw.client.get("/v1/echo/h")
        .putHeader("Grpc-Metadata-Tenant", "acme")
        .putHeader("Authorization", "Bearer t")
        .putHeader("Grpc-Metadata-Blob-Bin", "AAEC")
        .putHeader("X-Forwarded-For", "10.1.2.3")
        .putHeader("Connection", "keep-alive")
        .send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(200, r.statusCode(), r.bodyAsString());
          JsonObject md = r.bodyAsJsonObject().getJsonObject("metadata");
          assertEquals("acme", md.getString("tenant"));
          assertEquals("Bearer t", md.getString("authorization"));
          assertEquals("Bearer t", md.getString("grpcgateway-authorization"));
          assertEquals("10.1.2.3, 127.0.0.1", md.getString("x-forwarded-for"));
          assertEquals("127.0.0.1:" + gw.port(), md.getString("x-forwarded-host"));
          assertTrue(!md.containsKey("connection") && !md.containsKey("grpcgateway-connection"), md.encode());
          ctx.completeNow();
        })));
  }

  @Test
  void badBase64InBinaryMetadataIs400(VertxTestContext ctx) {
    gw.client.get("/v1/echo/h").putHeader("Grpc-Metadata-Blob-Bin", "%%%").send()
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(400, r.statusCode(), r.bodyAsString());
          ctx.completeNow();
        })));
  }

  @Test
  void serverStreamIsNewlineDelimitedJson(VertxTestContext ctx) {
    gw.client.get("/v1/stream?count=3&message=s&intervalMillis=5").send()
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(200, r.statusCode());
          String[] lines = r.bodyAsString().trim().split("\n");
          assertEquals(3, lines.length, r.bodyAsString());
          for (int i = 0; i < 3; i++) {
            JsonObject result = new JsonObject(lines[i]).getJsonObject("result");
            assertEquals(i + 1, result.getInteger("count"));
            assertEquals("s", result.getString("message"));
          }
          ctx.completeNow();
        })));
  }

  @Test
  void clientDisconnectCancelsTheBackendCall(Vertx vertx, VertxTestContext ctx) {
    int before = gw.backend.cancelledCalls();
    int callsBefore = gw.backend.calls();
    HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultPort(gw.port()).setDefaultHost("127.0.0.1"));
    http.request(HttpMethod.GET, "/v1/slow/10000").compose(req -> req.send().transform(ar -> null))
        .onComplete(ar -> { });
    // Once the call has reached the backend, drop the connection; then the backend must see CANCELLED.
    boolean[] closed = {false};
    vertx.setPeriodic(20, id -> {
      if (!closed[0] && gw.backend.calls() > callsBefore) {
        closed[0] = true;
        http.close();
      }
      if (gw.backend.cancelledCalls() > before) {
        vertx.cancelTimer(id);
        ctx.completeNow();
      }
    });
  }

  @Test
  void httpBodyComesBackRawWithItsContentType(VertxTestContext ctx) {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff};
    gw.client.post("/v1/body").putHeader("content-type", "image/png").sendBuffer(Buffer.buffer(png))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(200, r.statusCode(), r.bodyAsString());
          assertEquals("image/png", r.getHeader("content-type"));
          assertEquals(Buffer.buffer(png), r.bodyAsBuffer());
          ctx.completeNow();
        })));
  }

  @Test
  void gatewayStillServesAfterBadInput(VertxTestContext ctx) {
    postJson("/v1/echo").sendBuffer(Buffer.buffer("{\"nested\":")).compose(bad -> {
      ctx.verify(() -> assertEquals(400, bad.statusCode()));
      return postJson("/v1/echo").sendJsonObject(new JsonObject().put("message", "ok"));
    }).onComplete(ctx.succeeding((HttpResponse<Buffer> r) -> ctx.verify(() -> {
      assertEquals(200, r.statusCode());
      assertEquals("ok", r.bodyAsJsonObject().getString("message"));
      ctx.completeNow();
    })));
  }
}
