package io.vgw;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vgw.backend.impl.BackendClient;
import io.vgw.http.impl.BackendCallObserver;
import io.vgw.http.impl.GatewayRouter;
import io.vgw.impl.GatewayRuntime;

/**
 * vgw's routes for a router of your own: embed the gateway in your Vert.x application, beside your
 * own routes, on your own HTTP server.
 *
 * <pre>{@code
 * GatewayRoutes.load(vertx, options).onSuccess(routes -> {
 *   Router root = Router.router(vertx);
 *   root.get("/hello").handler(ctx -> ctx.end("hi"));
 *   root.route("/api/*").subRouter(routes.router(vertx));   // /api/v1/echo → POST /v1/echo
 *   vertx.createHttpServer().requestHandler(root).listen(8080);
 * });
 * }</pre>
 *
 * <p>{@link #load} reads the descriptor sets once (off the event loop); the result is immutable and
 * may be shared by all your verticle instances, each calling {@link #router} on its own event loop
 * (each router gets its own backend connections). Mounted under a prefix, the gateway matches the
 * path below the prefix.
 */
public final class GatewayRoutes {

  private final GatewayRuntime runtime;

  private GatewayRoutes(GatewayRuntime runtime) {
    this.runtime = runtime;
  }

  /**
   * @return fails with {@link IllegalArgumentException} naming the file and the method when a
   *     descriptor set or a rule is invalid
   */
  public static Future<GatewayRoutes> load(Vertx vertx, GatewayOptions options) {
    GatewayOptions copy = new GatewayOptions(options);
    return vertx.executeBlocking(() -> new GatewayRoutes(GatewayRuntime.load(copy)));
  }

  /** A new router with every route of the descriptor sets; call it on the event loop that will serve it. */
  public Router router(Vertx vertx) {
    Router router = Router.router(vertx);
    BackendClient backend = new BackendClient(vertx, runtime.options().getBackends(),
        runtime.options().getLimits().getMaxResponseSize());
    GatewayRouter.mount(router, runtime, backend, BackendCallObserver.NONE);
    return router;
  }
}
