package io.vgw.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opencensus.trace.TraceId;
import io.opencensus.trace.export.SpanData;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vgw.export.ExportStats.ExporterStats;
import io.vgw.export.spi.SpanExporter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The pipeline: queue bounds, undeploy drains, one exporter cannot hold or break the others. */
@ExtendWith(VertxExtension.class)
class SpanExportVerticleTest {

  private XRayDaemonReceiver daemon;

  @BeforeEach
  void startDaemon() throws Exception {
    daemon = new XRayDaemonReceiver();
  }

  @AfterEach
  void stopDaemon() {
    daemon.close();
  }

  @Test
  void vertxCloseDeliversEverySpanQueuedBeforeIt(VertxTestContext ctx) throws Exception {
    int traces = 3000; // 6000 spans: a SERVER span and its CLIENT span each
    // Nothing leaves the queue on its own: no full batch, an interval longer than the test.
    ExportOptions options =
        new ExportOptions()
            .setQueueSize(10_000)
            .setBatchSize(10_000)
            .setBatchInterval(TimeUnit.HOURS.toMillis(1))
            .addExporter(new XRayExporterOptions().setDaemonAddress(daemon.address()));
    SpanExportVerticle verticle = new SpanExportVerticle(options);
    Vertx vertx = Vertx.vertx(); // its own Vert.x: the one closed here
    // Deploy and close from this (test) thread: a callback on the closed Vert.x's own event loop
    // could not run after close.
    vertx.deployVerticle(verticle, SpanExportVerticle.deploymentOptions())
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    for (int i = 0; i < traces; i++) {
      TestSpans.Builder server = TestSpans.server(TestSpans.newTraceId()).attr("http.status_code", 200L);
      SpanData serverSpan = server.build();
      assertTrue(verticle.sink().offer(TestSpans.client(serverSpan.getContext().getTraceId(), server.spanId()).build()));
      assertTrue(verticle.sink().offer(serverSpan));
    }
    assertEquals(2 * traces, verticle.stats().queued(), "still queued");
    vertx.close().onComplete(ctx.succeeding(closed -> {
      // vertx.close() waited for the flush: the counters are final now
      ExportStats stats = verticle.stats();
      ctx.verify(() -> {
        assertEquals(0, stats.queued());
        assertEquals(2L * traces, stats.exporter("xray").exported());
        assertEquals(0, stats.exporter("xray").failed());
      });
      daemon.awaitSpans(2 * traces)
          .orTimeout(20, TimeUnit.SECONDS)
          .whenComplete((v, err) -> ctx.verify(() -> {
            assertEquals(2 * traces, daemon.spanCount(), "spans at the daemon");
            assertEquals(List.of(), daemon.problems());
            ctx.completeNow();
          }));
    }));
  }

