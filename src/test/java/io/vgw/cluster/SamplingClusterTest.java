package io.vgw.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opencensus.trace.Span;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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
import io.vgw.export.CustomExporterOptions;
import io.vgw.export.ExportOptions;
import io.vgw.tracing.CollectingExporter;
import io.vgw.tracing.SamplerOptions;
import io.vgw.tracing.SamplingOptions;
import io.vgw.tracing.TracingOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gateways on three clustered Vert.x nodes (Hazelcast on 127.0.0.1), then a fourth: a sampling
 * change made through the admin API of one is in force on the others — seen by which requests
 * they sample — a node that joins later starts with it, and a node that leaves changes nothing.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class SamplingClusterTest {

  private static final String RULES = "{\"sampler\":{\"type\":\"never\"},"
      + "\"rules\":[{\"route\":\"GET /v1/echo/{id}\",\"sampler\":{\"type\":\"always\"}}]}";

  /** One node: a clustered Vert.x, a demo backend and a gateway whose sampler says never. */
  private record Node(Vertx vertx, DemoBackend backend, Gateway gateway, CollectingExporter exporter, WebClient client) {

    static Future<Node> start() {
      return free(ClusterNodes.start().compose(vertx -> DemoBackend.start(vertx, "127.0.0.1", 0).compose(backend -> {
        CollectingExporter exporter = new CollectingExporter();
        return Gateway.deploy(vertx, new GatewayOptions()
                .setHttpHost("127.0.0.1").setHttpPort(0).setInstances(1)
                .setAdmin(new AdminOptions().setPort(0))
                .addDescriptor(Main.DEMO_DESCRIPTORS)
                .addBackend(new BackendOptions().setAddress("127.0.0.1:" + backend.port()))
                .setTracing(new TracingOptions().setSampling(new SamplingOptions().setSampler(SamplerOptions.never())))
                .setExport(new ExportOptions().setBatchInterval(20).addExporter(new CustomExporterOptions(exporter))))
            .map(gw -> new Node(vertx, backend, gw, exporter, WebClient.create(vertx)));
      })));
    }

    long serverSpans() {
      return exporter.spans().stream().filter(s -> s.getKind() == Span.Kind.SERVER).count();
    }

    Future<Integer> get(String path) {
      return free(client.get(gateway.httpPort(), "127.0.0.1", path).timeout(10_000).send().map(r -> r.statusCode()));
    }

    /** Requests GET /v1/echo/1 until one of them is exported as sampled. */
    Future<Long> untilSampled() {
      Promise<Long> done = Promise.promise();
      long start = System.nanoTime();
      Runnable[] attempt = new Runnable[1];
      attempt[0] = () -> get("/v1/echo/1").onComplete(ar -> vertx.setTimer(40, t -> {
        if (serverSpans() > 0) {
          done.tryComplete(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        } else {
          attempt[0].run();
        }
      }));
      attempt[0].run();
      return done.future();
    }

    /**
     * Closes the gateway and the backend, then — from {@code local}'s context, never from this node's
     * own (whose event loop is gone once it closed) — the node, and continues on {@code local}.
     */
    Future<Void> stop(Vertx local) {
      return free(gateway.close().eventually(backend::close))
          .compose(v -> on(local, v))
          .compose(v -> vertx.close())
          .compose(v -> on(local, v));
    }

    Future<io.vertx.ext.web.client.HttpResponse<Buffer>> admin(io.vertx.core.http.HttpMethod method, String path, String body) {
      var req = client.request(method, gateway.adminPort(), "127.0.0.1", path);
      return free(body == null ? req.send() : req.sendBuffer(Buffer.buffer(body)));
    }
  }

  @Test
  void aRuleChangedOnOneNodeSamplesOnEveryNode(Vertx local, VertxTestContext ctx) {
    Future.all(Node.start(), Node.start(), Node.start()).compose(started -> {
      List<Node> nodes = started.list();
      Node a = nodes.get(0);
      Node b = nodes.get(1);
      Node c = nodes.get(2);
      return a.get("/v1/echo/1").compose(status -> {
        ctx.verify(() -> assertEquals(0, a.serverSpans(), "never, before the change"));
        return a.admin(io.vertx.core.http.HttpMethod.PUT, "/admin/sampling", RULES);
      }).compose(r -> {
        ctx.verify(() -> assertEquals(200, r.statusCode(), r.bodyAsString()));
        return Future.all(b.untilSampled(), c.untilSampled());
      }).compose(times -> {
        System.out.println("sampling rule in force on two other nodes after " + times.list() + " ms");
        return Node.start();
      }).compose(late -> late.get("/v1/echo/1").compose(s -> late.untilSampled()).map(ms -> {
        ctx.verify(() -> assertTrue(ms < 2_000, "a node joining later samples by the cluster's rule at once; took " + ms + " ms"));
        return late;
      })).compose(late -> a.stop(local).map(late))
          .compose(late -> Future.all(b.get("/v1/echo/2"), c.get("/v1/echo/2"), late.get("/v1/echo/2")).map(s -> {
            ctx.verify(() -> assertEquals(List.of(200, 200, 200), s.list(), "the others keep serving"));
            return late;
          }))
          .compose(late -> b.admin(io.vertx.core.http.HttpMethod.GET, "/admin/sampling", null).map(r -> {
            ctx.verify(() -> assertEquals(new SamplingOptions(new io.vertx.core.json.JsonObject(RULES)),
                new SamplingOptions(r.bodyAsJsonObject()), "the rule outlives the node that set it"));
            return late;
          }))
          // one at a time: members that leave together wait on each other's partition migration
          .compose(late -> late.stop(local))
          .compose(v -> b.stop(local))
          .compose(v -> c.stop(local));
    }).onComplete(ctx.succeedingThenComplete());
  }

  /**
   * The same outcome on a future bound to no context. A chain of futures keeps the context of the
   * future it started from; once that node is closed, the next step would be dispatched to its dead
   * event loop and never run.
   */
  private static <T> Future<T> free(Future<T> bound) {
    Promise<T> p = Promise.promise();
    bound.onComplete(p);
    return p.future();
  }

  /** Continues on {@code vertx}: callbacks of a closed node's futures would run on its dead event loop. */
  private static <T> Future<T> on(Vertx vertx, T value) {
    Promise<T> p = Promise.promise();
    vertx.runOnContext(x -> p.complete(value));
    return p.future();
  }
}
