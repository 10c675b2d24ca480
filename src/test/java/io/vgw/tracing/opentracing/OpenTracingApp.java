package io.vgw.tracing.opentracing;

// example:begin
import io.opentracing.Tracer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.web.Router;
import io.vgw.GatewayOptions;
import io.vgw.GatewayRoutes;
import io.vgw.tracing.OpenTracingVertx;
import io.vgw.tracing.TracingOptions;

/** An application that already traces with OpenTracing, with vgw's routes below /api. */
public final class OpenTracingApp {

  /** Vert.x with your tracer: the gateway and Vert.x's own clients trace with it. */
  public static Vertx tracedVertx(Tracer tracer) {
    return Vertx.builder().withTracer(OpenTracingVertx.tracerFactory(tracer)).build();
  }

  /** Your routes and the gateway's on one server; /hello calls another service with Vert.x's client. */
  public static Future<HttpServer> serve(Vertx vertx, GatewayOptions options, SocketAddress other, int port) {
    options.getTracing().setMode(TracingOptions.Mode.OPENTRACING);
    HttpClient client = vertx.createHttpClient();
    return GatewayRoutes.load(vertx, options).compose(gateway -> {
      Router root = Router.router(vertx);
      // The seed's tracingWrapper(mux): a ServeHTTP span for every request, yours too.
      root.route().handler(gateway.tracingHandler());
      // Vert.x's client finds the ServeHTTP span on the context: its span is a child of it.
      root.get("/hello").handler(ctx -> client.request(HttpMethod.GET, other.port(), other.host(), "/")
          .compose(HttpClientRequest::send)
          .compose(HttpClientResponse::body)
          .onSuccess(ctx::end)
          .onFailure(ctx::fail));
      root.route("/api/*").subRouter(gateway.router(vertx));
      // The gateway's handler makes the server span; Vert.x's own would be a second one.
      HttpServerOptions server = new HttpServerOptions().setTracingPolicy(TracingPolicy.IGNORE);
      return vertx.createHttpServer(server).requestHandler(root).listen(port, "127.0.0.1");
    });
  }
}
// example:end