  @Test
  void aFullQueueDropsAndCountsWithoutBlocking(Vertx vertx, VertxTestContext ctx) {
    ExportOptions options =
        new ExportOptions()
            .setQueueSize(100)
            .setBatchSize(50)
            .setBatchInterval(20)
            .addExporter(new XRayExporterOptions().setDaemonAddress(daemon.address()));
    SpanExportVerticle verticle = new SpanExportVerticle(options);
    List<SpanData> spans = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      spans.add(TestSpans.server(TestSpans.newTraceId()).build());
    }
    // Not deployed yet: nothing drains the queue, so 900 of 1000 must be refused, at once.
    int accepted = 0;
    long start = System.nanoTime();
    for (SpanData span : spans) {
      accepted += verticle.sink().offer(span) ? 1 : 0;
    }
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    int acceptedFinal = accepted;
    ctx.verify(() -> {
      assertEquals(100, acceptedFinal);
      assertEquals(new ExportStats(100, 900, 100, verticle.stats().exporters()), verticle.stats());
      assertTrue(tookMillis < 1000, "1000 offers took " + tookMillis + " ms");
    });
    // Deployed, the 100 accepted before deployment go out.
    vertx
        .deployVerticle(verticle, SpanExportVerticle.deploymentOptions())
        .onComplete(ctx.succeeding(id -> daemon.awaitSpans(100).thenRun(() -> ctx.verify(() -> {
          assertEquals(100, daemon.spanCount());
          assertEquals(900, verticle.stats().dropped());
          ctx.completeNow();
        }))));
  }

  @Test
  void deadDestinationsAndABadExporterDoNotHoldTheOthers(Vertx vertx, VertxTestContext ctx) throws Exception {
    int count = 500;
    CountingExporter counting = new CountingExporter(count);
    StuckExporter stuck = new StuckExporter();
    SpanExporter failing = new SpanExporter() {
      @Override
      public String name() {
        return "failing";
      }

      @Override
      public Future<Void> export(List<SpanData> spans) {
        throw new IllegalStateException("this exporter always fails");
      }
    };
    ExportOptions options =
        new ExportOptions()
            .setBatchSize(50)
            .setBatchInterval(20)
            .addExporter(new XRayExporterOptions().setDaemonAddress("127.0.0.1:" + freeUdpPort()))
            .addExporter(new ZipkinExporterOptions()
                .setEndpoint("http://127.0.0.1:" + freeTcpPort() + "/api/v2/spans")
                .setTimeout(2000));
    SpanExportVerticle verticle = new SpanExportVerticle(options, List.of(stuck, failing, counting));
    vertx
        .deployVerticle(verticle, SpanExportVerticle.deploymentOptions())
        .compose(id -> {
          // Offer from an event loop, as the gateway does, and time it.
          Promise<Long> offered = Promise.promise();
          List<SpanData> spans = new ArrayList<>();
          for (int i = 0; i < count; i++) {
            spans.add(TestSpans.server(TestSpans.newTraceId()).build());
          }
          vertx.runOnContext(v -> {
            long start = System.nanoTime();
            spans.forEach(verticle.sink()::offer);
            offered.complete(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
          });
          return offered.future();
        })
        .compose(tookMillis -> {
          ctx.verify(() -> assertTrue(tookMillis < 500, count + " offers took " + tookMillis + " ms"));
          return counting.all.future(); // the healthy exporter got everything…
        })
        .compose(v -> {
          ctx.verify(() -> {
            // …while the stuck one still sits on its first batch
            ExporterStats stuckStats = verticle.stats().exporter("stuck");
            assertEquals(0, stuckStats.exported());
            assertEquals(count, stuckStats.pending());
          });
          stuck.release.countDown();
          return vertx.undeploy(verticle.deploymentID());
        })
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          ExportStats stats = verticle.stats();
          assertEquals(count, stats.pushed());
          assertEquals(0, stats.dropped());
          assertEquals(new ExporterStats(count, 0, 0), stats.exporter("counting"));
          assertEquals(new ExporterStats(count, 0, 0), stats.exporter("stuck"));
          assertEquals(new ExporterStats(0, count, 0), stats.exporter("failing"));
          assertEquals(new ExporterStats(0, count, 0), stats.exporter("zipkin"), "connection refused");
          // UDP says nothing when no daemon listens: the X-Ray exporter counts the sends
          assertEquals(new ExporterStats(count, 0, 0), stats.exporter("xray"));
          ctx.completeNow();
        })));
  }

  @Test
  void undeployGivesUpAfterTheShutdownTimeoutAndCountsWhatIsLeft(Vertx vertx, VertxTestContext ctx) {
    StuckExporter stuck = new StuckExporter(); // never released
    CountingExporter counting = new CountingExporter(10);
    ExportOptions options = new ExportOptions().setBatchInterval(20).setShutdownTimeout(300);
    SpanExportVerticle verticle = new SpanExportVerticle(options, List.of(stuck, counting));
    vertx
        .deployVerticle(verticle, SpanExportVerticle.deploymentOptions())
        .compose(id -> {
          for (int i = 0; i < 10; i++) {
            verticle.sink().offer(TestSpans.server(TestSpans.newTraceId()).build());
          }
          return counting.all.future();
        })
        .compose(v -> {
          long start = System.nanoTime();
          return vertx.undeploy(verticle.deploymentID()).map(x -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        })
        .onComplete(ctx.succeeding(tookMillis -> ctx.verify(() -> {
          assertTrue(tookMillis >= 250 && tookMillis < 5000, "undeploy took " + tookMillis + " ms");
          assertEquals(new ExporterStats(0, 10, 0), verticle.stats().exporter("stuck"));
          assertEquals(new ExporterStats(10, 0, 0), verticle.stats().exporter("counting"));
          assertFalse(verticle.sink().offer(TestSpans.server(TraceId.INVALID).build()), "stopped: refused");
          assertEquals(1, verticle.stats().dropped());
          stuck.release.countDown();
          ctx.completeNow();
        })));
  }

  @Test
  void runsOnItsOwnWithOnlyJsonConfiguration(Vertx vertx, VertxTestContext ctx) {
    io.vertx.core.json.JsonObject config = new io.vertx.core.json.JsonObject()
        .put("batchInterval", 20)
        .put("exporters", new io.vertx.core.json.JsonArray()
            .add(new io.vertx.core.json.JsonObject().put("type", "xray").put("daemonAddress", daemon.address()))
            .add(new io.vertx.core.json.JsonObject().put("type", "logging")));
    SpanExportVerticle verticle = new SpanExportVerticle(new ExportOptions(config));
    vertx.deployVerticle(verticle, SpanExportVerticle.deploymentOptions())
        .onComplete(ctx.succeeding(id -> {
          verticle.sink().offer(TestSpans.server(TestSpans.newTraceId()).build());
          daemon.awaitSpans(1).thenRun(ctx::completeNow);
        }));
  }

  @Test
  void exportersReplacedWhileRunningLoseNoSpan(Vertx vertx, VertxTestContext ctx) {
    KeepingExporter first = new KeepingExporter("first");
    KeepingExporter second = new KeepingExporter("second");
    SpanExportVerticle verticle = new SpanExportVerticle(new ExportOptions().setBatchSize(7).setBatchInterval(5)
        .addExporter(new CustomExporterOptions(first)));
    List<SpanData> spans = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      spans.add(TestSpans.server(TestSpans.newTraceId()).build());
    }
    vertx.deployVerticle(verticle, SpanExportVerticle.deploymentOptions())
        .compose(id -> {
          spans.subList(0, 500).forEach(verticle.sink()::offer);
          return verticle.setExporters(List.of(new CustomExporterOptions(second))).map(id);
        })
        .compose(id -> {
          spans.subList(500, 1000).forEach(verticle.sink()::offer);
          return vertx.undeploy(id);
        })
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          java.util.Set<String> seen = new java.util.HashSet<>();
          first.spans.forEach(sp -> seen.add(sp.getContext().getSpanId().toLowerBase16()));
          second.spans.forEach(sp -> seen.add(sp.getContext().getSpanId().toLowerBase16()));
          assertEquals(1000, first.spans.size() + second.spans.size(), "each span exported once, by one of them");
          assertEquals(1000, seen.size());
          assertTrue(second.spans.size() >= 500, "spans offered after the change go to the new exporter");
          assertEquals(first.spans.size(), verticle.stats().exporter("first").exported(), "the old one's counts stay");
          assertEquals(second.spans.size(), verticle.stats().exporter("second").exported());
          assertTrue(first.closed && second.closed, "both flushed and closed");
          ctx.completeNow();
        })));
  }

  static final class KeepingExporter implements SpanExporter {
    final List<SpanData> spans = new java.util.concurrent.CopyOnWriteArrayList<>();
    final String name;
    volatile boolean closed;

    KeepingExporter(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Future<Void> export(List<SpanData> batch) {
      spans.addAll(batch);
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> close() {
      closed = true;
      return Future.succeededFuture();
    }
  }

  private static int freeUdpPort() throws Exception {
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      return socket.getLocalPort();
    }
  }

  private static int freeTcpPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Counts spans and completes {@link #all} when it has seen {@code expected}. */
  static final class CountingExporter implements SpanExporter {
    final Promise<Void> all = Promise.promise();
    private final AtomicInteger seen = new AtomicInteger();
    private final int expected;

    CountingExporter(int expected) {
      this.expected = expected;
    }

    @Override
    public String name() {
      return "counting";
    }

    @Override
    public Future<Void> export(List<SpanData> spans) {
      if (seen.addAndGet(spans.size()) >= expected) {
        all.tryComplete();
      }
      return Future.succeededFuture();
    }
  }

  /** Blocks its thread in export until released: the slowest exporter there is. */
  static final class StuckExporter implements SpanExporter {
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public String name() {
      return "stuck";
    }

    @Override
    public Future<Void> export(List<SpanData> spans) {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Future.failedFuture(e);
      }
      return Future.succeededFuture();
    }
  }

  @Test
  void anExporterThatAllowsSeveralBatchesInFlightHasThemOutstandingAtOnce(Vertx vertx, VertxTestContext ctx) {
    HeldExporter one = new HeldExporter("one", 1);
    HeldExporter four = new HeldExporter("four", 4);
    ExportOptions options = new ExportOptions().setBatchSize(1).setBatchInterval(20);
    SpanExportVerticle verticle = new SpanExportVerticle(options, List.of(one, four));
    vertx.deployVerticle(verticle, SpanExportVerticle.deploymentOptions())
        .compose(id -> {
          for (int i = 0; i < 8; i++) {
            verticle.sink().offer(TestSpans.server(TestSpans.newTraceId()).build());
          }
          return waitFor(vertx, () -> four.outstanding() == 4 && one.outstanding() == 1);
        })
        .compose(v -> vertx.timer(200)) // would a fifth, or a second, come while they are held?
        .compose(v -> {
          ctx.verify(() -> {
            assertEquals(4, four.outstanding(), "four batches in flight, no more");
            assertEquals(1, one.outstanding(), "the default: one at a time");
          });
          one.releaseAll(vertx);
          four.releaseAll(vertx);
          return vertx.undeploy(verticle.deploymentID());
        })
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertEquals(new ExporterStats(8, 0, 0), verticle.stats().exporter("one"));
          assertEquals(new ExporterStats(8, 0, 0), verticle.stats().exporter("four"));
          assertEquals(8, four.calls.get(), "flushed only after every chain finished");
          ctx.completeNow();
        })));
  }

  private static Future<Void> waitFor(Vertx vertx, java.util.function.BooleanSupplier condition) {
    long deadline = System.currentTimeMillis() + 5_000;
    Promise<Void> done = Promise.promise();
    vertx.setPeriodic(10, id -> {
      if (condition.getAsBoolean() || System.currentTimeMillis() > deadline) {
        vertx.cancelTimer(id);
        done.complete();
      }
    });
    return done.future();
  }

  /** Holds every batch's Future until released; from then on answers at once. */
  static final class HeldExporter implements SpanExporter {
    private final String name;
    private final int inFlight;
    private final List<Promise<Void>> held = new ArrayList<>();
    private volatile boolean released;
    final AtomicInteger calls = new AtomicInteger();

    HeldExporter(String name, int inFlight) {
      this.name = name;
      this.inFlight = inFlight;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int maxBatchesInFlight() {
      return inFlight;
    }

    @Override
    public synchronized Future<Void> export(List<SpanData> spans) {
      calls.incrementAndGet();
      if (released) {
        return Future.succeededFuture();
      }
      Promise<Void> p = Promise.promise();
      held.add(p);
      return p.future();
    }

    synchronized int outstanding() {
      return (int) held.stream().filter(p -> !p.future().isComplete()).count();
    }

    synchronized void releaseAll(Vertx vertx) {
      released = true;
      List<Promise<Void>> all = List.copyOf(held);
      vertx.runOnContext(v -> all.forEach(Promise::complete));
    }
  }
}
