package io.vgw.impl;

import com.google.rpc.Code;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.web.Router;
import io.vgw.AdminOptions;
import io.vgw.cluster.LiveSettings;
import io.vgw.export.ExportStats;
import io.vgw.http.impl.ErrorHandler;
import io.vgw.http.impl.HealthRoutes;
import io.vgw.transcode.impl.StatusException;
import java.util.function.Supplier;

/**
 * The admin listener ({@link AdminOptions}): one HTTP server, for operators, on loopback by
 * default. Never traced (not even by a Vert.x tracer: its server ignores tracing). Its routes are
 * added here by the parts that serve them: the health endpoints, with each backend's state in
 * {@code /readyz}.
 */
public final class AdminVerticle extends VerticleBase {

  private final GatewayParts parts;
  private final Supplier<ExportStats> exportStats;
  private HttpServer server;
  private LiveSettings settings;

  /** @param exportStats the span export counters, for {@code GET /admin/export} */
  public AdminVerticle(GatewayParts parts, Supplier<ExportStats> exportStats) {
    this.parts = parts;
    this.exportStats = exportStats;
  }

  @Override
  public Future<?> start() {
    AdminOptions options = parts.runtime().options().getAdmin();
    return LiveSettings.open(vertx).compose(live -> {
      settings = live;
      Router router = Router.router(vertx);
      HealthRoutes.mount(router, parts.health(), parts.runtime().json(), true);
      AdminApi.mount(router, parts, live, exportStats);
      parts.tracing().mountAdmin(vertx, router);
      router.route().last().handler(ctx -> ctx.fail(StatusException.withHttpStatus(404, Code.NOT_FOUND, "Not Found")));
      router.route().failureHandler(new ErrorHandler(parts.runtime().json()));
      return vertx.createHttpServer(new HttpServerOptions().setHost(options.getHost()).setPort(options.getPort())
              .setTracingPolicy(TracingPolicy.IGNORE))
          .requestHandler(router)
          .listen();
    }).onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** The port it listens on (the real one when configured with port 0), or -1 before start. */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }
}
