package io.vgw.http.impl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Name-to-name rules of {@link io.vgw.HeadersOptions}, compiled for lookups: an exact name beats a
 * prefix, a longer prefix beats a shorter one, whatever the order they were written in.
 */
final class HeaderRules {

  /** What a rule says of a name: not named by any rule, never forward, or forward as this name. */
  static final String NO_RULE = null;
  static final String DROP = "";

  private record Prefix(String prefix, String target) {
  }

  private final Map<String, String> exact = new HashMap<>();
  private final List<Prefix> prefixes = new ArrayList<>();

  /** @param rules lower-case patterns (a trailing {@code *} is a prefix) to targets, as the options checked them */
  HeaderRules(Map<String, String> rules) {
    rules.forEach((pattern, target) -> {
      if (pattern.endsWith("*")) {
        prefixes.add(new Prefix(pattern.substring(0, pattern.length() - 1), target));
      } else {
        exact.put(pattern, target);
      }
    });
    prefixes.sort(Comparator.comparingInt((Prefix p) -> p.prefix().length()).reversed());
  }

  boolean isEmpty() {
    return exact.isEmpty() && prefixes.isEmpty();
  }

  /**
   * @param name lower case
   * @return {@link #NO_RULE} (null), {@link #DROP} (empty), or the name to forward under
   */
  String apply(String name) {
    String target = exact.get(name);
    if (target != null) {
      return target;
    }
    for (Prefix p : prefixes) {
      if (name.startsWith(p.prefix())) {
        return p.target().replace("*", name.substring(p.prefix().length()));
      }
    }
    return NO_RULE;
  }
}
