package io.vgw.export.impl;

import io.vgw.export.CustomExporterOptions;
import io.vgw.export.ExporterOptions;
import io.vgw.export.LoggingExporterOptions;
import io.vgw.export.XRayExporterOptions;
import io.vgw.export.ZipkinExporterOptions;
import io.vgw.export.spi.SpanExporter;

/** Creates the built-in exporters from their options. */
public final class Exporters {

  private Exporters() {}

  /** @throws IllegalArgumentException for an options type vgw does not know */
  public static SpanExporter create(ExporterOptions options) {
    if (options instanceof XRayExporterOptions) {
      return new XRayExporter((XRayExporterOptions) options);
    }
    if (options instanceof ZipkinExporterOptions) {
      return new ZipkinExporter((ZipkinExporterOptions) options);
    }
    if (options instanceof CustomExporterOptions custom) {
      return custom.getExporter();
    }
    if (options instanceof LoggingExporterOptions) {
      return new LoggingExporter((LoggingExporterOptions) options);
    }
    throw new IllegalArgumentException("no exporter for " + options.getClass().getName());
  }
}
