package io.vgw.tracing;

import io.opencensus.trace.SpanContext;
import io.opencensus.trace.Tracing;
import io.opencensus.trace.propagation.TextFormat;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.server.GrpcServer;
import io.vgw.demo.v1.EchoRequest;
import io.vgw.demo.v1.EchoResponse;
import io.vgw.demo.v1.SlowRequest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A gRPC backend serving {@code vgw.demo.v1.EchoService} (Echo, GetEcho, Slow) that decodes the trace
 * context it receives the way OpenCensus servers do — {@code grpc-trace-bin} with OpenCensus's own
 * binary format (what ocgrpc reads), {@code traceparent} with its W3C format — and records it.
 */
final class TraceRecordingBackend {

  /** What one call carried; a context is null when its header was absent or unreadable. */
  record Received(String method, SpanContext grpcTraceBin, SpanContext traceparent, MultiMap metadata) {
  }

  private static final ServiceName SERVICE = ServiceName.create("vgw.demo.v1.EchoService");
  private static final TextFormat.Getter<MultiMap> GETTER = new TextFormat.Getter<>() {
    @Override
    public String get(MultiMap carrier, String key) {
      return carrier.get(key);
    }
  };

  private final HttpServer server;
  final List<Received> received = new CopyOnWriteArrayList<>();

  private TraceRecordingBackend(HttpServer server) {
    this.server = server;
  }

  static Future<TraceRecordingBackend> start(Vertx vertx) {
    return start(vertx, metadata -> { });
  }

  /** @param onCall runs in each Echo/GetEcho call with its metadata, on the call's context */
  static Future<TraceRecordingBackend> start(Vertx vertx, java.util.function.Consumer<MultiMap> onCall) {
    GrpcServer grpc = GrpcServer.server(vertx);
    TraceRecordingBackend[] self = new TraceRecordingBackend[1];
    for (String name : List.of("Echo", "GetEcho")) {
      grpc.callHandler(method(name, EchoRequest.getDefaultInstance()), req -> req.handler(msg -> {
            self[0].record(name, req.headers());
            onCall.accept(req.headers());
            req.response().end(EchoResponse.newBuilder().setId(msg.getId()).setMessage(msg.getMessage()).build());
          }));
    }
    grpc.callHandler(method("Slow", SlowRequest.getDefaultInstance()), req -> req.handler(msg -> {
          self[0].record("Slow", req.headers());
          long timer = vertx.setTimer(Math.max(1, msg.getMillis()), t -> req.response().end(EchoResponse.getDefaultInstance()));
          req.errorHandler(e -> vertx.cancelTimer(timer));
        }));
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(grpc)
        .listen()
        .map(s -> self[0] = new TraceRecordingBackend(s));
  }

  private static <Req extends com.google.protobuf.Message> ServiceMethod<Req, EchoResponse> method(String name,
      Req prototype) {
    return ServiceMethod.server(SERVICE, name, GrpcMessageEncoder.encoder(), GrpcMessageDecoder.decoder(prototype));
  }

  private void record(String method, MultiMap headers) {
    MultiMap copy = MultiMap.caseInsensitiveMultiMap().addAll(headers);
    received.add(new Received(method, binary(headers.get("grpc-trace-bin")), traceparent(headers), copy));
  }

  private static SpanContext binary(String b64) {
    if (b64 == null) {
      return null;
    }
    try {
      return Tracing.getPropagationComponent().getBinaryFormat().fromByteArray(Base64.getDecoder().decode(padded(b64)));
    } catch (Exception e) {
      return null;
    }
  }

  private static SpanContext traceparent(MultiMap headers) {
    if (headers.get("traceparent") == null) {
      return null;
    }
    try {
      return Tracing.getPropagationComponent().getTraceContextFormat().extract(headers, GETTER);
    } catch (Exception e) {
      return null;
    }
  }

  private static String padded(String b64) {
    int rem = b64.length() % 4;
    return rem == 0 ? b64 : b64 + "=".repeat(4 - rem);
  }

  int port() {
    return server.actualPort();
  }

  Future<Void> close() {
    return server.close();
  }
}
