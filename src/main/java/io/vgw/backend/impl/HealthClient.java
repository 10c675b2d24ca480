package io.vgw.backend.impl;

import com.google.rpc.Code;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientOptions;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.health.v1.HealthCheckRequest;
import io.vertx.grpc.health.v1.HealthCheckResponse;
import io.vgw.BackendOptions;
import io.vgw.transcode.impl.StatusException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's own calls to its backends' {@code grpc.health.v1.Health} service, and TCP probes.
 * Its HTTP clients have {@link TracingPolicy#IGNORE} and it never sees a {@code BackendCallObserver}:
 * health traffic is never traced, whatever the tracing mode. Safe to call from any event loop
 * (callbacks run on the caller's context).
 */
final class HealthClient {

  static final ServiceName HEALTH = ServiceName.create("grpc.health.v1.Health");
  private static final ServiceMethod<HealthCheckResponse, HealthCheckRequest> CHECK = method("Check");
  private static final ServiceMethod<HealthCheckResponse, HealthCheckRequest> WATCH = method("Watch");

  private final Vertx vertx;
  private final Map<SocketAddress, GrpcClient> clients = new HashMap<>();
  private final NetClient tcp;
  private final long timeoutMillis;

  /** @param timeoutMillis the deadline of a Check, a TCP connect, and a Watch's first message */
  HealthClient(Vertx vertx, List<BackendOptions> backends, long timeoutMillis) {
    this.vertx = vertx;
    this.timeoutMillis = timeoutMillis;
    int connectTimeout = (int) Math.min(Integer.MAX_VALUE, timeoutMillis);
    for (BackendOptions b : backends) {
      HttpClientOptions http = b.getTls().applyTo(new HttpClientOptions()
          .setProtocolVersion(HttpVersion.HTTP_2)
          .setHttp2ClearTextUpgrade(false)
          .setConnectTimeout(connectTimeout)
          .setTracingPolicy(TracingPolicy.IGNORE));
      if (b.getTls().isEnabled()) {
        http.setUseAlpn(true).setVerifyHost(b.getTls().isVerifyHost());
      }
      clients.putIfAbsent(SocketAddress.inetSocketAddress(b.port(), b.host()),
          GrpcClient.client(vertx, new GrpcClientOptions().setScheduleDeadlineAutomatically(true), http));
    }
    this.tcp = vertx.createNetClient(new NetClientOptions().setConnectTimeout(connectTimeout));
  }

  private static ServiceMethod<HealthCheckResponse, HealthCheckRequest> method(String name) {
    return ServiceMethod.client(HEALTH, name, GrpcMessageEncoder.encoder(),
        GrpcMessageDecoder.decoder(HealthCheckResponse.newBuilder()));
  }

  private static HealthCheckRequest request(String service) {
    return HealthCheckRequest.newBuilder().setService(service).build();
  }

  /**
   * {@code Health/Check} with the configured deadline.
   *
   * @return the response, or fails with a {@link StatusException}: the backend's status
   *     (UNIMPLEMENTED without the health service, NOT_FOUND for a service it does not know),
   *     UNAVAILABLE when it cannot be reached, DEADLINE_EXCEEDED when it does not answer in time
   */
  Future<HealthCheckResponse> check(SocketAddress backend, String service) {
    GrpcClient client = clients.get(backend);
    if (client == null) {
      return Future.failedFuture(StatusException.of(Code.INTERNAL, "no such backend"));
    }
    return client.request(backend, CHECK)
        .recover(err -> Future.failedFuture(GrpcFailures.fromThrowable(err)))
        .compose(req -> {
          req.timeout(timeoutMillis, TimeUnit.MILLISECONDS);
          req.end(request(service));
          return req.response().compose(
              resp -> resp.last().transform(ar -> resp.status() == GrpcStatus.OK && ar.succeeded()
                  ? Future.succeededFuture(ar.result())
                  : Future.failedFuture(failure(resp, ar.cause(), req))),
              err -> Future.failedFuture(failure(null, err, req)));
        });
  }

  private StatusException failure(GrpcClientResponse<?, ?> resp, Throwable cause, GrpcClientRequest<?, ?> req) {
    if (req.deadline() != null && req.deadline().isComplete()) {
      // Vert.x reports its own expired deadline as CANCELLED.
      return StatusException.of(Code.DEADLINE_EXCEEDED, "health check: no answer within " + timeoutMillis + "ms");
    }
    if (resp != null && resp.status() != null && resp.status() != GrpcStatus.OK) {
      return GrpcFailures.fromStatus(resp.status().code, resp.statusMessage(), resp.headers(), resp.trailers());
    }
    return cause == null ? StatusException.of(Code.INTERNAL, "health check: no response message")
        : GrpcFailures.fromThrowable(cause);
  }

  /**
   * Opens a {@code Health/Watch} stream: each status the backend sends goes to {@code onStatus}
   * (on the caller's context) until the stream ends or is {@link Watch#cancel() cancelled}.
   */
  Watch watch(SocketAddress backend, String service, Handler<HealthCheckResponse.ServingStatus> onStatus) {
    Watch watch = new Watch();
    GrpcClient client = clients.get(backend);
    if (client == null) {
      watch.ended.fail(StatusException.of(Code.INTERNAL, "no such backend"));
      return watch;
    }
    // A backend that takes the call but never says anything is as good as unreachable.
    long firstTimer = vertx.setTimer(timeoutMillis, t -> watch.fail(
        StatusException.of(Code.DEADLINE_EXCEEDED, "health watch: no status within " + timeoutMillis + "ms")));
    watch.ended.future().onComplete(ar -> vertx.cancelTimer(firstTimer));
    client.request(backend, WATCH).onComplete(ar -> {
      if (ar.failed()) {
        watch.ended.tryFail(GrpcFailures.fromThrowable(ar.cause()));
        return;
      }
      GrpcClientRequest<HealthCheckRequest, HealthCheckResponse> req = ar.result();
      if (!watch.attach(req)) {
        return;
      }
      req.end(request(service));
      req.response().onComplete(r -> {
        if (r.failed()) {
          watch.ended.tryFail(failure(null, r.cause(), req));
          return;
        }
        GrpcClientResponse<HealthCheckRequest, HealthCheckResponse> resp = r.result();
        resp.handler(msg -> {
          if (!watch.hasStatus) {
            watch.hasStatus = true;
            vertx.cancelTimer(firstTimer);
          }
          onStatus.handle(msg.getStatus());
        });
        resp.exceptionHandler(err -> watch.ended.tryFail(failure(resp, err, req)));
        resp.endHandler(v -> {
          if (resp.status() == GrpcStatus.OK) {
            watch.ended.tryComplete();
          } else {
            watch.ended.tryFail(failure(resp, null, req));
          }
        });
      });
    });
    return watch;
  }

  /** Succeeds when the backend accepts a TCP connection (closed again at once). */
  Future<Void> connect(SocketAddress backend) {
    return tcp.connect(backend).compose(socket -> socket.close());
  }

  Future<Void> close() {
    List<Future<Void>> closing = new ArrayList<>();
    clients.values().forEach(c -> closing.add(c.close()));
    closing.add(tcp.close());
    return Future.join(closing).mapEmpty();
  }

  /** One open {@code Watch} stream; confined to the context that opened it. */
  static final class Watch {

    private final Promise<Void> ended = Promise.promise();
    private GrpcClientRequest<?, ?> request;
    private boolean hasStatus;

    /**
     * Completes when the stream ends with OK, fails with a {@link StatusException} when it ends
     * otherwise (UNIMPLEMENTED: the backend has no Watch), also after {@link #cancel()}.
     */
    Future<Void> ended() {
      return ended.future();
    }

    /** Whether at least one status arrived on this stream. */
    boolean hasStatus() {
      return hasStatus;
    }

    void cancel() {
      fail(StatusException.of(Code.CANCELLED, "health watch cancelled"));
    }

    private void fail(StatusException e) {
      if (ended.tryFail(e) && request != null) {
        request.cancel();
      }
    }

    private boolean attach(GrpcClientRequest<?, ?> req) {
      if (ended.future().isComplete()) {
        req.cancel();
        return false;
      }
      this.request = req;
      return true;
    }
  }
}
