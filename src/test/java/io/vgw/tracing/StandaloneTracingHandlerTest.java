package io.vgw.tracing;

import static io.vgw.tracing.TracedGateway.attribute;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opencensus.trace.Span;
import io.opencensus.trace.export.SpanData;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vgw.export.ExportOptions;
import io.vgw.export.SpanExportVerticle;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The tracing handler on a plain vertx-web router of a user's, without the rest of vgw. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class StandaloneTracingHandlerTest {

  @Test
  void aUsersRouterGetsServerSpansAndItsHandlersChildSpans(Vertx vertx, VertxTestContext ctx) {
    CollectingExporter exporter = new CollectingExporter();
    SpanExportVerticle export = new SpanExportVerticle(new ExportOptions(), List.of(exporter));
    TracingHandler tracing = TracingHandler.create(
        new TracingOptions().setSampling(new SamplingOptions().setSampler(SamplerOptions.always())), export.sink());
    export.awaitOnStop(tracing::idle);
    Router router = Router.router(vertx);
    router.route().handler(tracing);
    router.get("/orders/:id").handler(rc -> {
      Span child = Spans.child("load order").startSpan();
      child.end();
      rc.end(Spans.current().getContext().getTraceId().toLowerBase16());
    });
    vertx.deployVerticle(export, SpanExportVerticle.deploymentOptions())
        .compose(id -> vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
            .compose(server -> WebClient.create(vertx).get(server.actualPort(), "127.0.0.1", "/orders/7")
                .putHeader("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").send()
                .compose(r -> server.close().map(r)))
            .compose(r -> vertx.undeploy(id).map(r)))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", r.bodyAsString(), "the request's span is on the context");
          List<SpanData> spans = exporter.spans().stream()
              .sorted(Comparator.comparing(s -> s.getKind() == null ? 1 : 0)).toList();
          assertEquals(2, spans.size(), TracedGateway.names(spans).toString());
          SpanData server = spans.get(0);
          assertEquals("GET /orders/7", server.getName(), "no gateway route: named by the path");
          assertEquals(200L, attribute(server, "http.status_code"));
          assertEquals("00f067aa0ba902b7", server.getParentSpanId().toLowerBase16());
          assertEquals(server.getContext().getSpanId(), spans.get(1).getParentSpanId());
          assertEquals("load order", spans.get(1).getName());
          ctx.completeNow();
        })));
  }
}
