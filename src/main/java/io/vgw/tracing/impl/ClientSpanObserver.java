package io.vgw.tracing.impl;

import io.opencensus.trace.AttributeValue;
import io.opencensus.trace.MessageEvent;
import io.opencensus.trace.Span;
import io.opencensus.trace.SpanContext;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import io.vgw.http.impl.BackendCallObserver;
import io.vgw.tracing.impl.propagation.Propagation;
import io.vgw.transcode.impl.HttpRoute;
import io.vgw.transcode.impl.StatusException;
import java.util.List;
import java.util.Map;

/**
 * One CLIENT span per backend call, child of the request's server span, named like ocgrpc names
 * them ({@code pkg.Service.Method}); its context is what the backend receives, in every configured
 * out format. A request that is not traced (a health check, an untraced path) gets neither span
 * nor trace metadata; one that is traced but not sampled gets the context with the sampled flag
 * off, so the backend joins the same (unsampled) trace.
 */
final class ClientSpanObserver implements BackendCallObserver {

  private final Propagation propagation;
  private final RpcStats stats;

  /** @param stats where finished calls are counted for {@code /debug/rpcz}, or null */
  ClientSpanObserver(Propagation propagation, RpcStats stats) {
    this.propagation = propagation;
    this.stats = stats;
  }

  /** {@code /pkg.Service/Method} → {@code pkg.Service.Method}. */
  static String spanName(HttpRoute route) {
    return route.method().getService().getFullName() + "." + route.method().getName();
  }

  @Override
  public Call start(RoutingContext ctx, HttpRoute route, SocketAddress backend) {
    RequestTrace trace = RequestTrace.current();
    if (trace == null) {
      return Call.NONE;
    }
    SpanContext parent = trace.server().getContext();
    SpanFactory factory = trace.tracer().factory();
    Span span = factory.start(spanName(route), Span.Kind.CLIENT, parent.getTraceId(), TraceIds.newSpanId(),
        parent.getSpanId(), false, parent.getTraceOptions().isSampled(), parent.getTracestate(), List.of(),
        trace.timestamps()).span();
    if (parent.getTraceOptions().isSampled()) {
      span.putAttribute("grpc.method", AttributeValue.stringAttributeValue(route.fullMethodName()));
      if (backend != null) {
        span.putAttribute("backend.address", AttributeValue.stringAttributeValue(backend.host() + ":" + backend.port()));
      }
    }
    return new ObservedCall(trace, span, propagation.inject(span.getContext(), parent.getSpanId()), stats,
        route.method().getService().getFullName() + "/" + route.method().getName());
  }

  /** Runs on the request's context, like every callback of the call. */
  private static final class ObservedCall implements Call {
    private final RequestTrace trace;
    private final Span span;
    private final Map<String, String> metadata;
    private final RpcStats stats;
    private final String method;
    private final long startNanos = System.nanoTime();
    private long sent;
    private long received;
    private long sentBytes;
    private long receivedBytes;

    ObservedCall(RequestTrace trace, Span span, Map<String, String> metadata, RpcStats stats, String method) {
      this.trace = trace;
      this.span = span;
      this.metadata = metadata;
      this.stats = stats;
      this.method = method;
    }

    @Override
    public Map<String, String> metadata() {
      return metadata;
    }

    @Override
    public void sent(int bytes) {
      sentBytes += bytes;
      span.addMessageEvent(MessageEvent.builder(MessageEvent.Type.SENT, ++sent).setUncompressedMessageSize(bytes).build());
    }

    @Override
    public void received(int bytes) {
      receivedBytes += bytes;
      span.addMessageEvent(MessageEvent.builder(MessageEvent.Type.RECEIVED, ++received)
          .setUncompressedMessageSize(bytes).build());
    }

    @Override
    public void end(Throwable failure) {
      int code;
      String message;
      if (failure == null) {
        code = 0;
        message = null;
      } else if (failure instanceof StatusException se) {
        code = se.code();
        message = se.getMessage();
      } else {
        code = 2; // UNKNOWN
        message = String.valueOf(failure.getMessage());
      }
      trace.grpcStatus(code);
      span.putAttribute("grpc.status_code", AttributeValue.longAttributeValue(code));
      span.setStatus(TraceStatuses.fromGrpc(code, message));
      span.end();
      if (stats != null) {
        stats.add(new RpcStats.Call(method, code, (System.nanoTime() - startNanos) / 1e6, sentBytes, receivedBytes,
            sent, received));
      }
    }
  }
}
