package io.vgw.export;

import io.vertx.core.json.JsonObject;
import io.vgw.export.spi.SpanExporter;
import java.util.Objects;

/**
 * An exporter of your own ({@link SpanExporter}) in the gateway's {@link ExportOptions}, beside the
 * built-in ones. Java only: it has no JSON form that could build it ({@link #toJson()} only names
 * it). Copies share the one exporter instance, so give it to one gateway.
 *
 * <pre>{@code
 * new GatewayOptions().setExport(new ExportOptions().addExporter(new CustomExporterOptions(myExporter)));
 * }</pre>
 */
public class CustomExporterOptions extends ExporterOptions {

  /** The {@code "type"} this exporter shows in {@link #toJson()}. */
  public static final String TYPE = "custom";

  private final SpanExporter exporter;

  public CustomExporterOptions(SpanExporter exporter) {
    this.exporter = Objects.requireNonNull(exporter, "exporter");
  }

  public SpanExporter getExporter() {
    return exporter;
  }

  @Override
  public String getType() {
    return TYPE;
  }

  @Override
  public CustomExporterOptions copy() {
    return new CustomExporterOptions(exporter);
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("type", TYPE).put("name", exporter.name());
  }
}
