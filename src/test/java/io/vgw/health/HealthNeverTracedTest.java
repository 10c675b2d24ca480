package io.vgw.health;

import static io.vgw.health.HealthSupport.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opencensus.trace.AttributeValue;
import io.opencensus.trace.export.SpanData;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vgw.AdminOptions;
import io.vgw.BackendOptions;
import io.vgw.Gateway;
import io.vgw.GatewayOptions;
import io.vgw.HealthOptions;
import io.vgw.Main;
import io.vgw.demo.DemoBackend;
import io.vgw.export.CustomExporterOptions;
import io.vgw.export.ExportOptions;
import io.vgw.export.spi.SpanExporter;
import io.vgw.tracing.SamplerOptions;
import io.vgw.tracing.SamplingOptions;
import io.vgw.tracing.TracingOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Health traffic is never traced, also when every request is sampled: no server span for the
 * health endpoints (default and moved paths, both listeners), no client span for the gateway's own
 * {@code grpc.health.v1.Health} calls (the background Watch streams and {@code /healthz}'s Check), no
 * trace context in their metadata; while a normal request on the same gateway is traced.
 *
 * <p>Needs the OpenCensus tracing mode: until it is in, the gateway traces nothing and the check
 * that a normal request is traced fails (on purpose: the test must not pass with tracing absent).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class HealthNeverTracedTest {

  private static final Set<String> TRACE_HEADERS =
      Set.of("traceparent", "tracestate", "grpc-trace-bin", "x-b3-traceid", "x-b3-spanid", "x-b3-sampled", "b3",
          "x-amzn-trace-id", "uber-trace-id");

  /** Collects every exported span; called on the exporter's own thread. */
  private static final class Collecting implements SpanExporter {
    final List<SpanData> spans = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
      return "collecting";
    }

    @Override
    public Future<Void> export(List<SpanData> batch) {
      spans.addAll(batch);
      return Future.succeededFuture();
    }
  }

  /** The span's name and every attribute value, as text. */
  private static String describe(SpanData span) {
    StringBuilder out = new StringBuilder(span.getName());
    for (Map.Entry<String, AttributeValue> a : span.getAttributes().getAttributeMap().entrySet()) {
      String value = a.getValue().<String>match(
          String::valueOf, String::valueOf, String::valueOf, String::valueOf, String::valueOf);
      out.append(' ').append(a.getKey()).append('=').append(value);
    }
    return out.toString();
  }

  @Test
  void noSpanForHealthTrafficWhileOtherRequestsAreTraced(Vertx vertx, VertxTestContext ctx) {
    Collecting exporter = new Collecting();
    WebClient client = WebClient.create(vertx);
    List<String> healthUris = List.of("/healthz", "/healthz?service=vgw.demo.v1.EchoService",
        "/healthz?service=vgw.test.Scripted", "/livez", "/readyz", "/ops/ready");
    DemoBackend.start(vertx, "127.0.0.1", 0).compose(demo -> ScriptedHealthBackend.start(vertx, 0, true)
        .compose(scripted -> Gateway.deploy(vertx, new GatewayOptions()
                .setHttpHost("127.0.0.1").setHttpPort(0).setInstances(2).setAdmin(new AdminOptions().setPort(0))
                .setTracing(new TracingOptions().setMode(TracingOptions.Mode.OPENCENSUS)
                    .setSampling(new SamplingOptions().setSampler(SamplerOptions.always())))
                .setExport(new ExportOptions().addExporter(new CustomExporterOptions(exporter)))
                // readyz moved: the moved path is as untraced as the default ones
                .setHealth(new HealthOptions().setReadyzPath("/ops/ready").setPollIntervalMillis(100))
                .addDescriptor(Main.DEMO_DESCRIPTORS)
                .addBackend(new BackendOptions().setAddress("127.0.0.1:" + demo.port()))
                .addBackend(new BackendOptions().setAddress("127.0.0.1:" + scripted.port()).addService("vgw.test.Scripted")))
            .compose(gw -> {
              List<Future<HttpResponse<Buffer>>> requests = new ArrayList<>();
              for (String uri : healthUris) {
                requests.add(get(client, gw.httpPort(), uri));
                requests.add(get(client, gw.adminPort(), uri));
              }
              for (int i = 0; i < 3; i++) {
                requests.add(client.post(gw.httpPort(), "127.0.0.1", "/v1/echo")
                    .sendJsonObject(new JsonObject().put("message", "traced " + i)));
              }
              return Future.all(new ArrayList<>(requests)).map(all -> {
                ctx.verify(() -> {
                  for (Future<HttpResponse<Buffer>> r : requests) {
                    assertTrue(r.result().statusCode() < 500 || r.result().statusCode() == 503,
                        "got " + r.result().statusCode() + " " + r.result().bodyAsString());
                  }
                  assertEquals(200, requests.get(requests.size() - 1).result().statusCode(), "POST /v1/echo");
                });
                return gw;
              }).eventually(gw::close); // flushes every span
            })
            .map(closed -> scripted.healthHeaders())
            .eventually(scripted::close))
        .eventually(demo::close))
        .onComplete(ctx.succeeding(healthHeaders -> ctx.verify(() -> {
          List<String> spans = exporter.spans.stream().map(HealthNeverTracedTest::describe).collect(Collectors.toList());
          for (String span : spans) {
            String lower = span.toLowerCase(Locale.ROOT);
            for (String forbidden : List.of("/healthz", "/livez", "/readyz", "/ops/ready", "grpc.health.v1.health")) {
              assertFalse(lower.contains(forbidden), "got a span for health traffic: " + span + "; want none");
            }
          }
          assertTrue(spans.stream().anyMatch(s -> s.contains("/v1/echo") || s.contains("EchoService/Echo")),
              "got no span for POST /v1/echo (spans: " + spans + "); want at least one: is tracing (OpenCensus mode) in?");
          for (String header : healthHeaders) {
            assertFalse(TRACE_HEADERS.contains(header), "a health call carried trace context: " + header);
          }
          assertFalse(healthHeaders.isEmpty(), "the scripted backend saw no health call at all");
          ctx.completeNow();
        })));
  }
}
