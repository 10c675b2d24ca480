package io.vgw.demo;

import com.google.api.HttpBody;
import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import com.google.rpc.Status;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vgw.demo.v1.EchoRequest;
import io.vgw.demo.v1.EchoResponse;
import io.vgw.demo.v1.FailRequest;
import io.vgw.demo.v1.SlowRequest;
import io.vgw.demo.v1.StreamRequest;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo gRPC backend ({@code vgw.demo.v1.EchoService}) that {@code java -jar vgw.jar} serves
 * with no configuration, and that tests call through the gateway. It answers with what it received,
 * including the request metadata, so callers can see what the gateway forwarded.
 */
public final class DemoBackend {

  public static final ServiceName SERVICE = ServiceName.create("vgw.demo.v1.EchoService");

  private final HttpServer server;
  private final AtomicInteger cancelled;
  private final AtomicInteger calls;
  private final DemoHealth health;

  private DemoBackend(HttpServer server, AtomicInteger cancelled, AtomicInteger calls, DemoHealth health) {
    this.server = server;
    this.cancelled = cancelled;
    this.calls = calls;
    this.health = health;
  }

  /** Starts the backend on {@code host:port} (port 0 for a free one). */
  public static Future<DemoBackend> start(Vertx vertx, String host, int port) {
    return start(vertx, new HttpServerOptions().setHost(host).setPort(port));
  }

  /** Starts the backend with any server options (TLS, for instance). */
  public static Future<DemoBackend> start(Vertx vertx, HttpServerOptions serverOptions) {
    return start(vertx, serverOptions, true);
  }

  /**
   * Starts the backend without the gRPC health service: {@code grpc.health.v1.Health} calls get
   * UNIMPLEMENTED, as from a backend that never added it.
   */
  public static Future<DemoBackend> startWithoutHealth(Vertx vertx, String host, int port) {
    return start(vertx, new HttpServerOptions().setHost(host).setPort(port), false);
  }

  private static Future<DemoBackend> start(Vertx vertx, HttpServerOptions serverOptions, boolean withHealth) {
    GrpcServer grpc = GrpcServer.server(vertx);
    DemoHealth health = withHealth ? DemoHealth.addTo(grpc) : null;
    AtomicInteger cancelled = new AtomicInteger();
    AtomicInteger calls = new AtomicInteger();
    grpc.callHandler(method("Echo", EchoRequest.getDefaultInstance()), req -> req.handler(msg ->
        req.response().end(echo(msg, req.headers()))));
    grpc.callHandler(method("GetEcho", EchoRequest.getDefaultInstance()), req -> req.handler(msg ->
        req.response().end(echo(msg, req.headers()))));
    grpc.callHandler(method("Fail", FailRequest.getDefaultInstance()), req -> req.handler(msg -> fail(req, msg)));
    grpc.callHandler(method("Slow", SlowRequest.getDefaultInstance()), req -> req.handler(msg -> {
      long timer = vertx.setTimer(Math.max(1, msg.getMillis()), t ->
          req.response().end(EchoResponse.newBuilder().setMessage("slept " + msg.getMillis() + "ms").build()));
      req.errorHandler(error -> {
        vertx.cancelTimer(timer);
        cancelled.incrementAndGet();
      });
    }));
    grpc.callHandler(method("Stream", StreamRequest.getDefaultInstance()), req -> req.handler(msg -> {
      int count = Math.max(0, Math.min(msg.getCount(), 1000));
      long interval = Math.max(1, msg.getIntervalMillis());
      AtomicInteger sent = new AtomicInteger();
      if (count == 0) {
        req.response().end();
        return;
      }
      long timer = vertx.setPeriodic(interval, id -> {
        int n = sent.incrementAndGet();
        EchoResponse r = EchoResponse.newBuilder().setMessage(msg.getMessage()).setCount(n).build();
        if (n >= count) {
          vertx.cancelTimer(id);
          req.response().end(r);
        } else {
          req.response().write(r);
        }
      });
      // The caller went away (or its deadline fired): stop writing to a stream that is gone.
      req.errorHandler(error -> vertx.cancelTimer(timer));
    }));
    registerHttpBody(grpc);
    // Traced by a Vert.x tracer (OpenTracing mode, same Vert.x) only when the call carries a trace
    // context: the gateway's own health checks carry none and stay untraced here too.
    HttpServerOptions options = new HttpServerOptions(serverOptions);
    if (options.getTracingPolicy() == io.vertx.core.tracing.TracingPolicy.ALWAYS) {
      options.setTracingPolicy(io.vertx.core.tracing.TracingPolicy.PROPAGATE);
    }
    return vertx.createHttpServer(options)
        .requestHandler(request -> {
          if (!DemoHealth.isHealthCall(request)) {
            calls.incrementAndGet();
          }
          grpc.handle(request);
        })
        .listen()
        .map(s -> new DemoBackend(s, cancelled, calls, health));
  }

