package io.vgw;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vgw.export.ExportOptions;
import io.vgw.impl.Durations;
import io.vgw.tracing.TracingOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything a gateway is configured with: the one source of truth, built from
 * {@code conf/gateway.json}, then environment variables, then command-line flags (later wins; see
 * README). Like every Vert.x {@code *Options}: no-arg, copy and JSON constructors, {@link #toJson()},
 * fluent setters that reject bad values with {@link IllegalArgumentException}.
 *
 * <pre>{@code
 * {
 *   "http": {"host": "0.0.0.0", "port": 8080},
 *   "descriptors": ["protos.desc"],
 *   "backends": [{"address": "127.0.0.1:9090", "services": ["pkg.Service"]}],
 *   "timeout": "30s"
 * }
 * }</pre>
 */
public class GatewayOptions {

  /** The HTTP listener's interface: all of them, as a gateway in a container expects. */
  public static final String DEFAULT_HTTP_HOST = "0.0.0.0";
  public static final int DEFAULT_HTTP_PORT = 8080;
  /**
   * The deadline of a backend call when the request sends no {@code Grpc-Timeout}: 30 s. A gateway
   * without one (grpc-gateway's default) holds requests forever when a backend hangs.
   */
  public static final long DEFAULT_TIMEOUT_MILLIS = 30_000;
  /** How long a stopping gateway lets in-flight requests finish: 10 s. */
  public static final long DEFAULT_SHUTDOWN_TIMEOUT_MILLIS = 10_000;
  /** The largest request body accepted (413 above): 4 MiB, gRPC's default message limit. */
  public static final long DEFAULT_MAX_BODY_SIZE = 4L * 1024 * 1024;
  /** Gateway verticle instances: one per core, each on its own event loop. */
  public static final int DEFAULT_INSTANCES = Runtime.getRuntime().availableProcessors();

  private String httpHost = DEFAULT_HTTP_HOST;
  private int httpPort = DEFAULT_HTTP_PORT;
  private List<String> descriptors = new ArrayList<>();
  private List<BackendOptions> backends = new ArrayList<>();
  private long timeoutMillis = DEFAULT_TIMEOUT_MILLIS;
  private long shutdownTimeoutMillis = DEFAULT_SHUTDOWN_TIMEOUT_MILLIS;
  private long maxBodySize = DEFAULT_MAX_BODY_SIZE;
  private int instances = DEFAULT_INSTANCES;
  private boolean jsonProtoNames;
  private boolean jsonOmitZeroValues;
  private boolean jsonRejectUnknownFields;
  private TlsOptions httpTls = new TlsOptions();
  private LimitsOptions limits = new LimitsOptions();
  private AdminOptions admin = new AdminOptions();
  private TracingOptions tracing = new TracingOptions();
  private ExportOptions export = new ExportOptions();
  private HealthOptions health = new HealthOptions();
  private HeadersOptions headers = new HeadersOptions();
  private RoutesOptions routes = new RoutesOptions();

  public GatewayOptions() {
  }

  public GatewayOptions(GatewayOptions other) {
    this(withoutExport(other.toJson()));
    // Exporters may be Java-only (an exporter of one's own, X-Ray's onExport callback): copied as
    // objects, not through JSON.
    this.export = new ExportOptions(other.export);
  }

  private static JsonObject withoutExport(JsonObject json) {
    json.remove("export");
    return json;
  }

  /**
   * Reads the JSON form. Unknown keys are ignored; a key with a bad value fails.
   *
   * @throws IllegalArgumentException naming the key when a value is invalid
   */
  public GatewayOptions(JsonObject json) {
    JsonObject http = json.getJsonObject("http", new JsonObject());
    setHttpHost(http.getString("host", DEFAULT_HTTP_HOST));
    setHttpPort(intValue(http.getValue("port", DEFAULT_HTTP_PORT), "http.port"));
    if (http.getValue("tls") instanceof JsonObject tls) {
      setHttpTls(new TlsOptions(tls));
    }
    if (json.getValue("limits") instanceof JsonObject l) {
      setLimits(new LimitsOptions(l));
    }
    if (json.getValue("admin") instanceof JsonObject a) {
      setAdmin(new AdminOptions(a));
    }
    if (json.getValue("tracing") instanceof JsonObject t) {
      setTracing(new TracingOptions(t));
    }
    if (json.getValue("export") instanceof JsonObject e) {
      setExport(new ExportOptions(e));
    }
    if (json.getValue("health") instanceof JsonObject h) {
      setHealth(new HealthOptions(h));
    }
    if (json.getValue("headers") instanceof JsonObject hd) {
      setHeaders(new HeadersOptions(hd));
    }
    if (json.getValue("routes") instanceof JsonObject r) {
      setRoutes(new RoutesOptions(r));
    }
    Object descs = json.getValue("descriptors");
    if (descs instanceof JsonArray array) {
      array.forEach(d -> addDescriptor(String.valueOf(d)));
    } else if (descs instanceof String s && !s.isBlank()) {
      // From an environment variable or a flag: a comma-separated list.
      for (String d : s.split(",")) {
        addDescriptor(d.trim());
      }
    }
    Object bs = json.getValue("backends");
    if (bs instanceof JsonArray array) {
      for (Object b : array) {
        if (!(b instanceof JsonObject o)) {
          throw new IllegalArgumentException("backends: each entry must be an object like {\"address\": \"host:port\"}");
        }
        addBackend(new BackendOptions(o));
      }
    } else if (bs instanceof String s && !s.isBlank()) {
      // "host:port" or "host:port,host2:port2": backends that serve every service.
      for (String address : s.split(",")) {
        addBackend(new BackendOptions().setAddress(address.trim()));
      }
    }
    if (json.containsKey("timeout")) {
      setTimeoutMillis(Durations.toMillis(json.getValue("timeout"), "timeout"));
    }
    if (json.containsKey("shutdownTimeout")) {
      setShutdownTimeoutMillis(Durations.toMillis(json.getValue("shutdownTimeout"), "shutdownTimeout"));
    }
    if (json.containsKey("maxBodySize")) {
      setMaxBodySize(longValue(json.getValue("maxBodySize"), "maxBodySize"));
    }
    if (json.containsKey("instances")) {
      setInstances(intValue(json.getValue("instances"), "instances"));
    }
    JsonObject jsonOpts = json.getJsonObject("json", new JsonObject());
    jsonProtoNames = jsonOpts.getBoolean("protoNames", false);
    jsonOmitZeroValues = jsonOpts.getBoolean("omitZeroValues", false);
    jsonRejectUnknownFields = jsonOpts.getBoolean("rejectUnknownFields", false);
  }

  public JsonObject toJson() {
    JsonArray bs = new JsonArray();
    backends.forEach(b -> bs.add(b.toJson()));
    return new JsonObject()
        .put("http", new JsonObject().put("host", httpHost).put("port", httpPort).put("tls", httpTls.toJson()))
        .put("limits", limits.toJson())
        .put("admin", admin.toJson())
        .put("tracing", tracing.toJson())
        .put("export", export.toJson())
        .put("health", health.toJson())
        .put("headers", headers.toJson())
        .put("routes", routes.toJson())
        .put("descriptors", new JsonArray(new ArrayList<>(descriptors)))
        .put("backends", bs)
        .put("timeout", timeoutMillis)
        .put("shutdownTimeout", shutdownTimeoutMillis)
        .put("maxBodySize", maxBodySize)
        .put("instances", instances)
        .put("json", new JsonObject()
            .put("protoNames", jsonProtoNames)
            .put("omitZeroValues", jsonOmitZeroValues)
            .put("rejectUnknownFields", jsonRejectUnknownFields));
  }

  /**
   * Checks what involves several fields; run once at start-up.
   *
   * @throws IllegalArgumentException naming the fields in conflict
   */
  public void validate() {
    Set<String> named = new HashSet<>();
    int catchAll = 0;
    for (BackendOptions b : backends) {
      if (b.getServices().isEmpty()) {
        catchAll++;
      }
      for (String s : b.getServices()) {
        if (!named.add(s)) {
          throw new IllegalArgumentException("backends: service " + s + " is named by two backends");
        }
      }
    }
    if (catchAll > 1) {
      throw new IllegalArgumentException("backends: more than one backend without \"services\"; only one may serve every other service");
    }
    if (httpTls.isEnabled() && !httpTls.hasKeyMaterial()) {
      throw new IllegalArgumentException("http.tls: TLS on the listener needs certPath/keyPath or keyStorePath");
    }
    try {
      export.validate();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("export: " + e.getMessage(), e);
    }
    health.validate();
    if (!backends.isEmpty() && descriptors.isEmpty()) {
      throw new IllegalArgumentException("descriptors: backends are configured but no descriptor set says what they serve");
    }
  }

  private static int intValue(Object v, String key) {
    long l = longValue(v, key);
    if (l > Integer.MAX_VALUE || l < Integer.MIN_VALUE) {
      throw new IllegalArgumentException(key + " is out of range: " + v);
    }
    return (int) l;
  }

  private static long longValue(Object v, String key) {
    if (v instanceof Number n) {
      return n.longValue();
    }
    try {
      return Long.parseLong(String.valueOf(v).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " is not a number: " + v);
    }
  }

  public String getHttpHost() {
    return httpHost;
  }

  public GatewayOptions setHttpHost(String httpHost) {
    if (httpHost == null || httpHost.isBlank()) {
      throw new IllegalArgumentException("http.host is empty");
    }
    this.httpHost = httpHost;
    return this;
  }

  public int getHttpPort() {
    return httpPort;
  }

  /** @param httpPort 0 picks a free port (tests); see {@link Gateway#httpPort()} */
  public GatewayOptions setHttpPort(int httpPort) {
    if (httpPort < 0 || httpPort > 65535) {
      throw new IllegalArgumentException("http.port must be in 0..65535: " + httpPort);
    }
    this.httpPort = httpPort;
    return this;
  }

  public List<String> getDescriptors() {
    return descriptors;
  }

  /**
   * @param descriptor a file path, or {@code classpath:some/set.desc}, of a descriptor set written
   *     with {@code protoc --include_imports --descriptor_set_out}
   */
  public GatewayOptions addDescriptor(String descriptor) {
    if (descriptor == null || descriptor.isBlank()) {
      throw new IllegalArgumentException("descriptors: empty entry");
    }
    descriptors.add(descriptor);
    return this;
  }

  public GatewayOptions setDescriptors(List<String> descriptors) {
    this.descriptors = new ArrayList<>();
    descriptors.forEach(this::addDescriptor);
    return this;
  }

  public List<BackendOptions> getBackends() {
    return backends;
  }

  public GatewayOptions addBackend(BackendOptions backend) {
    backends.add(new BackendOptions(backend));
    return this;
  }

  public GatewayOptions setBackends(List<BackendOptions> backends) {
    this.backends = new ArrayList<>();
    backends.forEach(this::addBackend);
    return this;
  }

  public long getTimeoutMillis() {
    return timeoutMillis;
  }

  /** @param timeoutMillis the default backend deadline; 0 means none */
  public GatewayOptions setTimeoutMillis(long timeoutMillis) {
    if (timeoutMillis < 0) {
      throw new IllegalArgumentException("timeout must not be negative: " + timeoutMillis);
    }
    this.timeoutMillis = timeoutMillis;
    return this;
  }

  public long getShutdownTimeoutMillis() {
    return shutdownTimeoutMillis;
  }

  public GatewayOptions setShutdownTimeoutMillis(long shutdownTimeoutMillis) {
    if (shutdownTimeoutMillis < 0) {
      throw new IllegalArgumentException("shutdownTimeout must not be negative: " + shutdownTimeoutMillis);
    }
    this.shutdownTimeoutMillis = shutdownTimeoutMillis;
    return this;
  }

  public long getMaxBodySize() {
    return maxBodySize;
  }

  public GatewayOptions setMaxBodySize(long maxBodySize) {
    if (maxBodySize < 1) {
      throw new IllegalArgumentException("maxBodySize must be at least 1 byte: " + maxBodySize);
    }
    this.maxBodySize = maxBodySize;
    return this;
  }

  public int getInstances() {
    return instances;
  }

  public GatewayOptions setInstances(int instances) {
    if (instances < 1) {
      throw new IllegalArgumentException("instances must be at least 1: " + instances);
    }
    this.instances = instances;
    return this;
  }

  public TlsOptions getHttpTls() {
    return httpTls;
  }

  /** TLS on the HTTP listener (HTTP/2 through ALPN); off by default. */
  public GatewayOptions setHttpTls(TlsOptions httpTls) {
    this.httpTls = new TlsOptions(httpTls);
    return this;
  }

  public LimitsOptions getLimits() {
    return limits;
  }

  public GatewayOptions setLimits(LimitsOptions limits) {
    this.limits = new LimitsOptions(limits);
    return this;
  }

  public HeadersOptions getHeaders() {
    return headers;
  }

  /** Which headers become metadata and back; grpc-gateway's default matchers when not set. */
  public GatewayOptions setHeaders(HeadersOptions headers) {
    this.headers = new HeadersOptions(headers);
    return this;
  }

  public RoutesOptions getRoutes() {
    return routes;
  }

  /** Per-route deadlines, the wrong-method answer, unknown query parameters. */
  public GatewayOptions setRoutes(RoutesOptions routes) {
    this.routes = new RoutesOptions(routes);
    return this;
  }

  public boolean isJsonProtoNames() {
    return jsonProtoNames;
  }

  /** Print response fields with their proto names (snake_case) instead of lowerCamelCase. */
  public GatewayOptions setJsonProtoNames(boolean jsonProtoNames) {
    this.jsonProtoNames = jsonProtoNames;
    return this;
  }

  public boolean isJsonOmitZeroValues() {
    return jsonOmitZeroValues;
  }

  /** Leave fields at their zero value out of responses (grpc-gateway prints them by default). */
  public GatewayOptions setJsonOmitZeroValues(boolean jsonOmitZeroValues) {
    this.jsonOmitZeroValues = jsonOmitZeroValues;
    return this;
  }

  public boolean isJsonRejectUnknownFields() {
    return jsonRejectUnknownFields;
  }

  /** Answer 400 to a request body with a field the message does not have (ignored by default). */
  public GatewayOptions setJsonRejectUnknownFields(boolean jsonRejectUnknownFields) {
    this.jsonRejectUnknownFields = jsonRejectUnknownFields;
    return this;
  }

  public AdminOptions getAdmin() {
    return admin;
  }

  /** The admin listener (health, zPages, admin API); on 127.0.0.1:9901 by default. */
  public GatewayOptions setAdmin(AdminOptions admin) {
    this.admin = new AdminOptions(admin);
    return this;
  }

  public TracingOptions getTracing() {
    return tracing;
  }

  /** Tracing: mode, samplers, propagation formats; OpenCensus with 10 new traces/s by default. */
  public GatewayOptions setTracing(TracingOptions tracing) {
    this.tracing = new TracingOptions(tracing);
    return this;
  }

  public ExportOptions getExport() {
    return export;
  }

  /** Where sampled spans go (X-Ray, Zipkin, logging), and the export pipeline's bounds. */
  public GatewayOptions setExport(ExportOptions export) {
    this.export = new ExportOptions(export);
    return this;
  }

  public HealthOptions getHealth() {
    return health;
  }

  /** The health endpoints ({@code /healthz}, {@code /livez}, {@code /readyz}) and backend watching. */
  public GatewayOptions setHealth(HealthOptions health) {
    this.health = new HealthOptions(health);
    return this;
  }
}
