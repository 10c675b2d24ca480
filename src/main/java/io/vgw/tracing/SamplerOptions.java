package io.vgw.tracing;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Objects;

/**
 * One sampling decision rule for new traces: {@code always}, {@code never}, {@code probability}
 * (a fraction of traces, 0..1) or {@code ratelimited} (at most N new traces per second per gateway
 * instance, X-Ray's reservoir; OpenCensus has no such sampler).
 *
 * <pre>{"type":"probability","probability":0.01}   {"type":"ratelimited","perSecond":10}</pre>
 *
 * <p>A request whose caller sent a sampled trace context stays sampled unless the sampler is
 * {@code never}; otherwise the sampler decides (OpenCensus's semantics).
 */
public class SamplerOptions {

  /** The kinds of sampler. */
  public enum Type { ALWAYS, NEVER, PROBABILITY, RATELIMITED }

  /**
   * The gateway's default sampler: at most 10 new traces per second per instance. Every request of
   * a quiet gateway (a developer's curl) is traced, and a busy one costs a bounded amount; the
   * OpenCensus default of 1 in 10 000 looks like "tracing is broken" to most users.
   */
  public static final double DEFAULT_PER_SECOND = 10;

  private Type type = Type.RATELIMITED;
  private double probability = 1.0;
  private double perSecond = DEFAULT_PER_SECOND;

  public SamplerOptions() {
  }

  public SamplerOptions(SamplerOptions other) {
    this.type = other.type;
    this.probability = other.probability;
    this.perSecond = other.perSecond;
  }

  /**
   * @throws IllegalArgumentException for an unknown type or a value out of range
   */
  public SamplerOptions(JsonObject json) {
    Object t = json.getValue("type");
    if (!(t instanceof String s)) {
      throw new IllegalArgumentException("sampler needs a \"type\" (always, never, probability, ratelimited): "
          + json.encode());
    }
    setType(parseType(s));
    if (type == Type.PROBABILITY) {
      setProbability(number(json, "probability", null));
    }
    if (type == Type.RATELIMITED) {
      setPerSecond(number(json, "perSecond", DEFAULT_PER_SECOND));
    }
  }

  /** A number, or text holding one (from a flag or an environment variable). */
  private static double number(JsonObject json, String key, Double fallback) {
    Object v = json.getValue(key);
    if (v == null && fallback != null) {
      return fallback;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(String.valueOf(v).trim());
    } catch (NumberFormatException | NullPointerException e) {
      throw new IllegalArgumentException("sampler " + json.getString("type") + " needs a number \"" + key + "\": "
          + json.encode());
    }
  }

  public static SamplerOptions always() {
    return new SamplerOptions().setType(Type.ALWAYS);
  }

  public static SamplerOptions never() {
    return new SamplerOptions().setType(Type.NEVER);
  }

  public static SamplerOptions probability(double probability) {
    return new SamplerOptions().setType(Type.PROBABILITY).setProbability(probability);
  }

  public static SamplerOptions rateLimited(double perSecond) {
    return new SamplerOptions().setType(Type.RATELIMITED).setPerSecond(perSecond);
  }

  private static Type parseType(String s) {
    try {
      return Type.valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown sampler type \"" + s
          + "\"; want always, never, probability or ratelimited");
    }
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("type", type.name().toLowerCase(Locale.ROOT));
    if (type == Type.PROBABILITY) {
      json.put("probability", probability);
    } else if (type == Type.RATELIMITED) {
      json.put("perSecond", perSecond);
    }
    return json;
  }

  public Type getType() {
    return type;
  }

  public SamplerOptions setType(Type type) {
    this.type = Objects.requireNonNull(type, "type");
    return this;
  }

  public double getProbability() {
    return probability;
  }

  /** @throws IllegalArgumentException unless 0 ≤ probability ≤ 1 */
  public SamplerOptions setProbability(double probability) {
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException("sampler probability must be in 0..1: " + probability);
    }
    this.probability = probability;
    return this;
  }

  public double getPerSecond() {
    return perSecond;
  }

  /** @throws IllegalArgumentException unless perSecond > 0 (use {@code never} for none) */
  public SamplerOptions setPerSecond(double perSecond) {
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException("sampler perSecond must be > 0: " + perSecond);
    }
    this.perSecond = perSecond;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SamplerOptions s && s.toJson().equals(toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  @Override
  public String toString() {
    return toJson().encode();
  }
}
