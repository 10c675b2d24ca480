package io.vgw.export.impl;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs a recurring problem at most once per period, with how often it happened since the last
 * line: drops happen per span on event loops, and a line per span would be its own outage.
 */
final class RateLimitedLog {

  private static final long PERIOD_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final Logger logger;
  private final AtomicLong nextLogAt = new AtomicLong(System.nanoTime());
  private final AtomicLong suppressed = new AtomicLong();

  RateLimitedLog(Logger logger) {
    this.logger = logger;
  }

  /** Logs {@code message} (with the count since the last line) unless one was logged recently. */
  void warn(String message, Throwable cause) {
    long now = System.nanoTime();
    long next = nextLogAt.get();
    if (now - next < 0 || !nextLogAt.compareAndSet(next, now + PERIOD_NANOS)) {
      suppressed.incrementAndGet();
      return;
    }
    long also = suppressed.getAndSet(0);
    String line = also == 0 ? message : message + " (and " + also + " more like it since)";
    if (cause == null) {
      logger.log(Level.WARNING, line);
    } else {
      logger.log(Level.WARNING, line + ": " + cause);
    }
  }
}
