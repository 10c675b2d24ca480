package io.vgw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GatewayOptionsTest {

  @Test
  void defaults() {
    GatewayOptions o = new GatewayOptions();
    assertEquals("0.0.0.0", o.getHttpHost());
    assertEquals(8080, o.getHttpPort());
    assertEquals(30_000, o.getTimeoutMillis());
    assertEquals(Runtime.getRuntime().availableProcessors(), o.getInstances());
    assertTrue(o.getBackends().isEmpty());
  }

  @Test
  void readsEveryKeyAndRoundTrips() {
    JsonObject json = new JsonObject()
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 9000))
        .put("descriptors", new JsonArray().add("a.desc").add("b.desc"))
        .put("backends", new JsonArray()
            .add(new JsonObject().put("address", "127.0.0.1:9090").put("services", new JsonArray().add("pkg.A")))
            .add(new JsonObject().put("address", "[::1]:9091")))
        .put("timeout", "2s")
        .put("shutdownTimeout", 1500)
        .put("maxBodySize", 1024)
        .put("instances", 3)
        .put("json", new JsonObject().put("protoNames", true).put("omitZeroValues", true).put("rejectUnknownFields", true));
    GatewayOptions o = new GatewayOptions(json);
    assertEquals("127.0.0.1", o.getHttpHost());
    assertEquals(9000, o.getHttpPort());
    assertEquals(List.of("a.desc", "b.desc"), o.getDescriptors());
    assertEquals("pkg.A", o.getBackends().get(0).getServices().get(0));
    assertEquals("::1", o.getBackends().get(1).host());
    assertEquals(9091, o.getBackends().get(1).port());
    assertEquals(2000, o.getTimeoutMillis());
    assertEquals(1500, o.getShutdownTimeoutMillis());
    assertEquals(1024, o.getMaxBodySize());
    assertEquals(3, o.getInstances());
    assertTrue(o.isJsonProtoNames() && o.isJsonOmitZeroValues() && o.isJsonRejectUnknownFields());
    assertEquals(o.toJson(), new GatewayOptions(o.toJson()).toJson());
    assertEquals(o.toJson(), new GatewayOptions(o).toJson());
  }

  @Test
  void textFormsFromEnvironmentAndFlags() {
    GatewayOptions o = new GatewayOptions(new JsonObject()
        .put("http", new JsonObject().put("port", "8181"))
        .put("descriptors", "a.desc, b.desc")
        .put("backends", "127.0.0.1:1,127.0.0.1:2")
        .put("timeout", "250ms"));
    assertEquals(8181, o.getHttpPort());
    assertEquals(List.of("a.desc", "b.desc"), o.getDescriptors());
    assertEquals(2, o.getBackends().size());
    assertEquals(250, o.getTimeoutMillis());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "port out of range    | {\"http\":{\"port\":70000}}                  | http.port",
      "port not a number    | {\"http\":{\"port\":\"x\"}}                  | http.port",
      "bad duration         | {\"timeout\":\"soon\"}                       | timeout",
      "backend no port      | {\"backends\":[{\"address\":\"host\"}]}      | host:port",
      "backend bad port     | {\"backends\":[{\"address\":\"h:0\"}]}       | valid port",
      "backend not object   | {\"backends\":[1]}                           | backends",
      "zero instances       | {\"instances\":0}                            | instances",
      "empty body limit     | {\"maxBodySize\":0}                          | maxBodySize"})
  void rejectsBadValuesNamingTheKey(String name, String json, String mentions) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GatewayOptions(new JsonObject(json)));
    assertTrue(e.getMessage().contains(mentions), "got " + e.getMessage() + "; want mention of " + mentions + "; input " + json);
  }

  @Test
  void crossFieldChecksNameBothFields() {
    GatewayOptions twoCatchAll = new GatewayOptions().addDescriptor("x.desc")
        .addBackend(new BackendOptions().setAddress("h:1")).addBackend(new BackendOptions().setAddress("h:2"));
    assertTrue(assertThrows(IllegalArgumentException.class, twoCatchAll::validate).getMessage().contains("services"));
    GatewayOptions sameService = new GatewayOptions().addDescriptor("x.desc")
        .addBackend(new BackendOptions().setAddress("h:1").addService("a.S"))
        .addBackend(new BackendOptions().setAddress("h:2").addService("a.S"));
    assertTrue(assertThrows(IllegalArgumentException.class, sameService::validate).getMessage().contains("a.S"));
    GatewayOptions noDescriptors = new GatewayOptions().addBackend(new BackendOptions().setAddress("h:1"));
    String m = assertThrows(IllegalArgumentException.class, noDescriptors::validate).getMessage();
    assertTrue(m.contains("descriptors") && m.contains("backends"), m);
  }
}
