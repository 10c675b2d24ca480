package io.vgw.tracing.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opencensus.trace.SpanContext;
import io.opencensus.trace.SpanId;
import io.opencensus.trace.TraceId;
import io.opencensus.trace.TraceOptions;
import io.opencensus.trace.Tracestate;
import io.vertx.core.json.JsonObject;
import io.vgw.tracing.SamplerOptions;
import io.vgw.tracing.SamplingOptions;
import io.vgw.tracing.SamplingRule;
import io.vgw.tracing.impl.propagation.RemoteParent;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rules in order, the default, the parent's decision, and each sampler on its own. */
class SamplingPolicyTest {

  private static final SamplingOptions RULES = new SamplingOptions(new JsonObject("""
      {"sampler": {"type": "never"},
       "rules": [
         {"pathPrefix": "/api", "methods": ["GET"], "sampler": {"type": "always"}},
         {"pathPrefix": "/api", "sampler": {"type": "never"}},
         {"pathGlob": "/v1/*/debug/**", "sampler": {"type": "always"}},
         {"route": "POST /v1/echo", "sampler": {"type": "always"}},
         {"pathPrefix": "/v1/echo", "sampler": {"type": "probability", "probability": 0}}
       ]}"""));

  private static boolean sampled(SamplingPolicy policy, String method, String path, String route, RemoteParent parent) {
    TraceId traceId = TraceIds.newTraceId(System.currentTimeMillis());
    return SamplingPolicy.decide(policy.choose(method, path, route), parent, traceId, TraceIds.newSpanId(), "x");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "GET|/api/users|-|true",          // first rule
      "POST|/api/users|-|false",        // first rule is GET only: the second says never
      "GET|/apix|-|true",               // a prefix is a string prefix, as Go's strings.HasPrefix
      "GET|/v1/a/debug|-|true",         // ** matches nothing too
      "GET|/v1/a/debug/x/y|-|true",
      "GET|/v1/a/b/debug|-|false",      // * is exactly one segment
      "POST|/v1/echo|POST /v1/echo|true",
      "GET|/v1/echo/1|GET /v1/echo/{id}|false",  // probability 0
      "GET|/other|-|false",             // no rule: the default (never)
  })
  void firstMatchingRuleWins(String method, String path, String route, boolean want) {
    SamplingPolicy policy = SamplingPolicy.compile(RULES, null);
    assertEquals(want, sampled(policy, method, path, route, null), "got; want " + want + "; input " + method + " " + path);
  }

  @Test
  void aSampledParentKeepsTheTraceSampledUnlessTheRuleSaysNever() {
    RemoteParent sampledParent = parent(true);
    RemoteParent unsampledParent = parent(false);
    SamplingPolicy probabilityZero = SamplingPolicy.compile(new SamplingOptions().setSampler(SamplerOptions.probability(0)), null);
    assertTrue(sampled(probabilityZero, "GET", "/x", null, sampledParent), "sampled parent, probability 0");
    assertEquals(false, sampled(probabilityZero, "GET", "/x", null, unsampledParent), "unsampled parent: the sampler decides");
    SamplingPolicy never = SamplingPolicy.compile(new SamplingOptions().setSampler(SamplerOptions.never()), null);
    assertEquals(false, sampled(never, "GET", "/x", null, sampledParent), "never wins over a sampled parent");
    SamplingPolicy always = SamplingPolicy.compile(new SamplingOptions().setSampler(SamplerOptions.always()), null);
    assertTrue(sampled(always, "GET", "/x", null, unsampledParent), "always samples an unsampled parent's trace");
  }

  @Test
  void probabilityIsDecidedByTheTraceIdAndRoughlyRight() {
    SamplingPolicy half = SamplingPolicy.compile(new SamplingOptions().setSampler(SamplerOptions.probability(0.5)), null);
    int n = 20_000;
    int yes = 0;
    for (int i = 0; i < n; i++) {
      if (sampled(half, "GET", "/", null, null)) {
        yes++;
      }
    }
    assertTrue(yes > n * 0.45 && yes < n * 0.55, "got " + yes + " of " + n + "; want about half");
    TraceId id = TraceIds.newTraceId(0);
    GatewaySamplers.TraceIdRatio ratio = new GatewaySamplers.TraceIdRatio(0.5);
    boolean first = ratio.shouldSample(null, null, id, SpanId.INVALID, "a", java.util.List.of());
    for (int i = 0; i < 10; i++) {
      assertEquals(first, ratio.shouldSample(null, null, id, TraceIds.newSpanId(), "b", java.util.List.of()),
          "the same trace id decides the same way");
    }
  }

  @Test
  void rateLimitedAllowsABurstThenTheRate() {
    GatewaySamplers.RateLimited limited = new GatewaySamplers.RateLimited(5);
    long start = System.nanoTime();
    int yes = 0;
    for (int i = 0; i < 1000; i++) {
      if (limited.shouldSample(null, null, TraceId.INVALID, SpanId.INVALID, "x", java.util.List.of())) {
        yes++;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    // a burst of one second's worth (5), then 5 per second
    assertTrue(yes >= 5 && yes <= 5 + Math.ceil(seconds * 5) + 1, "got " + yes + " in " + seconds + " s; want 5 + 5/s");
  }

  @Test
  void badRulesAreRefusedWithTheirIndex() {
    SamplingOptions unknownRoute = new SamplingOptions().addRule(SamplingRule.route("GET /nope", SamplerOptions.always()));
    String m = assertThrows(IllegalArgumentException.class,
        () -> SamplingPolicy.compile(unknownRoute, Set.of("POST /v1/echo"))).getMessage();
    assertTrue(m.contains("rules[0]") && m.contains("GET /nope"), m);
    String glob = assertThrows(IllegalArgumentException.class, () -> SamplingPolicy.compile(
        new SamplingOptions().addRule(SamplingRule.pathGlob("/a/**/b/**", SamplerOptions.always())), null)).getMessage();
    assertTrue(glob.contains("one '**'"), glob);
    assertThrows(IllegalArgumentException.class, () -> new SamplingOptions(new JsonObject(
        "{\"rules\":[{\"pathPrefix\":\"/a\",\"pathGlob\":\"/b\",\"sampler\":{\"type\":\"always\"}}]}")));
    assertThrows(IllegalArgumentException.class, () -> new SamplingOptions(new JsonObject(
        "{\"rules\":[{\"pathPrefix\":\"/a\"}]}")));
    assertThrows(IllegalArgumentException.class, () -> new SamplerOptions(new JsonObject("{\"type\":\"probability\",\"probability\":1.5}")));
    assertThrows(IllegalArgumentException.class, () -> new SamplerOptions(new JsonObject("{\"type\":\"sometimes\"}")));
    assertThrows(IllegalArgumentException.class, () -> new SamplerOptions(new JsonObject("{\"type\":\"ratelimited\",\"perSecond\":0}")));
  }

  @Test
  void optionsRoundTripThroughJson() {
    assertEquals(RULES, new SamplingOptions(RULES.toJson()));
    assertEquals("always", new SamplingOptions(new JsonObject().put("sampler", "always")).getSampler().toJson().getString("type"));
  }

  private static RemoteParent parent(boolean sampled) {
    SpanContext ctx = SpanContext.create(TraceIds.newTraceId(0), TraceIds.newSpanId(),
        TraceOptions.builder().setIsSampled(sampled).build(), Tracestate.builder().build());
    return new RemoteParent(ctx, true, "tracecontext");
  }
}
