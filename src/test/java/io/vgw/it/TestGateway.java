package io.vgw.it;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vgw.AdminOptions;
import io.vgw.BackendOptions;
import io.vgw.Gateway;
import io.vgw.GatewayOptions;
import io.vgw.Main;
import io.vgw.demo.DemoBackend;
import java.util.function.UnaryOperator;

/** A real demo backend on an ephemeral loopback port and a real gateway in front of it. */
public final class TestGateway {

  public final DemoBackend backend;
  public final Gateway gateway;
  public final WebClient client;

  private TestGateway(DemoBackend backend, Gateway gateway, WebClient client) {
    this.backend = backend;
    this.gateway = gateway;
    this.client = client;
  }

  public static Future<TestGateway> start(Vertx vertx) {
    return start(vertx, UnaryOperator.identity());
  }

  public static Future<TestGateway> start(Vertx vertx, UnaryOperator<GatewayOptions> customize) {
    return DemoBackend.start(vertx, "127.0.0.1", 0).compose(backend -> {
      GatewayOptions options = new GatewayOptions()
          .setHttpHost("127.0.0.1")
          .setHttpPort(0)
          .setInstances(1)
          .setAdmin(new AdminOptions().setPort(0))
          .addDescriptor(Main.DEMO_DESCRIPTORS)
          .addBackend(new BackendOptions().setAddress("127.0.0.1:" + backend.port()));
      return Gateway.deploy(vertx, customize.apply(options)).map(gw -> new TestGateway(backend, gw,
          WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(gw.httpPort()))));
    });
  }

  public int port() {
    return gateway.httpPort();
  }
}
