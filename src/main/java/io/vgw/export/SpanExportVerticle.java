package io.vgw.export;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vgw.export.impl.ExportPipeline;
import io.vgw.export.impl.Exporters;
import io.vgw.export.spi.SpanExporter;
import io.vgw.tracing.SpanSink;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Exports ended spans to the configured exporters (X-Ray, Zipkin, logging, or your own {@link
 * SpanExporter}), in batches, from a worker verticle.
 *
 * <pre>{@code
 * SpanExportVerticle export = new SpanExportVerticle(new ExportOptions(config));
 * SpanSink sink = export.sink();             // give it to whatever ends spans, before deploying
 * vertx.deployVerticle(export, SpanExportVerticle.deploymentOptions());
 * }</pre>
 *
 * <p>{@link #sink()} never blocks: when the queue is full the span is dropped and counted ({@link
 * #stats()}), and the drops are logged at most every 10 s. Spans offered before deployment wait in
 * the queue.
 *
 * <p>Undeploy (and so {@code vertx.close()}) completes only after every span offered until then
 * was handed to every exporter and each exporter was flushed and closed, or after {@link
 * ExportOptions#getShutdownTimeout()}, whichever comes first; what could not be sent in time is
 * counted as failed and logged. The stop Future always succeeds. Deploy it once, with {@code
 * instances = 1} ({@link #deploymentOptions()}); once undeployed, its sink refuses every span and it
 * cannot be deployed again.
 */
public final class SpanExportVerticle extends VerticleBase {

  private final ExportOptions options;
  private final List<SpanExporter> additional;
  private final ExportPipeline pipeline;
  // set before deployment, read on stop
  private volatile Supplier<Future<?>> beforeStop = Future::succeededFuture;

  /**
   * @throws IllegalArgumentException if the options are inconsistent ({@link
   *     ExportOptions#validate()})
   */
  public SpanExportVerticle(ExportOptions options) {
    this(options, List.of());
  }

  /**
   * @param additional exporters of your own, fed alongside those in {@code options}
   * @throws IllegalArgumentException if the options are inconsistent
   */
  public SpanExportVerticle(ExportOptions options, List<SpanExporter> additional) {
    this.options = new ExportOptions(options).validate();
    List<SpanExporter> exporters = new ArrayList<>();
    for (ExporterOptions exporter : this.options.getExporters()) {
      exporters.add(Exporters.create(exporter));
    }
    this.additional = List.copyOf(additional);
    exporters.addAll(additional);
    this.pipeline = new ExportPipeline(this.options, exporters);
  }

  /** @return options to deploy this verticle with: a worker, one instance */
  public static DeploymentOptions deploymentOptions() {
    return new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setInstances(1);
  }

  /** @return the non-blocking entry of the pipeline; valid before, during and after deployment */
  public SpanSink sink() {
    return pipeline.queue();
  }

  /** @return a snapshot of the counters; callable from any thread at any time */
  public ExportStats stats() {
    return pipeline.stats();
  }

  /** @return a copy of the options in use */
  public ExportOptions options() {
    return new ExportOptions(options);
  }

  @Override
  public Future<?> start() {
    return pipeline.start(vertx, context);
  }

  /**
   * Replaces the configured exporters while deployed (a reloaded configuration). The exporters given
   * to the constructor as {@code additional} stay. New batches go to the new exporters as soon as
   * they started; the old ones finish what they have, flush and close; no span is lost in the
   * change, and the counts of the old ones stay in {@link #stats()}. Queue and batch settings do not
   * change (they need a redeploy).
   *
   * @return completes when the new exporters are started; fails with {@link
   *     IllegalArgumentException} for an exporter that cannot be built (nothing changes then)
   */
  public Future<Void> setExporters(List<ExporterOptions> exporters) {
    List<SpanExporter> next = new ArrayList<>();
    try {
      for (ExporterOptions exporter : exporters) {
        next.add(Exporters.create(exporter));
      }
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    next.addAll(additional);
    if (context == null) {
      return Future.failedFuture(new IllegalStateException("the export verticle is not deployed"));
    }
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    context.runOnContext(v -> pipeline.replaceExporters(next).onComplete(done));
    return done.future();
  }

  /**
   * Makes undeploy first wait for {@code producersIdle} — typically "no request span is open any
   * more" — so that spans of requests still being answered during a graceful shutdown are exported
   * too, whatever order {@code vertx.close()} undeploys verticles in. The wait is bounded by {@link
   * ExportOptions#getShutdownTimeout()}; then the pipeline drains and flushes as usual.
   *
   * @return this
   */
  public SpanExportVerticle awaitOnStop(Supplier<Future<?>> producersIdle) {
    this.beforeStop = producersIdle;
    return this;
  }

  @Override
  public Future<?> stop() {
    Promise<Void> idle = Promise.promise();
    long timer = vertx.setTimer(options.getShutdownTimeout(), id -> idle.tryComplete());
    Future<?> producers;
    try {
      producers = beforeStop.get();
    } catch (RuntimeException e) {
      producers = Future.failedFuture(e);
    }
    // producersIdle completes on whatever thread ended the last span: come back to this verticle's
    // context, where the pipeline runs.
    producers.onComplete(ar -> context.runOnContext(v -> {
      vertx.cancelTimer(timer);
      idle.tryComplete();
    }));
    return idle.future().compose(v -> pipeline.stop());
  }
}
