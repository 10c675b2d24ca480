package io.vgw.tracing.opentracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vgw.GatewayOptions;
import io.vgw.impl.ConfigOverrides;
import io.vgw.tracing.OpenTracingOptions;
import io.vgw.tracing.OpenTracingOptions.OperationName;
import io.vgw.tracing.OpenTracingOptions.TracerSource;
import io.vgw.tracing.TracingOptions;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OpenTracingOptionsTest {

  @Test
  void defaults() {
    OpenTracingOptions o = new OpenTracingOptions(new JsonObject());
    assertEquals(TracerSource.BRAVE, o.getTracer(), "tracer");
    assertEquals("http://127.0.0.1:9411/api/v2/spans", o.getZipkinEndpoint(), "zipkinEndpoint");
    assertEquals("vgw", o.getServiceName(), "serviceName");
    assertEquals(1.0, o.getSampleRate(), "sampleRate");
    assertEquals(OperationName.SERVE_HTTP, o.getOperationName(), "operationName");
  }

  static Stream<Arguments> values() {
    return Stream.of(
        Arguments.of("{\"tracer\":\"resolver\"}", (Function<OpenTracingOptions, Object>) OpenTracingOptions::getTracer, TracerSource.RESOLVER),
        Arguments.of("{\"tracer\":\"BRAVE\"}", (Function<OpenTracingOptions, Object>) OpenTracingOptions::getTracer, TracerSource.BRAVE),
        Arguments.of("{\"operationName\":\"route\"}", (Function<OpenTracingOptions, Object>) OpenTracingOptions::getOperationName, OperationName.ROUTE),
        Arguments.of("{\"operationName\":\"servehttp\"}", (Function<OpenTracingOptions, Object>) OpenTracingOptions::getOperationName, OperationName.SERVE_HTTP),
        Arguments.of("{\"sampleRate\":0.25}", (Function<OpenTracingOptions, Object>) OpenTracingOptions::getSampleRate, 0.25),
        // from an environment variable or a flag, numbers arrive as text
        Arguments.of("{\"sampleRate\":\"0\"}", (Function<OpenTracingOptions, Object>) OpenTracingOptions::getSampleRate, 0.0),
        Arguments.of("{\"serviceName\":\" edge \"}", (Function<OpenTracingOptions, Object>) OpenTracingOptions::getServiceName, "edge"),
        Arguments.of("{\"zipkinEndpoint\":\"https://zipkin.example:9411/api/v2/spans\"}",
            (Function<OpenTracingOptions, Object>) OpenTracingOptions::getZipkinEndpoint, "https://zipkin.example:9411/api/v2/spans"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("values")
  void readsItsKeys(String json, Function<OpenTracingOptions, Object> get, Object want) {
    OpenTracingOptions o = new OpenTracingOptions(new JsonObject(json));
    assertEquals(want, get.apply(o), "got " + get.apply(o) + "; want " + want + "; input " + json);
    OpenTracingOptions again = new OpenTracingOptions(o.toJson());
    assertEquals(o.toJson(), again.toJson(), "toJson round trip; input " + json);
    assertEquals(o.toJson(), new OpenTracingOptions(o).toJson(), "copy; input " + json);
  }

  static Stream<Arguments> bad() {
    return Stream.of(
        Arguments.of("{\"tracer\":\"jaeger\"}", "tracing.opentracing.tracer"),
        Arguments.of("{\"operationName\":\"path\"}", "tracing.opentracing.operationName"),
        Arguments.of("{\"sampleRate\":1.5}", "tracing.opentracing.sampleRate"),
        Arguments.of("{\"sampleRate\":-0.1}", "tracing.opentracing.sampleRate"),
        Arguments.of("{\"sampleRate\":\"often\"}", "tracing.opentracing.sampleRate"),
        Arguments.of("{\"serviceName\":\"  \"}", "tracing.opentracing.serviceName"),
        Arguments.of("{\"zipkinEndpoint\":\"127.0.0.1:9411\"}", "tracing.opentracing.zipkinEndpoint"),
        Arguments.of("{\"zipkinEndpoint\":\"ftp://host/api\"}", "tracing.opentracing.zipkinEndpoint"),
        Arguments.of("{\"zipkinEndpoint\":\"http://bad host/\"}", "tracing.opentracing.zipkinEndpoint"),
        Arguments.of("{\"zipkinendpoint\":\"http://127.0.0.1:9411/api/v2/spans\"}", "unknown key \"zipkinendpoint\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad")
  void badValuesAreRefusedNamingTheKey(String json, String wantInMessage) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OpenTracingOptions(new JsonObject(json)),
        "want IllegalArgumentException; input " + json);
    assertTrue(e.getMessage().contains(wantInMessage), "got \"" + e.getMessage() + "\"; want it to name " + wantInMessage + "; input " + json);
  }

  @Test
  void tracingOptionsKeepTheOpentracingKey() {
    TracingOptions t = new TracingOptions(new JsonObject().put("mode", "opentracing")
        .put("opentracing", new JsonObject().put("operationName", "route").put("serviceName", "edge")));
    assertEquals(OperationName.ROUTE, t.getOpenTracing().getOperationName(), "operationName through tracing.opentracing");
    assertEquals("edge", new TracingOptions(t.toJson()).getOpenTracing().getServiceName(), "round trip through tracing.toJson()");
    assertThrows(IllegalArgumentException.class, () -> new TracingOptions(new JsonObject().put("opentracing", "brave")),
        "tracing.opentracing must be an object");
  }

  @Test
  void flagsReachTheKeys() {
    JsonObject config = new JsonObject();
    ConfigOverrides.set(config, "tracing.mode", "opentracing");
    ConfigOverrides.set(config, "tracing.opentracing.sampleRate", "0.5");
    ConfigOverrides.set(config, "tracing.opentracing.zipkinEndpoint", "http://10.0.0.1:9411/api/v2/spans");
    OpenTracingOptions o = new GatewayOptions(config).getTracing().getOpenTracing();
    assertEquals(0.5, o.getSampleRate(), "--tracing.opentracing.sampleRate=0.5");
    assertEquals("http://10.0.0.1:9411/api/v2/spans", o.getZipkinEndpoint(), "--tracing.opentracing.zipkinEndpoint");
  }

  @Test
  void settersRefuseBadValues() {
    OpenTracingOptions o = new OpenTracingOptions();
    assertThrows(IllegalArgumentException.class, () -> o.setZipkinEndpoint(null), "null endpoint");
    assertThrows(IllegalArgumentException.class, () -> o.setSampleRate(Double.NaN), "NaN rate");
    assertThrows(IllegalArgumentException.class, () -> o.setServiceName(null), "null service name");
    assertThrows(IllegalArgumentException.class, () -> o.setTracer(null), "null tracer");
    assertThrows(IllegalArgumentException.class, () -> o.setOperationName(null), "null operation name");
  }
}
