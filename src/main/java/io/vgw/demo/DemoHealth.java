package io.vgw.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.grpc.health.HealthService;
import io.vertx.grpc.health.HealthServiceOptions;
import io.vertx.grpc.server.GrpcServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The demo backend's {@code grpc.health.v1.Health} service (vertx-grpc-health): {@code Check},
 * {@code Watch} and {@code List}, with each service's status switchable for tests.
 */
public final class DemoHealth {

  /**
   * How often vertx-grpc-health re-reads the statuses and writes them to {@code Watch} streams:
   * 200 ms, so that a switch reaches the gateway quickly (its default is 2.5 s).
   */
  public static final Duration WATCH_INTERVAL = Duration.ofMillis(200);

  private static final String HEALTH_PATH = "/grpc.health.v1.Health/";

  private final HealthService service;
  private final Map<String, Boolean> serving = new ConcurrentHashMap<>();

  private DemoHealth(HealthService service) {
    this.service = service;
  }

  static DemoHealth addTo(Vertx vertx, GrpcServer grpc) {
    DemoHealth health = new DemoHealth(HealthService.create(vertx,
        new HealthServiceOptions().setHealthCheckInterval(WATCH_INTERVAL)));
    health.setServing(DemoBackend.SERVICE.fullyQualifiedName(), true);
    grpc.addService(health.service);
    return health;
  }

  static boolean isHealthCall(HttpServerRequest request) {
    return request.path().startsWith(HEALTH_PATH);
  }

  void setServing(String name, boolean value) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("vertx-grpc-health answers SERVING for the whole server (the empty name)"
          + " whatever is registered: set a service by name");
    }
    serving.put(name, value);
    service.register(name, () -> Future.succeededFuture(serving.get(name)));
  }
}
