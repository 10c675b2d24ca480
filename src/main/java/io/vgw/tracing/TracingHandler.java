package io.vgw.tracing;

import io.opencensus.trace.Tracer;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vgw.tracing.impl.OpenCensusTracing;

/**
 * The OpenCensus tracing handler (ochttp's {@code Handler}, the Vert.x way), usable on any
 * vertx-web {@link io.vertx.ext.web.Router} without the rest of vgw: put it first on the router.
 *
 * <pre>{@code
 * SpanExportVerticle export = new SpanExportVerticle(exportOptions);
 * TracingHandler tracing = TracingHandler.create(tracingOptions, export.sink());
 * export.awaitOnStop(tracing::idle);
 * vertx.deployVerticle(export, SpanExportVerticle.deploymentOptions());
 * router.route().handler(tracing);
 * }</pre>
 *
 * <p>For each request it first decides whether it is traced at all (health paths and
 * {@link TracingOptions#getUntracedPaths()} never are, and a request an outer tracing handler
 * already traces is not traced twice), reads the caller's trace context, picks the sampler of the
 * first matching rule, starts one SERVER span, puts it on the request's Vert.x context (where
 * {@link Spans#current()} finds it, in later handlers and callbacks alike), and calls
 * {@code next()}. The span ends when the response is written or the connection closes; sampled
 * spans go to the {@link SpanSink}. It never fails a request: a malformed trace header starts a
 * new trace.
 *
 * <p>Thread-safe: one instance may serve every event loop.
 */
public interface TracingHandler extends Handler<RoutingContext> {

  /**
   * @throws IllegalArgumentException when the options hold an invalid rule
   */
  static TracingHandler create(TracingOptions options, SpanSink sink) {
    return OpenCensusTracing.standalone(options, sink).handler();
  }

  /**
   * Replaces the default sampler and the rules, for requests that start from now on.
   *
   * @throws IllegalArgumentException when a rule is invalid (nothing changes then)
   */
  void setSampling(SamplingOptions sampling);

  /** The sampling in force. */
  SamplingOptions getSampling();

  /** A tracer for spans of your own, exported with the handler's (see {@link Spans}). */
  Tracer tracer();

  /** Completes once no sampled request span is open (all ended). */
  Future<Void> idle();
}
