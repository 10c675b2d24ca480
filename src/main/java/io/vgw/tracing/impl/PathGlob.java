package io.vgw.tracing.impl;

import java.util.Arrays;

/**
 * A path pattern for sampling rules: segments separated by {@code /}; {@code *} matches exactly one
 * segment, {@code **} any number (also none; at most one per glob); anything else matches itself.
 * {@code /v1/*}{@code /debug/**} matches {@code /v1/a/debug} and {@code /v1/a/debug/x/y}.
 */
final class PathGlob {

  private final String[] segments;

  private PathGlob(String[] segments) {
    this.segments = segments;
  }

  /**
   * @throws IllegalArgumentException unless it starts with {@code /} and has at most one {@code **}
   *     (two would make matching a long path cost quadratic time, on the request path)
   */
  static PathGlob compile(String glob) {
    if (glob == null || !glob.startsWith("/")) {
      throw new IllegalArgumentException("path glob must start with '/': " + glob);
    }
    String[] segments = split(glob);
    if (Arrays.stream(segments).filter("**"::equals).count() > 1) {
      throw new IllegalArgumentException("path glob may hold one '**' at most: " + glob);
    }
    return new PathGlob(segments);
  }

  private static String[] split(String path) {
    return path.length() <= 1 ? new String[0] : path.substring(1).split("/", -1);
  }

  boolean matches(String path) {
    return match(0, split(path), 0);
  }

  private boolean match(int g, String[] path, int p) {
    while (g < segments.length) {
      String s = segments[g];
      if (s.equals("**")) {
        for (int skip = path.length; skip >= p; skip--) {
          if (match(g + 1, path, skip)) {
            return true;
          }
        }
        return false;
      }
      if (p >= path.length || !(s.equals("*") || s.equals(path[p]))) {
        return false;
      }
      g++;
      p++;
    }
    return p == path.length;
  }

  @Override
  public String toString() {
    return "/" + String.join("/", Arrays.asList(segments));
  }
}
