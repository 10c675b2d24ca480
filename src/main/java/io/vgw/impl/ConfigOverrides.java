package io.vgw.impl;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Environment variables and command-line flags on top of the configuration file (later wins).
 * A flag {@code --http.port=9090} sets the dotted path {@code http.port}; an environment variable
 * from {@link #ENV} sets the path it names. Values are typed on the way in: {@code true}/{@code false}
 * become booleans, text starting with {@code [} or {@code {} is parsed as JSON, the rest stays text
 * (options read numbers from text).
 */
public final class ConfigOverrides {

  /** Environment variable → configuration path. */
  public static final Map<String, String> ENV = envNames();

  private ConfigOverrides() {
  }

  private static Map<String, String> envNames() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("VGW_HTTP_HOST", "http.host");
    m.put("VGW_HTTP_PORT", "http.port");
    m.put("VGW_DESCRIPTORS", "descriptors");
    m.put("VGW_BACKENDS", "backends");
    m.put("VGW_TIMEOUT", "timeout");
    m.put("VGW_SHUTDOWN_TIMEOUT", "shutdownTimeout");
    m.put("VGW_MAX_BODY_SIZE", "maxBodySize");
    m.put("VGW_INSTANCES", "instances");
    m.put("VGW_ADMIN_HOST", "admin.host");
    m.put("VGW_ADMIN_PORT", "admin.port");
    m.put("VGW_TRACING_MODE", "tracing.mode");
    return m;
  }

  /** Applies the known {@code VGW_*} variables found in {@code env}. */
  public static JsonObject applyEnv(JsonObject config, Map<String, String> env) {
    ENV.forEach((name, path) -> {
      String value = env.get(name);
      if (value != null && !value.isEmpty()) {
        set(config, path, value);
      }
    });
    return config;
  }

  /**
   * Sets one dotted path.
   *
   * @throws IllegalArgumentException when the value looks like JSON but is not, or the path
   *     crosses a value that is not an object
   */
  public static JsonObject set(JsonObject config, String path, String value) {
    String[] parts = path.split("\\.");
    JsonObject node = config;
    for (int i = 0; i < parts.length - 1; i++) {
      Object child = node.getValue(parts[i]);
      if (child == null) {
        JsonObject created = new JsonObject();
        node.put(parts[i], created);
        node = created;
      } else if (child instanceof JsonObject o) {
        node = o;
      } else {
        throw new IllegalArgumentException(path + ": '" + parts[i] + "' is not an object in the configuration");
      }
    }
    node.put(parts[parts.length - 1], typed(path, value));
    return config;
  }

  private static Object typed(String path, String value) {
    String v = value.trim();
    if (v.equals("true") || v.equals("false")) {
      return Boolean.parseBoolean(v);
    }
    try {
      if (v.startsWith("[")) {
        return new JsonArray(v);
      }
      if (v.startsWith("{")) {
        return new JsonObject(v);
      }
    } catch (DecodeException e) {
      throw new IllegalArgumentException(path + ": not valid JSON: " + e.getMessage());
    }
    return v;
  }
}
