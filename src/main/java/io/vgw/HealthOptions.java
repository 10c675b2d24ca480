package io.vgw;

import io.vertx.core.json.JsonObject;
import io.vgw.impl.Durations;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The health endpoints and how the gateway watches its backends (see {@code docs/health.md}). The
 * endpoints are served on the HTTP listener and on the admin listener, and are never traced:
 *
 * <ul>
 *   <li>{@code GET /healthz[?service=NAME]}: calls {@code grpc.health.v1.Health/Check} on the
 *       backend that serves {@code NAME} (every backend for the empty name), as grpc-gateway's
 *       {@code WithHealthzEndpoint} does;
 *   <li>{@code GET /livez}: the gateway process answers (Kubernetes liveness);
 *   <li>{@code GET /readyz}: every backend is healthy, as last seen by the backend monitor
 *       (Kubernetes readiness). It reads state only: it never waits for a backend.
 * </ul>
 *
 * <p>The monitor keeps a {@code Health/Watch} stream open to every backend, for the whole server
 * (the empty name) and for each service the gateway routes to it; a backend without {@code Watch}
 * is asked with {@code Check} every {@link #getPollInterval() pollInterval}, one without the health
 * service at all is ready when it accepts a TCP connection. A request whose backend or service
 * reported {@code NOT_SERVING} gets 503 at once, without calling it.
 *
 * <pre>{"healthz": "/healthz", "livez": "/livez", "readyz": "/readyz",
 *  "watch": true, "pollInterval": "5s", "checkTimeout": "1s"}</pre>
 */
public class HealthOptions {

  /** grpc-gateway's {@code WithHealthzEndpoint} path. */
  public static final String DEFAULT_HEALTHZ_PATH = "/healthz";
  /** The Kubernetes convention for liveness. */
  public static final String DEFAULT_LIVEZ_PATH = "/livez";
  /** The Kubernetes convention for readiness. */
  public static final String DEFAULT_READYZ_PATH = "/readyz";
  /** Watch backends with {@code Health/Watch} where they implement it: changes arrive at once. */
  public static final boolean DEFAULT_WATCH = true;
  /**
   * 5 s: the period of {@code Check} calls (no {@code Watch}) and TCP probes (no health service),
   * and the wait before a lost {@code Watch} stream or an unreachable backend is tried again.
   */
  public static final long DEFAULT_POLL_INTERVAL_MILLIS = 5_000;
  /**
   * 1 s: the deadline of each {@code Check} (of the monitor and of {@code /healthz}), of a TCP
   * probe's connect, and of the first message of a {@code Watch}. Below Kubernetes' default probe
   * timeout, so that {@code /healthz} answers before the kubelet gives up.
   */
  public static final long DEFAULT_CHECK_TIMEOUT_MILLIS = 1_000;

  private String healthzPath = DEFAULT_HEALTHZ_PATH;
  private String livezPath = DEFAULT_LIVEZ_PATH;
  private String readyzPath = DEFAULT_READYZ_PATH;
  private boolean watch = DEFAULT_WATCH;
  private long pollIntervalMillis = DEFAULT_POLL_INTERVAL_MILLIS;
  private long checkTimeoutMillis = DEFAULT_CHECK_TIMEOUT_MILLIS;

  public HealthOptions() {
  }

  public HealthOptions(HealthOptions other) {
    this(other.toJson());
  }

  /** @throws IllegalArgumentException naming the key of a bad value */
  public HealthOptions(JsonObject json) {
    setHealthzPath(string(json, "healthz", DEFAULT_HEALTHZ_PATH));
    setLivezPath(string(json, "livez", DEFAULT_LIVEZ_PATH));
    setReadyzPath(string(json, "readyz", DEFAULT_READYZ_PATH));
    Object w = json.getValue("watch", DEFAULT_WATCH);
    if (w instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      w = Boolean.parseBoolean(s); // from a flag or an environment variable
    }
    if (!(w instanceof Boolean b)) {
      throw new IllegalArgumentException("health.watch must be true or false: " + w);
    }
    setWatch(b);
    setPollIntervalMillis(Durations.toMillis(json.getValue("pollInterval", DEFAULT_POLL_INTERVAL_MILLIS),
        "health.pollInterval"));
    setCheckTimeoutMillis(Durations.toMillis(json.getValue("checkTimeout", DEFAULT_CHECK_TIMEOUT_MILLIS),
        "health.checkTimeout"));
  }

  private static String string(JsonObject json, String key, String dflt) {
    Object v = json.getValue(key, dflt);
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException("health." + key + " must be a path like \"" + dflt + "\": " + v);
    }
    return s;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("healthz", healthzPath)
        .put("livez", livezPath)
        .put("readyz", readyzPath)
        .put("watch", watch)
        .put("pollInterval", pollIntervalMillis)
        .put("checkTimeout", checkTimeoutMillis);
  }

  /**
   * Checks that the three paths differ; run once at start-up.
   *
   * @throws IllegalArgumentException naming both keys
   */
  public void validate() {
    if (healthzPath.equals(livezPath)) {
      throw new IllegalArgumentException("health.healthz and health.livez are the same path: " + healthzPath);
    }
    if (healthzPath.equals(readyzPath)) {
      throw new IllegalArgumentException("health.healthz and health.readyz are the same path: " + healthzPath);
    }
    if (livezPath.equals(readyzPath)) {
      throw new IllegalArgumentException("health.livez and health.readyz are the same path: " + livezPath);
    }
  }

  /** The three endpoint paths, which no tracing mode ever traces. */
  public Set<String> paths() {
    Set<String> paths = new LinkedHashSet<>();
    paths.add(healthzPath);
    paths.add(livezPath);
    paths.add(readyzPath);
    return paths;
  }

  private static String path(String path, String key) {
    if (path == null || !path.startsWith("/") || path.length() < 2 || path.contains("?") || path.contains("*")
        || path.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("health." + key + " must be a path like /" + key + ": " + path);
    }
    return path;
  }

  public String getHealthzPath() {
    return healthzPath;
  }

  /** @throws IllegalArgumentException unless a plain path starting with {@code /} */
  public HealthOptions setHealthzPath(String healthzPath) {
    this.healthzPath = path(healthzPath, "healthz");
    return this;
  }

  public String getLivezPath() {
    return livezPath;
  }

  /** @throws IllegalArgumentException unless a plain path starting with {@code /} */
  public HealthOptions setLivezPath(String livezPath) {
    this.livezPath = path(livezPath, "livez");
    return this;
  }

  public String getReadyzPath() {
    return readyzPath;
  }

  /** @throws IllegalArgumentException unless a plain path starting with {@code /} */
  public HealthOptions setReadyzPath(String readyzPath) {
    this.readyzPath = path(readyzPath, "readyz");
    return this;
  }

  public boolean isWatch() {
    return watch;
  }

  /** {@code false}: never open {@code Watch} streams, poll with {@code Check} only. */
  public HealthOptions setWatch(boolean watch) {
    this.watch = watch;
    return this;
  }

  public long getPollIntervalMillis() {
    return pollIntervalMillis;
  }

  /** @throws IllegalArgumentException below 10 ms */
  public HealthOptions setPollIntervalMillis(long pollIntervalMillis) {
    if (pollIntervalMillis < 10) {
      throw new IllegalArgumentException("health.pollInterval must be at least 10ms: " + pollIntervalMillis);
    }
    this.pollIntervalMillis = pollIntervalMillis;
    return this;
  }

  public long getCheckTimeoutMillis() {
    return checkTimeoutMillis;
  }

  /** @throws IllegalArgumentException below 1 ms */
  public HealthOptions setCheckTimeoutMillis(long checkTimeoutMillis) {
    if (checkTimeoutMillis < 1) {
      throw new IllegalArgumentException("health.checkTimeout must be at least 1ms: " + checkTimeoutMillis);
    }
    this.checkTimeoutMillis = checkTimeoutMillis;
    return this;
  }

  @Override
  public String toString() {
    return toJson().encode();
  }
}
