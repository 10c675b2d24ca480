package io.vgw.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Closing a gateway answers the requests in flight, then stops listening. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class GracefulShutdownTest {

  @Test
  void inFlightRequestFinishesThenListenerIsGone(Vertx vertx, VertxTestContext ctx) {
    TestGateway.start(vertx, o -> o.setShutdownTimeoutMillis(5_000)).onComplete(ctx.succeeding(gw -> {
      int port = gw.port();
      var inFlight = gw.client.get("/v1/slow/400").send();
      // Close once the request is surely in the gateway (the backend holds it for 400 ms).
      vertx.setTimer(150, t -> gw.gateway.close()
          .compose(v -> inFlight)
          .compose(r -> {
            ctx.verify(() -> {
              assertEquals(200, r.statusCode(), r.bodyAsString());
              assertEquals("slept 400ms", r.bodyAsJsonObject().getString("message"));
            });
            // A fresh client: the closed gateway must refuse the connection.
            return WebClient.create(vertx).get(port, "127.0.0.1", "/v1/echo/x").send()
                .transform(ar -> Future.succeededFuture(ar.failed()));
          })
          .onComplete(ctx.succeeding(refused -> ctx.verify(() -> {
            assertTrue(refused, "the listener must be closed after close()");
            gw.backend.close();
            ctx.completeNow();
          }))));
    }));
  }
}
