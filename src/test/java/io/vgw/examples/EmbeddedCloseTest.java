package io.vgw.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opencensus.trace.Span;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
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
import io.vgw.demo.DemoBackend;
import io.vgw.export.CustomExporterOptions;
import io.vgw.export.ExportOptions;
import io.vgw.tracing.CollectingExporter;
import io.vgw.tracing.SamplerOptions;
import io.vgw.tracing.SamplingOptions;
import io.vgw.tracing.TracingOptions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Closing the user's own Vert.x, with a request still in flight through the embedded gateway: the
 * request is answered, and its spans reach the exporter before {@code close()} completes.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class EmbeddedCloseTest {

  /** A user's verticle: the gateway's routes below /api, its server shut down gracefully on undeploy. */
  static final class App extends VerticleBase {
    private final GatewayOptions options;
    private HttpServer server;

    App(GatewayOptions options) {
      this.options = options;
    }

    @Override
    public Future<?> start() {
      return GatewayRoutes.load(vertx, options).compose(routes -> {
        Router root = Router.router(vertx);
        root.route().handler(routes.tracingHandler());
        root.route("/api/*").subRouter(routes.router(vertx));
        return vertx.createHttpServer().requestHandler(root).listen(0, "127.0.0.1");
      }).onSuccess(s -> server = s);
    }

    @Override
    public Future<?> stop() {
      return server.shutdown(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void closingTheUsersVertxAnswersWhatIsInFlightAndFlushesItsSpans(Vertx testVertx, VertxTestContext ctx) {
    Vertx users = Vertx.vertx();
    CollectingExporter exporter = new CollectingExporter();
    DemoBackend.start(testVertx, "127.0.0.1", 0).compose(backend -> {
      App app = new App(new GatewayOptions().addDescriptor(Main.DEMO_DESCRIPTORS)
          .addBackend(new BackendOptions().setAddress("127.0.0.1:" + backend.port()))
          .setTracing(new TracingOptions().setSampling(new SamplingOptions().setSampler(SamplerOptions.always())))
          // an hour: only the close can send these spans
          .setExport(new ExportOptions().setBatchInterval(3_600_000).addExporter(new CustomExporterOptions(exporter))));
      Promise<Void> closed = Promise.promise();
      return free(users.deployVerticle(app)).compose(id -> {
        Future<Integer> inFlight = WebClient.create(testVertx).get(app.server.actualPort(), "127.0.0.1", "/api/v1/slow/700")
            .send().map(r -> r.statusCode());
        // Close while the backend still sleeps on it.
        testVertx.setTimer(200, t -> users.close().onComplete(closed));
        return inFlight;
      }).compose(status -> closed.future().map(status)).eventually(backend::close);
    }).onComplete(ctx.succeeding(status -> ctx.verify(() -> {
      assertEquals(200, status, "the request in flight is answered");
      assertTrue(exporter.spans().stream().anyMatch(s -> s.getKind() == Span.Kind.SERVER
          && "GET /api/v1/slow/700".equals(s.getName())), "its server span was exported: " + exporter.spans());
      assertTrue(exporter.spans().stream().anyMatch(s -> s.getKind() == Span.Kind.CLIENT),
          "and its client span");
      ctx.completeNow();
    })));
  }

  private static <T> Future<T> free(Future<T> bound) {
    Promise<T> p = Promise.promise();
    bound.onComplete(p);
    return p.future();
  }
}
