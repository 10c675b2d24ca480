package io.vgw.tracing.opentracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentracing.mock.MockSpan;
import io.opentracing.tag.Tags;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vgw.AdminOptions;
import io.vgw.BackendOptions;
import io.vgw.Gateway;
import io.vgw.GatewayOptions;
import io.vgw.Main;
import io.vgw.demo.DemoBackend;
import io.vgw.tracing.OpenTracingOptions;
import io.vgw.tracing.OpenTracingVertx;
import io.vgw.tracing.TracingOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The OpenTracing mode's spans, asserted on OpenTracing's MockTracer: a real gateway (in a Vert.x
 * built with the tracer) in front of the real demo backend (in a plain Vert.x, so that only the
 * gateway's spans are recorded).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
class OpenTracingStructureTest {

  private static final RecordingTracer TRACER = new RecordingTracer();
  private static Vertx gatewayVertx;
  private static DemoBackend backend;
  private static Gateway serveHttpNamed;
  private static Gateway routeNamed;
  private static WebClient client;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext ctx) {
    gatewayVertx = Vertx.builder().withTracer(OpenTracingVertx.tracerFactory(TRACER)).build();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1"));
    DemoBackend.start(vertx, "127.0.0.1", 0)
        .compose(b -> {
          backend = b;
          return Gateway.deploy(gatewayVertx, options(OpenTracingOptions.OperationName.SERVE_HTTP));
        })
        .compose(gw -> {
          serveHttpNamed = gw;
          return Gateway.deploy(gatewayVertx, options(OpenTracingOptions.OperationName.ROUTE));
        })
        .onSuccess(gw -> routeNamed = gw)
        .onComplete(ctx.succeedingThenComplete());
  }

  private static GatewayOptions options(OpenTracingOptions.OperationName naming) {
    return new GatewayOptions()
        .setHttpHost("127.0.0.1")
        .setHttpPort(0)
        .setInstances(1)
        .setAdmin(new AdminOptions().setEnabled(false))
        .addDescriptor(Main.DEMO_DESCRIPTORS)
        .addBackend(new BackendOptions().setAddress("127.0.0.1:" + backend.port()))
        .setTracing(new TracingOptions()
            .setMode(TracingOptions.Mode.OPENTRACING)
            .addUntracedPath("/v1/echo/untraced")
            .setOpenTracing(new OpenTracingOptions().setOperationName(naming)));
  }

  @AfterAll
  static void stop(VertxTestContext ctx) {
    gatewayVertx.close().onComplete(ctx.succeedingThenComplete());
  }

  @BeforeEach
  void reset() {
    TRACER.reset();
  }

  static Stream<Arguments> calls() {
    return Stream.of(
        // name, HTTP method, path, body, HTTP status, gRPC method, gRPC code
        Arguments.of("echo", HttpMethod.POST, "/v1/echo", "{\"message\":\"hi\"}", 200, "Echo", "OK"),
        Arguments.of("get with path variable", HttpMethod.GET, "/v1/echo/42?message=q", null, 200, "GetEcho", "OK"),
        Arguments.of("NOT_FOUND from the backend", HttpMethod.POST, "/v1/fail", "{\"code\":5,\"message\":\"no such thing\"}", 404, "Fail", "NOT_FOUND"),
        Arguments.of("UNAVAILABLE from the backend", HttpMethod.POST, "/v1/fail", "{\"code\":14,\"message\":\"down\"}", 503, "Fail", "UNAVAILABLE"),
        Arguments.of("INTERNAL from the backend", HttpMethod.POST, "/v1/fail", "{\"code\":13,\"message\":\"broken\"}", 500, "Fail", "INTERNAL"),
        Arguments.of("server stream", HttpMethod.GET, "/v1/stream?count=3&message=t&intervalMillis=1", null, 200, "Stream", "OK"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("calls")
  void serverSpanThenClientSpan(String name, HttpMethod method, String path, String body, int wantStatus,
      String grpcMethod, String wantCode, VertxTestContext ctx) {
    long traceId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    long callerSpanId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    HttpRequest<Buffer> req = client.request(method, serveHttpNamed.httpPort(), "127.0.0.1", path)
        // MockTracer's own HTTP_HEADERS format: the caller's span
        .putHeader("traceid", Long.toString(traceId))
        .putHeader("spanid", Long.toString(callerSpanId));
    send(req, body)
        .compose(resp -> TRACER.awaitFinished(2).map(spans -> Map.entry(resp, spans)))
        .onComplete(ctx.succeeding(done -> ctx.verify(() -> {
          HttpResponse<Buffer> resp = done.getKey();
          assertEquals(wantStatus, resp.statusCode(), "got HTTP " + resp.statusCode() + "; want " + wantStatus + "; input " + name);
          assertEquals(2, done.getValue().size(), "got spans " + done.getValue() + "; want 2; input " + name);
          MockSpan server = byKind(done.getValue(), Tags.SPAN_KIND_SERVER);
          MockSpan call = byKind(done.getValue(), Tags.SPAN_KIND_CLIENT);

          assertEquals("ServeHTTP", server.operationName(), "server span name; input " + name);
          assertEquals("grpc-gateway", server.tags().get("component"), "server component; input " + name);
          assertEquals(method.name(), server.tags().get("http.method"), "http.method; input " + name);
          assertEquals("http://127.0.0.1:" + serveHttpNamed.httpPort() + path, server.tags().get("http.url"), "http.url; input " + name);
          assertEquals(wantStatus, server.tags().get("http.status_code"), "http.status_code; input " + name);
          assertEquals(traceId, server.context().traceId(), "server span's trace is the caller's; input " + name);
          assertEquals(callerSpanId, server.parentId(), "server span's parent is the caller's span; input " + name);
          assertErrorTag(server, wantStatus >= 500, "server span, " + name);

          assertEquals("/vgw.demo.v1.EchoService/" + grpcMethod, call.operationName(), "client span name; input " + name);
          assertEquals("gRPC", call.tags().get("component"), "client component; input " + name);
          assertEquals(wantCode, call.tags().get("grpc.status_code"), "grpc.status_code; input " + name);
          assertEquals(backend.port(), call.tags().get("peer.port"), "peer.port; input " + name);
          assertEquals(traceId, call.context().traceId(), "client span's trace; input " + name);
          assertEquals(server.context().spanId(), call.parentId(), "client span's parent is ServeHTTP; input " + name);
          assertErrorTag(call, !wantCode.equals("OK"), "client span, " + name);
          assertTrue(call.finishMicros() <= server.finishMicros(), "client span ends before ServeHTTP; input " + name);

          if (wantStatus == 200 && !grpcMethod.equals("Stream")) {
            // The demo backend answers with the metadata it received: the client span's context.
            JsonObject metadata = resp.bodyAsJsonObject().getJsonObject("metadata");
            assertEquals(Long.toString(traceId), metadata.getString("traceid"), "traceid the backend got; input " + name);
            assertEquals(Long.toString(call.context().spanId()), metadata.getString("spanid"), "spanid the backend got; input " + name);
          }
          ctx.completeNow();
        })));
  }

  @Test
  void noContextInTheHeadersStartsARootSpan(VertxTestContext ctx) {
    client.post(serveHttpNamed.httpPort(), "127.0.0.1", "/v1/echo").sendJsonObject(new JsonObject().put("message", "x"))
        .compose(resp -> TRACER.awaitFinished(2))
        .onComplete(ctx.succeeding(spans -> ctx.verify(() -> {
          MockSpan server = byKind(spans, Tags.SPAN_KIND_SERVER);
          MockSpan call = byKind(spans, Tags.SPAN_KIND_CLIENT);
          assertEquals(0, server.parentId(), "got parent " + server.parentId() + "; want none (a root span)");
          assertEquals(server.context().spanId(), call.parentId(), "client span's parent");
          ctx.completeNow();
        })));
  }

  @Test
  void clientGoneEndsBothSpans(Vertx vertx, VertxTestContext ctx) {
    int before = backend.calls();
    HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultPort(serveHttpNamed.httpPort()).setDefaultHost("127.0.0.1"));
    http.request(HttpMethod.GET, "/v1/slow/10000").compose(req -> req.send()).onComplete(ar -> { });
    // Once the call is at the backend, the caller hangs up.
    vertx.setPeriodic(20, id -> {
      if (backend.calls() > before) {
        vertx.cancelTimer(id);
        http.close();
      }
    });
    TRACER.awaitFinished(2).onComplete(ctx.succeeding(spans -> ctx.verify(() -> {
      MockSpan server = byKind(spans, Tags.SPAN_KIND_SERVER);
      MockSpan call = byKind(spans, Tags.SPAN_KIND_CLIENT);
      assertEquals("CANCELLED", call.tags().get("grpc.status_code"), "got " + call.tags() + "; want grpc.status_code CANCELLED");
      assertTrue(server.logEntries().stream().anyMatch(e -> "cancelled".equals(e.fields().get("event"))),
          "got server span logs " + server.logEntries().size() + " without a cancelled event; want one");
      ctx.completeNow();
    })));
  }

  static Stream<Arguments> untraced() {
    return Stream.of(
        Arguments.of("health check", HttpMethod.GET, "/healthz", Map.of(), 200),
        Arguments.of("configured untraced path", HttpMethod.GET, "/v1/echo/untraced", Map.of(), 200),
        // MockTracer's extract throws on an id that is not a number: not "not found", so untraced
        Arguments.of("unreadable caller context", HttpMethod.GET, "/v1/echo/1", Map.of("traceid", "not-a-number", "spanid", "1"), 200));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("untraced")
  void untracedRequestsGoThroughWithoutSpans(String name, HttpMethod method, String path, Map<String, String> headers,
      int wantStatus, VertxTestContext ctx) {
    HttpRequest<Buffer> req = client.request(method, serveHttpNamed.httpPort(), "127.0.0.1", path);
    headers.forEach(req::putHeader);
    req.send()
        .compose(resp -> {
          // A traced request after it, on the same connection: once its two spans are in, any span
          // of the untraced request would be too.
          return client.get(serveHttpNamed.httpPort(), "127.0.0.1", "/v1/echo/sentinel").send()
              .compose(r -> TRACER.awaitFinished(2))
              .map(spans -> Map.entry(resp, spans));
        })
        .onComplete(ctx.succeeding(done -> ctx.verify(() -> {
          HttpResponse<Buffer> resp = done.getKey();
          assertEquals(wantStatus, resp.statusCode(), "got HTTP " + resp.statusCode() + "; want " + wantStatus + "; input " + name);
          List<MockSpan> spans = done.getValue();
          assertEquals(2, spans.size(), "got spans " + spans + "; want only the sentinel's 2; input " + name);
          spans.forEach(s -> assertTrue(s.tags().getOrDefault("http.url", "/v1/echo/sentinel").toString().endsWith("/v1/echo/sentinel"),
              "got span " + s + "; want only the sentinel's; input " + name));
          if (path.startsWith("/v1/echo/")) {
            // the echo shows what the backend received: no trace context
            JsonObject metadata = resp.bodyAsJsonObject().getJsonObject("metadata");
            assertNull(metadata.getString("spanid"), "got spanid " + metadata.getString("spanid") + " sent to the backend; want none; input " + name);
          }
          ctx.completeNow();
        })));
  }

  static Stream<Arguments> routeNames() {
    return Stream.of(
        Arguments.of(HttpMethod.POST, "/v1/echo", "{}", "POST /v1/echo"),
        Arguments.of(HttpMethod.GET, "/v1/echo/7", null, "GET /v1/echo/{id}"),
        Arguments.of(HttpMethod.POST, "/v1/no/such/route", "{}", "ServeHTTP"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("routeNames")
  void operationNameRouteNamesTheSpanByItsTemplate(HttpMethod method, String path, String body, String want,
      VertxTestContext ctx) {
    send(client.request(method, routeNamed.httpPort(), "127.0.0.1", path), body)
        .compose(resp -> TRACER.awaitFinished(path.equals("/v1/no/such/route") ? 1 : 2))
        .onComplete(ctx.succeeding(spans -> ctx.verify(() -> {
          MockSpan server = byKind(spans, Tags.SPAN_KIND_SERVER);
          assertEquals(want, server.operationName(), "got name " + server.operationName() + "; want " + want + "; input " + method + " " + path);
          ctx.completeNow();
        })));
  }

  private static Future<HttpResponse<Buffer>> send(HttpRequest<Buffer> req, String body) {
    return body == null ? req.send() : req.putHeader("content-type", "application/json").sendBuffer(Buffer.buffer(body));
  }

  static MockSpan byKind(List<MockSpan> spans, String kind) {
    return spans.stream().filter(s -> kind.equals(s.tags().get("span.kind"))).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " span in " + spans));
  }

  private static void assertErrorTag(MockSpan span, boolean wantError, String what) {
    if (!wantError) {
      assertNull(span.tags().get("error"), "got error tag " + span.tags().get("error") + "; want none; " + what);
      return;
    }
    assertEquals(true, span.tags().get("error"), "got error tag " + span.tags().get("error") + "; want true; " + what);
    MockSpan.LogEntry log = span.logEntries().stream().filter(e -> "error".equals(e.fields().get("event"))).findFirst().orElse(null);
    assertNotNull(log, "got logs " + span.logEntries().size() + " without an error event; want one; " + what);
    assertNotNull(log.fields().get("message"), "error log without a message; " + what);
  }
}
