package io.vgw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vgw.demo.DemoBackend;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every gateway verticle listens on the one port, also when it was configured as 0 (any free port). */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class ListenersTest {

  @Test
  void instancesOnPortZeroShareTheFirstOnesPort(Vertx vertx, VertxTestContext ctx) {
    DemoBackend.start(vertx, "127.0.0.1", 0).compose(backend -> Gateway.deploy(vertx, new GatewayOptions()
            .setHttpHost("127.0.0.1").setHttpPort(0).setInstances(3).setAdmin(new AdminOptions().setPort(0))
            .addDescriptor(Main.DEMO_DESCRIPTORS)
            .addBackend(new BackendOptions().setAddress("127.0.0.1:" + backend.port())))
        .compose(gw -> {
          ctx.verify(() -> {
            assertEquals(3, gw.listenerPorts().size(), gw.listenerPorts().toString());
            assertEquals(Collections.nCopies(3, gw.httpPort()), gw.listenerPorts(), "one port for all three");
          });
          return gw.close();
        })
        .eventually(backend::close))
        .onComplete(ctx.succeedingThenComplete());
  }
}
