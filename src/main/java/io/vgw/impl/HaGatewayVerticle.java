package io.vgw.impl;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vgw.Gateway;
import io.vgw.GatewayOptions;

/**
 * The unit Vert.x high availability redeploys: deployed by name with the {@link GatewayOptions} as
 * its configuration, it deploys a whole gateway ({@link Gateway#deploy}) as its children. When its
 * node dies, a surviving node deploys it again from the same configuration.
 */
public final class HaGatewayVerticle extends VerticleBase {

  private Gateway gateway;

  @Override
  public Future<?> start() {
    return Gateway.deploy(vertx, new GatewayOptions(config())).onSuccess(g -> gateway = g);
  }

  @Override
  public Future<?> stop() {
    // Vert.x undeploys the children (gateway, admin, export) before calling this; what is left
    // is the tracing mode's own resources.
    return gateway == null ? Future.succeededFuture() : gateway.close();
  }

  public int httpPort() {
    return gateway == null ? -1 : gateway.httpPort();
  }
}
