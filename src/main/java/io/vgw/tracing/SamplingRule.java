package io.vgw.tracing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A per-request sampling rule (grpc-gateway's {@code GetStartOptions}, as configuration): requests
 * it matches are sampled by its {@link #getSampler() sampler}. Rules are tried in order and the
 * first match wins; a request that matches no rule uses the default sampler.
 *
 * <p>A rule matches by exactly one of: a path prefix ({@code "/api"} matches {@code /api},
 * {@code /api/x} and {@code /apix}, as Go's {@code strings.HasPrefix}), a path glob ({@code *} one
 * segment, {@code **} any number of segments), or a route template as the gateway names it
 * ({@code "GET /v1/echo/{id}"}); optionally restricted to some HTTP methods.
 *
 * <pre>{"pathPrefix":"/api","methods":["GET"],"sampler":{"type":"always"}}</pre>
 */
public class SamplingRule {

  private String pathPrefix;
  private String pathGlob;
  private String route;
  private Set<String> methods = new LinkedHashSet<>();
  private SamplerOptions sampler = SamplerOptions.always();

  public SamplingRule() {
  }

  public SamplingRule(SamplingRule other) {
    this.pathPrefix = other.pathPrefix;
    this.pathGlob = other.pathGlob;
    this.route = other.route;
    this.methods = new LinkedHashSet<>(other.methods);
    this.sampler = new SamplerOptions(other.sampler);
  }

  /** @throws IllegalArgumentException when the rule has no matcher, several, or a bad sampler */
  public SamplingRule(JsonObject json) {
    if (json.getValue("pathPrefix") != null) {
      setPathPrefix(string(json, "pathPrefix"));
    }
    if (json.getValue("pathGlob") != null) {
      setPathGlob(string(json, "pathGlob"));
    }
    if (json.getValue("route") != null) {
      setRoute(string(json, "route"));
    }
    Object m = json.getValue("methods");
    if (m instanceof JsonArray array) {
      array.forEach(x -> addMethod(String.valueOf(x)));
    } else if (m instanceof String s) {
      for (String x : s.split(",")) {
        addMethod(x);
      }
    } else if (m != null) {
      throw new IllegalArgumentException("sampling rule: \"methods\" must be a list of HTTP methods: " + json.encode());
    }
    if (!(json.getValue("sampler") instanceof JsonObject s)) {
      throw new IllegalArgumentException("sampling rule without a \"sampler\" object: " + json.encode());
    }
    setSampler(new SamplerOptions(s));
    validate();
  }

  private static String string(JsonObject json, String key) {
    if (!(json.getValue(key) instanceof String s)) {
      throw new IllegalArgumentException("sampling rule: \"" + key + "\" must be a string: " + json.encode());
    }
    return s;
  }

  /** Matches a path prefix. */
  public static SamplingRule pathPrefix(String prefix, SamplerOptions sampler) {
    return new SamplingRule().setPathPrefix(prefix).setSampler(sampler);
  }

  /** Matches a path glob. */
  public static SamplingRule pathGlob(String glob, SamplerOptions sampler) {
    return new SamplingRule().setPathGlob(glob).setSampler(sampler);
  }

  /** Matches a route template, {@code "GET /v1/echo/{id}"}. */
  public static SamplingRule route(String route, SamplerOptions sampler) {
    return new SamplingRule().setRoute(route).setSampler(sampler);
  }

  /**
   * Checks that exactly one matcher is set.
   *
   * @throws IllegalArgumentException naming the fields
   */
  public SamplingRule validate() {
    int n = (pathPrefix != null ? 1 : 0) + (pathGlob != null ? 1 : 0) + (route != null ? 1 : 0);
    if (n != 1) {
      throw new IllegalArgumentException("sampling rule needs exactly one of pathPrefix, pathGlob, route: " + this);
    }
    return this;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    if (pathPrefix != null) {
      json.put("pathPrefix", pathPrefix);
    }
    if (pathGlob != null) {
      json.put("pathGlob", pathGlob);
    }
    if (route != null) {
      json.put("route", route);
    }
    if (!methods.isEmpty()) {
      json.put("methods", new JsonArray(new ArrayList<>(methods)));
    }
    return json.put("sampler", sampler.toJson());
  }

  public String getPathPrefix() {
    return pathPrefix;
  }

  /** @throws IllegalArgumentException unless it starts with {@code /} */
  public SamplingRule setPathPrefix(String pathPrefix) {
    this.pathPrefix = path(pathPrefix, "pathPrefix");
    return this;
  }

  public String getPathGlob() {
    return pathGlob;
  }

  /** @throws IllegalArgumentException unless it starts with {@code /} */
  public SamplingRule setPathGlob(String pathGlob) {
    this.pathGlob = path(pathGlob, "pathGlob");
    return this;
  }

  public String getRoute() {
    return route;
  }

  /** @param route {@code "<METHOD> <template>"}, as in span names: {@code "GET /v1/echo/{id}"} */
  public SamplingRule setRoute(String route) {
    if (route == null || !route.trim().matches("[A-Za-z]+ /.*")) {
      throw new IllegalArgumentException("sampling rule: route must read \"<METHOD> /template\": " + route);
    }
    String[] parts = route.trim().split(" ", 2);
    this.route = parts[0].toUpperCase(Locale.ROOT) + " " + parts[1].trim();
    return this;
  }

  private static String path(String p, String key) {
    if (p == null || !p.startsWith("/")) {
      throw new IllegalArgumentException("sampling rule: " + key + " must start with '/': " + p);
    }
    return p;
  }

  public Set<String> getMethods() {
    return methods;
  }

  /** Restricts the rule to an HTTP method (several calls: any of them); none = every method. */
  public SamplingRule addMethod(String method) {
    String m = method == null ? "" : method.trim().toUpperCase(Locale.ROOT);
    if (!m.matches("[A-Z]+")) {
      throw new IllegalArgumentException("sampling rule: not an HTTP method: " + method);
    }
    methods.add(m);
    return this;
  }

  public SamplerOptions getSampler() {
    return sampler;
  }

  public SamplingRule setSampler(SamplerOptions sampler) {
    this.sampler = new SamplerOptions(Objects.requireNonNull(sampler, "sampler"));
    return this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SamplingRule r && r.toJson().equals(toJson());
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
