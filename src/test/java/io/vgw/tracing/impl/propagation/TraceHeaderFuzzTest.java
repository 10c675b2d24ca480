package io.vgw.tracing.impl.propagation;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.opencensus.trace.SpanId;
import io.vertx.core.MultiMap;
import io.vgw.tracing.TracingOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Coverage-guided fuzzing of every trace header reader, with headers a stranger chose. Property: a
 * reader never throws; what it accepts is a valid context that, written out again in the same
 * format, reads back to the same trace and span (so nothing malformed is ever passed on).
 */
class TraceHeaderFuzzTest {

  private static final List<String> FORMATS = List.of(TracingOptions.TRACECONTEXT, TracingOptions.B3,
      TracingOptions.B3_SINGLE, TracingOptions.XRAY, TracingOptions.GRPC_TRACE_BIN);
  private static final List<String> KEYS = List.of("traceparent", "tracestate", "b3", "x-b3-traceid", "x-b3-spanid",
      "x-b3-sampled", "x-b3-flags", "x-b3-parentspanid", "x-amzn-trace-id", "grpc-trace-bin");

  @FuzzTest(maxDuration = "10s")
  void traceHeadersNeverThrowAndAcceptOnlyValidContexts(FuzzedDataProvider data) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    int n = data.consumeInt(1, 4);
    for (int i = 0; i < n; i++) {
      headers.add(data.pickValue(KEYS), data.consumeString(600));
    }
    for (String name : FORMATS) {
      TraceFormat format = Propagation.format(name);
      RemoteParent p = format.extract(headers);
      if (p == null) {
        continue;
      }
      if (!p.context().getTraceId().isValid() || p.hasSpan() != p.context().getSpanId().isValid()) {
        throw new AssertionError(name + " accepted an invalid context " + p + " from " + headers);
      }
      if (!p.hasSpan()) {
        continue; // an X-Ray Root alone: nothing to write back as a parent
      }
      Map<String, String> out = new LinkedHashMap<>();
      format.inject(p.context(), SpanId.INVALID, out);
      MultiMap again = MultiMap.caseInsensitiveMultiMap().addAll(out);
      RemoteParent back = format.extract(again);
      if (back == null || !back.context().getTraceId().equals(p.context().getTraceId())
          || !back.context().getSpanId().equals(p.context().getSpanId())) {
        throw new AssertionError(name + " does not read back what it wrote: " + out + " from " + headers);
      }
    }
  }
}
