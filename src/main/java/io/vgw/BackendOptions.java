package io.vgw;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One gRPC backend: where it listens and which services it serves.
 *
 * <p>JSON: {@code {"address": "127.0.0.1:9090", "services": ["pkg.Service"], "tls": {…}}} (see
 * {@link TlsOptions}). A backend without
 * {@code services} serves every service that no other backend names.
 */
public class BackendOptions {

  private String address;
  private List<String> services = new ArrayList<>();
  private TlsOptions tls = new TlsOptions();

  public BackendOptions() {
  }

  public BackendOptions(BackendOptions other) {
    this.address = other.address;
    this.services = new ArrayList<>(other.services);
    this.tls = new TlsOptions(other.tls);
  }

  /** @throws IllegalArgumentException when the address is missing or not {@code host:port} */
  public BackendOptions(JsonObject json) {
    setAddress(json.getString("address"));
    JsonArray list = json.getJsonArray("services");
    if (list != null) {
      for (Object s : list) {
        addService(String.valueOf(s));
      }
    }
    if (json.getValue("tls") instanceof JsonObject t) {
      tls = new TlsOptions(t);
    }
  }

  public JsonObject toJson() {
    return new JsonObject().put("address", address).put("services", new JsonArray(new ArrayList<>(services)))
        .put("tls", tls.toJson());
  }

  public String getAddress() {
    return address;
  }

  /**
   * @param address {@code host:port}; IPv6 hosts in brackets ({@code [::1]:9090})
   * @throws IllegalArgumentException when it is not {@code host:port} with a port in 1..65535
   */
  public BackendOptions setAddress(String address) {
    if (address == null || address.isBlank()) {
      throw new IllegalArgumentException("backend address is missing (want host:port)");
    }
    host(address);
    port(address);
    this.address = address.trim();
    return this;
  }

  public List<String> getServices() {
    return services;
  }

  public BackendOptions setServices(List<String> services) {
    this.services = new ArrayList<>(Objects.requireNonNull(services, "services"));
    return this;
  }

  public BackendOptions addService(String fullServiceName) {
    if (fullServiceName == null || fullServiceName.isBlank()) {
      throw new IllegalArgumentException("backend service name is empty");
    }
    services.add(fullServiceName);
    return this;
  }

  public TlsOptions getTls() {
    return tls;
  }

  /** TLS to this backend: system trust, a given CA, or mutual TLS; plain h2c by default. */
  public BackendOptions setTls(TlsOptions tls) {
    this.tls = new TlsOptions(tls);
    return this;
  }

  /** The host part of the address, without IPv6 brackets. */
  public String host() {
    return host(address);
  }

  public int port() {
    return port(address);
  }

  private static String host(String address) {
    int colon = address.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("backend address '" + address + "' is not host:port");
    }
    String host = address.substring(0, colon).trim();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return host;
  }

  private static int port(String address) {
    String p = address.substring(address.lastIndexOf(':') + 1).trim();
    try {
      int port = Integer.parseInt(p);
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("backend address '" + address + "' has no valid port (1..65535)");
    }
  }
}
