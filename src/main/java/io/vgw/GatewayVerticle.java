package io.vgw;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.web.Router;
import io.vgw.backend.impl.BackendClient;
import io.vgw.backend.impl.BackendHealth;
import io.vgw.http.impl.GatewayRouter;
import io.vgw.http.impl.InvalidRequestHandler;
import io.vgw.cluster.LiveSettings;
import io.vgw.http.impl.TranscodingHandler;
import io.vgw.impl.GatewayParts;
import io.vgw.impl.GatewayRuntime;
import io.vgw.tracing.TracingOptions;
import io.vgw.http.impl.TracingMode;
import io.vgw.impl.LiveUpdates;
import java.util.concurrent.TimeUnit;

/**
 * One gateway instance on one event loop: an HTTP server (HTTP/1.1 and h2c) whose router traces
 * and transcodes requests to gRPC backend calls. {@link Gateway#deploy} deploys one per core,
 * sharing the routes, the tracing and the span export pipeline.
 *
 * <p>Deployed by class name or with no arguments, it reads its {@link GatewayOptions} from the
 * deployment's {@code config()} and serves untraced, without admin listener (a warning says so when
 * the options ask for tracing): tracing and span export are shared by the verticles of one
 * {@link Gateway#deploy} — use that (with {@code ha} for Vert.x high availability). {@code start()} fails when a descriptor set is missing or a rule is
 * invalid, or when the port is taken. {@code stop()} stops accepting connections and lets
 * in-flight requests finish for at most {@link GatewayOptions#getShutdownTimeoutMillis()}.
 */
public class GatewayVerticle extends VerticleBase {

  private GatewayParts parts;
  private GatewayRuntime runtime;
  private BackendClient backend;
  private HttpServer server;
  private LiveSettings settings;

  public GatewayVerticle() {
  }

  /** An instance sharing {@code parts} with the other instances of its deployment. */
  GatewayVerticle(GatewayParts parts) {
    this.parts = parts;
  }

  @Override
  public Future<?> start() {
    Future<GatewayParts> ready = parts != null
        ? Future.succeededFuture(parts)
        : vertx.executeBlocking(() -> GatewayRuntime.load(new GatewayOptions(config()))).compose(this::untraced);
    return ready.compose(p -> {
      this.parts = p;
      GatewayRuntime rt = p.runtime();
      this.runtime = rt;
      this.backend = new BackendClient(vertx, rt.options().getBackends(), rt.options().getLimits().getMaxResponseSize(),
          p.health());
      Router router = Router.router(vertx);
      TranscodingHandler transcoding = GatewayRouter.mount(router, rt, backend, p.tracing());
      HttpServerOptions http = serverOptions(rt.options()).setPort(p.listenPort());
      return listenForLiveUpdates(transcoding).compose(v -> vertx.createHttpServer(http)
          .invalidRequestHandler(new InvalidRequestHandler())
          .requestHandler(router)
          .listen());
    }).onSuccess(s -> server = s);
  }

  /** Deployed on its own: untraced, with a backend health monitor of its own (a child deployment). */
  private Future<GatewayParts> untraced(GatewayRuntime runtime) {
    if (runtime.options().getTracing().getMode() != TracingOptions.Mode.NONE) {
      java.util.logging.Logger.getLogger(GatewayVerticle.class.getName()).warning(
          "GatewayVerticle deployed on its own serves untraced; deploy it with Gateway.deploy for tracing");
    }
    BackendHealth health = new BackendHealth(runtime.options(), runtime.routes());
    return vertx.deployVerticle(health).map(id -> new GatewayParts(runtime, TracingMode.NONE, health));
  }

  /** Settings changed while running (config reload, admin API, another cluster node) apply here. */
  private Future<Void> listenForLiveUpdates(TranscodingHandler transcoding) {
    return LiveSettings.open(vertx).compose(s -> {
      settings = s;
      return s.listen(LiveUpdates.TIMEOUTS, json -> {
        transcoding.setDefaultTimeoutMillis(json.getLong("timeout", runtime.options().getTimeoutMillis()));
        if (json.getValue("routes") instanceof io.vertx.core.json.JsonObject routes) {
          try {
            transcoding.setRouteTimeouts(LiveUpdates.millis(routes));
          } catch (IllegalArgumentException e) {
            java.util.logging.Logger.getLogger(GatewayVerticle.class.getName()).warning(
                "route timeouts change refused: " + e.getMessage() + "; keeping the ones in force");
          }
        }
      });
    });
  }

  /** The listener with the limits Vert.x enforces itself (header size 431, request line 414). */
  static HttpServerOptions serverOptions(GatewayOptions options) {
    LimitsOptions limits = options.getLimits();
    HttpServerOptions http = new HttpServerOptions()
        .setHost(options.getHttpHost())
        .setPort(options.getHttpPort())
        .setMaxHeaderSize(limits.getMaxHeaderSize())
        .setMaxInitialLineLength(limits.getMaxUrlLength())
        .setIdleTimeout((int) limits.getIdleTimeoutMillis())
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setInitialSettings(new Http2Settings().setMaxConcurrentStreams(limits.getMaxConcurrentStreams()))
        // The router's tracing handler makes the server span (health paths untraced); a Vert.x
        // tracer's own span per request would duplicate it.
        .setTracingPolicy(TracingPolicy.IGNORE);
    if (options.getHttpTls().isEnabled()) {
      // HTTP/2 over TLS is negotiated with ALPN; HTTP/1.1 stays available.
      options.getHttpTls().applyTo(http).setUseAlpn(true);
    }
    return http;
  }

  @Override
  public Future<?> stop() {
    Future<Void> closed = server == null ? Future.succeededFuture()
        : server.shutdown(runtime.options().getShutdownTimeoutMillis(), TimeUnit.MILLISECONDS);
    return closed
        .eventually(() -> settings == null ? Future.succeededFuture() : settings.close())
        .eventually(() -> backend == null ? Future.succeededFuture() : backend.close());
  }

  /** The port the server listens on (useful with port 0), or -1 before start. */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }
}
