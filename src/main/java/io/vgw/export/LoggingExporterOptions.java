package io.vgw.export;

import io.vertx.core.json.JsonObject;

/**
 * The logging exporter: one JSON line per span through {@link System.Logger} (JUL unless the
 * application installed another {@code System.LoggerFinder}).
 *
 * <pre>{"type":"logging","loggerName":"io.vgw.export.spans"}</pre>
 */
public class LoggingExporterOptions extends ExporterOptions {

  /** The {@code "type"} of this exporter in JSON configuration. */
  public static final String TYPE = "logging";

  /** Default logger name: {@code io.vgw.export.spans}, so span lines can be routed apart. */
  public static final String DEFAULT_LOGGER_NAME = "io.vgw.export.spans";

  private String loggerName = DEFAULT_LOGGER_NAME;

  public LoggingExporterOptions() {}

  public LoggingExporterOptions(LoggingExporterOptions other) {
    this.loggerName = other.loggerName;
  }

  public LoggingExporterOptions(JsonObject json) {
    setLoggerName(json.getString("loggerName", DEFAULT_LOGGER_NAME));
  }

  @Override
  public String getType() {
    return TYPE;
  }

  public String getLoggerName() {
    return loggerName;
  }

  /** @throws IllegalArgumentException if blank */
  public LoggingExporterOptions setLoggerName(String loggerName) {
    if (loggerName == null || loggerName.isBlank()) {
      throw new IllegalArgumentException("loggerName must not be blank");
    }
    this.loggerName = loggerName;
    return this;
  }

  @Override
  public LoggingExporterOptions copy() {
    return new LoggingExporterOptions(this);
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("type", TYPE).put("loggerName", loggerName);
  }
}
