package io.vgw.http.impl;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vgw.LimitsOptions;
import io.vgw.backend.impl.BackendClient;
import io.vgw.impl.GatewayRuntime;

/**
 * Assembles the gateway's router: the health endpoints (untraced), tracing, body limits,
 * transcoding, and the one error renderer.
 */
public final class GatewayRouter {

  private GatewayRouter() {
  }

  public static Router create(Vertx vertx, GatewayRuntime runtime, BackendClient backend, TracingMode tracing) {
    Router router = Router.router(vertx);
    mount(router, runtime, backend, tracing);
    return router;
  }

  /**
   * Adds the gateway's routes to an existing router, after whatever routes it already has.
   *
   * @return the transcoding handler, whose live settings its owner may change
   */
  public static TranscodingHandler mount(Router router, GatewayRuntime runtime, BackendClient backend,
      TracingMode tracing) {
    LimitsOptions limits = runtime.options().getLimits();
    if (backend.health() != null) {
      // Ahead of tracing: health checks never start a span.
      HealthRoutes.mount(router, backend.health(), runtime.json(), false);
    }
    // First, so that requests the limits refuse are traced too.
    router.route().handler(tracing.handler());
    router.route().handler(RequestLimits.beforeBody(limits));
    router.route().handler(BodyHandler.create(false).setBodyLimit(runtime.options().getMaxBodySize()));
    router.route().handler(RequestLimits.afterBody(limits));
    TranscodingHandler transcoding = new TranscodingHandler(runtime, backend, tracing.observer());
    router.route().handler(transcoding);
    router.route().failureHandler(new ErrorHandler(runtime.json(), runtime.options().getHeaders()));
    return transcoding;
  }
}
