package io.vgw.tracing.impl;

import io.opencensus.trace.Sampler;
import io.opencensus.trace.SpanId;
import io.opencensus.trace.TraceId;
import io.vgw.tracing.SamplerOptions;
import io.vgw.tracing.SamplingOptions;
import io.vgw.tracing.SamplingRule;
import io.vgw.tracing.impl.propagation.RemoteParent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@link SamplingOptions} compiled for the request path: the rules in order, then the default.
 * Immutable; replaced as a whole when the settings change.
 *
 * <p>The decision for a request: the sampler of the first matching rule (or the default); if that
 * sampler is {@code never}, not sampled; else a trusted caller's sampled context keeps the trace
 * sampled; else the sampler decides.
 */
final class SamplingPolicy {

  private record Rule(String prefix, PathGlob glob, String route, Set<String> methods, Sampler sampler,
      boolean never) {

    boolean matches(String method, String path, String routeName) {
      if (!methods.isEmpty() && !methods.contains(method)) {
        return false;
      }
      if (prefix != null) {
        return path.startsWith(prefix);
      }
      if (glob != null) {
        return glob.matches(path);
      }
      return route.equals(routeName);
    }
  }

  /** What a request is sampled by. */
  record Choice(Sampler sampler, boolean never) {
  }

  private final List<Rule> rules;
  private final Choice fallback;
  private final SamplingOptions source;

  private SamplingPolicy(List<Rule> rules, Choice fallback, SamplingOptions source) {
    this.rules = rules;
    this.fallback = fallback;
    this.source = source;
  }

  /**
   * @param knownRoutes the route names a {@code route} rule may name (null: any); a rule naming
   *     another route is a mistake worth refusing rather than a rule that never matches
   * @throws IllegalArgumentException naming the rule
   */
  static SamplingPolicy compile(SamplingOptions options, Set<String> knownRoutes) {
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < options.getRules().size(); i++) {
      SamplingRule r = options.getRules().get(i);
      if (r.getRoute() != null && knownRoutes != null && !knownRoutes.contains(r.getRoute())) {
        throw new IllegalArgumentException("rules[" + i + "]: no route \"" + r.getRoute()
            + "\" (routes are named like \"GET /v1/echo/{id}\")");
      }
      PathGlob glob;
      try {
        glob = r.getPathGlob() == null ? null : PathGlob.compile(r.getPathGlob());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("rules[" + i + "]: " + e.getMessage(), e);
      }
      rules.add(new Rule(r.getPathPrefix(), glob, r.getRoute(), Set.copyOf(r.getMethods()),
          GatewaySamplers.create(r.getSampler()), r.getSampler().getType() == SamplerOptions.Type.NEVER));
    }
    SamplerOptions d = options.getSampler();
    return new SamplingPolicy(List.copyOf(rules),
        new Choice(GatewaySamplers.create(d), d.getType() == SamplerOptions.Type.NEVER), new SamplingOptions(options));
  }

  /** The sampler for a request; {@code routeName} is null when it matches no gateway route. */
  Choice choose(String method, String path, String routeName) {
    for (Rule r : rules) {
      if (r.matches(method, path, routeName)) {
        return new Choice(r.sampler(), r.never());
      }
    }
    return fallback;
  }

  /**
   * @param parent the caller's context when it is trusted, else null
   */
  static boolean decide(Choice choice, RemoteParent parent, TraceId traceId, SpanId spanId, String name) {
    if (choice.never()) {
      return false;
    }
    if (parent != null && parent.sampled()) {
      return true;
    }
    return choice.sampler().shouldSample(parent == null ? null : parent.context(), parent != null, traceId, spanId,
        name, List.of());
  }

  /** The default sampler: for requests no rule matches, and root spans of users' code. */
  Choice fallback() {
    return fallback;
  }

  /** The options this policy was compiled from. */
  SamplingOptions options() {
    return new SamplingOptions(source);
  }
}
