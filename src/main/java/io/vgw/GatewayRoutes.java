package io.vgw;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vgw.backend.impl.BackendClient;
import io.vgw.export.ExportStats;
import io.vgw.http.impl.GatewayRouter;
import io.vgw.impl.GatewayRuntime;
import io.vgw.impl.GatewayStack;

/**
 * vgw's routes for a router of your own: embed the gateway in your Vert.x application, beside your
 * own routes, on your own HTTP server.
 *
 * <pre>{@code
 * GatewayRoutes.load(vertx, options).onSuccess(routes -> {
 *   Router root = Router.router(vertx);
 *   root.route().handler(routes.tracingHandler());           // your routes traced like vgw's
 *   root.get("/hello").handler(ctx -> ctx.end("hi"));
 *   root.route("/api/*").subRouter(routes.router(vertx));   // /api/v1/echo → POST /v1/echo
 *   vertx.createHttpServer().requestHandler(root).listen(8080);
 * });
 * }</pre>
 *
 * <p>{@link #load} reads the descriptor sets once (off the event loop) and deploys the span export
 * pipeline (a worker verticle) when tracing is on; the result may be shared by all your verticle
 * instances, each calling {@link #router} on its own event loop (each router gets its own backend
 * connections). Mounted under a prefix, the gateway matches the path below the prefix.
 * {@link #close()} (or closing your Vert.x) flushes the spans.
 */
public final class GatewayRoutes {

  private final GatewayStack stack;

  private GatewayRoutes(GatewayStack stack) {
    this.stack = stack;
  }

  /**
   * @return fails with {@link IllegalArgumentException} naming the file and the method when a
   *     descriptor set or a rule is invalid
   */
  public static Future<GatewayRoutes> load(Vertx vertx, GatewayOptions options) {
    GatewayOptions copy = new GatewayOptions(options);
    return vertx.executeBlocking(() -> GatewayRuntime.load(copy))
        .compose(runtime -> GatewayStack.deployEmbedded(vertx, runtime))
        .map(GatewayRoutes::new);
  }

  /** A new router with every route of the descriptor sets; call it on the event loop that will serve it. */
  public Router router(Vertx vertx) {
    GatewayRuntime runtime = stack.parts().runtime();
    Router router = Router.router(vertx);
    BackendClient backend = new BackendClient(vertx, runtime.options().getBackends(),
        runtime.options().getLimits().getMaxResponseSize(), stack.parts().health());
    GatewayRouter.mount(router, runtime, backend, stack.parts().tracing());
    return router;
  }

  /**
   * The gateway's tracing handler, for your own routes: put it first on your root router and your
   * requests get server spans like the gateway's (a request reaching a gateway route through it is
   * traced once, not twice).
   */
  public Handler<RoutingContext> tracingHandler() {
    return stack.parts().tracing().handler();
  }

  /** An OpenCensus tracer exporting with the gateway's spans (see {@link io.vgw.tracing.Spans}). */
  public io.opencensus.trace.Tracer tracer() {
    return stack.parts().tracing().tracer();
  }

  /** A snapshot of the span export counters. */
  public ExportStats exportStats() {
    return stack.exportStats();
  }

  /** Flushes the spans and undeploys the export pipeline. */
  public Future<Void> close() {
    return stack.close();
  }
}
