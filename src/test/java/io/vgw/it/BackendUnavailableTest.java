package io.vgw.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vgw.BackendOptions;
import io.vgw.Gateway;
import io.vgw.GatewayOptions;
import io.vgw.Main;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class BackendUnavailableTest {

  @Test
  void unreachableBackendIs503WithoutItsAddress(Vertx vertx, VertxTestContext ctx) {
    // Take a free port, then close it: nothing listens there any more.
    vertx.createNetServer().connectHandler(s -> { }).listen(0, "127.0.0.1").compose(server -> {
      int deadPort = server.actualPort();
      return server.close().map(v -> deadPort);
    }).compose(deadPort -> Gateway.deploy(vertx, new GatewayOptions()
        .setHttpHost("127.0.0.1").setHttpPort(0).setInstances(2).setAdmin(new io.vgw.AdminOptions().setPort(0))
        .addDescriptor(Main.DEMO_DESCRIPTORS)
        .addBackend(new BackendOptions().setAddress("127.0.0.1:" + deadPort)))
        .compose(gw -> WebClient.create(vertx).post(gw.httpPort(), "127.0.0.1", "/v1/echo")
            .putHeader("content-type", "application/json")
            .sendJsonObject(new JsonObject().put("message", "x"))
            .map(r -> {
              ctx.verify(() -> {
                assertEquals(503, r.statusCode(), r.bodyAsString());
                JsonObject body = r.bodyAsJsonObject();
                assertEquals(14, body.getInteger("code"));
                assertFalse(body.getString("message").contains(String.valueOf(deadPort)),
                    "no internal address in the answer: " + body);
              });
              return gw;
            })))
        .compose(Gateway::close)
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void severalInstancesShareOneEphemeralPort(Vertx vertx, VertxTestContext ctx) {
    TestGateway.start(vertx, o -> o.setInstances(3)).onComplete(ctx.succeeding(gw -> {
      // Six requests on six connections: whichever instance takes each, all must answer.
      var checkpoint = ctx.checkpoint(6);
      for (int i = 0; i < 6; i++) {
        String id = "n" + i;
        WebClient.create(vertx).get(gw.port(), "127.0.0.1", "/v1/echo/" + id).send()
            .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
              assertEquals(200, r.statusCode());
              assertEquals(id, r.bodyAsJsonObject().getString("id"));
              checkpoint.flag();
            })));
      }
    }));
  }
}
