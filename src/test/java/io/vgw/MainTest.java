package io.vgw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class MainTest {

  @TempDir
  Path dir;

  @Test
  void fileThenEnvironmentThenFlags() throws Exception {
    Path conf = dir.resolve("gateway.json");
    Files.writeString(conf, new JsonObject()
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 1000))
        .put("timeout", "1s").put("instances", 1).encode());
    JsonObject c = Main.configuration(
        new String[] {"-conf", conf.toString(), "--http.port=3000", "--json.protoNames=true"},
        Map.of("VGW_HTTP_PORT", "2000", "VGW_TIMEOUT", "5s", "VGW_BACKENDS", "127.0.0.1:7000"));
    GatewayOptions o = new GatewayOptions(c);
    assertEquals("127.0.0.1", o.getHttpHost(), "from the file");
    assertEquals(3000, o.getHttpPort(), "the flag wins over the environment and the file");
    assertEquals(5000, o.getTimeoutMillis(), "the environment wins over the file");
    assertEquals(1, o.getInstances());
    assertEquals("127.0.0.1:7000", o.getBackends().get(0).getAddress());
    assertTrue(o.isJsonProtoNames());
  }

  @Test
  void helpAndBadArguments() {
    assertNull(Main.configuration(new String[] {"--help"}, Map.of()));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Main.configuration(new String[] {"-conf", dir.resolve("missing.json").toString()}, Map.of()))
        .getMessage().contains("no such file"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Main.configuration(new String[] {"--verbose"}, Map.of())).getMessage().contains("--verbose"));
  }

  @Test
  void badJsonFileIsOneClearLine() throws Exception {
    Path conf = dir.resolve("bad.json");
    Files.writeString(conf, "{ not json");
    String m = assertThrows(IllegalArgumentException.class,
        () -> Main.configuration(new String[] {"-conf", conf.toString()}, Map.of())).getMessage();
    assertTrue(m.contains(conf.toString()) && m.contains("not valid JSON"), m);
  }

  @Test
  void noArgumentsStartsTheEmbeddedDemo(Vertx vertx, VertxTestContext ctx) {
    // As `java -jar vgw.jar` with no arguments, but on a free port so tests never collide.
    JsonObject config = Main.configuration(new String[0], Map.of("VGW_HTTP_PORT", "0", "VGW_HTTP_HOST", "127.0.0.1", "VGW_ADMIN_PORT", "0"));
    Main.start(vertx, config).compose(running -> {
      ctx.verify(() -> {
        String banner = running.banner();
        assertTrue(banner.contains("curl"), banner);
        assertTrue(banner.contains(":" + running.gateway().httpPort() + "/v1/echo"), banner);
        assertTrue(banner.contains("listening on http://127.0.0.1:" + running.gateway().httpPort() + "\n"), banner);
      });
      return WebClient.create(vertx).post(running.gateway().httpPort(), "127.0.0.1", "/v1/echo")
          .putHeader("content-type", "application/json")
          .sendJsonObject(new JsonObject().put("message", "hello"))
          .eventually(running::close);
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(200, r.statusCode(), r.bodyAsString());
      assertEquals("hello", r.bodyAsJsonObject().getString("message"));
      ctx.completeNow();
    })));
  }
}
