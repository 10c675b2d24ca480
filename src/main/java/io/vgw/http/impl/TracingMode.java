package io.vgw.http.impl;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vgw.tracing.SamplingOptions;

/**
 * One tracing system plugged into the gateway (OpenCensus, OpenTracing, none): the handler that
 * starts the server span, first on the router, and the observer of backend calls. One instance
 * serves every gateway verticle of a deployment, so both must be safe to call from several event
 * loops at once.
 */
public interface TracingMode {

  /** No tracing: every request passes untouched, no metadata is added to backend calls. */
  TracingMode NONE = new TracingMode() {
    @Override
    public Handler<RoutingContext> handler() {
      return RoutingContext::next;
    }

    @Override
    public BackendCallObserver observer() {
      return BackendCallObserver.NONE;
    }
  };

  /**
   * First handler on the gateway router: decides whether the request is traced at all (health
   * paths never are), starts the server span, puts it on the request's Vert.x context, ends it
   * when the response is done or the connection closes, and calls {@code next()}.
   */
  Handler<RoutingContext> handler();

  /** Client spans and trace-context metadata for backend calls. */
  BackendCallObserver observer();

  /**
   * Replaces the default sampler and the per-route rules, for requests that start from now on.
   *
   * @return false when this mode does not sample by vgw's rules (none; OpenTracing, whose tracer
   *     samples by its own)
   * @throws IllegalArgumentException when a rule is invalid; the sampling in force stays
   */
  default boolean setSampling(SamplingOptions sampling) {
    return false;
  }

  /** The sampling in force, or null when this mode does not sample by vgw's rules. */
  default SamplingOptions sampling() {
    return null;
  }

  /** An OpenCensus tracer exporting with the gateway's spans; one recording nothing by default. */
  default io.opencensus.trace.Tracer tracer() {
    return io.vgw.tracing.impl.NoopTracer.INSTANCE;
  }

  /** Adds this mode's pages to the admin listener's router (OpenCensus: the zPages). */
  default void mountAdmin(io.vertx.core.Vertx vertx, io.vertx.ext.web.Router router) {
  }

  /**
   * Completes once no request span is open any more (all ended): the export pipeline waits for it
   * on undeploy, so spans of requests answered during a graceful shutdown are exported too.
   */
  default Future<Void> idle() {
    return Future.succeededFuture();
  }

  /** Releases what the mode holds (a tracer's reporter, …); called once, on undeploy. */
  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
