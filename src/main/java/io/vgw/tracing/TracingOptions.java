package io.vgw.tracing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How the gateway traces requests: the tracing system ({@link Mode}), which requests are sampled
 * ({@link SamplingOptions}), which paths are never traced, which trace-context formats are read
 * from HTTP callers and written to gRPC backends, and whether callers' trace context is trusted.
 *
 * <pre>{
 *   "mode": "opencensus",
 *   "sampler": {"type": "ratelimited", "perSecond": 10},
 *   "rules": [{"pathPrefix": "/api", "sampler": {"type": "always"}}],
 *   "untracedPaths": ["/metrics"],
 *   "publicEndpoint": false,
 *   "propagation": {"in": ["tracecontext", "b3", "xray", "grpc-trace-bin"],
 *                   "out": ["grpc-trace-bin", "tracecontext"]},
 *   "spanName": "route"
 * }</pre>
 */
public class TracingOptions {

  /** The tracing system. */
  public enum Mode {
    /** OpenCensus spans, exported by vgw's export pipeline (X-Ray, Zipkin, logging). */
    OPENCENSUS,
    /** An {@code io.opentracing.Tracer} of the user's, through vertx-opentracing. */
    OPENTRACING,
    /** No tracing at all: no spans, no trace headers sent to backends. */
    NONE
  }

  /** How server spans are named. */
  public enum SpanName {
    /** The matched route template, {@code POST /v1/echo}: few distinct names, the default. */
    ROUTE,
    /** The request path, {@code /v1/echo/42}, as ochttp names spans: one name per id. */
    PATH
  }

  /** W3C Trace Context: {@code traceparent} and {@code tracestate}. */
  public static final String TRACECONTEXT = "tracecontext";
  /** Zipkin B3, multi-header ({@code X-B3-TraceId}…); read also accepts the single {@code b3} header. */
  public static final String B3 = "b3";
  /** Zipkin B3 as the single {@code b3} header (out only; read is covered by {@link #B3}). */
  public static final String B3_SINGLE = "b3single";
  /** AWS X-Ray: {@code X-Amzn-Trace-Id: Root=…;Parent=…;Sampled=…}. */
  public static final String XRAY = "xray";
  /** OpenCensus binary format, base64, as {@code grpc-trace-bin} (what ocgrpc servers read). */
  public static final String GRPC_TRACE_BIN = "grpc-trace-bin";

  /** Every format known; formats read by default, in the order tried. */
  public static final List<String> DEFAULT_PROPAGATION_IN = List.of(TRACECONTEXT, B3, XRAY, GRPC_TRACE_BIN);
  /** Formats written to backends by default: what OpenCensus ({@code ocgrpc}) and W3C servers read. */
  public static final List<String> DEFAULT_PROPAGATION_OUT = List.of(GRPC_TRACE_BIN, TRACECONTEXT);
  /** Paths that are never traced, whatever the configuration: the health endpoints. */
  public static final Set<String> HEALTH_PATHS = Set.of("/healthz", "/livez", "/readyz");

  private static final Set<String> KNOWN_IN = Set.of(TRACECONTEXT, B3, XRAY, GRPC_TRACE_BIN);
  private static final Set<String> KNOWN_OUT = Set.of(TRACECONTEXT, B3, B3_SINGLE, XRAY, GRPC_TRACE_BIN);

  private Mode mode = Mode.OPENCENSUS;
  private SamplingOptions sampling = new SamplingOptions();
  private Set<String> untracedPaths = new LinkedHashSet<>();
  private boolean publicEndpoint;
  private List<String> propagationIn = new ArrayList<>(DEFAULT_PROPAGATION_IN);
  private List<String> propagationOut = new ArrayList<>(DEFAULT_PROPAGATION_OUT);
  private SpanName spanName = SpanName.ROUTE;
  private boolean zpages = true;
  private OpenTracingOptions openTracing = new OpenTracingOptions();

  public TracingOptions() {
  }

  public TracingOptions(TracingOptions other) {
    this(other.toJson());
  }

