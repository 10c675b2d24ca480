package io.vgw.tracing.opentracing;

import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import io.opentracing.tag.Tags;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vgw.demo.DemoBackend;
import io.vgw.demo.v1.EchoRequest;
import io.vgw.demo.v1.EchoResponse;
import io.vgw.demo.v1.FailRequest;
import java.util.HashMap;
import java.util.Map;

/**
 * An OpenTracing gRPC backend (test only): Echo and Fail of {@code vgw.demo.v1.EchoService}, each
 * call a server span continued from the trace context in the gRPC metadata, with the backend's
 * own tracer. Runs in a Vert.x without a tracer, so only these spans are its own.
 */
final class TracedEchoBackend {

  private final HttpServer server;

  private TracedEchoBackend(HttpServer server) {
    this.server = server;
  }

  static Future<TracedEchoBackend> start(Vertx vertx, Tracer tracer) {
    GrpcServer grpc = GrpcServer.server(vertx);
    ServiceMethod<EchoRequest, EchoResponse> echo = ServiceMethod.server(DemoBackend.SERVICE, "Echo",
        GrpcMessageEncoder.encoder(), GrpcMessageDecoder.decoder(EchoRequest.getDefaultInstance()));
    ServiceMethod<FailRequest, EchoResponse> fail = ServiceMethod.server(DemoBackend.SERVICE, "Fail",
        GrpcMessageEncoder.encoder(), GrpcMessageDecoder.decoder(FailRequest.getDefaultInstance()));
    grpc.callHandler(echo, req -> {
      Span span = serverSpan(tracer, req, "Echo");
      req.handler(msg -> {
        req.response().end(EchoResponse.newBuilder().setMessage(msg.getMessage()).build());
        span.setTag("grpc.status_code", "OK");
        span.finish();
      });
    });
    grpc.callHandler(fail, req -> {
      Span span = serverSpan(tracer, req, "Fail");
      req.handler(msg -> {
        GrpcStatus status = GrpcStatus.valueOf(msg.getCode());
        req.response().status(status).statusMessage(msg.getMessage()).end();
        span.setTag("grpc.status_code", status.name());
        Tags.ERROR.set(span, true);
        span.finish();
      });
    });
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(grpc)
        .listen()
        .map(TracedEchoBackend::new);
  }

  private static Span serverSpan(Tracer tracer, GrpcServerRequest<?, ?> req, String method) {
    SpanContext parent = tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(asMap(req.headers())));
    return tracer.buildSpan("/" + DemoBackend.SERVICE.fullyQualifiedName() + "/" + method)
        .ignoreActiveSpan()
        .asChildOf(parent)
        .withTag(Tags.SPAN_KIND.getKey(), Tags.SPAN_KIND_SERVER)
        .withTag(Tags.COMPONENT.getKey(), "gRPC")
        .start();
  }

  private static Map<String, String> asMap(MultiMap headers) {
    Map<String, String> map = new HashMap<>();
    headers.forEach(e -> map.put(e.getKey(), e.getValue()));
    return map;
  }

  int port() {
    return server.actualPort();
  }

  Future<Void> close() {
    return server.close();
  }
}
