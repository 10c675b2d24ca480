package io.vgw.backend.impl;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.rpc.Code;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientOptions;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vgw.BackendOptions;
import io.vgw.transcode.impl.StatusException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Calls backend methods with vertx-grpc-client, without generated stubs: requests and responses
 * are {@link DynamicMessage}s. One instance per gateway verticle (so per event loop), each with
 * its own HTTP/2 connection pool; not thread-safe.
 *
 * <p>Every failure is a {@link StatusException}: a non-OK status with the backend's message and
 * details, or UNAVAILABLE when the backend cannot be reached or does not speak gRPC, or
 * DEADLINE_EXCEEDED when the deadline fires (Vert.x reports its own expired deadline as CANCELLED).
 */
public final class BackendClient {

  private final Vertx vertx;
  private final GrpcClient client;
  private final Map<String, SocketAddress> byService = new HashMap<>();
  private final SocketAddress fallback;
  private final Map<MethodDescriptor, ServiceMethod<DynamicMessage, DynamicMessage>> methods = new HashMap<>();

  public BackendClient(Vertx vertx, List<BackendOptions> backends) {
    this.vertx = vertx;
    SocketAddress any = null;
    for (BackendOptions b : backends) {
      SocketAddress address = SocketAddress.inetSocketAddress(b.port(), b.host());
      if (b.getServices().isEmpty()) {
        any = address;
      }
      for (String s : b.getServices()) {
        byService.put(s, address);
      }
    }
    this.fallback = any;
    HttpClientOptions http = new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false);
    this.client = GrpcClient.client(vertx, new GrpcClientOptions().setScheduleDeadlineAutomatically(true), http);
  }

  /** The backend that serves a service, or null when none does. */
  public SocketAddress addressFor(String fullServiceName) {
    SocketAddress a = byService.get(fullServiceName);
    return a != null ? a : fallback;
  }

  /**
   * Calls a unary method.
   *
   * @param metadata request metadata, wire-ready (values of {@code -bin} keys already base64)
   * @param timeoutMillis the deadline, sent as {@code grpc-timeout} and enforced; 0 for none
   */
  public Future<BackendReply> unary(MethodDescriptor method, DynamicMessage request, MultiMap metadata,
      long timeoutMillis, CallCancellation cancellation) {
    return start(method, metadata, timeoutMillis, cancellation).compose(req -> {
      req.end(request);
      return req.response().compose(
          resp -> resp.last().transform(ar -> {
            if (resp.status() == GrpcStatus.OK && ar.succeeded()) {
              return Future.succeededFuture(new BackendReply(ar.result(), resp.headers(), resp.trailers()));
            }
            return Future.failedFuture(failure(resp, ar.cause(), req, timeoutMillis));
          }),
          err -> Future.failedFuture(failure(null, err, req, timeoutMillis)));
    });
  }

  /**
   * Calls a server-streaming method; each response message goes to {@code onMessage} in order.
   * The future completes with the headers and trailers (no message) when the stream ends well.
   */
  public Future<BackendReply> serverStream(MethodDescriptor method, DynamicMessage request, MultiMap metadata,
      long timeoutMillis, CallCancellation cancellation, Handler<DynamicMessage> onMessage) {
    return start(method, metadata, timeoutMillis, cancellation).compose(req -> {
      req.end(request);
      return req.response().compose(resp -> {
        Promise<BackendReply> done = Promise.promise();
        resp.handler(onMessage);
        resp.exceptionHandler(err -> done.tryFail(failure(resp, err, req, timeoutMillis)));
        resp.endHandler(v -> {
          if (resp.status() == GrpcStatus.OK) {
            done.tryComplete(new BackendReply(null, resp.headers(), resp.trailers()));
          } else {
            done.tryFail(failure(resp, null, req, timeoutMillis));
          }
        });
        return done.future();
      }, err -> Future.failedFuture(failure(null, err, req, timeoutMillis)));
    });
  }

  private Future<GrpcClientRequest<DynamicMessage, DynamicMessage>> start(MethodDescriptor method, MultiMap metadata,
      long timeoutMillis, CallCancellation cancellation) {
    String service = method.getService().getFullName();
    SocketAddress address = addressFor(service);
    if (address == null) {
      return Future.failedFuture(StatusException.of(Code.UNIMPLEMENTED, "no backend serves " + service));
    }
    if (cancellation.isCancelled()) {
      return Future.failedFuture(StatusException.of(Code.CANCELLED, "the client went away"));
    }
    return client.request(address, serviceMethod(method))
        .recover(err -> Future.failedFuture(GrpcFailures.fromThrowable(err)))
        .map(req -> {
          req.headers().addAll(metadata);
          if (timeoutMillis > 0) {
            req.timeout(timeoutMillis, TimeUnit.MILLISECONDS);
          }
          cancellation.onCancel(req::cancel);
          return req;
        });
  }

  private static StatusException failure(GrpcClientResponse<?, ?> resp, Throwable cause,
      GrpcClientRequest<?, ?> req, long timeoutMillis) {
    if (resp != null && resp.status() != null && resp.status() != GrpcStatus.OK) {
      GrpcStatus status = resp.status();
      if (status == GrpcStatus.CANCELLED && deadlineFired(req, timeoutMillis)) {
        return StatusException.of(Code.DEADLINE_EXCEEDED, "deadline exceeded after " + timeoutMillis + "ms");
      }
      return GrpcFailures.fromStatus(status.code, resp.statusMessage(), resp.headers(), resp.trailers());
    }
    if (deadlineFired(req, timeoutMillis)) {
      return StatusException.of(Code.DEADLINE_EXCEEDED, "deadline exceeded after " + timeoutMillis + "ms");
    }
    if (cause == null) {
      return StatusException.of(Code.INTERNAL, "backend sent no response message");
    }
    return GrpcFailures.fromThrowable(cause);
  }

  /** Vert.x cancels the stream when its deadline timer fires; the timer is then no longer pending. */
  private static boolean deadlineFired(GrpcClientRequest<?, ?> req, long timeoutMillis) {
    return timeoutMillis > 0 && req.deadline() != null && req.deadline().isComplete();
  }

  private ServiceMethod<DynamicMessage, DynamicMessage> serviceMethod(MethodDescriptor method) {
    return methods.computeIfAbsent(method, m -> ServiceMethod.client(
        ServiceName.create(m.getService().getFullName()), m.getName(),
        DynamicMessageCodec.encoder(), DynamicMessageCodec.decoder(m.getOutputType())));
  }

  public Future<Void> close() {
    return client.close();
  }
}
