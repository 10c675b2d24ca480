package io.vgw.impl;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations in configuration: a number of milliseconds, or text like {@code 500ms}, {@code 30s}, {@code 2m}. */
public final class Durations {

  private static final Pattern TEXT = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

  private Durations() {
  }

  /**
   * @param what names the setting in the error message
   * @throws IllegalArgumentException for anything else, or a negative value
   */
  public static long toMillis(Object value, String what) {
    if (value instanceof Number n) {
      if (n.longValue() < 0) {
        throw new IllegalArgumentException(what + " must not be negative: " + value);
      }
      return n.longValue();
    }
    Matcher m = TEXT.matcher(String.valueOf(value).trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(what + " is not a duration (want e.g. 500ms, 30s, 2m): " + value);
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "ms" : m.group(2);
    return switch (unit) {
      case "s" -> n * 1000;
      case "m" -> n * 60_000;
      case "h" -> n * 3_600_000;
      default -> n;
    };
  }
}
