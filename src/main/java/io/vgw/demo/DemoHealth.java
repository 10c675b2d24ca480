package io.vgw.demo;

import com.google.protobuf.Message;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.health.v1.HealthCheckRequest;
import io.vertx.grpc.health.v1.HealthCheckResponse;
import io.vertx.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.vertx.grpc.health.v1.HealthListRequest;
import io.vertx.grpc.health.v1.HealthListResponse;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The demo backend's {@code grpc.health.v1.Health} service ({@code Check}, {@code Watch} and
 * {@code List}, as in gRPC's health-checking protocol), with each service's status and the whole
 * server's (the empty name) switchable for tests. Only the message classes come from
 * vertx-grpc-health: its {@code HealthService} always answers SERVING for the whole server, polls
 * for {@code Watch}, and leaks {@code Watch} streams that share a connection.
 *
 * <p>{@code Watch} sends the current status at once (SERVICE_UNKNOWN for a name not known yet),
 * then each change as it is set. A stream leaves the watcher set as soon as it fails (cancelled by
 * its client, or its connection closed), and is only ever written on its own context.
 */
public final class DemoHealth {

  private static final ServiceName HEALTH = ServiceName.create("grpc.health.v1.Health");
  private static final String HEALTH_PATH = "/grpc.health.v1.Health/";

  private static final ServiceMethod<HealthCheckRequest, HealthCheckResponse> CHECK =
      method("Check", HealthCheckRequest.getDefaultInstance());
  private static final ServiceMethod<HealthCheckRequest, HealthCheckResponse> WATCH =
      method("Watch", HealthCheckRequest.getDefaultInstance());
  private static final ServiceMethod<HealthListRequest, HealthListResponse> LIST =
      method("List", HealthListRequest.getDefaultInstance());

  /** One open Watch stream, written only on the context its call arrived on. */
  private final class Watcher {

    final Context context;
    final GrpcServerResponse<HealthCheckRequest, HealthCheckResponse> response;
    /** Set on {@link #context} when the request message arrives, before joining the watchers. */
    volatile String service;
    /** On {@link #context}: the stream was reset or its connection closed. */
    boolean failed;

    Watcher(Context context, GrpcServerResponse<HealthCheckRequest, HealthCheckResponse> response) {
      this.context = context;
      this.response = response;
    }

    /** Called under {@link #lock}: tasks of one context run in order, so changes arrive in order. */
    void push(ServingStatus status) {
      context.runOnContext(v -> write(status));
    }

    /** On {@link #context}. */
    void write(ServingStatus status) {
      if (failed) {
        return;
      }
      try {
        response.write(HealthCheckResponse.newBuilder().setStatus(status).build()).onFailure(err -> fail());
      } catch (IllegalStateException failedMeanwhile) {
        fail();
      }
    }

    /** On {@link #context}. */
    void fail() {
      failed = true;
      watchers.remove(this);
    }
  }

  private final Object lock = new Object();
  private final Map<String, ServingStatus> statuses = new ConcurrentHashMap<>();
  private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();

  private DemoHealth() {
    statuses.put("", ServingStatus.SERVING);
    statuses.put(HEALTH.fullyQualifiedName(), ServingStatus.SERVING);
    statuses.put(DemoBackend.SERVICE.fullyQualifiedName(), ServingStatus.SERVING);
  }

  static DemoHealth addTo(GrpcServer grpc) {
    DemoHealth health = new DemoHealth();
    grpc.callHandler(CHECK, req -> req.handler(msg -> health.check(req, msg.getService())));
    grpc.callHandler(WATCH, health::watch);
    grpc.callHandler(LIST, req -> req.handler(msg -> health.list(req)));
    return health;
  }

  static boolean isHealthCall(HttpServerRequest request) {
    return request.path().startsWith(HEALTH_PATH);
  }

  private static <Req extends Message, Resp extends Message> ServiceMethod<Req, Resp> method(
      String name, Req prototype) {
    return ServiceMethod.server(HEALTH, name, GrpcMessageEncoder.<Resp>encoder(), GrpcMessageDecoder.decoder(prototype));
  }

  private void check(GrpcServerRequest<HealthCheckRequest, HealthCheckResponse> req, String service) {
    ServingStatus status = statuses.get(service);
    if (status == null) {
      req.response().status(GrpcStatus.NOT_FOUND).statusMessage("unknown service " + service).end();
    } else {
      req.response().end(HealthCheckResponse.newBuilder().setStatus(status).build());
    }
  }

  private void list(GrpcServerRequest<HealthListRequest, HealthListResponse> req) {
    HealthListResponse.Builder b = HealthListResponse.newBuilder();
    statuses.forEach((name, status) -> b.putStatuses(name, HealthCheckResponse.newBuilder().setStatus(status).build()));
    req.response().end(b.build());
  }

  private void watch(GrpcServerRequest<HealthCheckRequest, HealthCheckResponse> req) {
    GrpcServerResponse<HealthCheckRequest, HealthCheckResponse> response = req.response();
    Watcher watcher = new Watcher(Vertx.currentContext(), response);
    // A reset (the client cancelled) comes as an error; a closed connection as an exception of
    // this stream's response. Either way the stream is failed: never write to it again.
    req.errorHandler(error -> watcher.fail());
    req.exceptionHandler(error -> watcher.fail());
    response.exceptionHandler(error -> watcher.fail());
    req.handler(msg -> {
      if (watcher.failed || watcher.service != null) {
        return;
      }
      watcher.service = msg.getService();
      ServingStatus initial;
      synchronized (lock) {
        initial = statuses.getOrDefault(watcher.service, ServingStatus.SERVICE_UNKNOWN);
        watchers.add(watcher);
      }
      // On this context, before any change pushed since (those run after this handler).
      watcher.write(initial);
    });
  }

  /**
   * Sets the status of {@code name} ({@code ""}: the whole server) and pushes it to that name's
   * {@code Watch} streams if it changed. Any thread.
   */
  void setServing(String name, boolean value) {
    Objects.requireNonNull(name, "name");
    ServingStatus status = value ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
    synchronized (lock) {
      if (statuses.put(name, status) == status) {
        return;
      }
      for (Watcher w : watchers) {
        if (w.service.equals(name)) {
          w.push(status);
        }
      }
    }
  }

  /** How many Watch streams are open (for tests). */
  int watchers() {
    return watchers.size();
  }
}
