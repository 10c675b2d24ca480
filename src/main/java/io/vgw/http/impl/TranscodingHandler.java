package io.vgw.http.impl;

import com.google.protobuf.DynamicMessage;
import com.google.rpc.Code;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vgw.HeadersOptions;
import io.vgw.RoutesOptions;
import io.vgw.backend.impl.BackendClient;
import io.vgw.backend.impl.BackendReply;
import io.vgw.backend.impl.CallCancellation;
import io.vgw.impl.GatewayRuntime;
import io.vgw.transcode.impl.HttpRoute;
import io.vgw.transcode.impl.JsonMapping;
import io.vgw.transcode.impl.PathMatcher;
import io.vgw.transcode.impl.RequestBinder;
import io.vgw.transcode.impl.RouteTable;
import io.vgw.transcode.impl.StatusException;
import java.util.HashSet;
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
  private final HeaderMapping headers;
  // Replaced live (config reload, admin API, cluster) on this handler's own event loop.
  private RouteTimeouts routeTimeouts;
  private final RouteTable routes;
  private final int wrongMethodStatus;

  /** A handler with the default header matchers and route settings. */
  public TranscodingHandler(RouteTable routes, JsonMapping json, BackendClient backend, long defaultTimeoutMillis,
      BackendCallObserver observer) {
    this(routes, json, backend, defaultTimeoutMillis, observer, new HeadersOptions(), new RoutesOptions());
  }

  /** A handler configured by the runtime's options ({@code headers}, {@code routes}, {@code timeout}). */
  public TranscodingHandler(GatewayRuntime runtime, BackendClient backend, BackendCallObserver observer) {
    this(runtime.routes(), runtime.json(), backend, runtime.options().getTimeoutMillis(), observer,
        runtime.options().getHeaders(), runtime.options().getRoutes());
  }

  /** @throws IllegalArgumentException when a route timeout names no route (see {@link RouteTimeouts#compile}) */
  public TranscodingHandler(RouteTable routes, JsonMapping json, BackendClient backend, long defaultTimeoutMillis,
      BackendCallObserver observer, HeadersOptions headers, RoutesOptions routing) {
    this.lookup = new RouteLookup(routes);
    this.json = json;
    this.binder = new RequestBinder(json, routing.isRejectUnknownQueryParameters(),
        new HashSet<>(routing.getIgnoredQueryParameters()));
    this.backend = backend;
    this.defaultTimeoutMillis = defaultTimeoutMillis;
    this.observer = observer;
    this.headers = new HeaderMapping(headers);
    this.routes = routes;
    this.routeTimeouts = RouteTimeouts.compile(routes, routing.getTimeouts());
    this.wrongMethodStatus = routing.getWrongMethodStatus();
  }

  /**
   * The per-route default deadlines ({@code routes.timeouts}), from now on; call on this handler's
   * event loop.
   *
   * @throws IllegalArgumentException when a key names no route (the deadlines in force stay)
   */
  public void setRouteTimeouts(java.util.Map<String, Long> timeouts) {
    this.routeTimeouts = RouteTimeouts.compile(routes, timeouts);
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
      ctx.fail(notMatched(ctx, match));
      return;
    }
    HttpRoute route = match.route();
    ctx.put(ROUTE_KEY, route.displayName());
    if (route.clientStreaming()) {
      ctx.fail(StatusException.of(Code.UNIMPLEMENTED, "client streaming is not supported over HTTP/JSON"));
      return;
    }
    StatusException notStrictJson = ctx.get(RequestLimits.JSON_PROBLEM);
    if (notStrictJson != null && !route.rawRequest()) {
      ctx.fail(notStrictJson);
      return;
    }
    DynamicMessage message;
    MultiMap metadata;
    long timeout;
    try {
      message = bind(ctx, route, match);
      metadata = headers.incoming(request);
      if (request.headers().getAll("grpc-timeout").size() > 1) {
        throw StatusException.invalidArgument("Grpc-Timeout given more than once");
      }
      String grpcTimeout = request.getHeader("grpc-timeout");
      timeout = grpcTimeout != null ? GrpcTimeout.parseMillis(grpcTimeout)
          : routeTimeouts.timeoutMillis(route, defaultTimeoutMillis);
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
          .onSuccess(reply -> {
            try {
              writeUnary(ctx, route, reply);
            } catch (RuntimeException e) {
              // A response the JSON mapping cannot print (an Any of an unknown type): answer it, do not hang.
              ctx.fail(e);
            }
          })
          .onFailure(ctx::fail);
    }
  }

  /** 404, or for a path that other methods serve 405 with {@code Allow} (or grpc-gateway's 501). */
  private StatusException notMatched(RoutingContext ctx, PathMatcher.Result<HttpRoute> match) {
    if (match.allowed().isEmpty()) {
      return StatusException.withHttpStatus(404, Code.NOT_FOUND, "Not Found");
    }
    if (wrongMethodStatus == 501) {
      // grpc-gateway: its routing error handler turns 405 into UNIMPLEMENTED, which maps to 501.
      return StatusException.withHttpStatus(501, Code.UNIMPLEMENTED, "Method Not Allowed");
    }
    // RFC 9110 §15.5.6: a 405 lists the methods the resource supports.
    ctx.response().putHeader("Allow", String.join(", ", match.allowed()));
    return StatusException.withHttpStatus(405, Code.UNIMPLEMENTED, "Method Not Allowed");
  }

  private DynamicMessage bind(RoutingContext ctx, HttpRoute route, PathMatcher.Result<HttpRoute> match) {
    if (route.rawRequest()) {
      // google.api.HttpBody: the bytes as they came, under their own content type; no JSON, no 415.
      byte[] raw = ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
      return binder.bindRaw(route, match.variables(), query(ctx), raw, ctx.request().getHeader("content-type"));
    }
    checkContentType(route, ctx);
    return binder.bind(route, match.variables(), query(ctx), route.body() == null ? null : ctx.body().asString());
  }

  private void writeUnary(RoutingContext ctx, HttpRoute route, BackendReply reply) {
    HttpServerResponse response = ctx.response();
    if (response.closed()) {
      return;
    }
    headers.outgoing(reply.headers(), reply.trailers(), ctx.request(), response);
    if (route.rawResponse()) {
      DynamicMessage httpBody = HttpBodies.of(route, reply.message());
      response.putHeader("content-type", HttpBodies.contentType(httpBody)).end(HttpBodies.data(httpBody));
      return;
    }
    String body = route.responseField() == null
        ? json.print(reply.message())
        : ResponseBody.field(json, reply.message(), route.responseField());
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
    HttpServerRequest request = ctx.request();
    Future<BackendReply> done = backend.serverStream(route.method(), message, metadata, timeout, cancellation,
        backendHeaders -> headers.outgoing(backendHeaders, null, request, response),
        msg -> {
          observed.received(msg.getSerializedSize());
          writeStreamed(route, response, msg);
        });
    done.andThen(ar -> observed.end(ar.cause())).onComplete(ar -> {
      if (response.closed()) {
        return;
      }
      if (ar.succeeded()) {
        if (!response.headWritten()) {
          headers.outgoing(ar.result().headers(), null, request, response);
          response.putHeader("content-type", route.rawResponse() ? HttpBodies.DEFAULT_CONTENT_TYPE : "application/json");
        }
        // The head is out: trailers go in the last chunk (HTTP/1.1) or the closing HEADERS frame (HTTP/2).
        headers.outgoing(null, ar.result().trailers(), request, response);
        response.end();
      } else if (!response.headWritten()) {
        ctx.fail(ar.cause());
      } else if (route.rawResponse()) {
        // Raw bytes have no room for an error line: cut the answer short so the client sees it is incomplete.
        response.reset();
      } else {
        StatusException e = ar.cause() instanceof StatusException se ? se
            : StatusException.of(Code.INTERNAL, "internal error");
        headers.outgoing(null, e.trailers(), request, response);
        response.end("{\"error\":" + json.print(e.status()) + "}\n");
      }
    });
  }

  /**
   * One message of a server stream: a {@code {"result":…}} line, or for {@code google.api.HttpBody}
   * its data as it is, under the content type of the first message (grpc-gateway and Envoy alike).
   */
  private void writeStreamed(HttpRoute route, HttpServerResponse response, DynamicMessage msg) {
    if (route.rawResponse()) {
      DynamicMessage httpBody = HttpBodies.of(route, msg);
      if (!response.headWritten()) {
        response.setChunked(true).putHeader("content-type", HttpBodies.contentType(httpBody));
      }
      response.write(HttpBodies.data(httpBody));
      return;
    }
    if (!response.headWritten()) {
      response.setChunked(true).putHeader("content-type", "application/json");
    }
    String item = route.responseField() == null ? json.print(msg) : ResponseBody.field(json, msg, route.responseField());
    response.write("{\"result\":" + item + "}\n");
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
