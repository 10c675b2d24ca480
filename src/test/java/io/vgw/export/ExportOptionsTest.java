package io.vgw.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExportOptionsTest {

  @Test
  void defaults() {
    ExportOptions options = new ExportOptions();
    assertEquals(ExportOptions.DEFAULT_QUEUE_SIZE, options.getQueueSize());
    assertEquals(ExportOptions.DEFAULT_BATCH_SIZE, options.getBatchSize());
    assertEquals(1000, options.getBatchInterval());
    assertEquals(ExportOptions.DEFAULT_SHUTDOWN_TIMEOUT, options.getShutdownTimeout());
    assertTrue(options.getExporters().isEmpty());
    assertEquals(options.toJson(), new ExportOptions(new JsonObject()).toJson());
  }

  @Test
  void jsonRoundTripWithEveryExporter() {
    JsonObject json = new JsonObject()
        .put("queueSize", 100).put("batchSize", 10).put("batchInterval", 250).put("shutdownTimeout", 3000)
        .put("exporters", new JsonArray()
            .add(new JsonObject().put("type", "xray").put("serviceName", "gw").put("version", "1.0")
                .put("region", "eu-west-1").put("origin", "AWS::EC2::Instance")
                .put("daemonAddress", "127.0.0.1:3000").put("blocklist", new JsonArray().add("^grpc\\.health")))
            .add(new JsonObject().put("type", "zipkin").put("endpoint", "http://127.0.0.1:9411/api/v2/spans")
                .put("serviceName", "vgw").put("timeout", 5000))
            .add(new JsonObject().put("type", "logging").put("loggerName", "spans")));
    ExportOptions options = new ExportOptions(json);
    assertEquals(json, options.toJson());
    assertEquals(json, new ExportOptions(options).toJson(), "copy constructor");
    XRayExporterOptions xray = (XRayExporterOptions) options.getExporters().get(0);
    assertEquals("eu-west-1", xray.getRegion());
  }

  @Test
  void rejectsBadValues() {
    assertThrows(IllegalArgumentException.class, () -> new ExportOptions().setQueueSize(0));
    assertThrows(IllegalArgumentException.class, () -> new ExportOptions().setBatchSize(-1));
    assertThrows(IllegalArgumentException.class, () -> new ExportOptions().setBatchInterval(0));
    assertThrows(IllegalArgumentException.class, () -> new ExportOptions().setShutdownTimeout(0));
    IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
        () -> new ExportOptions().setQueueSize(10).setBatchSize(20).validate());
    assertTrue(both.getMessage().contains("batchSize") && both.getMessage().contains("queueSize"), both.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new ExportOptions(new JsonObject().put("exporters", new JsonArray().add(new JsonObject().put("type", "jaeger")))));
    assertThrows(IllegalArgumentException.class,
        () -> new ExportOptions(new JsonObject().put("exporters", new JsonArray().add(new JsonObject()))));
    assertThrows(IllegalArgumentException.class, () -> new XRayExporterOptions().setOrigin("AWS::Lambda"));
    assertThrows(IllegalArgumentException.class, () -> new XRayExporterOptions().addBlocklistPattern("(("));
    assertThrows(IllegalArgumentException.class, () -> new XRayExporterOptions().setDaemonAddress("localhost"));
    assertThrows(IllegalArgumentException.class, () -> new ZipkinExporterOptions().setTimeout(0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ftp://127.0.0.1/x", "127.0.0.1:9411", "http:///api/v2/spans"})
  void rejectsBadZipkinEndpoints(String endpoint) {
    assertThrows(IllegalArgumentException.class, () -> new ZipkinExporterOptions().setEndpoint(endpoint),
        "want rejected; input " + endpoint);
  }
}
