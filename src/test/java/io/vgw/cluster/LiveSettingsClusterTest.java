package io.vgw.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Three (then four) clustered Vert.x nodes on 127.0.0.1 share live settings. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class LiveSettingsClusterTest {

  /** A listener whose {@code registered} completes once it listens, {@code seen} once the value is {@code want}. */
  private record Await(Future<Void> registered, Future<JsonObject> seen) {
  }

  private static Await await(LiveSettings settings, String key, String want) {
    Promise<JsonObject> seen = Promise.promise();
    Future<Void> registered = settings.listen(key, v -> {
      if (want.equals(v.getString("rule"))) {
        seen.tryComplete(v);
      }
    });
    return new Await(registered, seen.future());
  }

  private static Future<JsonObject> awaitValue(LiveSettings settings, String key, String want) {
    return await(settings, key, want).seen();
  }

  /**
   * Continues on {@code vertx}'s event loop. Needed after closing a node: callbacks of futures
   * created on the closed node's context would be dispatched to its terminated event loop.
   */
  private static <T> Future<T> on(Vertx vertx, T value) {
    Promise<T> p = Promise.promise();
    vertx.runOnContext(x -> p.complete(value));
    return p.future();
  }

  @Test
  void aChangeOnOneNodeReachesEveryNodeAndLateJoiners(Vertx local, VertxTestContext ctx) {
    Future.all(ClusterNodes.start(), ClusterNodes.start(), ClusterNodes.start()).compose(nodes -> {
      List<Vertx> v = nodes.list();
      return Future.all(LiveSettings.open(v.get(0)), LiveSettings.open(v.get(1)), LiveSettings.open(v.get(2)))
          .compose(s -> {
            LiveSettings a = s.resultAt(0);
            LiveSettings b = s.resultAt(1);
            LiveSettings c = s.resultAt(2);
            // The first write after the cluster forms also assigns partitions and opens the event-bus
            // connections between nodes (about 1.5 s here); measure a change in steady state.
            Await warmB = await(b, "warm-up", "x");
            Await warmC = await(c, "warm-up", "x");
            long[] start = new long[1];
            return Future.all(warmB.registered(), warmC.registered())
                .compose(x -> a.put("warm-up", new JsonObject().put("rule", "x")))
                .compose(x -> Future.all(warmB.seen(), warmC.seen()))
                .compose(x -> {
                  Await onB = await(b, "sampling", "always /api");
                  Await onC = await(c, "sampling", "always /api");
                  return Future.all(onB.registered(), onC.registered()).compose(y -> {
                    start[0] = System.nanoTime();
                    return a.put("sampling", new JsonObject().put("rule", "always /api"))
                        .compose(z -> Future.all(onB.seen(), onC.seen()));
                  });
                })
                .compose(x -> {
                  long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start[0]);
                  System.out.println("live setting reached two other nodes in " + ms + " ms");
                  ctx.verify(() -> assertEquals(true, ms < 1000, "reached B and C in " + ms + " ms; want < 1 s"));
                  // A node that joins later reads the current value.
                  return ClusterNodes.start();
                })
                .compose(late -> LiveSettings.open(late).compose(d -> awaitValue(d, "sampling", "always /api"))
                    .map(x -> late))
                .compose(late -> {
                  // A leaves; what B sets still reaches C and the late node.
                  Future<JsonObject> onLate = LiveSettings.open(late).compose(d -> awaitValue(d, "sampling", "never"));
                  Await onC2 = await(c, "sampling", "never");
                  return onC2.registered().compose(x -> v.get(0).close())
                      .compose(x -> on(v.get(1), x))
                      .compose(x -> b.put("sampling", new JsonObject().put("rule", "never")))
                      .compose(x -> Future.all(onC2.seen(), onLate))
                      .compose(x -> b.get("sampling"))
                      .map(current -> {
                        ctx.verify(() -> assertEquals("never", current.getString("rule")));
                        return late;
                      });
                })
                // One at a time: members that leave together wait on each other's partition migration.
                .compose(late -> late.close())
                .compose(x -> on(local, x)).compose(x -> v.get(1).close())
                .compose(x -> on(local, x)).compose(x -> v.get(2).close())
                .compose(x -> on(local, x));
          });
    }).onComplete(ctx.succeedingThenComplete());
  }
}
