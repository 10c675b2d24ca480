package io.vgw.tracing.impl;

import io.opencensus.implcore.internal.TimestampConverter;
import io.opencensus.trace.Span;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * What the tracing handler leaves on the request's Vert.x (duplicated) context: the server span,
 * and the tracer that starts children of it (client spans, users' own spans) on the same
 * timestamp base and into the same export pipeline. Router handlers and gRPC client callbacks of
 * one request run on that context, so all of them find it; it goes away with the request.
 *
 * <p>Confined to the request's context: not thread-safe.
 */
public final class RequestTrace {

  private final Span server;
  private final GatewayTracer tracer;
  private final TimestampConverter timestamps;
  // gRPC status code of the last backend call, for the server span; -1 before any
  private int grpcStatus = -1;

  RequestTrace(Span server, GatewayTracer tracer, TimestampConverter timestamps) {
    this.server = server;
    this.tracer = tracer;
    this.timestamps = timestamps;
  }

  /** The timestamp base of the request's spans (null when not sampled). */
  TimestampConverter timestamps() {
    return timestamps;
  }

  /** The request's trace on the current Vert.x context, or null outside a traced request. */
  public static RequestTrace current() {
    Context context = Vertx.currentContext();
    return context == null ? null : context.getLocal(TracingLocals.REQUEST_TRACE);
  }

  void attach(Context context) {
    context.putLocal(TracingLocals.REQUEST_TRACE, this);
  }

  public Span server() {
    return server;
  }

  /** A tracer whose spans share this request's timestamps and export pipeline. */
  public GatewayTracer tracer() {
    return tracer;
  }

  int grpcStatus() {
    return grpcStatus;
  }

  void grpcStatus(int code) {
    this.grpcStatus = code;
  }
}
