package io.vgw.tracing.impl;

import io.opencensus.trace.AttributeValue;
import io.opencensus.trace.Link;
import io.opencensus.trace.MessageEvent;
import io.opencensus.trace.Span;
import io.opencensus.trace.SpanId;
import io.opencensus.trace.Status;
import io.opencensus.trace.TraceId;
import io.opencensus.trace.Tracer;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vgw.http.impl.RouteLookup;
import io.vgw.tracing.SamplingOptions;
import io.vgw.tracing.TracingHandler;
import io.vgw.tracing.TracingOptions;
import io.vgw.tracing.impl.propagation.Propagation;
import io.vgw.tracing.impl.propagation.RemoteParent;
import io.vgw.transcode.impl.HttpRoute;
import java.util.List;

/**
 * Starts the SERVER span of each traced request, in {@code LoggerHandler}'s shape: decide first
 * whether the request is traced at all, capture the start, end in an end handler (which also runs
 * when the connection closes), then {@code next()}.
 */
final class ServerSpanHandler implements TracingHandler {

  /** Marks a request traced by a tracing handler, so that a second one (a sub-router's) skips it. */
  static final String TRACED_KEY = "vgw.traced";
  // Attribute values come from the request: bounded, so a huge URL cannot bloat every exported span.
  private static final int MAX_ATTRIBUTE = 1024;

  private final OpenCensusTracing tracing;
  private final UntracedPaths untraced;
  private final RouteLookup routes;
  private final Propagation propagation;
  private final OpenSpans open;
  private final boolean publicEndpoint;
  private final boolean nameByRoute;

  ServerSpanHandler(OpenCensusTracing tracing, TracingOptions options, UntracedPaths untraced, RouteLookup routes,
      Propagation propagation, OpenSpans open) {
    this.tracing = tracing;
    this.untraced = untraced;
    this.routes = routes;
    this.propagation = propagation;
    this.open = open;
    this.publicEndpoint = options.isPublicEndpoint();
    this.nameByRoute = options.getSpanName() == TracingOptions.SpanName.ROUTE;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (ctx.get(TRACED_KEY) != null || untraced.contains(request.path())) {
      ctx.next();
      return;
    }
    ctx.put(TRACED_KEY, Boolean.TRUE);
    String method = request.method().name();
    String path = request.path();
    HttpRoute route = routes == null ? null : routes.routeOrNull(ctx);
    String routeName = route == null ? null : route.displayName();
    String name = nameByRoute && routeName != null ? routeName : method + " " + bounded(path);

    RemoteParent remote = propagation.extract(request.headers());
    // A public endpoint does not let strangers choose the trace or force sampling: new root, linked.
    RemoteParent parent = publicEndpoint ? null : remote;
    SpanFactory factory = tracing.tracer().factory();
    TraceId traceId = parent != null ? parent.context().getTraceId() : factory.newTraceId();
    SpanId spanId = TraceIds.newSpanId();
    boolean sampled = SamplingPolicy.decide(tracing.policy().choose(method, path, routeName), parent, traceId, spanId,
        name);
    List<Link> links = publicEndpoint && remote != null && remote.hasSpan()
        ? List.of(Link.fromSpanContext(remote.context(), Link.Type.PARENT_LINKED_SPAN)) : List.of();
    SpanFactory.Started started = factory.start(name, Span.Kind.SERVER, traceId, spanId,
        parent != null && parent.hasSpan() ? parent.context().getSpanId() : null, true, sampled,
        parent == null ? null : parent.context().getTracestate(), links, null);
    Span span = started.span();
    RequestTrace trace = new RequestTrace(span, tracing.tracer().forRequest(started.timestamps()), started.timestamps());
    trace.attach(Vertx.currentContext());
    if (sampled) {
      open.opened();
      startAttributes(span, request, routeName);
      ctx.addEndHandler(ar -> end(ctx, trace, ar));
    }
    ctx.next();
  }

  private static void startAttributes(Span span, HttpServerRequest request, String routeName) {
    span.putAttribute("http.method", string(request.method().name()));
    span.putAttribute("http.path", string(request.path()));
    String url = absoluteUri(request);
    if (url != null) {
      span.putAttribute("http.url", string(url));
    }
    if (request.authority() != null) {
      span.putAttribute("http.host", string(request.authority().toString()));
    }
    String userAgent = request.getHeader("user-agent");
    if (userAgent != null) {
      span.putAttribute("http.user_agent", string(userAgent));
    }
    if (routeName != null) {
      span.putAttribute("http.route", string(routeName));
    }
    if (request.remoteAddress() != null && request.remoteAddress().host() != null) {
      span.putAttribute("http.client_ip", string(request.remoteAddress().host()));
    }
    String forwardedFor = request.getHeader("x-forwarded-for");
    if (forwardedFor != null) {
      span.putAttribute("http.x_forwarded_for", string(forwardedFor));
    }
  }

  private static String absoluteUri(HttpServerRequest request) {
    try {
      return request.absoluteURI();
    } catch (RuntimeException e) {
      return null; // a request line Vert.x cannot turn into a URI: the path attribute still says it
    }
  }

  private void end(RoutingContext ctx, RequestTrace trace, AsyncResult<Void> outcome) {
    Span span = trace.server();
    try {
      HttpServerResponse response = ctx.response();
      if (response.headWritten()) {
        span.putAttribute("http.status_code", AttributeValue.longAttributeValue(response.getStatusCode()));
      }
      if (trace.grpcStatus() >= 0) {
        span.putAttribute("grpc.status_code", AttributeValue.longAttributeValue(trace.grpcStatus()));
      }
      span.addMessageEvent(MessageEvent.builder(MessageEvent.Type.RECEIVED, 1)
          .setUncompressedMessageSize(ctx.request().bytesRead()).build());
      span.addMessageEvent(MessageEvent.builder(MessageEvent.Type.SENT, 1)
          .setUncompressedMessageSize(response.bytesWritten()).build());
      if (outcome.succeeded()) {
        span.setStatus(TraceStatuses.fromHttp(response.getStatusCode()));
      } else {
        // The connection closed (or failed) before the response was complete.
        span.setStatus(Status.CANCELLED.withDescription("the connection closed before the response was complete"));
      }
    } finally {
      span.end();
      open.closed();
    }
  }

  private static AttributeValue string(String value) {
    return AttributeValue.stringAttributeValue(bounded(value));
  }

  private static String bounded(String value) {
    return value.length() <= MAX_ATTRIBUTE ? value : value.substring(0, MAX_ATTRIBUTE) + "…";
  }

  @Override
  public void setSampling(SamplingOptions sampling) {
    tracing.setSampling(sampling);
  }

  @Override
  public SamplingOptions getSampling() {
    return tracing.sampling();
  }

  @Override
  public Tracer tracer() {
    return tracing.tracer();
  }

  @Override
  public Future<Void> idle() {
    return tracing.idle();
  }
}
