package io.vgw.tracing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which requests are traced: the default sampler, and per-route rules tried in order before it
 * (first match wins). This is the part of tracing that can change while the gateway runs
 * ({@code Gateway#setSampling}, the admin API {@code PUT /admin/sampling}, a reloaded {@code -conf}
 * file, another cluster node).
 *
 * <pre>{"sampler":{"type":"probability","probability":0.01},
 *  "rules":[{"pathPrefix":"/api","sampler":{"type":"always"}}]}</pre>
 */
public class SamplingOptions {

  private SamplerOptions sampler = new SamplerOptions();
  private List<SamplingRule> rules = new ArrayList<>();

  public SamplingOptions() {
  }

  public SamplingOptions(SamplingOptions other) {
    this.sampler = new SamplerOptions(other.sampler);
    other.rules.forEach(r -> rules.add(new SamplingRule(r)));
  }

  /** @throws IllegalArgumentException naming the bad rule or sampler */
  public SamplingOptions(JsonObject json) {
    Object s = json.getValue("sampler");
    if (s instanceof JsonObject o) {
      sampler = new SamplerOptions(o);
    } else if (s instanceof String type) {
      // "sampler": "always" as a short form (handy as a flag: --tracing.sampler=always)
      sampler = new SamplerOptions(new JsonObject().put("type", type));
    } else if (s != null) {
      throw new IllegalArgumentException("sampler must be an object like {\"type\":\"always\"}: " + s);
    }
    Object r = json.getValue("rules");
    if (r instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        if (!(array.getValue(i) instanceof JsonObject rule)) {
          throw new IllegalArgumentException("rules[" + i + "] must be an object: " + array.getValue(i));
        }
        try {
          addRule(new SamplingRule(rule));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("rules[" + i + "]: " + e.getMessage(), e);
        }
      }
    } else if (r != null) {
      throw new IllegalArgumentException("rules must be a list of rule objects: " + r);
    }
  }

  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    rules.forEach(rule -> list.add(rule.toJson()));
    return new JsonObject().put("sampler", sampler.toJson()).put("rules", list);
  }

  public SamplerOptions getSampler() {
    return sampler;
  }

  /** The sampler of requests that match no rule. */
  public SamplingOptions setSampler(SamplerOptions sampler) {
    this.sampler = new SamplerOptions(Objects.requireNonNull(sampler, "sampler"));
    return this;
  }

  public List<SamplingRule> getRules() {
    return rules;
  }

  public SamplingOptions setRules(List<SamplingRule> rules) {
    this.rules = new ArrayList<>();
    rules.forEach(this::addRule);
    return this;
  }

  /** Appends a rule: it is tried after the ones already there. */
  public SamplingOptions addRule(SamplingRule rule) {
    rules.add(new SamplingRule(Objects.requireNonNull(rule, "rule")).validate());
    return this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SamplingOptions s && s.toJson().equals(toJson());
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
