package io.vgw.tracing.impl;

import io.opencensus.trace.Sampler;
import io.vertx.core.Future;
import io.vgw.http.impl.BackendCallObserver;
import io.vgw.http.impl.RouteLookup;
import io.vgw.http.impl.TracingMode;
import io.vgw.impl.GatewayRuntime;
import io.vgw.tracing.SamplingOptions;
import io.vgw.tracing.SpanSink;
import io.vgw.tracing.TracingHandler;
import io.vgw.tracing.TracingOptions;
import io.vgw.tracing.impl.propagation.Propagation;
import io.vgw.transcode.impl.HttpRoute;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The OpenCensus tracing mode: one {@link ServerSpanHandler} first on every router of a gateway,
 * one {@link ClientSpanObserver} for its backend calls, one span factory feeding the export
 * pipeline, and the sampling policy they share (replaced atomically when settings change).
 */
public final class OpenCensusTracing implements TracingMode {

  private final AtomicReference<SamplingPolicy> policy;
  private final Set<String> knownRoutes;
  private final GatewayTracer tracer;
  private final OpenSpans open = new OpenSpans();
  private final ServerSpanHandler handler;
  private final ClientSpanObserver observer;
  private final RpcStats rpcStats;

  private OpenCensusTracing(TracingOptions options, SpanSink sink, UntracedPaths untraced, RouteLookup routes,
      Set<String> knownRoutes, boolean zpages) {
    this.knownRoutes = knownRoutes;
    this.policy = new AtomicReference<>(SamplingPolicy.compile(options.getSampling(), knownRoutes));
    Set<String> spanNames = new LinkedHashSet<>(knownRoutes == null ? Set.of() : knownRoutes);
    SpanFactory factory = new SpanFactory(sink, zpages ? ZPagesStores.inProcess(spanNames) : ZPagesStores.NONE);
    this.tracer = new GatewayTracer(factory, this::defaultSampler, null);
    Propagation propagation = Propagation.of(options);
    this.handler = new ServerSpanHandler(this, options, untraced, routes, propagation, open);
    this.rpcStats = zpages ? new RpcStats() : null;
    this.observer = new ClientSpanObserver(propagation, rpcStats);
  }

  /**
   * The gateway's tracing: span names and {@code route} rules from its route table; zPages fed.
   *
   * @throws IllegalArgumentException when a sampling rule is invalid
   */
  public static OpenCensusTracing create(GatewayRuntime runtime, SpanSink sink) {
    Set<String> routes = new LinkedHashSet<>();
    for (HttpRoute r : runtime.routes().routes()) {
      routes.add(r.displayName());
      routes.add(ClientSpanObserver.spanName(r));
    }
    // zPages live on the admin listener: without it nobody could read them, so they are not fed.
    boolean zpages = runtime.options().getTracing().isZPages() && runtime.options().getAdmin().isEnabled();
    return new OpenCensusTracing(runtime.options().getTracing(), sink, UntracedPaths.of(runtime.options()),
        new RouteLookup(runtime.routes()), routes, zpages);
  }

  /** A tracing handler on its own, for any router (no gateway routes, no zPages). */
  public static OpenCensusTracing standalone(TracingOptions options, SpanSink sink) {
    return new OpenCensusTracing(options, sink, UntracedPaths.of(options), null, null, false);
  }

  @Override
  public TracingHandler handler() {
    return handler;
  }

  @Override
  public BackendCallObserver observer() {
    return observer;
  }

  @Override
  public void mountAdmin(io.vertx.core.Vertx vertx, io.vertx.ext.web.Router router) {
    if (rpcStats != null) {
      ZPages.mount(vertx, router, rpcStats);
    }
  }

  @Override
  public Future<Void> idle() {
    return open.idle();
  }

  /** @throws IllegalArgumentException when a rule is invalid; the policy in force stays */
  @Override
  public boolean setSampling(SamplingOptions sampling) {
    policy.set(SamplingPolicy.compile(sampling, knownRoutes));
    return true;
  }

  @Override
  public SamplingOptions sampling() {
    return policy.get().options();
  }

  SamplingPolicy policy() {
    return policy.get();
  }

  @Override
  public GatewayTracer tracer() {
    return tracer;
  }

  private Sampler defaultSampler() {
    return policy.get().fallback().sampler();
  }
}
