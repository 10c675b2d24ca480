package io.vgw.tracing.opentracing.impl;

import io.vgw.tracing.impl.OpenSpans;
import com.google.rpc.Code;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.opentracing.propagation.Format;
import io.opentracing.tag.Tags;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import io.vertx.tracing.opentracing.OpenTracingTracerFactory;
import io.vgw.http.impl.BackendCallObserver;
import io.vgw.transcode.impl.HttpRoute;
import io.vgw.transcode.impl.StatusException;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * grpc-gateway's {@code grpc_opentracing.UnaryClientInterceptor}: one client span per backend call,
 * named {@code /pkg.Service/Method}, tagged {@code component=gRPC} and with its gRPC status, its
 * context injected into the call's metadata with the tracer's own {@code inject}.
 */
final class ClientSpanObserver implements BackendCallObserver {

  static final String COMPONENT = "gRPC";
  /** The gRPC status code by name ({@code OK}, {@code NOT_FOUND}…), as Brave's gRPC instrumentation tags it. */
  static final String STATUS_TAG = "grpc.status_code";

  private static final System.Logger LOG = System.getLogger(ClientSpanObserver.class.getName());

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final Tracer tracer;
  private final OpenSpans open;

  ClientSpanObserver(Tracer tracer, OpenSpans open) {
    this.tracer = tracer;
    this.open = open;
  }

  @Override
  public Call start(RoutingContext ctx, HttpRoute route, SocketAddress backend) {
    Span parent = parent(ctx);
    if (parent == null) {
      // An untraced request (untraced path, unreadable caller context) makes no root spans either.
      return Call.NONE;
    }
    Tracer.SpanBuilder builder = tracer.buildSpan(route.fullMethodName())
        .ignoreActiveSpan()
        .asChildOf(parent)
        .withTag(Tags.SPAN_KIND.getKey(), Tags.SPAN_KIND_CLIENT)
        .withTag(Tags.COMPONENT.getKey(), COMPONENT);
    if (backend != null) {
      builder.withTag(peerHostTag(backend.host()), backend.host()).withTag(Tags.PEER_PORT.getKey(), backend.port());
    }
    Span span = builder.start();
    open.opened();
    Map<String, String> metadata = new LinkedHashMap<>();
    try {
      tracer.inject(span.context(), Format.Builtin.HTTP_HEADERS, Carriers.metadata(metadata));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the tracer could not inject its context into the backend call: " + e);
      metadata.clear();
    }
    return new ClientCall(span, Map.copyOf(metadata));
  }

  /** An address literal goes in the tag tracers read as the remote endpoint (Zipkin's remoteEndpoint). */
  static String peerHostTag(String host) {
    if (host.indexOf(':') >= 0) {
      return Tags.PEER_HOST_IPV6.getKey();
    }
    return IPV4.matcher(host).matches() ? Tags.PEER_HOST_IPV4.getKey() : Tags.PEER_HOSTNAME.getKey();
  }

  /** The request's server span: ours, else whatever span vertx-opentracing has on the context. */
  private static Span parent(RoutingContext ctx) {
    if (ctx.get(ServerSpanHandler.SPAN_KEY) instanceof Span span) {
      return span;
    }
    ContextInternal context = ContextInternal.current();
    return context == null ? null : context.getLocal(OpenTracingTracerFactory.ACTIVE_SPAN);
  }

  private final class ClientCall implements Call {
    private final Span span;
    private final Map<String, String> metadata;
    private boolean ended;

    ClientCall(Span span, Map<String, String> metadata) {
      this.span = span;
      this.metadata = metadata;
    }

    @Override
    public Map<String, String> metadata() {
      return metadata;
    }

    @Override
    public void end(Throwable failure) {
      if (ended) {
        return;
      }
      ended = true;
      Code code = code(failure);
      span.setTag(STATUS_TAG, code.name());
      if (code != Code.OK) {
        Tags.ERROR.set(span, true);
        span.log(ServerSpanHandler.errorLog(failure, code.name()));
      }
      span.finish();
      open.closed();
    }
  }

  static Code code(Throwable failure) {
    if (failure == null) {
      return Code.OK;
    }
    if (failure instanceof StatusException se) {
      Code code = Code.forNumber(se.code());
      return code == null ? Code.UNKNOWN : code;
    }
    return Code.UNKNOWN;
  }
}
