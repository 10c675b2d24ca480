package io.vgw;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vgw.impl.GatewayRuntime;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The public entry: deploys a gateway from {@link GatewayOptions} into a {@link Vertx} and undeploys
 * it again.
 *
 * <pre>{@code
 * Gateway.deploy(vertx, new GatewayOptions()
 *         .addDescriptor("protos.desc")
 *         .addBackend(new BackendOptions().setAddress("127.0.0.1:9090")))
 *     .onSuccess(gw -> System.out.println("listening on " + gw.httpPort()));
 * }</pre>
 */
public final class Gateway {

  private final Vertx vertx;
  private final String deploymentId;
  private final GatewayVerticle first;

  private Gateway(Vertx vertx, String deploymentId, GatewayVerticle first) {
    this.vertx = vertx;
    this.deploymentId = deploymentId;
    this.first = first;
  }

  /**
   * Reads the descriptor sets (off the event loop), then deploys
   * {@link GatewayOptions#getInstances()} gateway verticles.
   *
   * @return fails with {@link IllegalArgumentException} (one line naming the file and the method)
   *     when the options, a descriptor set or a rule is invalid; with the bind error when the port
   *     is taken. Nothing stays deployed after a failure.
   */
  public static Future<Gateway> deploy(Vertx vertx, GatewayOptions options) {
    GatewayOptions copy = new GatewayOptions(options);
    AtomicReference<GatewayVerticle> first = new AtomicReference<>();
    return vertx.executeBlocking(() -> GatewayRuntime.load(copy))
        .compose(runtime -> vertx.deployVerticle(() -> {
          GatewayVerticle v = new GatewayVerticle(runtime);
          first.compareAndSet(null, v);
          return v;
        }, new DeploymentOptions().setInstances(copy.getInstances())))
        .map(id -> new Gateway(vertx, id, first.get()));
  }

  /** The port the HTTP listener is bound to (the real one when configured with port 0). */
  public int httpPort() {
    return first.actualPort();
  }

  /**
   * Stops accepting requests, lets in-flight ones finish (bounded by the shutdown timeout), and
   * undeploys every verticle of this gateway.
   */
  public Future<Void> close() {
    return vertx.undeploy(deploymentId);
  }
}
