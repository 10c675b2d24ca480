package io.vgw.tracing.opentracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.opentracing.Span;
import io.opentracing.Tracer;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import io.opentracing.tag.Tags;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vgw.AdminOptions;
import io.vgw.BackendOptions;
import io.vgw.Gateway;
import io.vgw.GatewayOptions;
import io.vgw.Main;
import io.vgw.export.ZipkinServer;
import io.vgw.tracing.OpenTracingOptions;
import io.vgw.tracing.OpenTracingVertx;
import io.vgw.tracing.TracingOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * End to end with real parts: a caller's Brave span → the gateway (the Brave tracer vgw builds from
 * its options, in a Vert.x built with it) → a gRPC backend that continues the trace with its own
 * Brave tracer; all three report to a real Zipkin server, and the test reads the trace back from
 * Zipkin's API.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
class OpenTracingZipkinTest {

  private static ZipkinServer zipkin;
  private static Tracer gatewayTracer;
  private static Vertx gatewayVertx;
  private static ZipkinBrave caller;
  private static ZipkinBrave backendTracer;
  private static TracedEchoBackend backend;
  private static Gateway gateway;
  private static WebClient client;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext ctx) throws Exception {
    zipkin = ZipkinServer.start();
    client = WebClient.create(vertx);
    gatewayTracer = OpenTracingVertx.createTracer(new OpenTracingOptions()
        .setZipkinEndpoint(zipkin.spansEndpoint()).setServiceName("vgw"));
    gatewayVertx = Vertx.builder().withTracer(OpenTracingVertx.tracerFactory(gatewayTracer)).build();
    caller = ZipkinBrave.create("caller", zipkin.spansEndpoint());
    backendTracer = ZipkinBrave.create("echo-backend", zipkin.spansEndpoint());
    zipkin.awaitReady(vertx)
        .compose(v -> TracedEchoBackend.start(vertx, backendTracer.tracer()))
        .compose(b -> {
          backend = b;
          return Gateway.deploy(gatewayVertx, new GatewayOptions()
              .setHttpHost("127.0.0.1").setHttpPort(0).setInstances(1)
              .setAdmin(new AdminOptions().setEnabled(false))
              .addDescriptor(Main.DEMO_DESCRIPTORS)
              .addBackend(new BackendOptions().setAddress("127.0.0.1:" + b.port()))
              .setTracing(new TracingOptions().setMode(TracingOptions.Mode.OPENTRACING)));
        })
        .onSuccess(gw -> gateway = gw)
        .onComplete(ctx.succeedingThenComplete());
  }

  @AfterAll
  static void stop(Vertx vertx, VertxTestContext ctx) {
    Future<Void> closed = gatewayVertx == null ? Future.succeededFuture() : gatewayVertx.close();
    closed.compose(v -> vertx.executeBlocking(() -> {
      // Blocking flushes, off the event loop.
      gatewayTracer.close();
      caller.close();
      backendTracer.close();
      zipkin.close();
      return null;
    })).onComplete(ctx.succeedingThenComplete());
  }

  static Stream<Arguments> calls() {
    return Stream.of(
        // path, body, HTTP status, gRPC method, gRPC code on the gateway's client span
        Arguments.of("/v1/echo", "{\"message\":\"traced\"}", 200, "Echo", "OK"),
        Arguments.of("/v1/fail", "{\"code\":14,\"message\":\"down\"}", 503, "Fail", "UNAVAILABLE"));
  }

  @ParameterizedTest(name = "POST {0}")
  @MethodSource("calls")
  void oneTraceFromTheCallerThroughTheGatewayToTheBackend(String path, String body, int wantStatus, String grpcMethod,
      String wantCode, Vertx vertx, VertxTestContext ctx) {
    Span call = caller.tracer().buildSpan("call gateway")
        .withTag(Tags.SPAN_KIND.getKey(), Tags.SPAN_KIND_CLIENT).start();
    Map<String, String> headers = new HashMap<>();
    caller.tracer().inject(call.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
    HttpRequest<io.vertx.core.buffer.Buffer> req = client.post(gateway.httpPort(), "127.0.0.1", path)
        .putHeader("content-type", "application/json");
    headers.forEach(req::putHeader);
    String traceId = call.context().toTraceId();
    req.sendBuffer(io.vertx.core.buffer.Buffer.buffer(body))
        .andThen(ar -> call.finish())
        .compose(resp -> {
          ctx.verify(() -> assertEquals(wantStatus, resp.statusCode(), "got HTTP " + resp.statusCode() + "; want " + wantStatus + "; input " + path));
          return traceFromZipkin(vertx, traceId, 4);
        })
        .onComplete(ctx.succeeding(spans -> ctx.verify(() -> {
          assertEquals(4, spans.size(), "got spans " + spans.encodePrettily() + "; want 4; input " + path);
          JsonObject root = only(spans, s -> !s.containsKey("parentId"), "root");
          assertEquals("caller", service(root), "root span's service");
          JsonObject serve = childOf(spans, root, "ServeHTTP");
          assertEquals("vgw", service(serve), "ServeHTTP's service");
          assertEquals("SERVER", serve.getString("kind"), "ServeHTTP's kind");
          JsonObject serveTags = serve.getJsonObject("tags");
          assertEquals("grpc-gateway", serveTags.getString("component"), "ServeHTTP component");
          assertEquals("POST", serveTags.getString("http.method"), "ServeHTTP http.method");
          assertEquals(Integer.toString(wantStatus), serveTags.getString("http.status_code"), "ServeHTTP http.status_code");
          assertEquals(wantStatus >= 500 ? "true" : null, serveTags.getString("error"), "ServeHTTP error tag");

          JsonObject grpc = childOf(spans, serve, "/vgw.demo.v1.EchoService/" + grpcMethod);
          assertEquals("vgw", service(grpc), "gRPC client span's service");
          assertEquals("CLIENT", grpc.getString("kind"), "gRPC client span's kind");
          JsonObject grpcTags = grpc.getJsonObject("tags");
          assertEquals("gRPC", grpcTags.getString("component"), "gRPC client component");
          assertEquals(wantCode, grpcTags.getString("grpc.status_code"), "gRPC client grpc.status_code");
          if (wantCode.equals("OK")) {
            assertNull(grpcTags.getString("error"), "no error tag on an OK call");
          } else {
            assertEquals("true", grpcTags.getString("error"), "error tag on a failed call");
          }

          JsonObject backendSpan = childOf(spans, grpc, "/vgw.demo.v1.EchoService/" + grpcMethod);
          assertEquals("echo-backend", service(backendSpan), "backend span's service");
          assertEquals("SERVER", backendSpan.getString("kind"), "backend span's kind");
          ctx.completeNow();
        })));
  }

  /** Polls {@code /api/v2/trace/{id}} until it holds {@code count} spans (Brave reports about once a second). */
  private static Future<JsonArray> traceFromZipkin(Vertx vertx, String traceId, int count) {
    Promise<JsonArray> found = Promise.promise();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    poll(vertx, traceId, count, deadline, found);
    return found.future();
  }

  private static void poll(Vertx vertx, String traceId, int count, long deadline, Promise<JsonArray> found) {
    client.getAbs(zipkin.baseUrl() + "/api/v2/trace/" + traceId).send().onComplete(ar -> {
      JsonArray spans = ar.succeeded() && ar.result().statusCode() == 200 ? ar.result().bodyAsJsonArray() : new JsonArray();
      if (spans.size() >= count) {
        found.complete(spans);
      } else if (System.nanoTime() > deadline) {
        found.fail("trace " + traceId + " has " + spans.size() + " spans in Zipkin after 60 s; want " + count + ": " + spans.encode());
      } else {
        vertx.setTimer(200, t -> poll(vertx, traceId, count, deadline, found));
      }
    });
  }

  private static String service(JsonObject span) {
    return span.getJsonObject("localEndpoint", new JsonObject()).getString("serviceName");
  }

  private static JsonObject childOf(JsonArray spans, JsonObject parent, String name) {
    // Zipkin stores span names lower-cased.
    return only(spans, s -> parent.getString("id").equals(s.getString("parentId"))
        && name.toLowerCase(Locale.ROOT).equals(s.getString("name")), name + " under " + parent.getString("name"));
  }

  private static JsonObject only(JsonArray spans, java.util.function.Predicate<JsonObject> which, String what) {
    List<JsonObject> found = new ArrayList<>();
    for (Object o : spans) {
      if (which.test((JsonObject) o)) {
        found.add((JsonObject) o);
      }
    }
    assertEquals(1, found.size(), "got " + found.size() + " " + what + " spans; want 1; trace " + spans.encode());
    return found.get(0);
  }
}
