package io.vgw.http.impl;

/**
 * How deep a JSON text nests, by a single scan that skips strings: cheap, and done before any
 * recursive parser sees a body built to exhaust its stack.
 */
final class JsonDepth {

  private JsonDepth() {
  }

  static boolean exceeds(byte[] json, int maxDepth) {
    int depth = 0;
    boolean inString = false;
    for (int i = 0; i < json.length; i++) {
      byte b = json[i];
      if (inString) {
        if (b == '\\') {
          i++;
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == '{' || b == '[') {
        if (++depth > maxDepth) {
          return true;
        }
      } else if (b == '}' || b == ']') {
        depth--;
      }
    }
    return false;
  }
}
