package io.vgw.tracing.impl;

import io.opencensus.implcore.internal.TimestampConverter;
import io.opencensus.trace.Link;
import io.opencensus.trace.Sampler;
import io.opencensus.trace.Span;
import io.opencensus.trace.SpanBuilder;
import io.opencensus.trace.SpanContext;
import io.opencensus.trace.SpanId;
import io.opencensus.trace.TraceId;
import io.opencensus.trace.Tracer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * An OpenCensus {@link Tracer} whose spans go to vgw's export pipeline: the one users' code gets
 * to start spans of its own (the seed's {@code trace.StartSpan(ctx, name, trace.WithSampler(…))}).
 *
 * <p>Sampling of a span built here: the builder's own sampler when one is set
 * ({@link SpanBuilder#setSampler}: the per-span sampler, which may sample a child of an unsampled
 * parent, or not sample a child of a sampled one); else the parent's decision; a root span without
 * a sampler is sampled by the gateway's default sampler.
 *
 * <p>Thread-safe; {@link Tracer#spanBuilder(String)} takes the parent from OpenCensus's own
 * (gRPC-context) current span, which Vert.x code does not set: use {@code io.vgw.tracing.Spans}
 * or {@link #spanBuilderWithExplicitParent} instead.
 */
public final class GatewayTracer extends Tracer {

  private final SpanFactory factory;
  private final Supplier<Sampler> rootSampler;
  private final TimestampConverter timestamps;

  GatewayTracer(SpanFactory factory, Supplier<Sampler> rootSampler, TimestampConverter timestamps) {
    this.factory = factory;
    this.rootSampler = rootSampler;
    this.timestamps = timestamps;
  }

  /** This tracer, with the timestamp base of one request. */
  GatewayTracer forRequest(TimestampConverter requestTimestamps) {
    return new GatewayTracer(factory, rootSampler, requestTimestamps);
  }

  SpanFactory factory() {
    return factory;
  }

  @Override
  public SpanBuilder spanBuilderWithExplicitParent(String spanName, Span parent) {
    SpanContext context = parent == null ? null : parent.getContext();
    return new Builder(spanName, context != null && context.isValid() ? context : null, false);
  }

  @Override
  public SpanBuilder spanBuilderWithRemoteParent(String spanName, SpanContext remoteParentSpanContext) {
    SpanContext context = remoteParentSpanContext;
    return new Builder(spanName, context != null && context.isValid() ? context : null, true);
  }

  private final class Builder extends SpanBuilder {
    private final String name;
    private final SpanContext parent;
    private final boolean remote;
    private Sampler sampler;
    private List<Span> parentLinks = List.of();
    private Span.Kind kind;

    Builder(String name, SpanContext parent, boolean remote) {
      this.name = name;
      this.parent = parent;
      this.remote = remote;
    }

    @Override
    public SpanBuilder setSampler(Sampler sampler) {
      this.sampler = sampler;
      return this;
    }

    @Override
    public SpanBuilder setParentLinks(List<Span> parentLinks) {
      this.parentLinks = parentLinks == null ? List.of() : List.copyOf(parentLinks);
      return this;
    }

    /** Recording without sampling (for local stores only) is not offered: a span records iff sampled. */
    @Override
    public SpanBuilder setRecordEvents(boolean recordEvents) {
      return this;
    }

    @Override
    public SpanBuilder setSpanKind(Span.Kind kind) {
      this.kind = kind;
      return this;
    }

    @Override
    public Span startSpan() {
      TraceId traceId = parent != null ? parent.getTraceId() : factory.newTraceId();
      SpanId spanId = TraceIds.newSpanId();
      boolean sampled;
      if (sampler != null) {
        sampled = sampler.shouldSample(parent, parent == null ? null : remote, traceId, spanId, name, parentLinks);
      } else if (parent != null) {
        sampled = parent.getTraceOptions().isSampled();
      } else {
        sampled = rootSampler.get().shouldSample(null, null, traceId, spanId, name, parentLinks);
      }
      List<Link> links = new ArrayList<>();
      for (Span linked : parentLinks) {
        links.add(Link.fromSpanContext(linked.getContext(), Link.Type.PARENT_LINKED_SPAN));
      }
      return factory.start(name, kind, traceId, spanId, parent == null ? null : parent.getSpanId(), remote, sampled,
          parent == null ? null : parent.getTracestate(), links, remote ? null : timestamps).span();
    }
  }
}
