package io.vgw;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vgw.impl.Durations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How requests meet routes: per-route deadlines, the answer to a known path with the wrong method,
 * and what to do with query parameters that bind to no field.
 *
 * <pre>{@code
 * "routes": {
 *   "timeouts": {"pkg.Service": "5s", "pkg.Service.Slow": "1m", "GET /v1/reports/{id}": "2m"},
 *   "wrongMethodStatus": 405,
 *   "rejectUnknownQueryParameters": false,
 *   "ignoredQueryParameters": ["access_token"]
 * }
 * }</pre>
 *
 * <p>A {@code timeouts} key names a service ({@code pkg.Service}), a method
 * ({@code pkg.Service.Method}: all its bindings), or one binding as {@code "VERB /template"},
 * exactly as the rule spells it. The most specific key wins (binding, then method, then service),
 * then the top-level {@code timeout}; a request's own {@code Grpc-Timeout} header beats them all.
 * A key that names nothing in the descriptor sets stops the gateway at start-up.
 */
public class RoutesOptions {

  /** A known path with a method it does not serve: 405 with {@code Allow} (RFC 9110). grpc-gateway answers 501. */
  public static final int DEFAULT_WRONG_METHOD_STATUS = 405;
  /** Query parameters that bind to no field are ignored, as grpc-gateway does (Envoy rejects them). */
  public static final boolean DEFAULT_REJECT_UNKNOWN_QUERY_PARAMETERS = false;

  private Map<String, Long> timeouts = new LinkedHashMap<>();
  private int wrongMethodStatus = DEFAULT_WRONG_METHOD_STATUS;
  private boolean rejectUnknownQueryParameters = DEFAULT_REJECT_UNKNOWN_QUERY_PARAMETERS;
  private List<String> ignoredQueryParameters = new ArrayList<>();

  public RoutesOptions() {
  }

  public RoutesOptions(RoutesOptions other) {
    this(other.toJson());
  }

  /** @throws IllegalArgumentException naming the key of a bad value */
  public RoutesOptions(JsonObject json) {
    Object t = json.getValue("timeouts");
    if (t != null && !(t instanceof JsonObject)) {
      throw new IllegalArgumentException("routes.timeouts must be an object like {\"pkg.Service.Method\": \"5s\"}: " + t);
    }
    if (t instanceof JsonObject o) {
      o.forEach(e -> putTimeoutMillis(e.getKey(),
          Durations.toMillis(e.getValue(), "routes.timeouts[\"" + e.getKey() + "\"]")));
    }
    Object status = json.getValue("wrongMethodStatus", DEFAULT_WRONG_METHOD_STATUS);
    try {
      setWrongMethodStatus(status instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(status).trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("routes.wrongMethodStatus must be 405 or 501: " + status);
    }
    Object reject = json.getValue("rejectUnknownQueryParameters", DEFAULT_REJECT_UNKNOWN_QUERY_PARAMETERS);
    if (!(reject instanceof Boolean) && !"true".equals(String.valueOf(reject)) && !"false".equals(String.valueOf(reject))) {
      throw new IllegalArgumentException("routes.rejectUnknownQueryParameters must be true or false: " + reject);
    }
    setRejectUnknownQueryParameters(Boolean.parseBoolean(String.valueOf(reject)));
    Object ignored = json.getValue("ignoredQueryParameters");
    if (ignored instanceof JsonArray a) {
      a.forEach(p -> addIgnoredQueryParameter(String.valueOf(p)));
    } else if (ignored instanceof String s && !s.isBlank()) {
      for (String p : s.split(",")) {
        addIgnoredQueryParameter(p.trim());
      }
    } else if (ignored != null && !(ignored instanceof String)) {
      throw new IllegalArgumentException("routes.ignoredQueryParameters must be a list of names: " + ignored);
    }
  }

  public JsonObject toJson() {
    JsonObject t = new JsonObject();
    timeouts.forEach(t::put);
    return new JsonObject()
        .put("timeouts", t)
        .put("wrongMethodStatus", wrongMethodStatus)
        .put("rejectUnknownQueryParameters", rejectUnknownQueryParameters)
        .put("ignoredQueryParameters", new JsonArray(new ArrayList<>(ignoredQueryParameters)));
  }

  public Map<String, Long> getTimeouts() {
    return timeouts;
  }

  /**
   * @param key {@code pkg.Service}, {@code pkg.Service.Method} or {@code "VERB /template"}
   * @param timeoutMillis the deadline of calls on that route when the request sends no
   *     {@code Grpc-Timeout}; 0 for none
   * @throws IllegalArgumentException for an empty key or a negative timeout
   */
  public RoutesOptions putTimeoutMillis(String key, long timeoutMillis) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("routes.timeouts: empty key (want pkg.Service, pkg.Service.Method or \"GET /v1/path\")");
    }
    if (timeoutMillis < 0) {
      throw new IllegalArgumentException("routes.timeouts[\"" + key + "\"] must not be negative: " + timeoutMillis);
    }
    timeouts.put(key.trim(), timeoutMillis);
    return this;
  }

  public RoutesOptions setTimeouts(Map<String, Long> timeouts) {
    this.timeouts = new LinkedHashMap<>();
    timeouts.forEach(this::putTimeoutMillis);
    return this;
  }

  public int getWrongMethodStatus() {
    return wrongMethodStatus;
  }

  /**
   * @param wrongMethodStatus 405 (Method Not Allowed with an {@code Allow} header, the default) or
   *     501 (grpc-gateway's answer, {@code {"code":12,…}} without {@code Allow})
   * @throws IllegalArgumentException for any other status
   */
  public RoutesOptions setWrongMethodStatus(int wrongMethodStatus) {
    if (wrongMethodStatus != 405 && wrongMethodStatus != 501) {
      throw new IllegalArgumentException("routes.wrongMethodStatus must be 405 or 501: " + wrongMethodStatus);
    }
    this.wrongMethodStatus = wrongMethodStatus;
    return this;
  }

  public boolean isRejectUnknownQueryParameters() {
    return rejectUnknownQueryParameters;
  }

  /**
   * @param rejectUnknownQueryParameters true: a query parameter that binds to no field of the
   *     request (and is not in {@link #getIgnoredQueryParameters()}) is a 400 naming it; on a
   *     {@code body: "*"} route that is every parameter
   */
  public RoutesOptions setRejectUnknownQueryParameters(boolean rejectUnknownQueryParameters) {
    this.rejectUnknownQueryParameters = rejectUnknownQueryParameters;
    return this;
  }

  public List<String> getIgnoredQueryParameters() {
    return ignoredQueryParameters;
  }

  /** A query parameter always ignored, even when unknown ones are rejected (an access token, a cache buster). */
  public RoutesOptions addIgnoredQueryParameter(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("routes.ignoredQueryParameters: empty name");
    }
    ignoredQueryParameters.add(name);
    return this;
  }

  public RoutesOptions setIgnoredQueryParameters(List<String> names) {
    ignoredQueryParameters = new ArrayList<>();
    names.forEach(this::addIgnoredQueryParameter);
    return this;
  }
}
