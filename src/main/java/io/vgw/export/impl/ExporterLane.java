package io.vgw.export.impl;

import io.opencensus.trace.export.SpanData;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vgw.export.ExportStats.ExporterStats;
import io.vgw.export.spi.SpanExporter;
import java.lang.System.Logger;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One exporter with its own single worker thread and its own backlog, so that a slow or failing
 * exporter delays and fails only itself. Batches run one after the other, in order, or — for an
 * exporter that allows {@link SpanExporter#maxBatchesInFlight() several in flight} — on that many
 * chains taken in turn, each in order.
 *
 * <p>{@link #submit} and {@link #flushAndClose} are called on the export verticle's
 * context only; the counters are read from any thread.
 */
final class ExporterLane {

  private static final Logger LOG = System.getLogger(ExporterLane.class.getName());

  // a shared worker executor is shared by name: each lane needs a name of its own
  private static final AtomicInteger LANE_IDS = new AtomicInteger();

  private final SpanExporter exporter;
  private final String name;
  private final int capacity;
  private final WorkerExecutor executor;
  private final RateLimitedLog failureLog = new RateLimitedLog(LOG);
  private final AtomicLong exported = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong pending = new AtomicLong();
  // set when the shutdown timeout gave up on this lane: late results are no longer counted
  private volatile boolean abandoned;
  // set when flushAndClose() completed: nothing is left to give up on
  private volatile boolean closed;
  // guarded by: the export verticle's context (only touched there): the last batch of each chain
  private final Future<?>[] tails;
  private int nextChain;
  // set by flushAndClose(), on the export verticle's context
  private Future<Void> closing;

  /**
   * @param capacity most spans this exporter may have pending before new batches are refused
   */
  ExporterLane(Vertx vertx, SpanExporter exporter, String name, int capacity) {
    this.exporter = exporter;
    this.name = name;
    this.capacity = capacity;
    // One thread: calls into one exporter never overlap and keep their order.
    this.executor = vertx.createSharedWorkerExecutor(
            "vgw-export-" + name + "-" + LANE_IDS.incrementAndGet(), 1);
    this.tails = new Future<?>[Math.max(1, exporter.maxBatchesInFlight())];
    Arrays.fill(tails, Future.succeededFuture());
  }

  /** @return the exporter's name, made unique among the pipeline's exporters */
  String name() {
    return name;
  }

  Future<Void> start(Vertx vertx) {
    return call(() -> exporter.start(vertx));
  }

  /**
   * Queues a batch behind the previous ones. Refused (counted as failed) when the exporter already
   * has {@code capacity} spans pending, unless {@code draining}: on undeploy the queue was bounded
   * already and every span is owed an attempt.
   */
  void submit(List<SpanData> batch, boolean draining) {
    long size = batch.size();
    if (!draining && pending.get() + size > capacity) {
      failed.addAndGet(size);
      failureLog.warn(
          "exporter " + name() + " is " + pending.get() + " spans behind: refused a batch of " + size,
          null);
      return;
    }
    pending.addAndGet(size);
    int chain = nextChain;
    nextChain = (nextChain + 1) % tails.length;
    tails[chain] =
        tails[chain].transform(ignored -> call(() -> exporter.export(batch)))
            .andThen(
                result -> {
                  if (abandoned) {
                    return;
                  }
                  pending.addAndGet(-size);
                  if (result.succeeded()) {
                    exported.addAndGet(size);
                  } else {
                    failed.addAndGet(size);
                    failureLog.warn(
                        "exporter " + name() + " failed a batch of " + size + " spans",
                        result.cause());
                  }
                })
            .transform(ignored -> Future.succeededFuture());
  }

  /** Flushes then closes the exporter behind its last batch, then frees the thread. Once. */
  Future<Void> flushAndClose() {
    if (closing != null) {
      return closing;
    }
    closing = Future.join(Arrays.asList(tails)).transform(ignored -> call(exporter::flush))
        .andThen(result -> logIfFailed("flush", result.cause()))
        .transform(ignored -> call(exporter::close))
        .andThen(result -> logIfFailed("close", result.cause()))
        .transform(ignored -> executor.close())
        .andThen(ignored -> closed = true);
    return closing;
  }

  /** The Future of {@link #flushAndClose()}, which must have been called. */
  Future<Void> closing() {
    return closing;
  }

  /** @return whether {@link #flushAndClose()} completed */
  boolean closed() {
    return closed;
  }

  /** Counts what is still pending as failed: the shutdown timeout expired. */
  long abandonPending() {
    abandoned = true;
    long left = pending.getAndSet(0);
    failed.addAndGet(left);
    return left;
  }

  /** Frees the thread without waiting (after a shutdown timeout). */
  void closeNow() {
    executor.close();
  }

  ExporterStats stats() {
    return new ExporterStats(exported.get(), failed.get(), pending.get());
  }

  private void logIfFailed(String what, Throwable cause) {
    if (cause != null && !abandoned) { // after giving up, the pool is gone: failures are expected
      LOG.log(Logger.Level.WARNING, "exporter " + name() + " failed to " + what + ": " + cause);
    }
  }

  /** Runs one exporter call on this lane's thread; exceptions and null become failed Futures. */
  private Future<Void> call(Callable<Future<Void>> action) {
    // Not "ordered": Vert.x orders those per calling context, and every lane is called from the
    // export verticle's context, so one stuck exporter would hold all. The lane's one thread and
    // chains keep this exporter's calls in order.
    return executor
        .executeBlocking(action, false)
        .compose(result -> result == null ? Future.<Void>succeededFuture() : result);
  }
}
