package io.vgw.tracing;

import static io.vgw.tracing.TracedGateway.names;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opencensus.trace.Span;
import io.opencensus.trace.Tracer;
import io.opencensus.trace.export.SpanData;
import io.opencensus.trace.samplers.Samplers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vgw.BackendOptions;
import io.vgw.GatewayOptions;
import io.vgw.GatewayRoutes;
import io.vgw.Main;
import io.vgw.export.CustomExporterOptions;
import io.vgw.export.ExportOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Code of a user's own, running inside a request, starts spans with its own sampler — the seed's
 * "without a global configuration" set-up: nothing is sampled by default, the code that wants a
 * span says so. On an embedded gateway's router, and in a gRPC service the gateway calls.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class UserSpansTest {

  private static final String SAMPLED_PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private record App(GatewayRoutes routes, HttpServer server, TraceRecordingBackend backend, CollectingExporter exporter,
      WebClient client) {
    Future<List<SpanData>> finish() {
      return server.close().compose(v -> routes.close()).eventually(backend::close).map(v -> exporter.spans());
    }
  }

  /** A user's app: its own /work route, and the gateway's routes below /api, one tracing handler on all. */
  private static Future<App> start(Vertx vertx, AtomicReference<Tracer> backendTracer) {
    CollectingExporter exporter = new CollectingExporter();
    return TraceRecordingBackend.start(vertx, metadata -> {
      // A gRPC service method of the user's: its own span, its own sampler, parent from the metadata.
      Span span = backendTracer.get().spanBuilderWithRemoteParent("backend.work", Spans.remoteParent(metadata))
          .setSampler(Samplers.alwaysSample()).startSpan();
      span.end();
    }).compose(backend -> GatewayRoutes.load(vertx, new GatewayOptions()
            .addDescriptor(Main.DEMO_DESCRIPTORS)
            .addBackend(new BackendOptions().setAddress("127.0.0.1:" + backend.port()))
            .setTracing(TracedGateway.sampled(SamplerOptions.probability(0)))
            .setExport(new ExportOptions().addExporter(new CustomExporterOptions(exporter))))
        .compose(routes -> {
          backendTracer.set(routes.tracer());
          Router root = Router.router(vertx);
          root.route().handler(routes.tracingHandler());
          root.get("/work").handler(ctx -> {
            String sampler = ctx.queryParams().get("sampler");
            Span child = Spans.child("work").setSampler(sampler.equals("always") ? Samplers.alwaysSample()
                : Samplers.neverSample()).startSpan();
            child.end();
            ctx.end(Spans.current().getContext().getSpanId().toLowerBase16());
          });
          root.route("/api/*").subRouter(routes.router(vertx));
          return vertx.createHttpServer().requestHandler(root).listen(0, "127.0.0.1")
              .map(server -> new App(routes, server, backend, exporter, WebClient.create(vertx)));
        }));
  }

  @Test
  void aChildWithItsOwnSamplerIsExportedUnderAnUnsampledRequest(Vertx vertx, VertxTestContext ctx) {
    AtomicReference<Tracer> tracer = new AtomicReference<>();
    start(vertx, tracer).compose(app -> app.client.get(app.server.actualPort(), "127.0.0.1", "/work?sampler=always").send()
        .compose(r -> app.finish().map(spans -> {
          ctx.verify(() -> {
            assertEquals(200, r.statusCode());
            assertEquals(List.of("null work"), names(spans), "only the child: the request itself is not sampled");
            SpanData work = spans.get(0);
            assertEquals(r.bodyAsString(), work.getParentSpanId().toLowerBase16(), "child of the request's span");
          });
          return null;
        }))).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aChildWithANeverSamplerIsNotExportedUnderASampledRequest(Vertx vertx, VertxTestContext ctx) {
    AtomicReference<Tracer> tracer = new AtomicReference<>();
    start(vertx, tracer).compose(app -> app.client.get(app.server.actualPort(), "127.0.0.1", "/work?sampler=never")
        .putHeader("traceparent", SAMPLED_PARENT).send()
        .compose(r -> app.finish().map(spans -> {
          ctx.verify(() -> assertEquals(List.of("SERVER GET /work"), names(spans)));
          return null;
        }))).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void gatewayRoutesBelowTheUsersRouterAreTracedOnceAndTheBackendsOwnSpanJoins(Vertx vertx, VertxTestContext ctx) {
    AtomicReference<Tracer> tracer = new AtomicReference<>();
    start(vertx, tracer).compose(app -> app.client.get(app.server.actualPort(), "127.0.0.1", "/api/v1/echo/1").send()
        .compose(r -> {
          ctx.verify(() -> assertEquals(200, r.statusCode(), r.bodyAsString()));
          return app.finish();
        })
        .map(spans -> {
          ctx.verify(() -> {
            // The request is not sampled (no new trace is); the backend's span has its own sampler: it alone is
            // exported, as a child of the gateway's (unexported) client span.
            assertEquals(List.of("null backend.work"), names(spans));
            SpanData work = spans.get(0);
            assertEquals(Boolean.TRUE, work.getHasRemoteParent());
            assertEquals(app.backend.received.get(0).traceparent().getSpanId(), work.getParentSpanId());
          });
          return null;
        })).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aSampledRequestThroughTheSubRouterHasOneServerSpan(Vertx vertx, VertxTestContext ctx) {
    AtomicReference<Tracer> tracer = new AtomicReference<>();
    start(vertx, tracer).compose(app -> app.client.get(app.server.actualPort(), "127.0.0.1", "/api/v1/echo/1")
        .putHeader("traceparent", SAMPLED_PARENT).send()
        .compose(r -> app.finish())
        .map(spans -> {
          ctx.verify(() -> {
            assertEquals(List.of("SERVER GET /api/v1/echo/1", "CLIENT vgw.demo.v1.EchoService.GetEcho", "null backend.work"),
                names(spans).stream().sorted((a, b) -> order(a) - order(b)).toList());
          });
          return null;
        })).onComplete(ctx.succeedingThenComplete());
  }

  private static int order(String name) {
    return name.startsWith("SERVER") ? 0 : name.startsWith("CLIENT") ? 1 : 2;
  }
}
