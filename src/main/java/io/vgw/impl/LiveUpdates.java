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

  /** {@code {"timeout": millis}}: the default backend deadline. */
  public static final String TIMEOUTS = "timeouts";
  /** {@link io.vgw.tracing.SamplingOptions} JSON: the default sampler and the per-route rules. */
  public static final String SAMPLING = "sampling";

  private LiveUpdates() {
  }

  /** Publishes every live setting of {@code options} (a reloaded configuration file). */
  public static Future<Void> publish(LiveSettings settings, GatewayOptions options) {
    return Future.all(
            settings.put(TIMEOUTS, new JsonObject().put("timeout", options.getTimeoutMillis())),
            settings.put(SAMPLING, options.getTracing().getSampling().toJson()))
        .mapEmpty();
  }
}
