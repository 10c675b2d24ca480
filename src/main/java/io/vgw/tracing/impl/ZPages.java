package io.vgw.tracing.impl;

import io.opencensus.contrib.zpages.ZPageHandler;
import io.opencensus.contrib.zpages.ZPageHandlers;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * OpenCensus's zPages on the admin router: {@code /debug/tracez} (running spans, and samples of
 * ended ones by latency and error, per span name) and {@code /debug/rpcz} (backend calls per
 * method). Pages are rendered on a worker thread: they take the stores' locks and the stats
 * recorder may block.
 */
final class ZPages {

  /** How often the backend-call numbers are handed to OpenCensus stats. */
  private static final long STATS_FLUSH_MILLIS = 1_000;

  private ZPages() {
  }

  static void mount(Vertx vertx, Router router, RpcStats stats) {
    ZPageHandler tracez = ZPageHandlers.getTracezZPageHandler();
    ZPageHandler rpcz = ZPageHandlers.getRpczZpageHandler();
    router.get("/debug/tracez").handler(ctx -> render(vertx, ctx, tracez, null));
    router.get("/debug/rpcz").handler(ctx -> render(vertx, ctx, rpcz, stats));
    // On the admin verticle's context: the timer goes away when that verticle is undeployed.
    vertx.setPeriodic(STATS_FLUSH_MILLIS, id -> vertx.executeBlocking(() -> {
      stats.flush();
      return null;
    }, false));
  }

  private static void render(Vertx vertx, RoutingContext ctx, ZPageHandler page, RpcStats stats) {
    Map<String, String> query = new HashMap<>();
    ctx.queryParams().forEach(e -> query.putIfAbsent(e.getKey(), e.getValue()));
    vertx.executeBlocking(() -> {
      if (stats != null) {
        stats.flush(); // what happened up to now, not up to the last timer
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      page.emitHtml(query, out);
      return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }, false).onSuccess(html -> ctx.response().putHeader("content-type", "text/html; charset=utf-8").end(html))
        .onFailure(ctx::fail);
  }
}
