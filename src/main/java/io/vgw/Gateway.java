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
  private final int configuredPort;

  private Gateway(Vertx vertx, String deploymentId, GatewayVerticle first, int configuredPort) {
    this.vertx = vertx;
    this.deploymentId = deploymentId;
    this.first = first;
    this.configuredPort = configuredPort;
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
    return deploy(vertx, options, false);
  }

  /**
   * As {@link #deploy(Vertx, GatewayOptions)}; with {@code ha}, in a clustered Vert.x with HA
   * enabled, the gateway verticles are deployed by name with their options as configuration, so
   * that the cluster redeploys them on a surviving node when this one dies.
   */
  public static Future<Gateway> deploy(Vertx vertx, GatewayOptions options, boolean ha) {
    GatewayOptions copy = new GatewayOptions(options);
    if (ha) {
      return vertx.deployVerticle(GatewayVerticle.class.getName(), new DeploymentOptions()
              .setConfig(copy.toJson()).setHa(true).setInstances(copy.getInstances()))
          .map(id -> new Gateway(vertx, id, null, copy.getHttpPort()));
    }
    AtomicReference<GatewayVerticle> first = new AtomicReference<>();
    return vertx.executeBlocking(() -> GatewayRuntime.load(copy))
        .compose(runtime -> vertx.deployVerticle(() -> {
          GatewayVerticle v = new GatewayVerticle(runtime);
          first.compareAndSet(null, v);
          return v;
        }, new DeploymentOptions().setInstances(copy.getInstances())))
        .map(id -> new Gateway(vertx, id, first.get(), copy.getHttpPort()));
  }

  /** The port the HTTP listener is bound to (the real one when configured with port 0). */
  public int httpPort() {
    // Deployed by name (HA), the instances are not ours to ask: the configured port it is.
    return first == null ? configuredPort : first.actualPort();
  }

  /**
   * Stops accepting requests, lets in-flight ones finish (bounded by the shutdown timeout), and
   * undeploys every verticle of this gateway.
   */
  public Future<Void> close() {
    return vertx.undeploy(deploymentId);
  }
}
