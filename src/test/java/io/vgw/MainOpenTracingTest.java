package io.vgw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vgw.tracing.OpenTracingVertx;
import io.vgw.tracing.opentracing.TestTracerFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code java -jar} with {@code tracing.mode = opentracing}: Main builds Vert.x with the configured tracer. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class MainOpenTracingTest {

  private static final LaunchFlags NO_FLAGS = LaunchFlags.parse(new String[0]);

  /** The Vert.x a test built; closed from the test thread (callbacks on its own closed event loops would never run). */
  private Vertx built;

  @AfterEach
  void cleanUp() throws Exception {
    TestTracerFactory.current = null;
    if (built != null) {
      built.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void theEmbeddedDemoIsTracedEndToEnd(VertxTestContext ctx) {
    MockTracer tracer = new MockTracer();
    TestTracerFactory.current = tracer;
    JsonObject config = new JsonObject()
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0))
        .put("instances", 1)
        .put("admin", new JsonObject().put("enabled", false))
        .put("tracing", new JsonObject().put("mode", "opentracing").put("opentracing", new JsonObject().put("tracer", "resolver")));
    Main.createVertx(NO_FLAGS, config).compose(vertx -> {
      built = vertx;
      ctx.verify(() -> assertSame(tracer, OpenTracingVertx.tracerOf(vertx), "Vert.x built with the resolved tracer"));
      return Main.start(vertx, config).compose(running -> WebClient.create(vertx)
              .post(running.gateway().httpPort(), "127.0.0.1", "/v1/echo").sendJsonObject(new JsonObject().put("message", "jar"))
              .compose(resp -> spans(vertx, tracer, 3))
              .compose(spans -> running.close().map(v -> spans)));
    }).onComplete(ctx.succeeding(spans -> ctx.verify(() -> {
      MockSpan serve = one(spans, "ServeHTTP");
      MockSpan grpc = one(spans, "/vgw.demo.v1.EchoService/Echo");
      assertEquals(serve.context().spanId(), grpc.parentId(), "gRPC client span under ServeHTTP");
      // The demo backend runs in the same Vert.x: vertx-opentracing's server span continues the trace.
      MockSpan demo = spans.stream().filter(s -> "vertx".equals(s.tags().get("component"))).findFirst()
          .orElseThrow(() -> new AssertionError("no span of the demo backend in " + spans));
      assertEquals(grpc.context().spanId(), demo.parentId(), "the demo backend's span continues the gateway's client span");
      ctx.completeNow();
    })));
  }

  @Test
  void otherModesBuildVertxWithoutATracer(VertxTestContext ctx) {
    Main.createVertx(NO_FLAGS, new JsonObject().put("tracing", new JsonObject().put("mode", "none")))
        .onComplete(ctx.succeeding(vertx -> ctx.verify(() -> {
          built = vertx;
          assertNull(OpenTracingVertx.tracerOf(vertx), "mode none: no tracer");
          ctx.completeNow();
        })));
  }

  @Test
  void aResolverThatFindsNothingFailsWithTheReason(VertxTestContext ctx) {
    JsonObject config = new JsonObject().put("tracing", new JsonObject().put("mode", "opentracing")
        .put("opentracing", new JsonObject().put("tracer", "resolver")));
    Main.createVertx(NO_FLAGS, config).onComplete(ctx.failing(err -> ctx.verify(() -> {
      assertTrue(err.getMessage().contains("no tracer was found"), "got " + err.getMessage() + "; want the reason");
      ctx.completeNow();
    })));
  }

  /** The finished spans once there are {@code count}, checked every 20 ms (the demo's span ends with its response). */
  private static Future<List<MockSpan>> spans(Vertx vertx, MockTracer tracer, int count) {
    Promise<List<MockSpan>> p = Promise.promise();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    vertx.setPeriodic(20, id -> {
      List<MockSpan> spans = tracer.finishedSpans();
      if (spans.size() >= count || System.nanoTime() > deadline) {
        vertx.cancelTimer(id);
        p.complete(spans);
      }
    });
    return p.future();
  }

  private static MockSpan one(List<MockSpan> spans, String name) {
    List<MockSpan> found = spans.stream().filter(s -> name.equals(s.operationName())).toList();
    assertEquals(1, found.size(), "got " + found.size() + " spans named " + name + " in " + spans + "; want 1");
    return found.get(0);
  }
}
