package io.vgw.cluster;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings that change while the gateway runs (sampling rules, timeouts) and that every instance
 * must apply: in a clustered Vert.x, every node of the cluster; otherwise every verticle of this
 * Vert.x.
 *
 * <p>The current value of each key lives in a cluster-wide map, so a node that joins later reads
 * it on {@link #listen}; each change is also published on the event bus, so running nodes apply it
 * within milliseconds; a listener also re-reads the stored value every
 * {@value #RECONCILE_MILLIS} ms, so a node whose subscription was still spreading when a change was
 * announced catches up. Values carry a version (the writer's clock) and a listener applies only a
 * newer one, so a late or duplicated message changes nothing. A node that leaves
 * takes nothing with it: the map is replicated (backup count 1).
 */
public final class LiveSettings {

  static final String MAP = "vgw.settings";
  static final String ADDRESS = "vgw.settings.changed";
  /** How often a listener re-reads the stored value, in case it missed an announcement. */
  static final long RECONCILE_MILLIS = 2_000;

  private final Vertx vertx;
  private final AsyncMap<String, JsonObject> map;
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
  private final List<Long> timers = new ArrayList<>();

  private LiveSettings(Vertx vertx, AsyncMap<String, JsonObject> map) {
    this.vertx = vertx;
    this.map = map;
  }

  /** Opens the shared settings of this Vert.x (cluster-wide when it is clustered). */
  public static Future<LiveSettings> open(Vertx vertx) {
    return vertx.sharedData().<String, JsonObject>getAsyncMap(MAP).map(m -> new LiveSettings(vertx, m));
  }

  /**
   * Sets a key for every instance. The value is stored, then announced.
   *
   * @return completes when the value is stored cluster-wide
   */
  public Future<Void> put(String key, JsonObject value) {
    JsonObject entry = new JsonObject()
        .put("key", key)
        .put("value", value.copy())
        .put("version", System.currentTimeMillis())
        .put("writer", vertx.isClustered() ? String.valueOf(vertx.hashCode()) : "local");
    return map.put(key, entry).onSuccess(v -> vertx.eventBus().publish(ADDRESS, entry));
  }

  /** The current value, or null when nobody set it. */
  public Future<JsonObject> get(String key) {
    return map.get(key).map(entry -> entry == null ? null : entry.getJsonObject("value"));
  }

  /**
   * Calls {@code onChange} with the current value (when there is one) and with every later change
   * of {@code key}, on the caller's context.
   *
   * @return completes once the current value has been delivered
   */
  public Future<Void> listen(String key, Handler<JsonObject> onChange) {
    long[] applied = {Long.MIN_VALUE};
    Handler<JsonObject> apply = entry -> {
      long version = entry.getLong("version", 0L);
      if (version > applied[0]) {
        applied[0] = version;
        onChange.handle(entry.getJsonObject("value"));
      }
    };
    MessageConsumer<JsonObject> consumer = vertx.eventBus().<JsonObject>consumer(ADDRESS, msg -> {
      if (key.equals(msg.body().getString("key"))) {
        apply.handle(msg.body());
      }
    });
    consumers.add(consumer);
    // A change published while this node's subscription is still spreading through the cluster
    // can miss it; reading the stored value again now and then closes that gap for good.
    long timer = vertx.setPeriodic(RECONCILE_MILLIS, id -> map.get(key).onSuccess(entry -> {
      if (entry != null) {
        apply.handle(entry);
      }
    }));
    timers.add(timer);
    return consumer.completion()
        .compose(v -> map.get(key))
        .map(entry -> {
          if (entry != null) {
            apply.handle(entry);
          }
          return null;
        });
  }

  /** Stops listening. */
  public Future<Void> close() {
    List<Future<Void>> all = new ArrayList<>();
    timers.forEach(vertx::cancelTimer);
    timers.clear();
    consumers.forEach(c -> all.add(c.unregister()));
    consumers.clear();
    return Future.join(all).mapEmpty();
  }
}
