package io.vgw.tracing.impl.propagation;

import io.opencensus.trace.SpanContext;
import io.opencensus.trace.SpanId;
import io.opencensus.trace.TraceId;
import io.opencensus.trace.TraceOptions;
import io.opencensus.trace.Tracestate;
import io.vertx.core.MultiMap;
import io.vgw.tracing.TracingOptions;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/): {@code traceparent:
 * 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>} and {@code tracestate}.
 *
 * <p>Version {@code 00} is exactly 55 characters; a later version may append fields after a dash
 * (read as 00, §4.3); {@code ff} is invalid. All-zero ids are invalid. A malformed tracestate is
 * dropped while the traceparent is kept (§3.3.1.1); more than 32 members or 512 characters is
 * malformed. Multi-tenant members ({@code tenant@system}) are valid but dropped: OpenCensus's
 * {@code Tracestate} cannot hold them.
 */
public final class TraceContextFormat implements TraceFormat {

  static final String TRACEPARENT = "traceparent";
  static final String TRACESTATE = "tracestate";
  private static final int MAX_TRACEPARENT = 256;
  private static final int MAX_TRACESTATE = 512;
  private static final int MAX_MEMBERS = 32;
  // §3.3.1.3: simple-key / multi-tenant key, and a value of printable ASCII without ',' and '='.
  private static final Pattern KEY = Pattern.compile(
      "[a-z][a-z0-9_\\-*/]{0,255}|[a-z0-9][a-z0-9_\\-*/]{0,240}@[a-z][a-z0-9_\\-*/]{0,13}");
  private static final Pattern VALUE = Pattern.compile("[\\x20-\\x2b\\x2d-\\x3c\\x3e-\\x7e]{0,255}[\\x21-\\x2b\\x2d-\\x3c\\x3e-\\x7e]");

  @Override
  public String name() {
    return TracingOptions.TRACECONTEXT;
  }

  @Override
  public RemoteParent extract(MultiMap headers) {
    String tp = TraceFormat.single(headers, TRACEPARENT, MAX_TRACEPARENT);
    if (tp == null || tp.length() < 55) {
      return null;
    }
    if (!Hex.isLowerHex(tp, 0, 2) || tp.charAt(2) != '-' || tp.charAt(35) != '-' || tp.charAt(52) != '-'
        || !Hex.isLowerHex(tp, 3, 32) || !Hex.isLowerHex(tp, 36, 16) || !Hex.isLowerHex(tp, 53, 2)) {
      return null;
    }
    String version = tp.substring(0, 2);
    if (version.equals("ff") || version.equals("00") && tp.length() != 55
        || !version.equals("00") && tp.length() > 55 && tp.charAt(55) != '-') {
      return null;
    }
    String traceId = tp.substring(3, 35);
    String spanId = tp.substring(36, 52);
    if (Hex.allZeros(traceId) || Hex.allZeros(spanId)) {
      return null;
    }
    boolean sampled = (Integer.parseInt(tp.substring(53, 55), 16) & 1) == 1;
    SpanContext context = SpanContext.create(TraceId.fromLowerBase16(traceId), SpanId.fromLowerBase16(spanId),
        TraceOptions.builder().setIsSampled(sampled).build(), tracestate(headers));
    return new RemoteParent(context, true, name());
  }

  /** The tracestate members, or an empty one when the header is absent or malformed. */
  static Tracestate tracestate(MultiMap headers) {
    Tracestate empty = Tracestate.builder().build();
    java.util.List<String> all = headers.getAll(TRACESTATE);
    if (all.isEmpty()) {
      return empty;
    }
    // §3.3.1: several tracestate headers are one list, joined in order.
    String joined = String.join(",", all);
    if (joined.length() > MAX_TRACESTATE) {
      return empty;
    }
    java.util.List<String[]> members = new java.util.ArrayList<>();
    for (String raw : joined.split(",", -1)) {
      String m = raw.trim();
      if (m.isEmpty()) {
        continue;
      }
      int eq = m.indexOf('=');
      if (eq <= 0) {
        return empty;
      }
      String key = m.substring(0, eq);
      String value = m.substring(eq + 1);
      if (!KEY.matcher(key).matches() || !VALUE.matcher(value).matches()) {
        return empty;
      }
      for (String[] seen : members) {
        if (seen[0].equals(key)) {
          return empty; // §3.3.1.1: a key appears once
        }
      }
      members.add(new String[] {key, value});
    }
    if (members.size() > MAX_MEMBERS) {
      return empty;
    }
    Tracestate.Builder b = Tracestate.builder();
    // Tracestate.Builder.set puts each new key first: add from the last, to keep the order.
    for (int i = members.size() - 1; i >= 0; i--) {
      try {
        b.set(members.get(i)[0], members.get(i)[1]);
      } catch (IllegalArgumentException e) {
        // OpenCensus 0.31's Tracestate predates multi-tenant keys ("tenant@system"): such a member,
        // valid by W3C, cannot be carried on; the others are.
      }
    }
    return b.build();
  }

  @Override
  public void inject(SpanContext context, SpanId parent, Map<String, String> metadata) {
    metadata.put(TRACEPARENT, traceparent(context));
    if (!context.getTracestate().getEntries().isEmpty()) {
      StringBuilder sb = new StringBuilder();
      for (Tracestate.Entry e : context.getTracestate().getEntries()) {
        if (sb.length() > 0) {
          sb.append(',');
        }
        sb.append(e.getKey()).append('=').append(e.getValue());
      }
      metadata.put(TRACESTATE, sb.toString());
    }
  }

  static String traceparent(SpanContext context) {
    return "00-" + context.getTraceId().toLowerBase16() + "-" + context.getSpanId().toLowerBase16()
        + (context.getTraceOptions().isSampled() ? "-01" : "-00");
  }
}
