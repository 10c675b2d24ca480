package io.vgw;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vgw.backend.impl.BackendClient;
import io.vgw.http.impl.BackendCallObserver;
import io.vgw.http.impl.GatewayRouter;
import io.vgw.http.impl.InvalidRequestHandler;
import io.vgw.cluster.LiveSettings;
import io.vgw.http.impl.TranscodingHandler;
import io.vgw.impl.GatewayRuntime;
import io.vgw.impl.LiveUpdates;
import java.util.concurrent.TimeUnit;

/**
 * One gateway instance on one event loop: an HTTP server (HTTP/1.1 and h2c) whose router
 * transcodes requests to gRPC backend calls. Deploy several for several cores; {@link Gateway}
 * does it for you.
 *
 * <p>Deployed by class name or with no arguments, it reads its {@link GatewayOptions} from the
 * deployment's {@code config()}. {@code start()} fails when a descriptor set is missing or a rule
 * is invalid, or when the port is taken. {@code stop()} stops accepting connections and lets
 * in-flight requests finish for at most {@link GatewayOptions#getShutdownTimeoutMillis()}.
 */
public class GatewayVerticle extends VerticleBase {

  private GatewayRuntime runtime;
  private BackendClient backend;
  private HttpServer server;
  private LiveSettings settings;

  public GatewayVerticle() {
  }

  GatewayVerticle(GatewayRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public Future<?> start() {
    Future<GatewayRuntime> ready = runtime != null
        ? Future.succeededFuture(runtime)
        : vertx.executeBlocking(() -> GatewayRuntime.load(new GatewayOptions(config())));
    return ready.compose(rt -> {
      this.runtime = rt;
      this.backend = new BackendClient(vertx, rt.options().getBackends(), rt.options().getLimits().getMaxResponseSize());
      Router router = Router.router(vertx);
      TranscodingHandler transcoding = GatewayRouter.mount(router, rt, backend, BackendCallObserver.NONE);
      HttpServerOptions http = serverOptions(rt.options());
      return listenForLiveUpdates(transcoding).compose(v -> vertx.createHttpServer(http)
          .invalidRequestHandler(new InvalidRequestHandler())
          .requestHandler(router)
          .listen());
    }).onSuccess(s -> server = s);
  }

  /** Settings changed while running (config reload, admin API, another cluster node) apply here. */
  private Future<Void> listenForLiveUpdates(TranscodingHandler transcoding) {
    return LiveSettings.open(vertx).compose(s -> {
      settings = s;
      return s.listen(LiveUpdates.TIMEOUTS, json -> transcoding.setDefaultTimeoutMillis(
          json.getLong("timeout", runtime.options().getTimeoutMillis())));
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
        .setInitialSettings(new Http2Settings().setMaxConcurrentStreams(limits.getMaxConcurrentStreams()));
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
