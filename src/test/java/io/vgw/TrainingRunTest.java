package io.vgw;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code -training-run}, which the build runs to record the class-data archive: it must pass on the demo and fail on a wrong answer. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class TrainingRunTest {

  @Test
  void theEmbeddedDemoAnswersEveryTrainingRequestAsExpected(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = Main.configuration(new String[] {"--http.host=127.0.0.1", "--http.port=0", "--admin.port=0"}, Map.of());
    Main.start(vertx, config)
        .compose(running -> TrainingRun.run(vertx, "127.0.0.1", running.gateway().httpPort()).eventually(running::close))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aWrongAnswerFailsTheRunAndSaysWhich(Vertx vertx, VertxTestContext ctx) {
    // Not a gateway: everything is a 503, so the first exchange (POST /v1/echo, 200 expected) fails.
    vertx.createHttpServer()
        .requestHandler(req -> req.response().setStatusCode(503).end("down"))
        .listen(0, "127.0.0.1")
        .compose(server -> TrainingRun.run(vertx, "127.0.0.1", server.actualPort()).eventually(server::close))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          String m = err.getMessage();
          assertTrue(m.contains("POST /v1/echo answered 503 instead of 200: down"), m);
          ctx.completeNow();
        })));
  }
}
