package io.vgw.export;

import java.util.Map;

/**
 * A snapshot of the export pipeline's counters ({@link SpanExportVerticle#stats()}). Counters only
 * grow; every span offered ends up counted once in {@link #dropped()} or {@link #pushed()}, and
 * every pushed span once per exporter in {@link ExporterStats#exported()} or {@link
 * ExporterStats#failed()} (or is still queued or pending).
 *
 * @param pushed spans accepted into the queue
 * @param dropped spans refused because the queue was full or the pipeline had stopped
 * @param queued spans in the queue now, not yet handed to the exporters
 * @param exporters per exporter name
 */
public record ExportStats(long pushed, long dropped, int queued, Map<String, ExporterStats> exporters) {

  /**
   * Counters of one exporter.
   *
   * @param exported spans in batches the exporter reported as sent
   * @param failed spans in batches that failed, were refused because the exporter was too far
   *     behind, or were still pending when the shutdown timeout expired
   * @param pending spans handed to the exporter and not yet reported
   */
  public record ExporterStats(long exported, long failed, long pending) {}

  /** @return the counters of the exporter with this name; zeros if there is none */
  public ExporterStats exporter(String name) {
    return exporters.getOrDefault(name, new ExporterStats(0, 0, 0));
  }
}
