package io.vgw.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vgw.AdminOptions;
import io.vgw.GatewayOptions;
import io.vgw.impl.ConfigOverrides;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tracing and admin options: defaults, JSON, flags and environment variables. */
class TracingOptionsTest {

  @Test
  void defaults() {
    TracingOptions t = new GatewayOptions().getTracing();
    assertEquals(TracingOptions.Mode.OPENCENSUS, t.getMode());
    assertEquals(SamplerOptions.rateLimited(10), t.getSampling().getSampler());
    assertEquals(List.of(), t.getSampling().getRules());
    assertEquals(List.of("tracecontext", "b3", "xray", "grpc-trace-bin"), t.getPropagationIn());
    assertEquals(List.of("grpc-trace-bin", "tracecontext"), t.getPropagationOut());
    assertEquals(false, t.isPublicEndpoint());
    assertEquals(TracingOptions.SpanName.ROUTE, t.getSpanName());
    assertEquals("127.0.0.1", new GatewayOptions().getAdmin().getHost(), "admin on loopback only");
  }

  @Test
  void roundTripsThroughJson() {
    TracingOptions t = new TracingOptions().setMode(TracingOptions.Mode.NONE).setPublicEndpoint(true)
        .setSpanName(TracingOptions.SpanName.PATH).addUntracedPath("/metrics").setZPages(false)
        .setPropagationIn(List.of("xray")).setPropagationOut(List.of("b3single", "xray"))
        .setSampling(new SamplingOptions().setSampler(SamplerOptions.probability(0.25))
            .addRule(SamplingRule.pathPrefix("/api", SamplerOptions.always()).addMethod("get")));
    assertEquals(t.toJson(), new TracingOptions(t.toJson()).toJson());
    GatewayOptions g = new GatewayOptions().setTracing(t).setAdmin(new AdminOptions().setPort(0).setEnabled(false));
    assertEquals(g.toJson(), new GatewayOptions(g.toJson()).toJson());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "tracing.sampler|always|{\"type\":\"always\"}",
      "tracing.sampler.type|never|{\"type\":\"never\"}",
      "tracing.sampler|{\"type\":\"probability\",\"probability\":0.01}|{\"type\":\"probability\",\"probability\":0.01}",
  })
  void flagsSetTheSampler(String key, String value, String want) {
    JsonObject config = ConfigOverrides.set(new JsonObject(), key, value);
    assertEquals(new SamplerOptions(new JsonObject(want)), new GatewayOptions(config).getTracing().getSampling().getSampler(),
        "input --" + key + "=" + value);
  }

  @Test
  void aProbabilityFromTwoFlagsIsReadAsANumber() {
    JsonObject config = new JsonObject();
    ConfigOverrides.set(config, "tracing.sampler.type", "probability");
    ConfigOverrides.set(config, "tracing.sampler.probability", "0.5");
    assertEquals(SamplerOptions.probability(0.5), new GatewayOptions(config).getTracing().getSampling().getSampler());
  }

  @Test
  void environmentVariables() {
    JsonObject config = ConfigOverrides.applyEnv(new JsonObject(),
        Map.of("VGW_TRACING_MODE", "none", "VGW_ADMIN_PORT", "9999", "VGW_ADMIN_HOST", "0.0.0.0"));
    GatewayOptions o = new GatewayOptions(config);
    assertEquals(TracingOptions.Mode.NONE, o.getTracing().getMode());
    assertEquals(9999, o.getAdmin().getPort());
    assertEquals("0.0.0.0", o.getAdmin().getHost());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"tracing\":{\"mode\":\"zipkin\"}}|tracing.mode",
      "{\"tracing\":{\"propagation\":{\"in\":[\"jaeger\"]}}}|jaeger",
      "{\"tracing\":{\"sampler\":{\"type\":\"probability\"}}}|probability",
      "{\"tracing\":{\"rules\":[{\"route\":\"/v1/echo\",\"sampler\":{\"type\":\"always\"}}]}}|route",
      "{\"tracing\":{\"untracedPaths\":[\"healthz\"]}}|untracedPaths",
      "{\"admin\":{\"port\":70000}}|admin.port",
      "{\"export\":{\"exporters\":[{\"type\":\"jaeger\"}]}}|jaeger",
  })
  void badValuesAreRefusedNamingTheKey(String json, String named) {
    String m = assertThrows(IllegalArgumentException.class, () -> new GatewayOptions(new JsonObject(json))).getMessage();
    assertTrue(m.contains(named), "got " + m + "; want it to name " + named + "; input " + json);
  }
}
