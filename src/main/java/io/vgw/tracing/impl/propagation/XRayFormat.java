package io.vgw.tracing.impl.propagation;

import io.opencensus.trace.SpanContext;
import io.opencensus.trace.SpanId;
import io.opencensus.trace.TraceId;
import io.opencensus.trace.TraceOptions;
import io.opencensus.trace.Tracestate;
import io.vertx.core.MultiMap;
import io.vgw.tracing.TracingOptions;
import java.util.Map;

/**
 * AWS X-Ray's {@code X-Amzn-Trace-Id: Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1}
 * (fields in any order; others, such as {@code Self} or {@code Lineage}, ignored).
 *
 * <p>The X-Ray trace id {@code 1-<8 hex epoch seconds>-<24 hex>} is the 16-byte trace id with the
 * version and dashes added, so the Root comes back out of the X-Ray exporter exactly as it came in.
 * A Root without Parent makes the gateway's span the root of that trace. {@code Sampled=?} (the
 * caller asks the receiver to decide) counts as not sampled.
 */
public final class XRayFormat implements TraceFormat {

  static final String HEADER = "x-amzn-trace-id";
  // X-Ray's own limit on the header is 256 characters; Lineage and custom fields fit in that.
  private static final int MAX = 256;

  @Override
  public String name() {
    return TracingOptions.XRAY;
  }

  @Override
  public RemoteParent extract(MultiMap headers) {
    String h = TraceFormat.single(headers, HEADER, MAX);
    if (h == null) {
      return null;
    }
    String root = null;
    String parent = null;
    String sampled = null;
    for (String field : h.split(";", -1)) {
      String f = field.trim();
      int eq = f.indexOf('=');
      if (eq <= 0) {
        if (f.isEmpty()) {
          continue;
        }
        return null;
      }
      String key = f.substring(0, eq);
      String value = f.substring(eq + 1);
      switch (key) {
        case "Root" -> {
          if (root != null) {
            return null;
          }
          root = value;
        }
        case "Parent" -> {
          if (parent != null) {
            return null;
          }
          parent = value;
        }
        case "Sampled" -> {
          if (sampled != null) {
            return null;
          }
          sampled = value;
        }
        default -> {
          // Self, Lineage, custom fields: not ours to read
        }
      }
    }
    TraceId traceId = root == null ? null : traceId(root);
    if (traceId == null) {
      return null;
    }
    if (parent != null && !(parent.length() == 16 && Hex.isLowerHex(parent) && !Hex.allZeros(parent))) {
      return null;
    }
    if (sampled != null && !(sampled.equals("0") || sampled.equals("1") || sampled.equals("?"))) {
      return null;
    }
    SpanId spanId = parent == null ? SpanId.INVALID : SpanId.fromLowerBase16(parent);
    SpanContext context = SpanContext.create(traceId, spanId,
        TraceOptions.builder().setIsSampled("1".equals(sampled)).build(), Tracestate.builder().build());
    return new RemoteParent(context, parent != null, name());
  }

  /** {@code 1-<8 hex>-<24 hex>} → the trace id, or null. */
  static TraceId traceId(String root) {
    if (root.length() != 35 || root.charAt(0) != '1' || root.charAt(1) != '-' || root.charAt(10) != '-'
        || !Hex.isLowerHex(root, 2, 8) || !Hex.isLowerHex(root, 11, 24)) {
      return null;
    }
    String hex = root.substring(2, 10) + root.substring(11);
    return Hex.allZeros(hex) ? null : TraceId.fromLowerBase16(hex);
  }

  /** The trace id as X-Ray writes it. */
  public static String root(TraceId id) {
    String hex = id.toLowerBase16();
    return "1-" + hex.substring(0, 8) + "-" + hex.substring(8);
  }

  @Override
  public void inject(SpanContext context, SpanId parent, Map<String, String> metadata) {
    metadata.put(HEADER, "Root=" + root(context.getTraceId()) + ";Parent=" + context.getSpanId().toLowerBase16()
        + ";Sampled=" + (context.getTraceOptions().isSampled() ? "1" : "0"));
  }
}
