package io.vgw.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vgw.LimitsOptions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each limit answers with its own status and a JSON body, and the gateway keeps serving. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class LimitsTest {

  private static TestGateway gw;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext ctx) {
    TestGateway.start(vertx, o -> o.setMaxBodySize(2048).setLimits(new LimitsOptions()
            .setMaxHeaderCount(20).setMaxHeaderSize(1024).setMaxUrlLength(512).setMaxJsonDepth(8)
            .setBodyTimeoutMillis(300).setMaxResponseSize(1024)))
        .onComplete(ctx.succeeding(g -> {
          gw = g;
          ctx.completeNow();
        }));
  }

  @AfterAll
  static void stop(VertxTestContext ctx) {
    gw.gateway.close().compose(v -> gw.backend.close()).onComplete(ctx.succeedingThenComplete());
  }

  private static void expect(VertxTestContext ctx, HttpRequest<Buffer> req, Buffer body, int status, String mentions) {
    (body == null ? req.send() : req.sendBuffer(body)).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(status, r.statusCode(), r.bodyAsString());
      assertEquals("application/json", r.getHeader("content-type"));
      assertTrue(r.bodyAsJsonObject().getString("message").contains(mentions), r.bodyAsString());
      // and the next good request is served
      gw.client.get("/v1/echo/ok").send().onComplete(ctx.succeeding(ok -> ctx.verify(() -> {
        assertEquals(200, ok.statusCode());
        ctx.completeNow();
      })));
    })));
  }

  @Test
  void headersTooLargeIs431(VertxTestContext ctx) {
    expect(ctx, gw.client.get("/v1/echo/x").putHeader("X-Big", "a".repeat(2000)), null, 431, "Header");
  }

  @Test
  void tooManyHeadersIs431(VertxTestContext ctx) {
    HttpRequest<Buffer> req = gw.client.get("/v1/echo/x");
    for (int i = 0; i < 25; i++) {
      req.putHeader("X-H" + i, "v");
    }
    expect(ctx, req, null, 431, "headers");
  }

  @Test
  void urlTooLongIs414(VertxTestContext ctx) {
    expect(ctx, gw.client.get("/v1/echo/" + "a".repeat(600)), null, 414, "URI Too Long");
  }

  @Test
  void bodyTooLargeIs413(VertxTestContext ctx) {
    String big = new JsonObject().put("message", "m".repeat(4000)).encode();
    expect(ctx, gw.client.post("/v1/echo").putHeader("content-type", "application/json"), Buffer.buffer(big), 413, "Too Large");
  }

  @Test
  void deepJsonIs400(VertxTestContext ctx) {
    String deep = "{\"nested\":".repeat(10) + "{}" + "}".repeat(10);
    expect(ctx, gw.client.post("/v1/echo").putHeader("content-type", "application/json"), Buffer.buffer(deep), 400, "nests deeper");
  }

  @Test
  void backendResponseTooLargeIs502(VertxTestContext ctx) {
    // 1.5 KB in, echoed back: over the 1 KB response limit, under the 2 KB body limit.
    String body = new JsonObject().put("message", "m".repeat(1500)).encode();
    expect(ctx, gw.client.post("/v1/echo").putHeader("content-type", "application/json"), Buffer.buffer(body), 502, "larger");
  }

  @Test
  void stalledBodyIs408AndTheConnectionCloses(Vertx vertx, VertxTestContext ctx) {
    vertx.createNetClient().connect(gw.port(), "127.0.0.1").onComplete(ctx.succeeding((NetSocket socket) -> {
      Buffer received = Buffer.buffer();
      socket.handler(received::appendBuffer);
      socket.closeHandler(v -> ctx.verify(() -> {
        String text = received.toString();
        assertTrue(text.startsWith("HTTP/1.1 408"), text);
        assertTrue(text.contains("\"code\":4"), text);
        ctx.completeNow();
      }));
      // Promise 100 bytes, send 10, then stall.
      socket.write("POST /v1/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"message\"");
    }));
  }

  @Test
  void methodOverrideHeaderIsIgnoredAndNoServerBanner(VertxTestContext ctx) {
    // grpc-gateway honours X-HTTP-Method-Override; a WAF that allowed a POST must not see a DELETE.
    gw.client.get("/v1/echo/x").putHeader("X-HTTP-Method-Override", "POST").send()
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(200, r.statusCode());
          assertEquals("x", r.bodyAsJsonObject().getString("id"), "served as the GET it is");
          assertNull(r.getHeader("Server"));
          ctx.completeNow();
        })));
  }
}
