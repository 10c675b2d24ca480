package io.vgw.tracing;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The OpenTracing mode ({@code tracing.mode = opentracing}): where the {@code io.opentracing.Tracer}
 * comes from, and how the gateway names its server span. JSON key {@code tracing.opentracing}.
 *
 * <pre>{
 *   "tracer": "brave",
 *   "zipkinEndpoint": "http://127.0.0.1:9411/api/v2/spans",
 *   "serviceName": "vgw",
 *   "sampleRate": 1.0,
 *   "operationName": "ServeHTTP"
 * }</pre>
 *
 * <p>A Vert.x built with {@link OpenTracingVertx#tracerFactory} brings its own tracer: then
 * {@code tracer}, {@code zipkinEndpoint}, {@code serviceName} and {@code sampleRate} are not read.
 * Sampling is always the tracer's own; vgw's {@code tracing.sampler} and {@code rules} are for
 * OpenCensus.
 */
public class OpenTracingOptions {

  /** Where the tracer comes from when the Vert.x instance does not bring one. */
  public enum TracerSource {
    /**
     * The OpenTracing {@code TracerResolver}: the {@code GlobalTracer} when one is registered, else
     * a {@code TracerFactory} or {@code TracerResolver} found with {@link java.util.ServiceLoader}
     * on the class path. Start-up fails when none is found.
     */
    RESOLVER,
    /** A Brave tracer built by vgw, reporting to {@link #getZipkinEndpoint()}. */
    BRAVE
  }

  /** The operation name of the gateway's server span. */
  public enum OperationName {
    /** {@code ServeHTTP}, as grpc-gateway's OpenTracing wrapper names it. */
    SERVE_HTTP("ServeHTTP"),
    /**
     * The matched route, {@code POST /v1/echo}; a request that matches no route (404, 405, refused
     * by a limit) keeps {@code ServeHTTP}.
     */
    ROUTE("route");

    private final String json;

    OperationName(String json) {
      this.json = json;
    }

    /** The value in JSON configuration. */
    public String json() {
      return json;
    }
  }

  /** Default tracer: {@link TracerSource#BRAVE}, self-contained, to a Zipkin server on this host. */
  public static final TracerSource DEFAULT_TRACER = TracerSource.BRAVE;
  /** Default Zipkin endpoint of the Brave tracer: {@code http://127.0.0.1:9411/api/v2/spans}. */
  public static final String DEFAULT_ZIPKIN_ENDPOINT = "http://127.0.0.1:9411/api/v2/spans";
  /** Default service name of the Brave tracer's spans: {@code vgw}. */
  public static final String DEFAULT_SERVICE_NAME = "vgw";
  /** Default share of new traces the Brave tracer samples: {@code 1.0}, all of them. */
  public static final double DEFAULT_SAMPLE_RATE = 1.0;
  /** Default server span name: {@link OperationName#SERVE_HTTP}. */
  public static final OperationName DEFAULT_OPERATION_NAME = OperationName.SERVE_HTTP;

  private static final Set<String> KEYS = Set.of("tracer", "zipkinEndpoint", "serviceName", "sampleRate", "operationName");

  private TracerSource tracer = DEFAULT_TRACER;
  private String zipkinEndpoint = DEFAULT_ZIPKIN_ENDPOINT;
  private String serviceName = DEFAULT_SERVICE_NAME;
  private double sampleRate = DEFAULT_SAMPLE_RATE;
  private OperationName operationName = DEFAULT_OPERATION_NAME;

  public OpenTracingOptions() {
  }

  public OpenTracingOptions(OpenTracingOptions other) {
    this.tracer = other.tracer;
    this.zipkinEndpoint = other.zipkinEndpoint;
    this.serviceName = other.serviceName;
    this.sampleRate = other.sampleRate;
    this.operationName = other.operationName;
  }

  /** @throws IllegalArgumentException naming the key of an unknown key or a bad value */
  public OpenTracingOptions(JsonObject json) {
    for (String key : json.fieldNames()) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException("tracing.opentracing: unknown key \"" + key + "\"; want some of " + new TreeSet<>(KEYS));
      }
    }
    if (json.getValue("tracer") != null) {
      setTracer(parseTracer(json.getValue("tracer")));
    }
    if (json.getValue("zipkinEndpoint") != null) {
      setZipkinEndpoint(String.valueOf(json.getValue("zipkinEndpoint")));
    }
    if (json.getValue("serviceName") != null) {
      setServiceName(String.valueOf(json.getValue("serviceName")));
    }
    if (json.getValue("sampleRate") != null) {
      setSampleRate(parseRate(json.getValue("sampleRate")));
    }
    if (json.getValue("operationName") != null) {
      setOperationName(parseOperationName(json.getValue("operationName")));
    }
  }

  private static TracerSource parseTracer(Object value) {
    String v = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
    for (TracerSource s : TracerSource.values()) {
      if (s.name().toLowerCase(Locale.ROOT).equals(v)) {
        return s;
      }
    }
    throw new IllegalArgumentException("tracing.opentracing.tracer: unknown value \"" + value + "\"; want one of [resolver, brave]");
  }

  private static OperationName parseOperationName(Object value) {
    String v = String.valueOf(value).trim();
    for (OperationName n : OperationName.values()) {
      if (n.json.equalsIgnoreCase(v)) {
        return n;
      }
    }
    throw new IllegalArgumentException("tracing.opentracing.operationName: unknown value \"" + value + "\"; want one of [ServeHTTP, route]");
  }

  /** A number, or text from an environment variable or a flag. */
  private static double parseRate(Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(String.valueOf(value).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("tracing.opentracing.sampleRate must be a number from 0 to 1: " + value);
    }
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("tracer", tracer.name().toLowerCase(Locale.ROOT))
        .put("zipkinEndpoint", zipkinEndpoint)
        .put("serviceName", serviceName)
        .put("sampleRate", sampleRate)
        .put("operationName", operationName.json());
  }

  public TracerSource getTracer() {
    return tracer;
  }

  public OpenTracingOptions setTracer(TracerSource tracer) {
    if (tracer == null) {
      throw new IllegalArgumentException("tracing.opentracing.tracer must not be null");
    }
    this.tracer = tracer;
    return this;
  }

  public String getZipkinEndpoint() {
    return zipkinEndpoint;
  }

  /**
   * Where the Brave tracer POSTs its spans (Zipkin v2 JSON).
   *
   * @throws IllegalArgumentException unless an absolute http(s) URL with a host
   */
  public OpenTracingOptions setZipkinEndpoint(String zipkinEndpoint) {
    if (zipkinEndpoint == null) {
      throw new IllegalArgumentException("tracing.opentracing.zipkinEndpoint must be an http(s) URL with a host: null");
    }
    URI uri;
    try {
      uri = URI.create(zipkinEndpoint.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("tracing.opentracing.zipkinEndpoint is not a URL: " + zipkinEndpoint, e);
    }
    if (!List.of("http", "https").contains(String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT)) || uri.getHost() == null) {
      throw new IllegalArgumentException("tracing.opentracing.zipkinEndpoint must be an http(s) URL with a host: " + zipkinEndpoint);
    }
    this.zipkinEndpoint = uri.toString();
    return this;
  }

  public String getServiceName() {
    return serviceName;
  }

  /**
   * The service name of the Brave tracer's spans in Zipkin.
   *
   * @throws IllegalArgumentException if blank
   */
  public OpenTracingOptions setServiceName(String serviceName) {
    if (serviceName == null || serviceName.isBlank()) {
      throw new IllegalArgumentException("tracing.opentracing.serviceName must not be blank");
    }
    this.serviceName = serviceName.trim();
    return this;
  }

  public double getSampleRate() {
    return sampleRate;
  }

  /**
   * The share of new traces (no sampling decision from the caller) the Brave tracer samples: Brave's
   * own {@code Sampler.create(rate)}. A caller's decision ({@code X-B3-Sampled}) is always followed.
   *
   * @throws IllegalArgumentException unless 0 ≤ rate ≤ 1
   */
  public OpenTracingOptions setSampleRate(double sampleRate) {
    if (!(sampleRate >= 0 && sampleRate <= 1)) {
      throw new IllegalArgumentException("tracing.opentracing.sampleRate must be a number from 0 to 1: " + sampleRate);
    }
    this.sampleRate = sampleRate;
    return this;
  }

  public OperationName getOperationName() {
    return operationName;
  }

  public OpenTracingOptions setOperationName(OperationName operationName) {
    if (operationName == null) {
      throw new IllegalArgumentException("tracing.opentracing.operationName must not be null");
    }
    this.operationName = operationName;
    return this;
  }

  @Override
  public String toString() {
    return toJson().encode();
  }
}
