package io.vgw;

import io.vertx.core.json.JsonObject;

/**
 * The admin listener: a second HTTP server, for operators only, with the health endpoints, zPages
 * ({@code /debug/tracez}, {@code /debug/rpcz}) and the admin API ({@code /admin/…}). It listens on
 * the loopback interface unless configured otherwise: what it serves is not for the internet.
 *
 * <pre>{"enabled": true, "host": "127.0.0.1", "port": 9901}</pre>
 */
public class AdminOptions {

  /** Loopback only: reachable from the machine (or the pod), not from the network. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  /** Envoy's admin port. */
  public static final int DEFAULT_PORT = 9901;

  private boolean enabled = true;
  private String host = DEFAULT_HOST;
  private int port = DEFAULT_PORT;

  public AdminOptions() {
  }

  public AdminOptions(AdminOptions other) {
    this.enabled = other.enabled;
    this.host = other.host;
    this.port = other.port;
  }

  /** @throws IllegalArgumentException naming the key of a bad value */
  public AdminOptions(JsonObject json) {
    Object e = json.getValue("enabled", true);
    if (!(e instanceof Boolean b)) {
      throw new IllegalArgumentException("admin.enabled must be true or false: " + e);
    }
    setEnabled(b);
    setHost(json.getString("host", DEFAULT_HOST));
    Object p = json.getValue("port", DEFAULT_PORT);
    int port;
    try {
      port = p instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(p).trim());
    } catch (NumberFormatException ex) {
      throw new IllegalArgumentException("admin.port is not a number: " + p);
    }
    setPort(port);
  }

  public JsonObject toJson() {
    return new JsonObject().put("enabled", enabled).put("host", host).put("port", port);
  }

  public boolean isEnabled() {
    return enabled;
  }

  public AdminOptions setEnabled(boolean enabled) {
    this.enabled = enabled;
    return this;
  }

  public String getHost() {
    return host;
  }

  public AdminOptions setHost(String host) {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("admin.host is empty");
    }
    this.host = host;
    return this;
  }

  public int getPort() {
    return port;
  }

  /** @param port 0 picks a free port (tests); see {@link Gateway#adminPort()} */
  public AdminOptions setPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("admin.port must be in 0..65535: " + port);
    }
    this.port = port;
    return this;
  }

  @Override
  public String toString() {
    return toJson().encode();
  }
}
