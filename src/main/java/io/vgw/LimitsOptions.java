package io.vgw;

import io.vertx.core.json.JsonObject;
import io.vgw.impl.Durations;

/**
 * What one request may cost the gateway. Every limit has the default a gateway facing the internet
 * should ship with; each answer is a JSON error with its own HTTP status.
 */
public class LimitsOptions {

  /** Bytes of all request headers together: 8 KiB (431 above). */
  public static final int DEFAULT_MAX_HEADER_SIZE = 8 * 1024;
  /** Request headers: 100 (431 above). */
  public static final int DEFAULT_MAX_HEADER_COUNT = 100;
  /** Request line (method, URL, version): 4 KiB (414 above). */
  public static final int DEFAULT_MAX_URL_LENGTH = 4 * 1024;
  /** Nesting of objects and arrays in a JSON body: 64 (400 above; protobuf's own limit is 100). */
  public static final int DEFAULT_MAX_JSON_DEPTH = 64;
  /** Concurrent HTTP/2 streams per connection: 100. */
  public static final int DEFAULT_MAX_CONCURRENT_STREAMS = 100;
  /** A connection with no traffic is closed after 60 s. */
  public static final long DEFAULT_IDLE_TIMEOUT_MILLIS = 60_000;
  /** A request whose body has not fully arrived after 30 s gets 408 (slowloris). */
  public static final long DEFAULT_BODY_TIMEOUT_MILLIS = 30_000;
  /** The largest backend response message: 4 MiB (502 above, nothing half-written). */
  public static final long DEFAULT_MAX_RESPONSE_SIZE = 4L * 1024 * 1024;

  private int maxHeaderSize = DEFAULT_MAX_HEADER_SIZE;
  private int maxHeaderCount = DEFAULT_MAX_HEADER_COUNT;
  private int maxUrlLength = DEFAULT_MAX_URL_LENGTH;
  private int maxJsonDepth = DEFAULT_MAX_JSON_DEPTH;
  private int maxConcurrentStreams = DEFAULT_MAX_CONCURRENT_STREAMS;
  private long idleTimeoutMillis = DEFAULT_IDLE_TIMEOUT_MILLIS;
  private long bodyTimeoutMillis = DEFAULT_BODY_TIMEOUT_MILLIS;
  private long maxResponseSize = DEFAULT_MAX_RESPONSE_SIZE;

  public LimitsOptions() {
  }

  public LimitsOptions(LimitsOptions other) {
    this(other.toJson());
  }

  /** @throws IllegalArgumentException naming the key of a bad value */
  public LimitsOptions(JsonObject json) {
    setMaxHeaderSize(json.getInteger("maxHeaderSize", DEFAULT_MAX_HEADER_SIZE));
    setMaxHeaderCount(json.getInteger("maxHeaderCount", DEFAULT_MAX_HEADER_COUNT));
    setMaxUrlLength(json.getInteger("maxUrlLength", DEFAULT_MAX_URL_LENGTH));
    setMaxJsonDepth(json.getInteger("maxJsonDepth", DEFAULT_MAX_JSON_DEPTH));
    setMaxConcurrentStreams(json.getInteger("maxConcurrentStreams", DEFAULT_MAX_CONCURRENT_STREAMS));
    setIdleTimeoutMillis(Durations.toMillis(json.getValue("idleTimeout", DEFAULT_IDLE_TIMEOUT_MILLIS), "limits.idleTimeout"));
    setBodyTimeoutMillis(Durations.toMillis(json.getValue("bodyTimeout", DEFAULT_BODY_TIMEOUT_MILLIS), "limits.bodyTimeout"));
    setMaxResponseSize(json.getLong("maxResponseSize", DEFAULT_MAX_RESPONSE_SIZE));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("maxHeaderSize", maxHeaderSize)
        .put("maxHeaderCount", maxHeaderCount)
        .put("maxUrlLength", maxUrlLength)
        .put("maxJsonDepth", maxJsonDepth)
        .put("maxConcurrentStreams", maxConcurrentStreams)
        .put("idleTimeout", idleTimeoutMillis)
        .put("bodyTimeout", bodyTimeoutMillis)
        .put("maxResponseSize", maxResponseSize);
  }

  private static int atLeast(int min, int value, String key) {
    if (value < min) {
      throw new IllegalArgumentException("limits." + key + " must be at least " + min + ": " + value);
    }
    return value;
  }

  public int getMaxHeaderSize() {
    return maxHeaderSize;
  }

  public LimitsOptions setMaxHeaderSize(int maxHeaderSize) {
    this.maxHeaderSize = atLeast(256, maxHeaderSize, "maxHeaderSize");
    return this;
  }

  public int getMaxHeaderCount() {
    return maxHeaderCount;
  }

  public LimitsOptions setMaxHeaderCount(int maxHeaderCount) {
    this.maxHeaderCount = atLeast(1, maxHeaderCount, "maxHeaderCount");
    return this;
  }

  public int getMaxUrlLength() {
    return maxUrlLength;
  }

  public LimitsOptions setMaxUrlLength(int maxUrlLength) {
    this.maxUrlLength = atLeast(64, maxUrlLength, "maxUrlLength");
    return this;
  }

  public int getMaxJsonDepth() {
    return maxJsonDepth;
  }

  public LimitsOptions setMaxJsonDepth(int maxJsonDepth) {
    this.maxJsonDepth = atLeast(1, maxJsonDepth, "maxJsonDepth");
    return this;
  }

  public int getMaxConcurrentStreams() {
    return maxConcurrentStreams;
  }

  public LimitsOptions setMaxConcurrentStreams(int maxConcurrentStreams) {
    this.maxConcurrentStreams = atLeast(1, maxConcurrentStreams, "maxConcurrentStreams");
    return this;
  }

  public long getIdleTimeoutMillis() {
    return idleTimeoutMillis;
  }

  /** @param idleTimeoutMillis 0 keeps idle connections open forever */
  public LimitsOptions setIdleTimeoutMillis(long idleTimeoutMillis) {
    this.idleTimeoutMillis = (long) atLeast(0, (int) Math.min(idleTimeoutMillis, Integer.MAX_VALUE), "idleTimeout");
    return this;
  }

  public long getBodyTimeoutMillis() {
    return bodyTimeoutMillis;
  }

  /** @param bodyTimeoutMillis 0 waits for a body forever */
  public LimitsOptions setBodyTimeoutMillis(long bodyTimeoutMillis) {
    this.bodyTimeoutMillis = (long) atLeast(0, (int) Math.min(bodyTimeoutMillis, Integer.MAX_VALUE), "bodyTimeout");
    return this;
  }

  public long getMaxResponseSize() {
    return maxResponseSize;
  }

  public LimitsOptions setMaxResponseSize(long maxResponseSize) {
    if (maxResponseSize < 1) {
      throw new IllegalArgumentException("limits.maxResponseSize must be at least 1: " + maxResponseSize);
    }
    this.maxResponseSize = maxResponseSize;
    return this;
  }
}
