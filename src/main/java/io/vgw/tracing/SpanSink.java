package io.vgw.tracing;

import io.opencensus.trace.export.SpanData;

/**
 * Where ended, sampled spans go: the export pipeline's bounded queue.
 *
 * <p>Implementations must never block the caller (event-loop threads call it). When the span
 * cannot be accepted (queue full, pipeline stopped), {@link #offer} returns {@code false} and the
 * implementation counts the span as dropped.
 */
@FunctionalInterface
public interface SpanSink {

  /** A sink that accepts nothing: tracing is off or no exporter is configured. */
  SpanSink NONE = span -> false;

  /**
   * Hands one ended span to the export pipeline.
   *
   * @return {@code true} if it was queued, {@code false} if it was dropped (and counted)
   */
  boolean offer(SpanData span);
}