  /** @throws IllegalArgumentException naming the key of a bad value */
  public TracingOptions(JsonObject json) {
    if (json.getValue("mode") != null) {
      setMode(enumValue(Mode.class, json.getValue("mode"), "tracing.mode"));
    }
    try {
      sampling = new SamplingOptions(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("tracing: " + e.getMessage(), e);
    }
    for (String p : strings(json.getValue("untracedPaths"), "tracing.untracedPaths")) {
      addUntracedPath(p);
    }
    if (json.getValue("publicEndpoint") != null) {
      if (!(json.getValue("publicEndpoint") instanceof Boolean b)) {
        throw new IllegalArgumentException("tracing.publicEndpoint must be true or false: " + json.getValue("publicEndpoint"));
      }
      publicEndpoint = b;
    }
    Object prop = json.getValue("propagation");
    if (prop instanceof JsonObject p) {
      if (p.containsKey("in")) {
        setPropagationIn(strings(p.getValue("in"), "tracing.propagation.in"));
      }
      if (p.containsKey("out")) {
        setPropagationOut(strings(p.getValue("out"), "tracing.propagation.out"));
      }
    } else if (prop != null) {
      throw new IllegalArgumentException("tracing.propagation must be an object {\"in\": [...], \"out\": [...]}");
    }
    if (json.getValue("spanName") != null) {
      setSpanName(enumValue(SpanName.class, json.getValue("spanName"), "tracing.spanName"));
    }
    if (json.getValue("zpages") != null) {
      if (!(json.getValue("zpages") instanceof Boolean b)) {
        throw new IllegalArgumentException("tracing.zpages must be true or false: " + json.getValue("zpages"));
      }
      zpages = b;
    }
    if (json.getValue("opentracing") instanceof JsonObject ot) {
      openTracing = new OpenTracingOptions(ot);
    } else if (json.getValue("opentracing") != null) {
      throw new IllegalArgumentException("tracing.opentracing must be an object {\"tracer\": \"brave\", ...}");
    }
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, Object value, String key) {
    try {
      return Enum.valueOf(type, String.valueOf(value).trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      List<String> names = new ArrayList<>();
      for (E c : type.getEnumConstants()) {
        names.add(c.name().toLowerCase(Locale.ROOT));
      }
      throw new IllegalArgumentException(key + ": unknown value \"" + value + "\"; want one of " + names);
    }
  }

  /** A JSON list, or comma-separated text (from an environment variable or a flag). */
  private static List<String> strings(Object value, String key) {
    List<String> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    if (value instanceof JsonArray a) {
      a.forEach(x -> out.add(String.valueOf(x).trim()));
    } else if (value instanceof String s) {
      for (String x : s.split(",")) {
        if (!x.isBlank()) {
          out.add(x.trim());
        }
      }
    } else {
      throw new IllegalArgumentException(key + " must be a list of strings: " + value);
    }
    return out;
  }

  public JsonObject toJson() {
    JsonObject json = sampling.toJson()
        .put("mode", mode.name().toLowerCase(Locale.ROOT))
        .put("untracedPaths", new JsonArray(new ArrayList<>(untracedPaths)))
        .put("publicEndpoint", publicEndpoint)
        .put("propagation", new JsonObject()
            .put("in", new JsonArray(new ArrayList<>(propagationIn)))
            .put("out", new JsonArray(new ArrayList<>(propagationOut))))
        .put("spanName", spanName.name().toLowerCase(Locale.ROOT))
        .put("zpages", zpages)
        .put("opentracing", openTracing.toJson());
    return json;
  }

  public Mode getMode() {
    return mode;
  }

  public TracingOptions setMode(Mode mode) {
    this.mode = Objects.requireNonNull(mode, "mode");
    return this;
  }

  public SamplingOptions getSampling() {
    return sampling;
  }

  /** The default sampler and the per-route rules (JSON keys {@code sampler} and {@code rules}). */
  public TracingOptions setSampling(SamplingOptions sampling) {
    this.sampling = new SamplingOptions(Objects.requireNonNull(sampling, "sampling"));
    return this;
  }

  public Set<String> getUntracedPaths() {
    return untracedPaths;
  }

  /**
   * A path never traced (exact match), beside {@link #HEALTH_PATHS}, which always are untraced.
   *
   * @throws IllegalArgumentException unless it starts with {@code /}
   */
  public TracingOptions addUntracedPath(String path) {
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("tracing.untracedPaths: a path must start with '/': " + path);
    }
    untracedPaths.add(path);
    return this;
  }

  public boolean isPublicEndpoint() {
    return publicEndpoint;
  }

  /**
   * For a gateway facing untrusted callers: their trace context is not trusted. Each request starts
   * a new trace (sampled by the gateway's own rules), linked to the caller's context, so a caller
   * cannot force sampling or join traces it does not own. Off by default.
   */
  public TracingOptions setPublicEndpoint(boolean publicEndpoint) {
    this.publicEndpoint = publicEndpoint;
    return this;
  }

  public List<String> getPropagationIn() {
    return propagationIn;
  }

  /**
   * The formats read from HTTP requests, in the order tried: the first one present and well formed
   * gives the parent. Empty: callers' context is ignored.
   *
   * @throws IllegalArgumentException for an unknown format
   */
  public TracingOptions setPropagationIn(List<String> formats) {
    this.propagationIn = known(formats, KNOWN_IN, "tracing.propagation.in");
    return this;
  }

  public List<String> getPropagationOut() {
    return propagationOut;
  }

  /**
   * The formats written into the metadata of backend calls. Empty: none.
   *
   * @throws IllegalArgumentException for an unknown format
   */
  public TracingOptions setPropagationOut(List<String> formats) {
    this.propagationOut = known(formats, KNOWN_OUT, "tracing.propagation.out");
    return this;
  }

  private static List<String> known(List<String> formats, Set<String> known, String key) {
    List<String> out = new ArrayList<>();
    for (String f : formats) {
      String name = f.trim().toLowerCase(Locale.ROOT);
      if (!known.contains(name)) {
        throw new IllegalArgumentException(key + ": unknown format \"" + f + "\"; want some of " + new java.util.TreeSet<>(known));
      }
      if (!out.contains(name)) {
        out.add(name);
      }
    }
    return out;
  }

  public SpanName getSpanName() {
    return spanName;
  }

  public TracingOptions setSpanName(SpanName spanName) {
    this.spanName = Objects.requireNonNull(spanName, "spanName");
    return this;
  }

  public boolean isZPages() {
    return zpages;
  }

  /**
   * Whether spans and backend calls are shown on the admin listener's {@code /debug/tracez} and
   * {@code /debug/rpcz} (OpenCensus mode; on by default, when the admin listener is).
   */
  public TracingOptions setZPages(boolean zpages) {
    this.zpages = zpages;
    return this;
  }

  /** The OpenTracing mode's options (JSON key {@code opentracing}); read only in that mode. */
  public OpenTracingOptions getOpenTracing() {
    return openTracing;
  }

  public TracingOptions setOpenTracing(OpenTracingOptions openTracing) {
    this.openTracing = new OpenTracingOptions(Objects.requireNonNull(openTracing, "openTracing"));
    return this;
  }

  @Override
  public String toString() {
    return toJson().encode();
  }
}
