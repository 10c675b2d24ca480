package io.vgw.backend.impl;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.rpc.Code;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.client.impl.GrpcClientRequestImpl;
import io.vertx.grpc.common.GrpcError;
import io.vertx.grpc.common.GrpcErrorException;
import io.vertx.grpc.common.InvalidMessageException;
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
 * <p>Every failure is a {@link StatusException} carrying the response headers and trailers the
 * backend sent: a non-OK status with the backend's message and details; for a reply without
 * {@code grpc-status} (a proxy's error page, a plain HTTP server) the code that grpc's
 * {@code http-grpc-status-mapping.md} gives its HTTP status; UNAVAILABLE when the backend cannot be
 * reached, resets the connection or refuses the stream; DEADLINE_EXCEEDED when the deadline fires
 * (Vert.x reports its own expired deadline as CANCELLED); UNAVAILABLE at once, without a call,
 * when the {@link BackendHealth} monitor knows the backend or service NOT_SERVING.
 *
 * <p>Each call keeps its HTTP/2 request next to the gRPC one: vertx-grpc 5.0.7 fails a non-gRPC
 * reply with a content-type error and drops its HTTP status, which the mapping needs.
 */
public final class BackendClient {

  /** One configured backend: where it is, and an HTTP/2 client with its own TLS settings and pool. */
  private record Backend(SocketAddress address, HttpClient client) {
  }

  /** One call: the gRPC stream and the HTTP/2 request under it. */
  private record Call(GrpcClientRequestImpl<DynamicMessage, DynamicMessage> grpc, HttpClientRequest http,
      CallCancellation cancellation) {
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
      Backend backend = new Backend(SocketAddress.inetSocketAddress(b.port(), b.host()),
          vertx.httpClientBuilder().with(http).build());
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
    return start(method, metadata, timeoutMillis, cancellation).compose(call -> {
      GrpcClientRequest<DynamicMessage, DynamicMessage> req = call.grpc();
      req.end(request);
      return req.response().compose(resp -> {
        Promise<BackendReply> done = Promise.promise();
        onStreamError(call, resp, timeoutMillis, done);
        resp.last().onComplete(ar -> {
          if (resp.status() == GrpcStatus.OK && ar.succeeded()) {
            done.tryComplete(new BackendReply(ar.result(), resp.headers(), resp.trailers()));
          } else {
            done.tryFail(failure(resp, ar.cause(), call, timeoutMillis));
          }
        });
        return done.future();
      }, err -> Future.failedFuture(failure(null, err, call, timeoutMillis)));
    });
  }

  /**
   * Calls a server-streaming method; each response message goes to {@code onMessage} in order.
   * The future completes with the headers and trailers (no message) when the stream ends well.
   */
  public Future<BackendReply> serverStream(MethodDescriptor method, DynamicMessage request, MultiMap metadata,
      long timeoutMillis, CallCancellation cancellation, Handler<DynamicMessage> onMessage) {
    return serverStream(method, request, metadata, timeoutMillis, cancellation, headers -> { }, onMessage);
  }

  /**
   * Like {@link #serverStream(MethodDescriptor, DynamicMessage, MultiMap, long, CallCancellation, Handler)},
   * telling {@code onHeaders} the backend's response headers once, before the first message, so
   * they can go out ahead of the HTTP answer's body.
   */
  public Future<BackendReply> serverStream(MethodDescriptor method, DynamicMessage request, MultiMap metadata,
      long timeoutMillis, CallCancellation cancellation, Handler<MultiMap> onHeaders, Handler<DynamicMessage> onMessage) {
    return start(method, metadata, timeoutMillis, cancellation).compose(call -> {
      GrpcClientRequest<DynamicMessage, DynamicMessage> req = call.grpc();
      req.end(request);
      return req.response().compose(resp -> {
        Promise<BackendReply> done = Promise.promise();
        onStreamError(call, resp, timeoutMillis, done);
        boolean[] headersSeen = {false};
        resp.handler(msg -> {
          if (!headersSeen[0]) {
            headersSeen[0] = true;
            onHeaders.handle(resp.headers());
          }
          onMessage.handle(msg);
        });
        resp.exceptionHandler(err -> done.tryFail(failure(resp, err, call, timeoutMillis)));
        resp.endHandler(v -> {
          if (resp.status() == GrpcStatus.OK) {
            done.tryComplete(new BackendReply(null, resp.headers(), resp.trailers()));
          } else {
            done.tryFail(failure(resp, null, call, timeoutMillis));
          }
        });
        return done.future();
      }, err -> Future.failedFuture(failure(null, err, call, timeoutMillis)));
    });
  }

  private Future<Call> start(MethodDescriptor method, MultiMap metadata,
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
    ServiceMethod<DynamicMessage, DynamicMessage> sm = serviceMethod(method);
    return backend.client().request(new RequestOptions().setMethod(HttpMethod.POST).setServer(backend.address()))
        .recover(err -> Future.failedFuture(GrpcFailures.fromThrowable(err)))
        .map(http -> {
          // What GrpcClient.request(address, method) does, keeping the HTTP request in hand.
          GrpcClientRequestImpl<DynamicMessage, DynamicMessage> req = new GrpcClientRequestImpl<>(
              http, maxResponseSize, true, sm.encoder(), sm.decoder());
          req.init();
          req.serviceName(sm.serviceName());
          req.methodName(sm.methodName());
          req.headers().addAll(metadata);
          if (timeoutMillis > 0) {
            req.timeout(timeoutMillis, TimeUnit.MILLISECONDS);
          }
          cancellation.onCancel(req::cancel);
          return new Call(req, http, cancellation);
        });
  }

  /**
   * Once the response has begun, vertx-grpc reports a reset of the stream (by the backend, or its
   * own cancel when the deadline fires) to the request's error handler only: the response would
   * otherwise never end.
   */
  private void onStreamError(Call call, GrpcClientResponse<?, ?> resp, long timeoutMillis, Promise<BackendReply> done) {
    // An oversize or undecodable message: fail with that cause before the cancel that follows it
    // comes back as CANCELLED (vertx-grpc's own handler would cancel, then fail the response).
    resp.invalidMessageHandler(invalid -> {
      done.tryFail(failure(resp, invalid, call, timeoutMillis));
      call.grpc().cancel();
    });
    call.grpc().errorHandler(error -> {
      if (error == GrpcError.CANCELLED && call.cancellation().isCancelled() && !deadlineFired(call.grpc(), timeoutMillis)) {
        done.tryFail(StatusException.of(Code.CANCELLED, "the client went away"));
        return;
      }
      done.tryFail(failure(resp, new GrpcErrorException(error, error.status), call, timeoutMillis));
    });
  }

  private StatusException failure(GrpcClientResponse<?, ?> resp, Throwable cause, Call call, long timeoutMillis) {
    if (deadlineFired(call.grpc(), timeoutMillis)
        && (resp == null || resp.status() == null || resp.status() == GrpcStatus.CANCELLED)) {
      return StatusException.of(Code.DEADLINE_EXCEEDED, "deadline exceeded after " + timeoutMillis + "ms")
          .withMetadata(resp == null ? null : resp.headers(), resp == null ? null : resp.trailers());
    }
    HttpClientResponse http = call.http().response().succeeded() ? call.http().response().result() : null;
    if (http != null && GrpcFailures.notGrpc(http, resp != null)) {
      // A proxy's error page or a plain HTTP server: the HTTP status says what happened. Its headers
      // are not gRPC metadata (a proxy's Server banner has no business going out): none is kept.
      return GrpcFailures.fromHttpStatus(http.statusCode(), http.getHeader("content-type"));
    }
    if (resp != null && resp.status() != null && resp.status() != GrpcStatus.OK) {
      return GrpcFailures.fromStatus(resp.status().code, resp.statusMessage(), resp.headers(), resp.trailers());
    }
    if (cause == null) {
      return StatusException.of(Code.INTERNAL, "backend sent no response message");
    }
    if (cause instanceof MessageSizeOverflowException) {
      // The backend's fault, not the caller's: a bad gateway, and nothing of it goes out.
      return StatusException.withHttpStatus(502, Code.RESOURCE_EXHAUSTED, "backend response larger than the gateway accepts");
    }
    if (cause instanceof InvalidMessageException) {
      // grpc-java answers a response it cannot read with INTERNAL too.
      return StatusException.of(Code.INTERNAL, "backend sent a response message that cannot be read");
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
