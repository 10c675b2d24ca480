package io.vgw.tracing;

import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.MultiMap;
import java.util.List;

final class MultiMapAssert {

  private MultiMapAssert() {
  }

  /** None of the trace-context keys vgw can write. */
  static void noTraceHeaders(MultiMap metadata) {
    for (String key : List.of("grpc-trace-bin", "traceparent", "tracestate", "b3", "x-b3-traceid", "x-amzn-trace-id")) {
      assertNull(metadata.get(key), "got " + key + "=" + metadata.get(key) + "; want none");
    }
  }
}
