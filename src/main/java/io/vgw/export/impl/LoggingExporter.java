package io.vgw.export.impl;

import io.opencensus.trace.export.SpanData;
import io.vertx.core.Future;
import io.vgw.export.LoggingExporterOptions;
import io.vgw.export.spi.SpanExporter;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;

/** One INFO line per span, the span as Zipkin v2 JSON, so a log reads like the Zipkin API. */
final class LoggingExporter implements SpanExporter {

  private final Logger logger;
  private final ZipkinSpanMapper mapper = new ZipkinSpanMapper("vgw");

  LoggingExporter(LoggingExporterOptions options) {
    this.logger = System.getLogger(options.getLoggerName());
  }

  @Override
  public String name() {
    return "logging";
  }

  @Override
  public Future<Void> export(List<SpanData> spans) {
    if (logger.isLoggable(Level.INFO)) {
      for (SpanData span : spans) {
        logger.log(Level.INFO, mapper.toJson(span).encode());
      }
    }
    return Future.succeededFuture();
  }
}
