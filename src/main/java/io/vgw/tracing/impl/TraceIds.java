package io.vgw.tracing.impl;

import io.opencensus.trace.SpanId;
import io.opencensus.trace.TraceId;
import java.util.concurrent.ThreadLocalRandom;

/**
 * New trace and span ids. A trace id starts with the epoch seconds of its root span (4 bytes, big
 * endian) followed by 12 random bytes — X-Ray's id layout, so every span of a trace maps to the
 * same X-Ray trace id ({@code 1-<seconds>-<random>}) in whatever batch it is exported, and the id
 * is still a valid W3C / B3 / OpenCensus trace id (random enough: 96 bits).
 */
final class TraceIds {

  private TraceIds() {
  }

  static TraceId newTraceId(long epochMillis) {
    byte[] b = new byte[16];
    ThreadLocalRandom random = ThreadLocalRandom.current();
    random.nextBytes(b);
    int seconds = (int) (epochMillis / 1000);
    b[0] = (byte) (seconds >>> 24);
    b[1] = (byte) (seconds >>> 16);
    b[2] = (byte) (seconds >>> 8);
    b[3] = (byte) seconds;
    return TraceId.fromBytes(b);
  }

  static SpanId newSpanId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long id;
    do {
      id = random.nextLong();
    } while (id == 0);
    byte[] b = new byte[8];
    for (int i = 7; i >= 0; i--) {
      b[i] = (byte) id;
      id >>>= 8;
    }
    return SpanId.fromBytes(b);
  }
}
