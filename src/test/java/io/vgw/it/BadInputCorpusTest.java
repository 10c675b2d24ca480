package io.vgw.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sends every request of {@code bad-input/cases.jsonl} (made by {@code generate.py} beside it) through
 * a real gateway to a real backend, over a raw socket so that malformed bytes go out as they are.
 * Each must get its JSON error (never a 5xx), the backend must not see a rejected request, and the
 * gateway must serve the next good request.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
class BadInputCorpusTest {

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

  static Stream<JsonObject> cases() throws IOException {
    try (InputStream in = BadInputCorpusTest.class.getResourceAsStream("/bad-input/cases.jsonl")) {
      List<JsonObject> out = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          out.add(new JsonObject(line));
        }
      }
      assertTrue(out.size() >= 200, "the corpus has " + out.size() + " cases; want at least 200");
      return out.stream();
    }
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("cases")
  void answersWithItsJsonErrorAndStaysUp(JsonObject c, Vertx vertx, VertxTestContext ctx) {
    int callsBefore = gw.backend.calls();
    int want = c.getInteger("status");
    send(vertx, request(c)).onComplete(ctx.succeeding(response -> ctx.verify(() -> {
      int status = statusOf(response);
      String body = bodyOf(response);
      String what = "case " + c.getString("name") + ": got " + status + " " + abbreviate(body) + "; want " + want;
      assertTrue(status < 500, what);
      assertEquals(want, status, what);
      if (status >= 400) {
        JsonObject json = new JsonObject(body);
        assertTrue(json.getInteger("code") > 0 && json.getString("message") != null, what);
        assertTrue(!body.contains("Exception") && !body.contains("\tat "), "no stack trace: " + what);
      }
      if (!c.getBoolean("backend")) {
        assertEquals(callsBefore, gw.backend.calls(), "the backend saw a rejected request: " + what);
      }
      gw.client.get("/v1/echo/next").send().onComplete(ctx.succeeding(ok -> ctx.verify(() -> {
        assertEquals(200, ok.statusCode(), "the gateway stopped serving after " + c.getString("name"));
        ctx.completeNow();
      })));
    })));
  }

  private static Buffer request(JsonObject c) {
    Buffer body = null;
    if (c.containsKey("body")) {
      body = Buffer.buffer(c.getString("body"));
    } else if (c.containsKey("bodyBase64")) {
      body = Buffer.buffer(Base64.getDecoder().decode(c.getString("bodyBase64")));
    } else if (c.containsKey("bigBody")) {
      body = Buffer.buffer("{\"message\":\"" + "m".repeat(c.getInteger("bigBody")) + "\"}");
    }
    Buffer req = Buffer.buffer(c.getString("method") + " " + c.getString("path") + " HTTP/1.1\r\n");
    req.appendString("Host: 127.0.0.1\r\nConnection: close\r\n");
    boolean hasLength = false;
    JsonArray headers = c.getJsonArray("headers");
    for (int i = 0; i < headers.size(); i++) {
      JsonArray h = headers.getJsonArray(i);
      hasLength |= h.getString(0).equalsIgnoreCase("content-length");
      req.appendString(h.getString(0) + ": ").appendBuffer(Buffer.buffer(h.getString(1).getBytes(StandardCharsets.UTF_8)))
          .appendString("\r\n");
    }
    if (body != null && !hasLength) {
      req.appendString("Content-Length: " + body.length() + "\r\n");
    }
    req.appendString("\r\n");
    return body == null ? req : req.appendBuffer(body);
  }

  /** Writes the raw request and reads until the gateway closes the connection. */
  private static Future<String> send(Vertx vertx, Buffer request) {
    return vertx.createNetClient().connect(gw.port(), "127.0.0.1").compose(socket -> {
      Promise<String> done = Promise.promise();
      Buffer received = Buffer.buffer();
      socket.handler(received::appendBuffer);
      socket.closeHandler(v -> done.tryComplete(received.toString(StandardCharsets.UTF_8)));
      socket.exceptionHandler(err -> {
        // A gateway may reset a connection after answering an oversize request: keep what came.
      });
      socket.write(request);
      return done.future();
    });
  }

  private static int statusOf(String response) {
    String[] parts = response.split(" ", 3);
    return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
  }

  private static String bodyOf(String response) {
    int i = response.indexOf("\r\n\r\n");
    String body = i < 0 ? "" : response.substring(i + 4);
    if (response.toLowerCase().contains("transfer-encoding: chunked")) {
      // one chunk is all a JSON error takes
      String[] lines = body.split("\r\n");
      body = lines.length > 1 ? lines[1] : "";
    }
    return body;
  }

  private static String abbreviate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }
}
