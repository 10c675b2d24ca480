package io.vgw.tracing.impl.propagation;

/** Lower-case hexadecimal, as every trace header spec requires (upper case is not accepted). */
final class Hex {

  private Hex() {
  }

  /** True when {@code s[from, from+len)} holds only {@code [0-9a-f]}. */
  static boolean isLowerHex(CharSequence s, int from, int len) {
    if (from < 0 || from + len > s.length()) {
      return false;
    }
    for (int i = from; i < from + len; i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  static boolean isLowerHex(CharSequence s) {
    return isLowerHex(s, 0, s.length());
  }

  static boolean allZeros(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }
}
