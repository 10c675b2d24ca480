package io.vgw.tracing.opentracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentracing.mock.MockSpan;
import io.opentracing.tag.Tags;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code "tracer": "resolver"} in a Vert.x built without a tracer: the gateway finds the tracer on
 * the class path with OpenTracing's TracerResolver and traces with it all the same.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class OpenTracingResolverTest {

  @AfterEach
  void noTracer() {
    TestTracerFactory.current = null;
  }

  @Test
  void aResolvedTracerTracesTheGatewayInAPlainVertx(Vertx vertx, VertxTestContext ctx) {
    RecordingTracer tracer = new RecordingTracer();
    TestTracerFactory.current = tracer;
    DemoBackend.start(vertx, "127.0.0.1", 0)
        .compose(backend -> Gateway.deploy(vertx, new GatewayOptions()
            .setHttpHost("127.0.0.1").setHttpPort(0).setInstances(1)
            .setAdmin(new AdminOptions().setEnabled(false))
            .addDescriptor(Main.DEMO_DESCRIPTORS)
            .addBackend(new BackendOptions().setAddress("127.0.0.1:" + backend.port()))
            .setTracing(new TracingOptions().setMode(TracingOptions.Mode.OPENTRACING)
                .setOpenTracing(new OpenTracingOptions().setTracer(OpenTracingOptions.TracerSource.RESOLVER)))))
        .compose(gw -> WebClient.create(vertx).post(gw.httpPort(), "127.0.0.1", "/v1/echo")
            .sendJsonObject(new JsonObject().put("message", "r"))
            .compose(resp -> tracer.awaitFinished(2))
            .compose(spans -> gw.close().map(spans)))
        .onComplete(ctx.succeeding(spans -> ctx.verify(() -> {
          MockSpan server = OpenTracingStructureTest.byKind(spans, Tags.SPAN_KIND_SERVER);
          MockSpan call = OpenTracingStructureTest.byKind(spans, Tags.SPAN_KIND_CLIENT);
          assertEquals("ServeHTTP", server.operationName(), "server span of the resolved tracer");
          assertEquals(server.context().spanId(), call.parentId(), "client span under ServeHTTP");
          ctx.completeNow();
        })));
  }

  @Test
  void noTracerOnTheClassPathRefusesToStartWithTheReason(Vertx vertx, VertxTestContext ctx) {
    IllegalArgumentException direct = assertThrows(IllegalArgumentException.class,
        () -> OpenTracingVertx.createTracer(new OpenTracingOptions().setTracer(OpenTracingOptions.TracerSource.RESOLVER)));
    assertTrue(direct.getMessage().contains("no tracer was found"), "got " + direct.getMessage() + "; want the reason");
    Gateway.deploy(vertx, new GatewayOptions()
            .setHttpHost("127.0.0.1").setHttpPort(0).setInstances(1)
            .setAdmin(new AdminOptions().setEnabled(false))
            .addDescriptor(Main.DEMO_DESCRIPTORS)
            .addBackend(new BackendOptions().setAddress("127.0.0.1:1"))
            .setTracing(new TracingOptions().setMode(TracingOptions.Mode.OPENTRACING)
                .setOpenTracing(new OpenTracingOptions().setTracer(OpenTracingOptions.TracerSource.RESOLVER))))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertTrue(err.getMessage().contains("tracing.opentracing.tracer"), "got " + err.getMessage() + "; want the key named");
          ctx.completeNow();
        })));
  }
}
