package io.vgw.examples;

// example:begin
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vgw.GatewayOptions;
import io.vgw.GatewayRoutes;

/**
 * A user's own verticle: its own routes and vgw's, on one HTTP server.
 * Configuration: {"port": 8080, "gateway": {<GatewayOptions JSON>}}.
 */
public class EmbeddedApp extends VerticleBase {

  private HttpServer server;

  @Override
  public Future<?> start() {
    GatewayOptions gatewayOptions = new GatewayOptions(config().getJsonObject("gateway"));
    return GatewayRoutes.load(vertx, gatewayOptions).compose(gateway -> {
      Router root = Router.router(vertx);
      // The application's own routes...
      root.get("/hello").handler(ctx -> ctx.json(new io.vertx.core.json.JsonObject().put("hello", "world")));
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

  /** The port the server listens on, for tests that start it on port 0. */
  public int port() {
    return server.actualPort();
  }
}
// example:end
