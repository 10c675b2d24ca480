package io.vgw.tracing.opentracing.impl;

import com.google.rpc.Code;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.log.Fields;
import io.opentracing.propagation.Format;
import io.opentracing.tag.Tags;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.spi.context.storage.AccessMode;
import io.vertx.ext.web.RoutingContext;
import io.vertx.tracing.opentracing.OpenTracingTracerFactory;
import io.vgw.http.impl.TranscodingHandler;
import io.vgw.tracing.OpenTracingOptions.OperationName;
import io.vgw.tracing.impl.OpenSpans;
import io.vgw.tracing.impl.UntracedPaths;
import io.vgw.transcode.impl.StatusException;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * grpc-gateway's OpenTracing wrapper as a Vert.x handler: the parent from the HTTP headers in the
 * tracer's own format, a {@code ServeHTTP} server span tagged {@code component=grpc-gateway}, put
 * where vertx-opentracing keeps the active span of a Vert.x context, finished when the response ends
 * or the connection closes.
 */
final class ServerSpanHandler implements Handler<RoutingContext> {

  /** The server span on the routing context, for the backend calls of the request. */
  static final String SPAN_KEY = "vgw.opentracing.span";
  /**
   * Set by the first tracing handler a request meets: embedded, a user's root router and the
   * gateway's sub-router both have one, and the request is traced once.
   */
  static final String HANDLED_KEY = "vgw.tracing.handled";
  static final String OPERATION = "ServeHTTP";
  static final String COMPONENT = "grpc-gateway";

  private static final System.Logger LOG = System.getLogger(ServerSpanHandler.class.getName());

  private final Tracer tracer;
  private final UntracedPaths untraced;
  private final OperationName naming;
  private final OpenSpans open;

  ServerSpanHandler(Tracer tracer, UntracedPaths untraced, OperationName naming, OpenSpans open) {
    this.tracer = tracer;
    this.untraced = untraced;
    this.naming = naming;
    this.open = open;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.get(HANDLED_KEY) != null) {
      ctx.next();
      return;
    }
    ctx.put(HANDLED_KEY, Boolean.TRUE);
    HttpServerRequest request = ctx.request();
    if (untraced.contains(request.path())) {
      ctx.next();
      return;
    }
    SpanContext parent;
    try {
      // null: no context in the headers (Go's ErrSpanContextNotFound), a root span then.
      parent = tracer.extract(Format.Builtin.HTTP_HEADERS, Carriers.headers(request.headers()));
    } catch (RuntimeException e) {
      // As the seed's wrapper: a context that is there but unreadable leaves the request untraced.
      // Only the exception's type: its message may quote the header, which a stranger wrote.
      LOG.log(Level.DEBUG, "trace context in the request headers unreadable, request not traced ("
          + e.getClass().getName() + ")");
      ctx.next();
      return;
    }
    Tracer.SpanBuilder builder = tracer.buildSpan(OPERATION)
        // No thread-local "active span" on an event loop means anything here: the parent is explicit.
        .ignoreActiveSpan()
        .withTag(Tags.SPAN_KIND.getKey(), Tags.SPAN_KIND_SERVER)
        .withTag(Tags.COMPONENT.getKey(), COMPONENT)
        .withTag(Tags.HTTP_METHOD.getKey(), request.method().name())
        .withTag(Tags.HTTP_URL.getKey(), url(request));
    if (parent != null) {
      builder.asChildOf(parent);
    }
    Span span = builder.start();
    open.opened();
    ctx.put(SPAN_KEY, span);
    ContextInternal context = ContextInternal.current();
    if (context != null) {
      // vertx-opentracing's own place: Vert.x's HTTP and gRPC clients take it as their parent.
      context.putLocal(OpenTracingTracerFactory.ACTIVE_SPAN, AccessMode.CONCURRENT, span);
    }
    ctx.addEndHandler(ar -> finish(ctx, span, ar, context));
    ctx.next();
  }

  private void finish(RoutingContext ctx, Span span, AsyncResult<Void> ended, ContextInternal context) {
    try {
      if (naming == OperationName.ROUTE && ctx.get(TranscodingHandler.ROUTE_KEY) instanceof String route) {
        span.setOperationName(route);
      }
      HttpServerResponse response = ctx.response();
      if (ended.succeeded() || response.headWritten()) {
        int status = response.getStatusCode();
        Tags.HTTP_STATUS.set(span, status);
        if (status >= 500) {
          Tags.ERROR.set(span, true);
          span.log(errorLog(ctx.failure(), "HTTP " + status));
        }
      }
      if (ended.failed()) {
        span.log(Map.of(Fields.EVENT, "cancelled", Fields.MESSAGE, "the connection closed before the response ended"));
      }
    } finally {
      span.finish();
      open.closed();
      if (context != null && context.getLocal(OpenTracingTracerFactory.ACTIVE_SPAN, AccessMode.CONCURRENT) == span) {
        context.removeLocal(OpenTracingTracerFactory.ACTIVE_SPAN, AccessMode.CONCURRENT);
      }
    }
  }

  /** OpenTracing's error log: event, message and, for a gRPC failure, its code as the kind. */
  static Map<String, Object> errorLog(Throwable failure, String fallbackMessage) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(Fields.EVENT, "error");
    String message = failure == null ? null : failure.getMessage();
    fields.put(Fields.MESSAGE, message == null ? fallbackMessage : message);
    if (failure instanceof StatusException se) {
      Code code = Code.forNumber(se.code());
      fields.put(Fields.ERROR_KIND, code == null ? String.valueOf(se.code()) : code.name());
    } else if (failure != null) {
      fields.put(Fields.ERROR_KIND, failure.getClass().getSimpleName());
    }
    return fields;
  }

  /** The request URL as received; the path and query when the absolute form cannot be made. */
  private static String url(HttpServerRequest request) {
    try {
      String absolute = request.absoluteURI();
      return absolute != null ? absolute : request.uri();
    } catch (RuntimeException e) {
      return request.uri();
    }
  }
}
