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
import io.vgw.tracing.SamplerOptions;
import io.vgw.tracing.SamplingOptions;
import io.vgw.tracing.TracingOptions;
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
    String[] deploymentId = new String[1];
    DemoBackend.start(vertx, "127.0.0.1", 0).compose(backend -> {
      GatewayOptions gateway = new GatewayOptions().addDescriptor(Main.DEMO_DESCRIPTORS)
          .addBackend(new BackendOptions().setAddress("127.0.0.1:" + backend.port()))
          .setTracing(new TracingOptions().setSampling(new SamplingOptions().setSampler(SamplerOptions.always())));
      EmbeddedApp app = new EmbeddedApp();
      return vertx.deployVerticle(app, new DeploymentOptions().setConfig(new JsonObject()
          .put("port", 0).put("gateway", gateway.toJson()))).map(id -> {
            deploymentId[0] = id;
            return app;
          });
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
      }).compose(get -> {
        ctx.verify(() -> assertEquals("abc", get.bodyAsJsonObject().getString("id")));
        // Undeploying the app answers what is in flight and ends every span.
        return vertx.undeploy(deploymentId[0]).map(app);
      });
    }).onComplete(ctx.succeeding(app -> ctx.verify(() -> {
      // GET /hello: server span + hello.work; POST /api/v1/echo, GET /api/v1/echo/abc: server + client
      // span each; the 404: a server span. One tracing handler on both kinds of route, each traced once.
      assertEquals(7, app.gateway().exportStats().pushed(), app.gateway().exportStats().toString());
      ctx.completeNow();
    })));
  }
}
