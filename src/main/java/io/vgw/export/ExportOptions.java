package io.vgw.export;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Options of the span export pipeline ({@link SpanExportVerticle}).
 *
 * <pre>
 * {"queueSize":8192,"batchSize":256,"batchInterval":1000,"shutdownTimeout":10000,
 *  "exporters":[{"type":"xray","version":"1.2.0","region":"eu-west-1"},
 *               {"type":"zipkin","endpoint":"http://127.0.0.1:9411/api/v2/spans"},
 *               {"type":"logging"}]}
 * </pre>
 *
 * Setters reject bad values with {@link IllegalArgumentException}; {@link #validate()} checks the
 * fields against each other once, when the verticle is created.
 */
public class ExportOptions {

  /**
   * Default bound on spans waiting to be exported: 8192. When it is reached new spans are dropped
   * and counted, never waited for; the same bound applies to the spans one exporter may have in
   * flight.
   */
  public static final int DEFAULT_QUEUE_SIZE = 8192;

  /** Default most spans handed to an exporter in one call: 256. */
  public static final int DEFAULT_BATCH_SIZE = 256;

  /**
   * Default longest time a span waits in the queue before its batch is exported: 1000 ms (not
   * OpenCensus's fixed 5 s). A full batch is exported at once, without waiting.
   */
  public static final long DEFAULT_BATCH_INTERVAL = 1000;

  /**
   * Default bound on undeploy: 10 000 ms to drain the queue, wait for every exporter and flush
   * and close them. What is not sent by then is counted as failed and logged.
   */
  public static final long DEFAULT_SHUTDOWN_TIMEOUT = 10_000;

  private int queueSize = DEFAULT_QUEUE_SIZE;
  private int batchSize = DEFAULT_BATCH_SIZE;
  private long batchInterval = DEFAULT_BATCH_INTERVAL;
  private long shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
  private List<ExporterOptions> exporters = new ArrayList<>();

  public ExportOptions() {}

  public ExportOptions(ExportOptions other) {
    this.queueSize = other.queueSize;
    this.batchSize = other.batchSize;
    this.batchInterval = other.batchInterval;
    this.shutdownTimeout = other.shutdownTimeout;
    this.exporters = new ArrayList<>();
    for (ExporterOptions exporter : other.exporters) {
      this.exporters.add(exporter.copy());
    }
  }

  /** @throws IllegalArgumentException if a value is bad or an exporter type is unknown */
  public ExportOptions(JsonObject json) {
    setQueueSize(json.getInteger("queueSize", DEFAULT_QUEUE_SIZE));
    setBatchSize(json.getInteger("batchSize", DEFAULT_BATCH_SIZE));
    setBatchInterval(json.getLong("batchInterval", DEFAULT_BATCH_INTERVAL));
    setShutdownTimeout(json.getLong("shutdownTimeout", DEFAULT_SHUTDOWN_TIMEOUT));
    for (Object exporter : json.getJsonArray("exporters", new JsonArray())) {
      if (!(exporter instanceof JsonObject)) {
        throw new IllegalArgumentException("exporters must hold objects, got " + exporter);
      }
      addExporter(ExporterOptions.fromJson((JsonObject) exporter));
    }
  }

  public int getQueueSize() {
    return queueSize;
  }

  /** @throws IllegalArgumentException unless {@code > 0} */
  public ExportOptions setQueueSize(int queueSize) {
    if (queueSize <= 0) {
      throw new IllegalArgumentException("queueSize must be > 0, got " + queueSize);
    }
    this.queueSize = queueSize;
    return this;
  }

  public int getBatchSize() {
    return batchSize;
  }

  /** @throws IllegalArgumentException unless {@code > 0} */
  public ExportOptions setBatchSize(int batchSize) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
    }
    this.batchSize = batchSize;
    return this;
  }

  /** @return the batch interval in milliseconds */
  public long getBatchInterval() {
    return batchInterval;
  }

  /** @throws IllegalArgumentException unless {@code > 0} ms */
  public ExportOptions setBatchInterval(long batchIntervalMillis) {
    if (batchIntervalMillis <= 0) {
      throw new IllegalArgumentException("batchInterval must be > 0 ms, got " + batchIntervalMillis);
    }
    this.batchInterval = batchIntervalMillis;
    return this;
  }

  /** @return the undeploy bound in milliseconds */
  public long getShutdownTimeout() {
    return shutdownTimeout;
  }

  /** @throws IllegalArgumentException unless {@code > 0} ms */
  public ExportOptions setShutdownTimeout(long shutdownTimeoutMillis) {
    if (shutdownTimeoutMillis <= 0) {
      throw new IllegalArgumentException(
          "shutdownTimeout must be > 0 ms, got " + shutdownTimeoutMillis);
    }
    this.shutdownTimeout = shutdownTimeoutMillis;
    return this;
  }

  public List<ExporterOptions> getExporters() {
    return exporters;
  }

  /** Replaces the exporters; an empty list exports nothing (spans are still counted). */
  public ExportOptions setExporters(List<ExporterOptions> exporters) {
    this.exporters = new ArrayList<>(exporters);
    return this;
  }

  /** Adds one exporter; several of one type are allowed (e.g. two Zipkin servers). */
  public ExportOptions addExporter(ExporterOptions exporter) {
    if (exporter == null) {
      throw new IllegalArgumentException("exporter must not be null");
    }
    exporters.add(exporter);
    return this;
  }

  /**
   * Checks fields against each other.
   *
   * @throws IllegalArgumentException if {@code batchSize > queueSize}
   */
  public ExportOptions validate() {
    if (batchSize > queueSize) {
      throw new IllegalArgumentException(
          "batchSize (" + batchSize + ") must not exceed queueSize (" + queueSize + ")");
    }
    return this;
  }

  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    exporters.forEach(exporter -> list.add(exporter.toJson()));
    return new JsonObject()
        .put("queueSize", queueSize)
        .put("batchSize", batchSize)
        .put("batchInterval", batchInterval)
        .put("shutdownTimeout", shutdownTimeout)
        .put("exporters", list);
  }

  @Override
  public String toString() {
    return toJson().encode();
  }
}
