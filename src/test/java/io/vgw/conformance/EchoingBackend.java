package io.vgw.conformance;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
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
import io.vertx.grpc.server.GrpcServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A real gRPC backend for any service, without generated stubs: it records each request message and
 * its metadata as received, and answers with the request copied into the response type (fields
 * matched by JSON name; a server stream sends that copy {@code stream-count} times, default 2).
 *
 * <p>Request metadata steers the answer, so tests set it with {@code Grpc-Metadata-*} headers:
 * {@code echo-header-<k>: v} adds response header {@code k}, {@code echo-trailer-<k>: v} adds
 * trailer {@code k}, {@code fail-code: N} answers gRPC status N instead of a message.
 */
final class EchoingBackend {

  /** One request as the backend saw it. */
  record Observed(String method, DynamicMessage request, MultiMap metadata) {
  }

  private final HttpServer server;
  private final ConcurrentLinkedDeque<Observed> observed;

  private EchoingBackend(HttpServer server, ConcurrentLinkedDeque<Observed> observed) {
    this.server = server;
    this.observed = observed;
  }

  static Future<EchoingBackend> start(Vertx vertx, List<ServiceDescriptor> services) {
    GrpcServer grpc = GrpcServer.server(vertx);
    ConcurrentLinkedDeque<Observed> observed = new ConcurrentLinkedDeque<>();
    for (ServiceDescriptor service : services) {
      for (MethodDescriptor m : service.getMethods()) {
        ServiceMethod<DynamicMessage, DynamicMessage> sm = ServiceMethod.server(
            ServiceName.create(service.getFullName()), m.getName(), GrpcMessageEncoder.encoder(),
            GrpcMessageDecoder.decoder(DynamicMessage.getDefaultInstance(m.getInputType())));
        grpc.callHandler(sm, req -> req.handler(msg -> {
          observed.add(new Observed(m.getFullName(), msg, MultiMap.caseInsensitiveMultiMap().addAll(req.headers())));
          answer(m, req, msg);
        }));
      }
    }
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(grpc)
        .listen()
        .map(s -> new EchoingBackend(s, observed));
  }

  private static void answer(MethodDescriptor m, GrpcServerRequest<DynamicMessage, DynamicMessage> req, DynamicMessage msg) {
    GrpcServerResponse<DynamicMessage, DynamicMessage> response = req.response();
    MultiMap md = req.headers();
    for (Map.Entry<String, String> e : md) {
      String key = e.getKey().toLowerCase();
      if (key.startsWith("echo-header-")) {
        response.headers().add(key.substring("echo-header-".length()), e.getValue());
      } else if (key.startsWith("echo-trailer-")) {
        response.trailers().add(key.substring("echo-trailer-".length()), e.getValue());
      }
    }
    if (md.contains("fail-code")) {
      if (!response.headers().isEmpty()) {
        // Headers in a frame of their own, then the status in trailers (as grpc-go does when a
        // handler set headers): without this Vert.x sends one trailers-only frame.
        response.writeHead();
      }
      response.status(GrpcStatus.valueOf(Integer.parseInt(md.get("fail-code")))).statusMessage("failed as asked").end();
      return;
    }
    DynamicMessage copy = copy(msg, m.getOutputType());
    if (m.isServerStreaming()) {
      int n = md.contains("stream-count") ? Integer.parseInt(md.get("stream-count")) : 2;
      for (int i = 1; i < n; i++) {
        response.write(copy);
      }
      response.end(copy);
    } else {
      response.end(copy);
    }
  }

  /** The request as the response type: fields of the same JSON name carry over, the rest stay unset. */
  static DynamicMessage copy(DynamicMessage msg, Descriptor target) {
    try {
      DynamicMessage.Builder b = DynamicMessage.newBuilder(target);
      JsonFormat.parser().ignoringUnknownFields().merge(JsonFormat.printer().print(msg), b);
      return b.build();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The last request of {@code method} (a full name: {@code pkg.Service.Method}), or null. */
  Observed last(String method) {
    List<Observed> all = new ArrayList<>(observed);
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i).method().equals(method)) {
        return all.get(i);
      }
    }
    return null;
  }

  /** The most recent request of any method, or null. */
  Observed latest() {
    return observed.peekLast();
  }

  int count() {
    return observed.size();
  }

  int port() {
    return server.actualPort();
  }

  Future<Void> close() {
    return server.close();
  }
}
