package io.vgw.http.impl;

import com.google.protobuf.DynamicMessage;
import com.google.rpc.Code;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vgw.backend.impl.BackendClient;
import io.vgw.backend.impl.BackendReply;
import io.vgw.backend.impl.CallCancellation;
import io.vgw.transcode.impl.HttpRoute;
import io.vgw.transcode.impl.JsonMapping;
import io.vgw.transcode.impl.PathMatcher;
import io.vgw.transcode.impl.RequestBinder;
import io.vgw.transcode.impl.RouteTable;
import io.vgw.transcode.impl.StatusException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP/JSON in, gRPC out: matches the request to an HTTP rule, builds the request message, calls
 * the backend and writes the answer. One request reads as one chain: route → bind → call → write;
 * every failure goes to {@code ctx.fail} and from there to the {@link ErrorHandler}.
 */
public final class TranscodingHandler implements Handler<RoutingContext> {

  /** Where the matched route is left on the routing context, for tracing and logs. */
  public static final String ROUTE_KEY = "vgw.route";

  private final RouteLookup lookup;
  private final RequestBinder binder;
  private final JsonMapping json;
  private final BackendClient backend;
  // Changed live (config reload, cluster-wide settings) on this handler's own event loop.
  private long defaultTimeoutMillis;
  private final BackendCallObserver observer;

  public TranscodingHandler(RouteTable routes, JsonMapping json, BackendClient backend, long defaultTimeoutMillis,
      BackendCallObserver observer) {
    this.lookup = new RouteLookup(routes);
    this.json = json;
    this.binder = new RequestBinder(json);
    this.backend = backend;
    this.defaultTimeoutMillis = defaultTimeoutMillis;
    this.observer = observer;
  }

  /** The deadline for requests without {@code Grpc-Timeout}, from now on; call on this handler's event loop. */
  public void setDefaultTimeoutMillis(long defaultTimeoutMillis) {
    this.defaultTimeoutMillis = defaultTimeoutMillis;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    PathMatcher.Result<HttpRoute> match;
    try {
      match = lookup.match(ctx);
    } catch (StatusException e) {
      ctx.fail(e);
      return;
    }
    if (!match.found()) {
      if (match.allowed().isEmpty()) {
        ctx.fail(StatusException.withHttpStatus(404, Code.NOT_FOUND, "Not Found"));
      } else {
        // RFC 9110 §15.5.6: a 405 lists the methods the resource supports.
        ctx.response().putHeader("Allow", String.join(", ", match.allowed()));
        ctx.fail(StatusException.withHttpStatus(405, Code.UNIMPLEMENTED, "Method Not Allowed"));
      }
      return;
    }
    HttpRoute route = match.route();
    ctx.put(ROUTE_KEY, route.displayName());
    if (route.clientStreaming()) {
      ctx.fail(StatusException.of(Code.UNIMPLEMENTED, "client streaming is not supported over HTTP/JSON"));
      return;
    }
    DynamicMessage message;
    MultiMap metadata;
    long timeout;
    try {
      checkContentType(route, ctx);
      message = binder.bind(route, match.variables(), query(ctx), route.body() == null ? null : ctx.body().asString());
      metadata = HeaderMapping.incoming(request);
      if (request.headers().getAll("grpc-timeout").size() > 1) {
        throw StatusException.invalidArgument("Grpc-Timeout given more than once");
      }
      String grpcTimeout = request.getHeader("grpc-timeout");
      timeout = grpcTimeout != null ? GrpcTimeout.parseMillis(grpcTimeout) : defaultTimeoutMillis;
    } catch (StatusException e) {
      ctx.fail(e);
      return;
    }
    CallCancellation cancellation = new CallCancellation();
    // The HTTP client went away before the answer: cancel the backend call (it sees CANCELLED).
    // Through the routing context's end handlers: response().closeHandler would replace vertx-web's
    // own, and with it every end handler (the tracing handler ends its span in one).
    ctx.addEndHandler(ar -> {
      if (ar.failed()) {
        cancellation.cancel();
      }
    });
    BackendCallObserver.Call observed = observer.start(ctx, route, backend.addressFor(route.method().getService().getFullName()));
    observed.metadata().forEach(metadata::set);
    observed.sent(message.getSerializedSize());
    if (route.serverStreaming()) {
      stream(ctx, route, message, metadata, timeout, cancellation, observed);
    } else {
      backend.unary(route.method(), message, metadata, timeout, cancellation)
          .andThen(ar -> {
            if (ar.succeeded()) {
              observed.received(ar.result().message().getSerializedSize());
            }
            observed.end(ar.cause());
          })
          .onSuccess(reply -> writeUnary(ctx, route, reply))
          .onFailure(ctx::fail);
    }
  }

  private void writeUnary(RoutingContext ctx, HttpRoute route, BackendReply reply) {
    HttpServerResponse response = ctx.response();
    if (response.closed()) {
      return;
    }
    String body = route.responseField() == null
        ? json.print(reply.message())
        : ResponseBody.field(json, reply.message(), route.responseField());
    HeaderMapping.outgoing(reply.headers(), response);
    response.putHeader("content-type", "application/json").end(body);
  }

  /**
   * A server stream as newline-delimited JSON, grpc-gateway's format: one {@code {"result":…}}
   * line per message; an error after the first message becomes a last {@code {"error":…}} line,
   * since the HTTP status is already sent.
   */
  private void stream(RoutingContext ctx, HttpRoute route, DynamicMessage message, MultiMap metadata, long timeout,
      CallCancellation cancellation, BackendCallObserver.Call observed) {
    HttpServerResponse response = ctx.response();
    Future<BackendReply> done = backend.serverStream(route.method(), message, metadata, timeout, cancellation, msg -> {
      observed.received(msg.getSerializedSize());
      if (!response.headWritten()) {
        response.setChunked(true).putHeader("content-type", "application/json");
      }
      response.write("{\"result\":" + json.print(msg) + "}\n");
    });
    done.andThen(ar -> observed.end(ar.cause())).onComplete(ar -> {
      if (response.closed()) {
        return;
      }
      if (ar.succeeded()) {
        if (!response.headWritten()) {
          HeaderMapping.outgoing(ar.result().headers(), response);
          response.putHeader("content-type", "application/json");
        }
        response.end();
      } else if (!response.headWritten()) {
        ctx.fail(ar.cause());
      } else {
        StatusException e = ar.cause() instanceof StatusException se ? se
            : StatusException.of(Code.INTERNAL, "internal error");
        response.end("{\"error\":" + json.print(e.status()) + "}\n");
      }
    });
  }

  private static void checkContentType(HttpRoute route, RoutingContext ctx) {
    if (route.body() == null || ctx.body().length() == 0) {
      return;
    }
    String type = ctx.request().getHeader("content-type");
    if (type == null) {
      return; // curl -d sends a form type; no type at all is read as JSON, as grpc-gateway does
    }
    String mime = type.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    if (!(mime.equals("application/json") || mime.endsWith("+json") || mime.equals("text/json"))) {
      throw StatusException.withHttpStatus(415, Code.INVALID_ARGUMENT,
          "Unsupported Media Type: send the body as application/json");
    }
  }

  private static Map<String, List<String>> query(RoutingContext ctx) {
    MultiMap params = ctx.queryParams();
    if (params.isEmpty()) {
      return Map.of();
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String name : params.names()) {
      out.put(name, params.getAll(name));
    }
    return out;
  }
}