  /** EchoBody: a google.api.HttpBody answered with itself (raw bytes and content type both ways). */
  private static void registerHttpBody(GrpcServer grpc) {
    grpc.callHandler(ServiceMethod.server(SERVICE, "EchoBody", GrpcMessageEncoder.<HttpBody>encoder(),
        GrpcMessageDecoder.<HttpBody>decoder(HttpBody.getDefaultInstance())), req -> req.handler(body -> req.response().end(body)));
  }

  private static <Req extends com.google.protobuf.Message> ServiceMethod<Req, EchoResponse> method(
      String name, Req prototype) {
    return ServiceMethod.server(SERVICE, name, GrpcMessageEncoder.encoder(),
        GrpcMessageDecoder.decoder(prototype));
  }

  static EchoResponse echo(EchoRequest msg, MultiMap metadata) {
    EchoResponse.Builder b = EchoResponse.newBuilder()
        .setId(msg.getId())
        .setMessage(msg.getMessage())
        .setCount(msg.getCount())
        .addAllTags(msg.getTagsList())
        .setKindValue(msg.getKindValue())
        .setBig(msg.getBig());
    if (msg.hasNested()) {
      b.setNested(msg.getNested());
    }
    for (Map.Entry<String, String> h : metadata) {
      String key = h.getKey().toLowerCase();
      if (!key.startsWith(":") && !key.startsWith("grpc-accept") && !key.equals("content-type") && !key.equals("te")) {
        b.putMetadata(key, h.getValue());
      }
    }
    return b.build();
  }

  private static void fail(GrpcServerRequest<FailRequest, EchoResponse> req, FailRequest msg) {
    int code = msg.getCode() >= 1 && msg.getCode() <= 16 ? msg.getCode() : 2;
    if (!msg.getReason().isEmpty()) {
      Status details = Status.newBuilder()
          .setCode(code)
          .setMessage(msg.getMessage())
          .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(msg.getReason()).setDomain("vgw.demo").build()))
          .build();
      req.response().trailers().set("grpc-status-details-bin",
          Base64.getEncoder().withoutPadding().encodeToString(details.toByteArray()));
    }
    req.response().status(GrpcStatus.valueOf(code)).statusMessage(msg.getMessage()).end();
  }

  public int port() {
    return server.actualPort();
  }

  /** How many calls the backend saw cancelled by their caller (Slow only). */
  public int cancelledCalls() {
    return cancelled.get();
  }

  /** How many calls reached the backend, of any method but those of the health service. */
  public int calls() {
    return calls.get();
  }

  /**
   * Sets what the health service answers for {@code service}: {@code Check} at once, and a change
   * is pushed to its {@code Watch} streams when it is set. {@code vgw.demo.v1.EchoService},
   * {@code grpc.health.v1.Health} and the whole server are SERVING at start. Any thread.
   *
   * @param service a full service name, e.g. {@code vgw.demo.v1.EchoService}, or {@code ""} for the
   *     whole server
   * @throws IllegalArgumentException when started without the health service
   */
  public DemoBackend setServing(String service, boolean serving) {
    if (health == null) {
      throw new IllegalArgumentException("this demo backend was started without the health service");
    }
    health.setServing(service, serving);
    return this;
  }

  /** How many health {@code Watch} streams are open (0 without the health service). */
  int healthWatchers() {
    return health == null ? 0 : health.watchers();
  }

  public Future<Void> close() {
    return server.close();
  }
}
