package io.vgw.export.impl;

import io.opencensus.trace.export.SpanData;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vgw.export.ExportOptions;
import io.vgw.export.ExportStats;
import io.vgw.export.ExportStats.ExporterStats;
import io.vgw.export.spi.SpanExporter;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The batching worker behind {@code SpanExportVerticle}: takes batches from the {@link SpanQueue}
 * by size (as soon as a batch is full) and by interval, and fans each batch out to every exporter
 * lane. On stop it drains, flushes and closes within the shutdown timeout.
 *
 * <p>Everything but {@link #queue()} and {@link #stats()} runs on the verticle's context.
 */
public final class ExportPipeline {

  private static final Logger LOG = System.getLogger(ExportPipeline.class.getName());

  private final ExportOptions options;
  private final SpanQueue queue;
  private final List<SpanExporter> exporters;
  private volatile List<String> names;
  // written on the verticle context (start, replaceExporters), read by stats() from any thread
  private volatile List<ExporterLane> lanes = List.of();
  // lanes replaced while running: still finishing their batches, or done; their counts stay visible
  private final List<ExporterLane> retired = new java.util.concurrent.CopyOnWriteArrayList<>();
  private Vertx vertx;
  private long timerId = -1;

  public ExportPipeline(ExportOptions options, List<SpanExporter> exporters) {
    this.options = new ExportOptions(options).validate();
    this.queue = new SpanQueue(options.getQueueSize(), options.getBatchSize());
    this.exporters = List.copyOf(exporters);
    this.names = uniqueNames(this.exporters);
  }

  public SpanQueue queue() {
    return queue;
  }

  public Future<Void> start(Vertx vertx, Context context) {
    this.vertx = vertx;
    List<ExporterLane> created = new ArrayList<>();
    for (int i = 0; i < exporters.size(); i++) {
      created.add(new ExporterLane(vertx, exporters.get(i), names.get(i), options.getQueueSize()));
    }
    lanes = List.copyOf(created);
    List<Future<Void>> started = new ArrayList<>();
    for (ExporterLane lane : created) {
      started.add(lane.start(vertx));
    }
    return Future.all(started)
        .<Void>mapEmpty()
        .onSuccess(
            v -> {
              // runOnContext only enqueues: safe to call from the event loop that ended the span
              queue.onBatchReady(() -> context.runOnContext(ignored -> dispatchQueued(false)));
              timerId = vertx.setPeriodic(options.getBatchInterval(), id -> dispatchQueued(false));
              dispatchQueued(false); // what was offered before deployment
            });
  }

  /**
   * Replaces the exporters while running (a reloaded configuration): the new ones are started and
   * take every batch from then on; the old ones finish the batches they have, flush and close, on
   * their own threads. Their counts stay in {@link #stats()} (summed by name with a new exporter of
   * the same name). Call on the verticle's context.
   *
   * @return completes once the new exporters are started (or failed to)
   */
  public Future<Void> replaceExporters(List<SpanExporter> next) {
    List<String> nextNames = uniqueNames(next);
    List<ExporterLane> created = new ArrayList<>();
    for (int i = 0; i < next.size(); i++) {
      created.add(new ExporterLane(vertx, next.get(i), nextNames.get(i), options.getQueueSize()));
    }
    List<Future<Void>> started = new ArrayList<>();
    created.forEach(lane -> started.add(lane.start(vertx)));
    return Future.join(started).<Void>mapEmpty().eventually(() -> {
      dispatchQueued(false); // what is queued now still goes to the exporters it was meant for
      List<ExporterLane> old = lanes;
      lanes = List.copyOf(created);
      names = nextNames;
      retired.addAll(old);
      old.forEach(ExporterLane::flushAndClose);
      LOG.log(Level.INFO, "span exporters replaced: " + nextNames);
      return Future.succeededFuture();
    });
  }

  /**
   * Refuses new spans, hands everything queued to every exporter, then flushes and closes each
   * exporter as soon as it has finished its own backlog (exporters do not wait for each other).
   * Always succeeds within the shutdown timeout: what could not be delivered is counted and
   * logged, not thrown.
   */
  public Future<Void> stop() {
    vertx.cancelTimer(timerId);
    dispatchQueued(true);
    queue.close(); // from now on offers are refused and counted as dropped
    dispatchQueued(true); // offers that raced with close()
    Promise<Void> done = Promise.promise();
    long timeout =
        vertx.setTimer(
            options.getShutdownTimeout(),
            id -> {
              if (done.tryComplete()) {
                giveUp();
              }
            });
    List<Future<Void>> closing = new ArrayList<>();
    lanes.forEach(lane -> closing.add(lane.flushAndClose()));
    // replaced exporters that are still finishing their last batches
    retired.stream().filter(lane -> !lane.closed()).forEach(lane -> closing.add(lane.closing()));
    Future.join(closing)
        .onComplete(
            ignored -> {
              vertx.cancelTimer(timeout);
              // an offer that passed the closed check just before close() and landed after the
              // last drain: count it rather than leave it queued forever
              queue.discard();
              if (done.tryComplete()) {
                LOG.log(Level.INFO, "span export stopped: " + stats());
              }
            });
    return done.future();
  }

  public ExportStats stats() {
    Map<String, ExporterStats> perExporter = new LinkedHashMap<>();
    List<ExporterLane> current = lanes;
    if (current.isEmpty()) {
      names.forEach(name -> perExporter.put(name, new ExporterStats(0, 0, 0)));
    } else {
      current.forEach(lane -> perExporter.put(lane.name(), lane.stats()));
    }
    for (ExporterLane lane : retired) {
      perExporter.merge(lane.name(), lane.stats(), (a, b) ->
          new ExporterStats(a.exported() + b.exported(), a.failed() + b.failed(), a.pending() + b.pending()));
    }
    return new ExportStats(queue.pushed(), queue.dropped(), queue.queued(), perExporter);
  }

  /** Hands every queued span, batch by batch, to every lane. */
  private void dispatchQueued(boolean draining) {
    while (true) {
      List<SpanData> batch = queue.drain(options.getBatchSize());
      if (batch.isEmpty()) {
        return;
      }
      // Exporters only read the list: one immutable copy serves them all.
      List<SpanData> shared = List.copyOf(batch);
      for (ExporterLane lane : lanes) {
        lane.submit(shared, draining);
      }
    }
  }

  /** The shutdown timeout expired: count what is left and let the threads go. */
  private void giveUp() {
    queue.close();
    long unsent = queue.discard();
    StringBuilder perLane = new StringBuilder();
    List<ExporterLane> all = new ArrayList<>(lanes);
    all.addAll(retired);
    for (ExporterLane lane : all) {
      if (!lane.closed()) {
        perLane.append(' ').append(lane.name()).append('=').append(lane.abandonPending());
        lane.closeNow();
      }
    }
    LOG.log(
        Level.WARNING,
        "span export: shutdown timeout ("
            + options.getShutdownTimeout()
            + " ms) expired; spans never handed to exporters: "
            + unsent
            + "; spans pending in the exporters not done:"
            + perLane
            + "; "
            + stats());
  }

  private static List<String> uniqueNames(List<SpanExporter> exporters) {
    List<String> names = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (SpanExporter exporter : exporters) {
      String name = exporter.name();
      for (int n = 2; !seen.add(name); n++) {
        name = exporter.name() + "-" + n;
      }
      names.add(name);
    }
    return names;
  }
}
