package io.vgw.impl;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vgw.GatewayOptions;
import io.vgw.cluster.LiveSettings;

/**
 * The settings a running gateway takes without a restart, and their keys in {@link LiveSettings}.
 * Everything else (listener, descriptors, backends) needs a restart: changing them live would
 * drop connections or requests.
 */
public final class LiveUpdates {

  /**
   * {@code {"timeout": millis, "routes": {"pkg.Service.Method": millis, …}}}: the default backend
   * deadline and the per-route ones ({@code routes.timeouts}).
   */
  public static final String TIMEOUTS = "timeouts";
  /** {@link io.vgw.tracing.SamplingOptions} JSON: the default sampler and the per-route rules. */
  public static final String SAMPLING = "sampling";
  /**
   * {@code {"exporters": [...]}}: the span exporters that have a JSON form (X-Ray, Zipkin, logging);
   * an exporter of the user's own ({@code CustomExporterOptions}) is not replaced by it.
   */
  public static final String EXPORTERS = "exporters";

  private LiveUpdates() {
  }

  /** The {@link #EXPORTERS} value: the exporters of {@code export} that JSON can describe. */
  public static JsonObject exporters(io.vgw.export.ExportOptions export) {
    io.vertx.core.json.JsonArray list = new io.vertx.core.json.JsonArray();
    export.getExporters().stream().filter(e -> !(e instanceof io.vgw.export.CustomExporterOptions))
        .forEach(e -> list.add(e.toJson()));
    return new JsonObject().put("exporters", list);
  }

  /** The {@link #TIMEOUTS} value. */
  public static JsonObject timeouts(long timeoutMillis, java.util.Map<String, Long> routeTimeouts) {
    JsonObject routes = new JsonObject();
    routeTimeouts.forEach(routes::put);
    return new JsonObject().put("timeout", timeoutMillis).put("routes", routes);
  }

  /** Route timeouts from their JSON form, durations as millis or text. */
  public static java.util.Map<String, Long> millis(JsonObject routes) {
    java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
    routes.forEach(e -> out.put(e.getKey(), Durations.toMillis(e.getValue(), "routes[\"" + e.getKey() + "\"]")));
    return out;
  }

  /** Publishes every live setting of {@code options} (a reloaded configuration file). */
  public static Future<Void> publish(LiveSettings settings, GatewayOptions options) {
    return Future.all(
            settings.put(TIMEOUTS, timeouts(options.getTimeoutMillis(), options.getRoutes().getTimeouts())),
            settings.put(SAMPLING, options.getTracing().getSampling().toJson()),
            settings.put(EXPORTERS, exporters(options.getExport())))
        .mapEmpty();
  }
}
