package io.vgw.http.impl;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vgw.transcode.impl.StatusException;

/** Fuzz tests of the HTTP-side parsers: they answer or refuse, never throw anything else. */
class HttpInputFuzzTest {

  @FuzzTest(maxDuration = "10s")
  @DictionaryEntries({"{", "}", "[", "]", ":", ",", "\"", "\\u", "true", "1e", "-0"})
  void strictJsonNeverThrows(byte[] body) {
    StrictJson.problem(body, 64);
  }

  @FuzzTest(maxDuration = "10s")
  void grpcTimeoutParsesOrRefuses(String header) {
    if (header == null) {
      return;
    }
    try {
      long ms = GrpcTimeout.parseMillis(header);
      if (ms < 1) {
        throw new AssertionError("a parsed timeout must be at least 1 ms: " + ms + " from " + header);
      }
    } catch (StatusException expected) {
      // 400
    }
  }
}
