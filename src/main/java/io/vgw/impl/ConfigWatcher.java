package io.vgw.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vgw.GatewayOptions;
import io.vgw.cluster.LiveSettings;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * Hot reload of the {@code -conf} file: checks it every second (asynchronously, never blocking an
 * event loop); when it changed and still makes valid options, publishes the parts that can change
 * while running through {@link LiveSettings}, so every instance — and, clustered, every node —
 * applies them. A change that cannot apply (bad JSON, an invalid value) is refused with one log
 * line, and the previous configuration stays.
 */
public final class ConfigWatcher {

  private static final Logger LOG = Logger.getLogger(ConfigWatcher.class.getName());
  public static final long DEFAULT_INTERVAL_MILLIS = 1_000;

  private final Vertx vertx;
  private final String file;
  private final UnaryOperator<JsonObject> overrides;
  private final LiveSettings settings;
  private long lastModified;
  private long timer = -1;

  /**
   * @param overrides applies the environment and the flags on top of the file, as at start-up
   */
  public ConfigWatcher(Vertx vertx, String file, UnaryOperator<JsonObject> overrides, LiveSettings settings) {
    this.vertx = vertx;
    this.file = file;
    this.overrides = overrides;
    this.settings = settings;
  }

  public Future<Void> start(long intervalMillis) {
    return vertx.fileSystem().props(file).map(props -> {
      lastModified = props.lastModifiedTime();
      timer = vertx.setPeriodic(intervalMillis, id -> check());
      return null;
    });
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  private void check() {
    vertx.fileSystem().props(file).onSuccess(props -> {
      if (props.lastModifiedTime() == lastModified) {
        return;
      }
      lastModified = props.lastModifiedTime();
      vertx.fileSystem().readFile(file).onComplete(ar -> {
        if (ar.failed()) {
          LOG.warning("configuration " + file + " changed but cannot be read (" + ar.cause().getMessage()
              + "); keeping the previous one");
          return;
        }
        apply(ar.result().toString());
      });
    });
  }

  /** Validates a new configuration text and publishes what can change live; package-visible for tests. */
  Future<Void> apply(String text) {
    GatewayOptions options;
    try {
      options = new GatewayOptions(overrides.apply(new JsonObject(text)));
      options.validate();
    } catch (RuntimeException e) {
      LOG.warning("configuration " + file + " rejected: " + oneLine(e.getMessage()) + "; keeping the previous one");
      return Future.failedFuture(e);
    }
    LOG.info("configuration " + file + " reloaded");
    return LiveUpdates.publish(settings, options);
  }

  private static String oneLine(String s) {
    return s == null ? "invalid" : s.replace('\n', ' ');
  }
}
