package io.vgw.tracing.impl.propagation;

import io.opencensus.trace.SpanContext;
import io.opencensus.trace.SpanId;
import io.vertx.core.MultiMap;
import io.vgw.tracing.TracingOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The formats the gateway reads from callers (in order: the first present and well formed wins)
 * and writes to backends ({@link TracingOptions#getPropagationIn()}, {@code …Out()}). Immutable.
 */
public final class Propagation {

  private final List<TraceFormat> in;
  private final List<TraceFormat> out;

  private Propagation(List<TraceFormat> in, List<TraceFormat> out) {
    this.in = List.copyOf(in);
    this.out = List.copyOf(out);
  }

  public static Propagation of(TracingOptions options) {
    List<TraceFormat> in = new ArrayList<>();
    options.getPropagationIn().forEach(name -> in.add(format(name)));
    List<TraceFormat> out = new ArrayList<>();
    options.getPropagationOut().forEach(name -> out.add(format(name)));
    return new Propagation(in, out);
  }

  /** Every format vgw knows, by its configuration name. */
  public static TraceFormat format(String name) {
    return switch (name) {
      case TracingOptions.TRACECONTEXT -> new TraceContextFormat();
      case TracingOptions.B3 -> B3Format.multi();
      case TracingOptions.B3_SINGLE -> B3Format.single();
      case TracingOptions.XRAY -> new XRayFormat();
      case TracingOptions.GRPC_TRACE_BIN -> new GrpcTraceBinFormat();
      default -> throw new IllegalArgumentException("unknown trace format " + name);
    };
  }

  /** @return the caller's context, or null when no configured format carries a well formed one */
  public RemoteParent extract(MultiMap headers) {
    for (TraceFormat f : in) {
      RemoteParent p = f.extract(headers);
      if (p != null) {
        return p;
      }
    }
    return null;
  }

  /** Metadata carrying {@code context} in every configured out format. */
  public Map<String, String> inject(SpanContext context, SpanId parent) {
    if (out.isEmpty()) {
      return Map.of();
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    for (TraceFormat f : out) {
      f.inject(context, parent, metadata);
    }
    return metadata;
  }
}
