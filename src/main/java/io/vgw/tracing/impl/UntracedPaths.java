package io.vgw.tracing.impl;

import io.vgw.GatewayOptions;
import io.vgw.tracing.TracingOptions;
import java.util.HashSet;
import java.util.Set;

/**
 * The request paths no tracing mode ever traces: the health endpoints (built in, and wherever the
 * configuration moved them) and the configured {@code tracing.untracedPaths}. Exact matches.
 */
public final class UntracedPaths {

  private final Set<String> paths;

  private UntracedPaths(Set<String> paths) {
    this.paths = Set.copyOf(paths);
  }

  public static UntracedPaths of(GatewayOptions options) {
    Set<String> all = new HashSet<>(of(options.getTracing()).paths);
    all.addAll(options.getHealth().paths());
    return new UntracedPaths(all);
  }

  /** The built-in health paths and the configured ones (a tracing handler used on its own). */
  public static UntracedPaths of(TracingOptions options) {
    Set<String> all = new HashSet<>(TracingOptions.HEALTH_PATHS);
    all.addAll(options.getUntracedPaths());
    return new UntracedPaths(all);
  }

  /** @param path the request path as received (not below a mount point) */
  public boolean contains(String path) {
    return paths.contains(path);
  }

  public Set<String> paths() {
    return paths;
  }
}
