package io.vgw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A change to the -conf file applies without a restart; a broken one is refused and the old one stays. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class ConfigReloadTest {

  @TempDir
  Path dir;

  private static void write(Path file, JsonObject json, long mtimeSeconds) throws Exception {
    Files.writeString(file, json.encodePrettily());
    // Distinct modification times, whatever the file system's resolution.
    Files.setLastModifiedTime(file, FileTime.from(mtimeSeconds, TimeUnit.SECONDS));
  }

  /** Polls GET /v1/slow/300 until its status satisfies {@code want}. */
  private static Future<Integer> pollSlow(Vertx vertx, WebClient client, int port, IntPredicate want) {
    Promise<Integer> done = Promise.promise();
    vertx.setPeriodic(100, id -> client.get(port, "127.0.0.1", "/v1/slow/300").send().onSuccess(r -> {
      if (want.test(r.statusCode()) && done.tryComplete(r.statusCode())) {
        vertx.cancelTimer(id);
      }
    }));
    return done.future();
  }

  @Test
  void timeoutChangesLiveAndABrokenFileChangesNothing(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path conf = dir.resolve("gateway.json");
    JsonObject base = new JsonObject().put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0))
        .put("instances", 2).put("timeout", "5s").put("admin", new JsonObject().put("port", 0));
    write(conf, base, 1_000_000);
    String[] args = {"-conf", conf.toString()};
    JsonObject config = Main.configuration(args, Map.of());
    WebClient client = WebClient.create(vertx);
    Main.start(vertx, config, LaunchFlags.parse(args)).compose(running -> {
      int port = running.gateway().httpPort();
      return client.get(port, "127.0.0.1", "/v1/slow/300").send()
          .compose(r -> {
            ctx.verify(() -> assertEquals(200, r.statusCode(), "5 s default deadline: " + r.bodyAsString()));
            try {
              write(conf, base.copy().put("timeout", "50ms"), 1_000_100);
            } catch (Exception e) {
              return Future.failedFuture(e);
            }
            // Both instances must take it: every request, whichever event loop, now times out.
            return pollSlow(vertx, client, port, s -> s == 504);
          })
          .compose(s -> Future.all(client.get(port, "127.0.0.1", "/v1/slow/300").send(),
              client.get(port, "127.0.0.1", "/v1/slow/300").send(), client.get(port, "127.0.0.1", "/v1/slow/300").send()))
          .compose(all -> {
            ctx.verify(() -> all.<io.vertx.ext.web.client.HttpResponse<?>>list()
                .forEach(r -> assertEquals(504, r.statusCode())));
            try {
              Files.writeString(conf, "{ \"timeout\": ");
              Files.setLastModifiedTime(conf, FileTime.from(1_000_200, TimeUnit.SECONDS));
            } catch (Exception e) {
              return Future.failedFuture(e);
            }
            // Longer than the watcher's interval: the broken file has been seen and refused.
            Promise<Void> later = Promise.promise();
            vertx.setTimer(2_500, t -> later.complete());
            return later.future();
          })
          .compose(v -> client.get(port, "127.0.0.1", "/v1/slow/300").send())
          .compose(r -> {
            ctx.verify(() -> assertEquals(504, r.statusCode(), "the previous configuration (50ms) stays"));
            return running.close();
          });
    }).onComplete(ctx.succeedingThenComplete());
  }

  /** Polls {@code check} every 100 ms until it holds. */
  private static Future<Void> until(Vertx vertx, java.util.function.Supplier<Future<Boolean>> check) {
    Promise<Void> done = Promise.promise();
    vertx.setPeriodic(100, id -> check.get().onSuccess(ok -> {
      if (ok && done.tryComplete()) {
        vertx.cancelTimer(id);
      }
    }));
    return done.future();
  }

  @Test
  void samplingRulesRouteTimeoutsAndExportersChangeLive(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path conf = dir.resolve("gateway.json");
    JsonObject base = new JsonObject().put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0))
        .put("instances", 2).put("admin", new JsonObject().put("port", 0))
        .put("tracing", new JsonObject().put("sampler", new JsonObject().put("type", "never")));
    write(conf, base, 2_000_000);
    String[] args = {"-conf", conf.toString()};
    WebClient client = WebClient.create(vertx);
    Main.start(vertx, Main.configuration(args, Map.of()), LaunchFlags.parse(args)).compose(running -> {
      int port = running.gateway().httpPort();
      return client.get(port, "127.0.0.1", "/v1/echo/1").send()
          .compose(r -> {
            ctx.verify(() -> assertEquals(0, running.gateway().exportStats().pushed(), "never: nothing sampled"));
            JsonObject changed = base.copy()
                .put("tracing", new JsonObject().put("rules", new io.vertx.core.json.JsonArray().add(new JsonObject()
                    .put("route", "GET /v1/echo/{id}").put("sampler", new JsonObject().put("type", "always"))))
                    .put("sampler", new JsonObject().put("type", "never")))
                .put("routes", new JsonObject().put("timeouts", new JsonObject().put("vgw.demo.v1.EchoService.Slow", "50ms")))
                .put("export", new JsonObject().put("exporters", new io.vertx.core.json.JsonArray()
                    .add(new JsonObject().put("type", "logging"))));
            try {
              write(conf, changed, 2_000_100);
            } catch (Exception e) {
              return Future.failedFuture(e);
            }
            // The route's own deadline applies on both instances...
            return pollSlow(vertx, client, port, st -> st == 504);
          })
          // ...the rule samples GET /v1/echo/{id}, on whichever instance...
          .compose(st -> until(vertx, () -> client.get(port, "127.0.0.1", "/v1/echo/2").send()
              .map(r -> running.gateway().exportStats().pushed() > 0)))
          // ...and the new exporter receives them.
          .compose(v -> until(vertx, () -> client.get(port, "127.0.0.1", "/v1/echo/3").send()
              .map(r -> running.gateway().exportStats().exporter("logging").exported() > 0)))
          .compose(v -> client.post(port, "127.0.0.1", "/v1/echo").sendJsonObject(new JsonObject()))
          .compose(r -> {
            ctx.verify(() -> assertEquals(200, r.statusCode()));
            return running.close();
          });
    }).onComplete(ctx.succeedingThenComplete());
  }
}
