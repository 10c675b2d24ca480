package io.vgw.health;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** What the health tests share: a port where nothing listens, and waiting for a state without sleeping. */
final class HealthSupport {

  private HealthSupport() {
  }

  /** A loopback port that was free a moment ago: taken, then released. */
  static Future<Integer> deadPort(Vertx vertx) {
    return vertx.createNetServer().connectHandler(s -> { }).listen(0, "127.0.0.1")
        .compose(server -> server.close().map(v -> server.actualPort()));
  }

  /**
   * Asks {@code probe} again every 20 ms until its answer satisfies {@code done}, and completes with
   * that answer. Never gives up: the test's own timeout bounds it, and says what was awaited.
   */
  static <T> Future<T> until(Vertx vertx, Supplier<Future<T>> probe, Predicate<T> done) {
    Promise<T> result = Promise.promise();
    attempt(vertx, probe, done, result);
    return result.future();
  }

  private static <T> void attempt(Vertx vertx, Supplier<Future<T>> probe, Predicate<T> done, Promise<T> result) {
    probe.get().onComplete(ar -> {
      if (ar.succeeded() && done.test(ar.result())) {
        result.complete(ar.result());
      } else {
        vertx.setTimer(20, t -> attempt(vertx, probe, done, result));
      }
    });
  }

  static Future<HttpResponse<Buffer>> get(WebClient client, int port, String uri) {
    return client.get(port, "127.0.0.1", uri).send();
  }

  /** The state the admin listener's {@code /readyz} shows for {@code service} of the first backend. */
  static String serviceState(HttpResponse<Buffer> adminReadyz, String service) {
    JsonObject first = adminReadyz.bodyAsJsonObject().getJsonArray("backends").getJsonObject(0);
    return first.getJsonObject("services").getString(service);
  }
}
