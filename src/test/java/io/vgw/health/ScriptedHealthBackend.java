package io.vgw.health;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.health.v1.HealthCheckRequest;
import io.vertx.grpc.health.v1.HealthCheckResponse;
import io.vertx.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerResponse;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real gRPC backend on a loopback port whose {@code grpc.health.v1.Health} answers what the test
 * scripts: any status for any name, the whole server (the empty name) included; {@code Watch}
 * pushes each change at once (as the spec says), or is not implemented at all (which the demo
 * cannot do); a name can be made to hang. Every other method is UNIMPLEMENTED.
 */
final class ScriptedHealthBackend {

  private static final ServiceName HEALTH = ServiceName.create("grpc.health.v1.Health");

  /** Open Watch streams of one name, each with the context it must be written on. */
  private static final class Watchers extends ConcurrentHashMap<GrpcServerResponse<HealthCheckRequest, HealthCheckResponse>, Context> {
  }

  private final HttpServer server;
  private final Map<String, ServingStatus> statuses;
  private final Map<String, Watchers> watchers;
  private final Set<String> hanging;
  private final AtomicInteger otherCalls;
  private final Set<String> healthHeaders;

  private ScriptedHealthBackend(HttpServer server, Map<String, ServingStatus> statuses,
      Map<String, Watchers> watchers, Set<String> hanging, AtomicInteger otherCalls, Set<String> healthHeaders) {
    this.server = server;
    this.statuses = statuses;
    this.watchers = watchers;
    this.hanging = hanging;
    this.otherCalls = otherCalls;
    this.healthHeaders = healthHeaders;
  }

  /**
   * @param withWatch false: {@code Watch} answers UNIMPLEMENTED, so the gateway must poll with Check
   * @return a backend whose whole server (the empty name) is SERVING
   */
  static Future<ScriptedHealthBackend> start(Vertx vertx, int port, boolean withWatch) {
    Map<String, ServingStatus> statuses = new ConcurrentHashMap<>(Map.of("", ServingStatus.SERVING));
    Map<String, Watchers> watchers = new ConcurrentHashMap<>();
    Set<String> hanging = ConcurrentHashMap.newKeySet();
    AtomicInteger otherCalls = new AtomicInteger();
    Set<String> healthHeaders = ConcurrentHashMap.newKeySet();
    GrpcServer grpc = GrpcServer.server(vertx);
    grpc.callHandler(method("Check"), req -> req.handler(msg -> {
      String name = msg.getService();
      if (hanging.contains(name)) {
        return;
      }
      ServingStatus status = statuses.get(name);
      if (status == null) {
        req.response().status(GrpcStatus.NOT_FOUND).end();
      } else {
        req.response().end(HealthCheckResponse.newBuilder().setStatus(status).build());
      }
    }));
    if (withWatch) {
      grpc.callHandler(method("Watch"), req -> req.handler(msg -> {
        String name = msg.getService();
        GrpcServerResponse<HealthCheckRequest, HealthCheckResponse> response = req.response();
        watchers.computeIfAbsent(name, n -> new Watchers()).put(response, Vertx.currentContext());
        req.connection().closeHandler(v -> watchers.get(name).remove(response));
        req.errorHandler(e -> watchers.get(name).remove(response));
        if (!hanging.contains(name)) {
          response.write(HealthCheckResponse.newBuilder()
              .setStatus(statuses.getOrDefault(name, ServingStatus.SERVICE_UNKNOWN)).build());
        }
      }));
    }
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
        .requestHandler(request -> {
          if (request.path().startsWith("/grpc.health.v1.Health/")) {
            request.headers().names().forEach(n -> healthHeaders.add(n.toLowerCase(java.util.Locale.ROOT)));
          } else {
            otherCalls.incrementAndGet();
          }
          grpc.handle(request);
        })
        .listen()
        .map(s -> new ScriptedHealthBackend(s, statuses, watchers, hanging, otherCalls, healthHeaders));
  }

  private static ServiceMethod<HealthCheckRequest, HealthCheckResponse> method(String name) {
    return ServiceMethod.server(HEALTH, name, GrpcMessageEncoder.encoder(),
        GrpcMessageDecoder.decoder(HealthCheckRequest.newBuilder()));
  }

  /** Sets the status of {@code name} ("" is the whole server) and tells its watchers. */
  void set(String name, ServingStatus status) {
    statuses.put(name, status);
    HealthCheckResponse message = HealthCheckResponse.newBuilder().setStatus(status).build();
    watchers.getOrDefault(name, new Watchers()).forEach((w, ctx) -> ctx.runOnContext(v -> w.write(message)));
  }

  /** Check and Watch of {@code name} never answer. */
  void hang(String name) {
    hanging.add(name);
  }

  int port() {
    return server.actualPort();
  }

  /** The names of every header (metadata) a health call came with. */
  Set<String> healthHeaders() {
    return Set.copyOf(healthHeaders);
  }

  /** Calls of anything but the health service. */
  int otherCalls() {
    return otherCalls.get();
  }

  Future<Void> close() {
    return server.close();
  }
}
