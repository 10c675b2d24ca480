package io.vgw.export;

import io.vertx.core.json.JsonObject;

/**
 * Options of one exporter in {@link ExportOptions#getExporters()}. The JSON form carries a {@code
 * "type"} field ({@code "xray"}, {@code "zipkin"}, {@code "logging"}) that selects the subclass.
 */
public abstract class ExporterOptions {

  /** @return the {@code "type"} value that selects this exporter in JSON configuration */
  public abstract String getType();

  /** @return a deep copy */
  public abstract ExporterOptions copy();

  /** @return the JSON form, including {@code "type"}; never includes Java-only callbacks */
  public abstract JsonObject toJson();

  /**
   * Builds the options of one exporter from its JSON form.
   *
   * @throws IllegalArgumentException if {@code "type"} is missing or unknown, or a value is bad
   */
  public static ExporterOptions fromJson(JsonObject json) {
    String type = json.getString("type");
    if (type == null) {
      throw new IllegalArgumentException("exporter without \"type\": " + json.encode());
    }
    switch (type) {
      case XRayExporterOptions.TYPE:
        return new XRayExporterOptions(json);
      case ZipkinExporterOptions.TYPE:
        return new ZipkinExporterOptions(json);
      case LoggingExporterOptions.TYPE:
        return new LoggingExporterOptions(json);
      case CustomExporterOptions.TYPE:
        throw new IllegalArgumentException(
            "exporter type \"custom\" is Java only (CustomExporterOptions); it cannot be built from JSON");
      default:
        throw new IllegalArgumentException(
            "unknown exporter type \"" + type + "\"; want one of xray, zipkin, logging");
    }
  }

  @Override
  public String toString() {
    return toJson().encode();
  }
}
