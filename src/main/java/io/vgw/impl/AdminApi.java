package io.vgw.impl;

import com.google.rpc.Code;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vgw.cluster.LiveSettings;
import io.vgw.export.ExportStats;
import io.vgw.tracing.SamplingOptions;
import io.vgw.tracing.TracingOptions;
import io.vgw.transcode.impl.StatusException;
import java.util.function.Supplier;

/**
 * The admin API on the admin listener: the live settings, read and changed. A change is checked
 * and applied here first (a bad one is answered 400 and changes nothing), then published through
 * {@link LiveSettings}, so that every gateway of this Vert.x — and, clustered, every node — applies
 * it within a second.
 *
 * <pre>
 * GET  /admin/sampling          the default sampler and the rules in force
 * PUT  /admin/sampling          {"sampler": {...}, "rules": [...]}
 * GET  /admin/timeouts          {"timeout": millis, "routes": {"pkg.Service.Method": millis}}
 * PUT  /admin/timeouts          {"timeout": "5s", "routes": {"pkg.Service.Method": "1m"}}
 * GET  /admin/export            the span export counters: pushed, dropped, queued, per exporter
 * </pre>
 */
final class AdminApi {

  /** Settings bodies are small; anything bigger is not one. */
  private static final long MAX_BODY = 64 * 1024;

  private final GatewayParts parts;
  private final LiveSettings settings;
  private final Supplier<ExportStats> exportStats;

  private AdminApi(GatewayParts parts, LiveSettings settings, Supplier<ExportStats> exportStats) {
    this.parts = parts;
    this.settings = settings;
    this.exportStats = exportStats;
  }

  static void mount(Router router, GatewayParts parts, LiveSettings settings, Supplier<ExportStats> exportStats) {
    AdminApi api = new AdminApi(parts, settings, exportStats);
    router.route("/admin/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY));
    router.get("/admin/sampling").handler(api::getSampling);
    router.put("/admin/sampling").handler(api::putSampling);
    router.get("/admin/timeouts").handler(api::getTimeouts);
    router.put("/admin/timeouts").handler(api::putTimeouts);
    router.get("/admin/export").handler(api::getExport);
  }

  /**
   * What became of every span this gateway ended: so that an operator (or a benchmark) can tell
   * spans the gateway dropped from spans lost after it handed them over. Only the OpenCensus mode
   * exports through vgw's pipeline; Brave (OpenTracing) counts its own.
   */
  private void getExport(RoutingContext ctx) {
    if (parts.runtime().options().getTracing().getMode() != TracingOptions.Mode.OPENCENSUS) {
      ctx.fail(StatusException.withHttpStatus(501, Code.UNIMPLEMENTED,
          "this tracing mode does not export through vgw's span pipeline"));
      return;
    }
    ExportStats stats = exportStats.get();
    JsonObject exporters = new JsonObject();
    stats.exporters().forEach((name, counts) -> exporters.put(name, new JsonObject()
        .put("exported", counts.exported()).put("failed", counts.failed()).put("pending", counts.pending())));
    ctx.json(new JsonObject().put("pushed", stats.pushed()).put("dropped", stats.dropped())
        .put("queued", stats.queued()).put("exporters", exporters));
  }

  private void getSampling(RoutingContext ctx) {
    SamplingOptions current = parts.tracing().sampling();
    if (current == null) {
      ctx.fail(notSampledByRules());
      return;
    }
    ctx.json(current.toJson());
  }

  private void putSampling(RoutingContext ctx) {
    if (parts.tracing().sampling() == null) {
      ctx.fail(notSampledByRules());
      return;
    }
    SamplingOptions sampling;
    try {
      sampling = new SamplingOptions(body(ctx));
      parts.tracing().setSampling(sampling);
    } catch (IllegalArgumentException | DecodeException e) {
      ctx.fail(StatusException.invalidArgument("invalid sampling: " + e.getMessage()));
      return;
    }
    settings.put(LiveUpdates.SAMPLING, sampling.toJson())
        .onSuccess(v -> ctx.json(parts.tracing().sampling().toJson()))
        .onFailure(ctx::fail);
  }

  private void getTimeouts(RoutingContext ctx) {
    settings.get(LiveUpdates.TIMEOUTS).onSuccess(current -> ctx.json(current != null ? current
        : LiveUpdates.timeouts(parts.runtime().options().getTimeoutMillis(),
            parts.runtime().options().getRoutes().getTimeouts())))
        .onFailure(ctx::fail);
  }

  private void putTimeouts(RoutingContext ctx) {
    JsonObject value;
    try {
      JsonObject json = body(ctx);
      if (!json.containsKey("timeout")) {
        throw new IllegalArgumentException("want {\"timeout\": \"5s\", \"routes\": {\"pkg.Service.Method\": \"1m\"}}");
      }
      long timeout = Durations.toMillis(json.getValue("timeout"), "timeout");
      Object r = json.getValue("routes", new JsonObject());
      if (!(r instanceof JsonObject routes)) {
        throw new IllegalArgumentException("routes must be an object like {\"pkg.Service.Method\": \"1m\"}");
      }
      java.util.Map<String, Long> routeTimeouts = LiveUpdates.millis(routes);
      // A key that names no route is refused here, before any gateway is asked to apply it.
      io.vgw.http.impl.RouteTimeouts.compile(parts.runtime().routes(), routeTimeouts);
      value = LiveUpdates.timeouts(timeout, routeTimeouts);
    } catch (IllegalArgumentException | DecodeException e) {
      ctx.fail(StatusException.invalidArgument("invalid timeouts: " + e.getMessage()));
      return;
    }
    settings.put(LiveUpdates.TIMEOUTS, value).onSuccess(v -> ctx.json(value)).onFailure(ctx::fail);
  }

  private static JsonObject body(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().length() == 0) {
      throw new IllegalArgumentException("empty body");
    }
    return ctx.body().asJsonObject();
  }

  private static StatusException notSampledByRules() {
    return StatusException.withHttpStatus(501, Code.UNIMPLEMENTED,
        "this tracing mode does not sample by rules");
  }
}
