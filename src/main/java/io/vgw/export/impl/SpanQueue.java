package io.vgw.export.impl;

import io.opencensus.trace.export.SpanData;
import io.vgw.tracing.SpanSink;
import java.lang.System.Logger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bounded queue between the threads that end spans (event loops) and the export worker. Like
 * opencensus-java's {@code SpanExporterImpl} buffer, it drops and counts instead of blocking.
 *
 * <p>{@link #offer} is called from many threads; {@link #drain} from the export worker only.
 */
public final class SpanQueue implements SpanSink {

  private static final Logger LOG = System.getLogger(SpanQueue.class.getName());

  private final ArrayBlockingQueue<SpanData> spans;
  private final int batchSize;
  private final LongAdder pushed = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final RateLimitedLog dropLog = new RateLimitedLog(LOG);
  // set once, when the pipeline stopped for good: later offers are dropped
  private final AtomicBoolean closed = new AtomicBoolean();
  // set by the worker when it starts; called (once per fill) when a full batch is waiting
  private volatile Runnable onBatchReady = () -> {};
  private final AtomicBoolean batchSignalled = new AtomicBoolean();

  public SpanQueue(int capacity, int batchSize) {
    this.spans = new ArrayBlockingQueue<>(capacity);
    this.batchSize = batchSize;
  }

  /** Never blocks: {@link ArrayBlockingQueue#offer} returns at once when full. */
  @Override
  public boolean offer(SpanData span) {
    if (span == null) {
      return false;
    }
    if (closed.get() || !spans.offer(span)) {
      dropped.increment();
      dropLog.warn(
          "span export queue "
              + (closed.get() ? "stopped" : "full (" + spans.remainingCapacity() + " free)")
              + ": dropped span; dropped in total: "
              + dropped.sum(),
          null);
      return false;
    }
    pushed.increment();
    if (spans.size() >= batchSize && batchSignalled.compareAndSet(false, true)) {
      onBatchReady.run();
    }
    return true;
  }

  /** Called by the worker when it starts: {@code signal} must not block (runOnContext). */
  void onBatchReady(Runnable signal) {
    this.onBatchReady = signal;
  }

  /** Takes at most {@code max} spans; empty when none. Worker thread only. */
  List<SpanData> drain(int max) {
    batchSignalled.set(false);
    List<SpanData> batch = new ArrayList<>(Math.min(max, spans.size()));
    spans.drainTo(batch, max);
    return batch;
  }

  /** Empties the queue, counting its spans as dropped (shutdown timeout). @return how many */
  long discard() {
    List<SpanData> left = new ArrayList<>();
    spans.drainTo(left);
    dropped.add(left.size());
    return left.size();
  }

  /** Refuses every later offer (counted as dropped). */
  void close() {
    closed.set(true);
  }

  public long pushed() {
    return pushed.sum();
  }

  public long dropped() {
    return dropped.sum();
  }

  public int queued() {
    return spans.size();
  }
}
