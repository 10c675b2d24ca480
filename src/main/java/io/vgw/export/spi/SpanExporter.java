package io.vgw.export.spi;

import io.opencensus.trace.export.SpanData;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * One destination of exported spans (X-Ray, Zipkin, a log, or your own), plugged into {@code
 * SpanExportVerticle}.
 *
 * <p>Threading: every method is called on a worker thread that belongs to this exporter alone, one
 * call at a time, in order; {@link #export} is not called again before the Future of the previous
 * call completed — unless {@link #maxBatchesInFlight()} allows more. Methods may block (a UDP
 * send, a file write) or return a Future completed later (an HTTP POST). A slow exporter only delays itself: the others have their own threads.
 *
 * <p>Failure: a failed Future or a thrown exception counts the batch as failed for this exporter
 * and is logged (rate-limited); it never reaches the other exporters or the code that ends spans.
 */
public interface SpanExporter {

  /** @return a short name for logs and statistics, e.g. {@code "xray"} */
  String name();

  /** Called once when the export verticle starts, before any {@link #export}. */
  default Future<Void> start(Vertx vertx) {
    return Future.succeededFuture();
  }

  /**
   * Sends one batch.
   *
   * @return a Future completed when the batch was handed over to the destination, failed if not
   */
  Future<Void> export(List<SpanData> spans);

  /**
   * How many {@link #export} Futures may be outstanding at once. The default, 1, keeps batches in
   * order and never overlaps them. An exporter whose destination answers slowly (an HTTP
   * collector) may allow more, so that the round trips overlap; calls still come one at a time on
   * its thread, but a batch may be handed over before an earlier one completed.
   */
  default int maxBatchesInFlight() {
    return 1;
  }

  /** Sends whatever this exporter still buffers itself. Called on undeploy, after the last batch. */
  default Future<Void> flush() {
    return Future.succeededFuture();
  }

  /** Releases sockets and clients. Called once, on undeploy, after {@link #flush()}. */
  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
