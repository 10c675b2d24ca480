package io.vgw.tracing.impl;

import io.opencensus.trace.Sampler;
import io.opencensus.trace.samplers.Samplers;
import io.opencensus.trace.Span;
import io.opencensus.trace.SpanContext;
import io.opencensus.trace.SpanId;
import io.opencensus.trace.TraceId;
import io.vgw.tracing.SamplerOptions;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The samplers {@link SamplerOptions} names, as OpenCensus {@link Sampler}s. They decide for new
 * traces only: whether a caller's sampled context is honoured is {@link SamplingPolicy}'s call.
 */
public final class GatewaySamplers {

  private GatewaySamplers() {
  }

  public static Sampler create(SamplerOptions options) {
    return switch (options.getType()) {
      case ALWAYS -> Samplers.alwaysSample();
      case NEVER -> Samplers.neverSample();
      case PROBABILITY -> new TraceIdRatio(options.getProbability());
      case RATELIMITED -> new RateLimited(options.getPerSecond());
    };
  }

  /**
   * A fraction of traces, decided by the trace id's random lower 8 bytes: every process that sees
   * the same trace decides the same way.
   */
  static final class TraceIdRatio extends Sampler {
    private final double probability;
    private final long upperBound;

    TraceIdRatio(double probability) {
      this.probability = probability;
      this.upperBound = probability >= 1 ? Long.MAX_VALUE : (long) (probability * Long.MAX_VALUE);
    }

    @Override
    public boolean shouldSample(SpanContext parent, Boolean hasRemoteParent, TraceId traceId, SpanId spanId,
        String name, List<Span> parentLinks) {
      if (probability >= 1) {
        return true;
      }
      // Not TraceId.getLowerLong(): despite its name it reads the first 8 bytes, which in vgw's
      // (and X-Ray's) ids start with the epoch seconds, so OpenCensus's own probability sampler
      // samples almost nothing here. The last 8 bytes are random.
      long lower = lowerLong(traceId);
      // Long.MIN_VALUE has no positive counterpart: count it as the largest value.
      long magnitude = lower == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(lower);
      return magnitude < upperBound;
    }

    @Override
    public String getDescription() {
      return "probability(" + probability + ")";
    }

    private static long lowerLong(TraceId traceId) {
      byte[] b = traceId.getBytes();
      long v = 0;
      for (int i = 8; i < 16; i++) {
        v = (v << 8) | (b[i] & 0xff);
      }
      return v;
    }
  }

  /**
   * At most {@code perSecond} new traces per second, with bursts of one second's worth (at least
   * one): the generic cell rate algorithm on one atomic "theoretical arrival time", so every event
   * loop shares the budget without a lock.
   */
  static final class RateLimited extends Sampler {
    private final double perSecond;
    private final long intervalNanos;
    private final long burstNanos;
    private final AtomicLong tat = new AtomicLong(Long.MIN_VALUE);

    RateLimited(double perSecond) {
      this.perSecond = perSecond;
      this.intervalNanos = Math.max(1, (long) (1_000_000_000L / perSecond));
      this.burstNanos = Math.max(intervalNanos, 1_000_000_000L) - intervalNanos;
    }

    @Override
    public boolean shouldSample(SpanContext parent, Boolean hasRemoteParent, TraceId traceId, SpanId spanId,
        String name, List<Span> parentLinks) {
      long now = System.nanoTime();
      while (true) {
        long current = tat.get();
        long base = current == Long.MIN_VALUE || current < now ? now : current;
        if (base - now > burstNanos) {
          return false;
        }
        if (tat.compareAndSet(current, base + intervalNanos)) {
          return true;
        }
      }
    }

    @Override
    public String getDescription() {
      return "ratelimited(" + perSecond + "/s)";
    }
  }
}
