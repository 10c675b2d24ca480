package io.vgw.transcode.impl;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A query parameter name read as a field path: {@code a.b.c}, or a map entry {@code m[key]}. */
record QueryKey(List<String> path, String mapKey) {

  private static final Pattern KEY = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*)(?:\\[([^\\]]*)\\])?");

  /** Null when the name is no field path (it is then ignored, like any unknown parameter). */
  static QueryKey parse(String name) {
    Matcher m = KEY.matcher(name);
    if (!m.matches()) {
      return null;
    }
    return new QueryKey(Arrays.asList(m.group(1).split("\\.")), m.group(2));
  }

  String pathString() {
    return String.join(".", path);
  }
}
