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
 * Zipkin's B3 (https://github.com/openzipkin/b3-propagation). Reads the single {@code b3} header
 * ({@code {TraceId}-{SpanId}[-{SamplingState}[-{ParentSpanId}]]}) first, then the multi-header form
 * ({@code X-B3-TraceId}, {@code X-B3-SpanId}, {@code X-B3-Sampled}, {@code X-B3-Flags}). A 64-bit
 * trace id is left-padded with zeros to 128 bits. The debug flag ({@code d}, {@code X-B3-Flags: 1})
 * means sampled. A sampling-only {@code b3: 0} carries no trace, so it is no parent.
 *
 * <p>Writes the multi-header form, or the single header ({@link #single()}).
 */
public final class B3Format implements TraceFormat {

  private static final int MAX_SINGLE = 128;
  private static final int MAX_FIELD = 32;

  private final boolean writeSingle;

  private B3Format(boolean writeSingle) {
    this.writeSingle = writeSingle;
  }

  /** Reads both forms; writes the {@code X-B3-*} headers. */
  public static B3Format multi() {
    return new B3Format(false);
  }

  /** Reads both forms; writes the single {@code b3} header. */
  public static B3Format single() {
    return new B3Format(true);
  }

  @Override
  public String name() {
    return writeSingle ? TracingOptions.B3_SINGLE : TracingOptions.B3;
  }

  @Override
  public RemoteParent extract(MultiMap headers) {
    if (headers.contains("b3")) {
      return extractSingle(TraceFormat.single(headers, "b3", MAX_SINGLE));
    }
    String traceId = TraceFormat.single(headers, "x-b3-traceid", MAX_FIELD);
    String spanId = TraceFormat.single(headers, "x-b3-spanid", MAX_FIELD);
    if (traceId == null || spanId == null) {
      return null;
    }
    Boolean sampled = null;
    if (headers.contains("x-b3-sampled")) {
      String s = TraceFormat.single(headers, "x-b3-sampled", MAX_FIELD);
      sampled = s == null ? null : sampling(s);
      if (sampled == null) {
        return null;
      }
    }
    if ("1".equals(TraceFormat.single(headers, "x-b3-flags", MAX_FIELD))) {
      sampled = true;
    }
    if (headers.contains("x-b3-parentspanid")) {
      String p = TraceFormat.single(headers, "x-b3-parentspanid", MAX_FIELD);
      if (p == null || !validSpanId(p)) {
        return null;
      }
    }
    return parent(traceId, spanId, sampled != null && sampled);
  }

  private RemoteParent extractSingle(String b3) {
    if (b3 == null) {
      return null;
    }
    String[] f = b3.split("-", -1);
    if (f.length < 2 || f.length > 4) {
      return null; // a sampling decision alone ("0", "1", "d") names no trace
    }
    boolean sampled = false;
    if (f.length >= 3) {
      Boolean s = f[2].equals("d") ? Boolean.TRUE : sampling(f[2]);
      if (s == null) {
        return null;
      }
      sampled = s;
    }
    if (f.length == 4 && !validSpanId(f[3])) {
      return null;
    }
    return parent(f[0], f[1], sampled);
  }

  /** "1"/"true" → sampled, "0"/"false" → not; anything else is malformed. */
  private static Boolean sampling(String s) {
    return switch (s) {
      case "1", "true" -> Boolean.TRUE;
      case "0", "false" -> Boolean.FALSE;
      default -> null;
    };
  }

  private RemoteParent parent(String traceId, String spanId, boolean sampled) {
    if (!(traceId.length() == 16 || traceId.length() == 32) || !Hex.isLowerHex(traceId) || Hex.allZeros(traceId)
        || !validSpanId(spanId)) {
      return null;
    }
    String padded = traceId.length() == 16 ? "0000000000000000" + traceId : traceId;
    SpanContext context = SpanContext.create(TraceId.fromLowerBase16(padded), SpanId.fromLowerBase16(spanId),
        TraceOptions.builder().setIsSampled(sampled).build(), Tracestate.builder().build());
    return new RemoteParent(context, true, TracingOptions.B3);
  }

  private static boolean validSpanId(String s) {
    return s.length() == 16 && Hex.isLowerHex(s) && !Hex.allZeros(s);
  }

  @Override
  public void inject(SpanContext context, SpanId parent, Map<String, String> metadata) {
    String sampled = context.getTraceOptions().isSampled() ? "1" : "0";
    if (writeSingle) {
      String v = context.getTraceId().toLowerBase16() + "-" + context.getSpanId().toLowerBase16() + "-" + sampled;
      metadata.put("b3", parent.isValid() ? v + "-" + parent.toLowerBase16() : v);
      return;
    }
    metadata.put("x-b3-traceid", context.getTraceId().toLowerBase16());
    metadata.put("x-b3-spanid", context.getSpanId().toLowerBase16());
    if (parent.isValid()) {
      metadata.put("x-b3-parentspanid", parent.toLowerBase16());
    }
    metadata.put("x-b3-sampled", sampled);
  }
}
