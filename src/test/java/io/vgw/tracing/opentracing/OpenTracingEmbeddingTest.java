package io.vgw.tracing.opentracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentracing.mock.MockSpan;
import io.opentracing.tag.Tags;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vgw.BackendOptions;
import io.vgw.GatewayOptions;
import io.vgw.Main;
import io.vgw.demo.DemoBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/tracing.md's OpenTracing example ({@link OpenTracingApp}) runs: the gateway's routes below
 * /api and the application's own, each request traced once, and Vert.x's own HTTP client continuing
 * the ServeHTTP span.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class OpenTracingEmbeddingTest {

  private static final RecordingTracer TRACER = new RecordingTracer();
  private static Vertx appVertx;
  private static HttpServer app;
  private static HttpServer other;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext ctx) {
    appVertx = OpenTracingApp.tracedVertx(TRACER);
    // "Another service", untraced (a plain Vert.x): answers with the span id it was sent.
    vertx.createHttpServer()
        .requestHandler(req -> req.response().end(String.valueOf(req.getHeader("spanid"))))
        .listen(0, "127.0.0.1")
        .compose(s -> {
          other = s;
          return DemoBackend.start(vertx, "127.0.0.1", 0);
        })
        .compose(backend -> OpenTracingApp.serve(appVertx, new GatewayOptions()
                .setInstances(1)
                .addDescriptor(Main.DEMO_DESCRIPTORS)
                .addBackend(new BackendOptions().setAddress("127.0.0.1:" + backend.port())),
            SocketAddress.inetSocketAddress(other.actualPort(), "127.0.0.1"), 0))
        .onSuccess(s -> app = s)
        .onComplete(ctx.succeedingThenComplete());
  }

  @AfterAll
  static void stop(VertxTestContext ctx) {
    appVertx.close().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void eachRequestIsTracedOnceAndVertxClientsContinueTheSpan(Vertx vertx, VertxTestContext ctx) {
    WebClient client = WebClient.create(vertx);
    client.post(app.actualPort(), "127.0.0.1", "/api/v1/echo").sendJsonObject(new JsonObject().put("message", "m"))
        .compose(echo -> client.get(app.actualPort(), "127.0.0.1", "/hello").send()
            .compose(hello -> TRACER.awaitFinished(4).map(spans -> {
              ctx.verify(() -> {
                assertEquals(200, echo.statusCode(), "POST /api/v1/echo");
                assertEquals(200, hello.statusCode(), "GET /hello");
                List<MockSpan> servers = spans.stream().filter(s -> "ServeHTTP".equals(s.operationName())).toList();
                assertEquals(2, servers.size(), "got ServeHTTP spans " + servers + "; want one per request");
                MockSpan echoServer = servers.stream().filter(s -> s.tags().get("http.url").toString().endsWith("/api/v1/echo")).findFirst().orElseThrow();
                MockSpan helloServer = servers.stream().filter(s -> s.tags().get("http.url").toString().endsWith("/hello")).findFirst().orElseThrow();

                MockSpan grpc = only(spans, s -> "gRPC".equals(s.tags().get("component")), "gRPC client");
                assertEquals(echoServer.context().spanId(), grpc.parentId(), "the gRPC span's parent is the echo request's ServeHTTP");

                // vertx-opentracing's own client span, under the ServeHTTP span it found on the context.
                MockSpan vertxClient = only(spans, s -> "vertx".equals(s.tags().get("component")), "Vert.x client");
                assertEquals(Tags.SPAN_KIND_CLIENT, vertxClient.tags().get("span.kind"), "Vert.x client span kind");
                assertEquals(helloServer.context().spanId(), vertxClient.parentId(), "got parent " + vertxClient.parentId()
                    + "; want /hello's ServeHTTP " + helloServer.context().spanId());
                assertEquals(Long.toString(vertxClient.context().spanId()), hello.bodyAsString(),
                    "the other service got the Vert.x client span's id");
                assertEquals(4, TRACER.finishedSpans().size(), "got spans " + TRACER.finishedSpans() + "; want 4");
              });
              return null;
            })))
        .onComplete(ctx.succeedingThenComplete());
  }

  private static MockSpan only(List<MockSpan> spans, java.util.function.Predicate<MockSpan> which, String what) {
    List<MockSpan> found = spans.stream().filter(which).collect(Collectors.toList());
    assertEquals(1, found.size(), "got " + what + " spans " + found + "; want 1");
    return found.get(0);
  }

  @Test
  void theDocsShowThisExample() throws Exception {
    String source = Files.readString(Path.of("src/test/java/io/vgw/tracing/opentracing/OpenTracingApp.java"));
    String doc = Files.readString(Path.of("docs/tracing.md"));
    String example = between(source, "// example:begin\n", "// example:end");
    String shown = between(doc, "<!-- opentracing-example:begin -->\n```java\n", "```\n<!-- opentracing-example:end -->");
    assertEquals(example, shown, "docs/tracing.md's OpenTracing example differs from OpenTracingApp.java");
    assertTrue(example.contains("tracingHandler()"), "the example shows the tracing handler");
  }

  private static String between(String text, String begin, String end) {
    int b = text.indexOf(begin);
    int e = text.indexOf(end, b + 1);
    if (b < 0 || e < 0) {
      throw new AssertionError("markers " + begin.strip() + " … " + end.strip() + " not found");
    }
    return text.substring(b + begin.length(), e);
  }
}
