package io.vgw.tracing.impl.propagation;

import io.opencensus.trace.SpanContext;
import io.opencensus.trace.SpanId;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Map;

/**
 * One trace-context format, read from HTTP headers and written to gRPC metadata. Reading never
 * throws: a header that is missing, repeated, longer than its spec allows or malformed in any way
 * gives {@code null} (the request then starts a new trace; it is never refused for it).
 */
public interface TraceFormat {

  /** The format's name in configuration ({@code tracecontext}, {@code b3}, …). */
  String name();

  /** @return the caller's context, or null when there is none that is well formed */
  RemoteParent extract(MultiMap headers);

  /**
   * Writes {@code context} (the gateway's client span) as metadata, lower-case keys, wire-ready.
   *
   * @param parent the span id of the client span's parent (B3 carries it), or {@code SpanId.INVALID}
   */
  void inject(SpanContext context, SpanId parent, Map<String, String> metadata);

  /** The single value of a header, or null when it is absent, repeated, or longer than {@code max}. */
  static String single(MultiMap headers, String name, int max) {
    List<String> all = headers.getAll(name);
    if (all.size() != 1) {
      return null;
    }
    String v = all.get(0);
    return v.length() > max ? null : v.trim();
  }
}
