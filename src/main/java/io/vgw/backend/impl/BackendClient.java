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
import io.vertx.core.tracing.TracingPolicy;
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
import io.vertx.grpc.common.MessageSizeOverflowException;
import java.util.ArrayList;
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
 * DEADLINE_EXCEEDED when the deadline fires (Vert.x reports its own expired deadline as CANCELLED);
 * UNAVAILABLE at once, without a call, when the {@link BackendHealth} monitor knows the backend or
 * service NOT_SERVING.
 */
public final class BackendClient {

  /** One configured backend: where it is, and a client with its own TLS settings and pool. */
  private record Backend(SocketAddress address, GrpcClient client) {
  }

  private final List<Backend> all = new ArrayList<>();
  private final Map<String, Backend> byService = new HashMap<>();
  private final Backend fallback;
  private final long maxResponseSize;
  private final Map<MethodDescriptor, ServiceMethod<DynamicMessage, DynamicMessage>> methods = new HashMap<>();
  private final BackendHealth health;

  /** @param maxResponseSize the largest response message accepted; larger answers 502 */
  public BackendClient(Vertx vertx, List<BackendOptions> backends, long maxResponseSize) {
    this(vertx, backends, maxResponseSize, null);
  }

  /**
   * @param health the gateway's backend monitor: a call to a backend or service it knows NOT_SERVING
   *     fails fast with UNAVAILABLE, without reaching the backend; null for no such check
   */
  public BackendClient(Vertx vertx, List<BackendOptions> backends, long maxResponseSize, BackendHealth health) {
    this.maxResponseSize = maxResponseSize;
    this.health = health;
    Backend any = null;
    for (BackendOptions b : backends) {
      HttpClientOptions http = b.getTls().applyTo(new HttpClientOptions()
          .setProtocolVersion(HttpVersion.HTTP_2)
          .setHttp2ClearTextUpgrade(false)
          // The tracing mode makes the client span, with gRPC meaning (method name, gRPC status);
          // a Vert.x tracer would add a plain HTTP POST span that says 200 even on a gRPC error.
          .setTracingPolicy(TracingPolicy.IGNORE));
      if (b.getTls().isEnabled()) {
        // gRPC over TLS negotiates h2 with ALPN.
        http.setUseAlpn(true).setVerifyHost(b.getTls().isVerifyHost());
      }
      GrpcClientOptions grpc = new GrpcClientOptions()
          .setScheduleDeadlineAutomatically(true)
          .setMaxMessageSize(maxResponseSize);
      Backend backend = new Backend(SocketAddress.inetSocketAddress(b.port(), b.host()),
          GrpcClient.client(vertx, grpc, http));
      all.add(backend);
      if (b.getServices().isEmpty()) {
        any = backend;
      }
      for (String s : b.getServices()) {
        byService.put(s, backend);
      }
    }
    this.fallback = any;
  }

  private Backend backendFor(String fullServiceName) {
    Backend b = byService.get(fullServiceName);
    return b != null ? b : fallback;
  }

  /** The backend monitor given at construction, or null. */
  public BackendHealth health() {
    return health;
  }

  /** The address of the backend that serves a service, or null when none does. */
  public SocketAddress addressFor(String fullServiceName) {
    Backend b = backendFor(fullServiceName);
    return b == null ? null : b.address();
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
    Backend backend = backendFor(service);
    if (backend == null) {
      return Future.failedFuture(StatusException.of(Code.UNIMPLEMENTED, "no backend serves " + service));
    }
    if (cancellation.isCancelled()) {
      return Future.failedFuture(StatusException.of(Code.CANCELLED, "the client went away"));
    }
    if (health != null && health.notServing(backend.address(), service)) {
      // Its health service said so: answer now rather than wait for a call that cannot succeed.
      return Future.failedFuture(StatusException.of(Code.UNAVAILABLE, "backend not serving"));
    }
    return backend.client().request(backend.address(), serviceMethod(method))
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

  private StatusException failure(GrpcClientResponse<?, ?> resp, Throwable cause,
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
    if (cause instanceof MessageSizeOverflowException) {
      // The backend's fault, not the caller's: a bad gateway, and nothing of it goes out.
      return StatusException.withHttpStatus(502, Code.RESOURCE_EXHAUSTED, "backend response larger than the gateway accepts");
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
    List<Future<Void>> closing = new ArrayList<>();
    all.forEach(b -> closing.add(b.client().close()));
    return Future.join(closing).mapEmpty();
  }
}
