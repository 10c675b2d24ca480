package io.vgw.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vgw.BackendOptions;
import io.vgw.GatewayOptions;
import io.vgw.Main;
import io.vgw.demo.DemoBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** docs/embedding.md's example is this package's EmbeddedApp, and it runs. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class EmbeddingExampleTest {

  private static String between(String text, String begin, String end) {
    int b = text.indexOf(begin);
    int e = text.indexOf(end, b);
    assertTrue(b >= 0 && e > b, "markers " + begin + " … " + end + " missing");
    return text.substring(b + begin.length(), e).strip();
  }

  @Test
  void theDocumentShowsExactlyTheCodeThatIsTested() throws Exception {
    String source = Files.readString(Path.of("src/test/java/io/vgw/examples/EmbeddedApp.java"));
    String doc = Files.readString(Path.of("docs/embedding.md"));
    assertEquals(between(source, "// example:begin", "// example:end"),
        between(doc, "<!-- example:begin -->\n```java", "```\n<!-- example:end -->"),
        "docs/embedding.md must show EmbeddedApp.java as it is");
  }

  @Test
  void userRoutesAndGatewayRoutesShareOneServer(Vertx vertx, VertxTestContext ctx) {
    DemoBackend.start(vertx, "127.0.0.1", 0).compose(backend -> {
      GatewayOptions gateway = new GatewayOptions().addDescriptor(Main.DEMO_DESCRIPTORS)
          .addBackend(new BackendOptions().setAddress("127.0.0.1:" + backend.port()));
      EmbeddedApp app = new EmbeddedApp();
      return vertx.deployVerticle(app, new DeploymentOptions().setConfig(new JsonObject()
          .put("port", 0).put("gateway", gateway.toJson()))).map(id -> app);
    }).compose(app -> {
      WebClient client = WebClient.create(vertx);
      return client.get(app.port(), "127.0.0.1", "/hello").send().compose(hello -> {
        ctx.verify(() -> assertEquals("world", hello.bodyAsJsonObject().getString("hello")));
        return client.post(app.port(), "127.0.0.1", "/api/v1/echo").putHeader("content-type", "application/json")
            .sendJsonObject(new JsonObject().put("message", "embedded"));
      }).compose(echo -> {
        ctx.verify(() -> {
          assertEquals(200, echo.statusCode(), echo.bodyAsString());
          assertEquals("embedded", echo.bodyAsJsonObject().getString("message"));
        });
        return client.get(app.port(), "127.0.0.1", "/api/v2/nothing").send();
      }).compose(notFound -> {
        // the gateway's own JSON errors under the mount point too
        ctx.verify(() -> assertEquals(404, notFound.statusCode()));
        return client.get(app.port(), "127.0.0.1", "/api/v1/echo/abc").send();
      }).map(get -> {
        ctx.verify(() -> assertEquals("abc", get.bodyAsJsonObject().getString("id")));
        return null;
      });
    }).onComplete(ctx.succeedingThenComplete());
  }
}
