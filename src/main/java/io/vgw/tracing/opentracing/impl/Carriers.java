package io.vgw.tracing.opentracing.impl;

import io.opentracing.propagation.TextMap;
import io.vertx.core.MultiMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/** OpenTracing's text carriers over what the gateway has: request headers in, gRPC metadata out. */
final class Carriers {

  private Carriers() {
  }

  /** The HTTP request headers, read-only (for {@code extract}). */
  static TextMap headers(MultiMap headers) {
    return new TextMap() {
      @Override
      public Iterator<Map.Entry<String, String>> iterator() {
        return headers.iterator();
      }

      @Override
      public void put(String key, String value) {
        throw new UnsupportedOperationException("the request headers are read-only");
      }
    };
  }

  /**
   * gRPC metadata to send (for {@code inject}); write-only. Keys are lower-cased: HTTP/2 forbids
   * upper-case header names, and tracers write {@code X-B3-TraceId}.
   */
  static TextMap metadata(Map<String, String> metadata) {
    return new TextMap() {
      @Override
      public Iterator<Map.Entry<String, String>> iterator() {
        throw new UnsupportedOperationException("metadata to send is write-only");
      }

      @Override
      public void put(String key, String value) {
        metadata.put(key.toLowerCase(Locale.ROOT), value);
      }
    };
  }
}
