package io.vgw.tracing.impl.propagation;

import io.opencensus.trace.SpanContext;
import io.opencensus.trace.SpanId;
import io.opencensus.trace.TraceId;
import io.opencensus.trace.TraceOptions;
import io.opencensus.trace.Tracestate;
import io.vertx.core.MultiMap;
import io.vgw.tracing.TracingOptions;
import java.util.Base64;
import java.util.Map;

/**
 * OpenCensus's binary format in the {@code grpc-trace-bin} metadata key, as {@code ocgrpc} and
 * opencensus-java's gRPC integration read and write it: version 0, then field 0 (16-byte trace
 * id), field 1 (8-byte span id), field 2 (1 byte of trace options). 29 bytes, base64 on the wire
 * (gRPC's rule for {@code -bin} keys; Vert.x does not encode them itself).
 *
 * <p>Reading follows the spec's forward compatibility: fields are read in order and stop at an
 * unknown field id, so a later version's extra fields are ignored; a missing trace or span id is
 * malformed.
 */
public final class GrpcTraceBinFormat implements TraceFormat {

  public static final String KEY = "grpc-trace-bin";
  private static final int SIZE = 29;
  // base64 of a few hundred bytes at most: anything longer is not a span context.
  private static final int MAX = 512;

  @Override
  public String name() {
    return TracingOptions.GRPC_TRACE_BIN;
  }

  @Override
  public RemoteParent extract(MultiMap headers) {
    String v = TraceFormat.single(headers, KEY, MAX);
    if (v == null) {
      return null;
    }
    byte[] bytes;
    try {
      bytes = v.indexOf('-') >= 0 || v.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(v) : Base64.getDecoder().decode(v);
    } catch (IllegalArgumentException e) {
      return null;
    }
    SpanContext context = decode(bytes);
    return context == null ? null : new RemoteParent(context, true, name());
  }

  /** The span context of a binary value, or null when it is malformed. */
  static SpanContext decode(byte[] b) {
    if (b.length < 1 + 17 + 9 || b[0] != 0) {
      return null;
    }
    int pos = 1;
    TraceId traceId = null;
    SpanId spanId = null;
    TraceOptions options = TraceOptions.DEFAULT;
    if (b[pos] == 0) {
      traceId = TraceId.fromBytes(b, pos + 1);
      pos += 17;
    }
    if (pos < b.length && b[pos] == 1 && pos + 9 <= b.length) {
      spanId = SpanId.fromBytes(b, pos + 1);
      pos += 9;
    }
    if (pos + 2 <= b.length && b[pos] == 2) {
      options = TraceOptions.fromByte(b[pos + 1]);
    }
    if (traceId == null || spanId == null || !traceId.isValid() || !spanId.isValid()) {
      return null;
    }
    return SpanContext.create(traceId, spanId, options, Tracestate.builder().build());
  }

  static byte[] encode(SpanContext context) {
    byte[] b = new byte[SIZE];
    b[0] = 0;
    b[1] = 0;
    context.getTraceId().copyBytesTo(b, 2);
    b[18] = 1;
    context.getSpanId().copyBytesTo(b, 19);
    b[27] = 2;
    b[28] = context.getTraceOptions().getByte();
    return b;
  }

  @Override
  public void inject(SpanContext context, SpanId parent, Map<String, String> metadata) {
    metadata.put(KEY, Base64.getEncoder().withoutPadding().encodeToString(encode(context)));
  }
}
