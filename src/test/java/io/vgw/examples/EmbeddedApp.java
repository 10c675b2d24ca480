package io.vgw.examples;

// example:begin
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.opencensus.trace.Span;
import io.vgw.GatewayOptions;
import io.vgw.GatewayRoutes;
import io.vgw.tracing.Spans;

/**
 * A user's own verticle: its own routes and vgw's, on one HTTP server.
 * Configuration: {"port": 8080, "gateway": {<GatewayOptions JSON>}}.
 */
public class EmbeddedApp extends VerticleBase {

  private HttpServer server;
  private GatewayRoutes gateway;

  @Override
  public Future<?> start() {
    GatewayOptions gatewayOptions = new GatewayOptions(config().getJsonObject("gateway"));
    return GatewayRoutes.load(vertx, gatewayOptions).compose(gateway -> {
      this.gateway = gateway;
      Router root = Router.router(vertx);
      // First: the application's requests are traced like the gateway's (and exported with them).
      root.route().handler(gateway.tracingHandler());
      // The application's own routes, with a span of their own inside the request's...
      root.get("/hello").handler(ctx -> {
        Span span = Spans.child("hello.work").startSpan();
        span.end();
        ctx.json(new io.vertx.core.json.JsonObject().put("hello", "world"));
      });
      // ...and every route of the gateway below /api: POST /api/v1/echo is POST /v1/echo.
      root.route("/api/*").subRouter(gateway.router(vertx));
      return vertx.createHttpServer().requestHandler(root).listen(config().getInteger("port", 8080), "127.0.0.1");
    }).onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    // Stop accepting, let requests in flight finish (up to 10 s), then close.
    return server == null ? Future.succeededFuture() : server.shutdown(10, java.util.concurrent.TimeUnit.SECONDS);
  }

  /** The embedded gateway, for tests that look at its export statistics. */
  public GatewayRoutes gateway() {
    return gateway;
  }

  /** The port the server listens on, for tests that start it on port 0. */
  public int port() {
    return server.actualPort();
  }
}
// example:end
