package io.vgw.export;

import io.vertx.core.json.JsonObject;
import java.net.URI;

/**
 * The Zipkin exporter: each batch is POSTed as one Zipkin v2 JSON array to {@link #getEndpoint()}
 * with Vert.x's own HTTP client, so vgw (not a reporter thread) decides when a batch is sent and
 * knows when it was accepted.
 *
 * <pre>{"type":"zipkin","endpoint":"http://127.0.0.1:9411/api/v2/spans","serviceName":"vgw"}</pre>
 */
public class ZipkinExporterOptions extends ExporterOptions {

  /** The {@code "type"} of this exporter in JSON configuration. */
  public static final String TYPE = "zipkin";

  /** Default endpoint: a Zipkin server on this host, {@code http://127.0.0.1:9411/api/v2/spans}. */
  public static final String DEFAULT_ENDPOINT = "http://127.0.0.1:9411/api/v2/spans";

  /** Default {@code localEndpoint.serviceName}: {@code vgw}. */
  public static final String DEFAULT_SERVICE_NAME = "vgw";

  /** Default bound on one POST, connect included: 10 000 ms. */
  public static final long DEFAULT_TIMEOUT = 10_000;

  private String endpoint = DEFAULT_ENDPOINT;
  private String serviceName = DEFAULT_SERVICE_NAME;
  private long timeout = DEFAULT_TIMEOUT;

  public ZipkinExporterOptions() {}

  public ZipkinExporterOptions(ZipkinExporterOptions other) {
    this.endpoint = other.endpoint;
    this.serviceName = other.serviceName;
    this.timeout = other.timeout;
  }

  public ZipkinExporterOptions(JsonObject json) {
    setEndpoint(json.getString("endpoint", DEFAULT_ENDPOINT));
    setServiceName(json.getString("serviceName", DEFAULT_SERVICE_NAME));
    setTimeout(json.getLong("timeout", DEFAULT_TIMEOUT));
  }

  @Override
  public String getType() {
    return TYPE;
  }

  public String getEndpoint() {
    return endpoint;
  }

  /** @throws IllegalArgumentException unless an absolute http(s) URL with a host */
  public ZipkinExporterOptions setEndpoint(String endpoint) {
    URI uri;
    try {
      uri = URI.create(endpoint);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("endpoint is not a URL: " + endpoint, e);
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null) {
      throw new IllegalArgumentException("endpoint must be an http(s) URL with a host: " + endpoint);
    }
    this.endpoint = endpoint;
    return this;
  }

  public String getServiceName() {
    return serviceName;
  }

  /** @throws IllegalArgumentException if blank */
  public ZipkinExporterOptions setServiceName(String serviceName) {
    if (serviceName == null || serviceName.isBlank()) {
      throw new IllegalArgumentException("serviceName must not be blank");
    }
    this.serviceName = serviceName;
    return this;
  }

  /** @return the bound on one POST in milliseconds */
  public long getTimeout() {
    return timeout;
  }

  /** @throws IllegalArgumentException unless {@code > 0} */
  public ZipkinExporterOptions setTimeout(long timeoutMillis) {
    if (timeoutMillis <= 0) {
      throw new IllegalArgumentException("timeout must be > 0 ms, got " + timeoutMillis);
    }
    this.timeout = timeoutMillis;
    return this;
  }

  @Override
  public ZipkinExporterOptions copy() {
    return new ZipkinExporterOptions(this);
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject()
        .put("type", TYPE)
        .put("endpoint", endpoint)
        .put("serviceName", serviceName)
        .put("timeout", timeout);
  }
}
