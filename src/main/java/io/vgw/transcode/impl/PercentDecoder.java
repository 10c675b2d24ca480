package io.vgw.transcode.impl;

import com.google.rpc.Code;
import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/**
 * Percent-decoding of path segments (RFC 3986 §2.1). Single-segment variables are decoded fully;
 * multi-segment variables keep the reserved characters encoded (Envoy and ESP's default), so that
 * {@code %2F} inside a {@code **} capture stays distinguishable from a segment separator.
 */
final class PercentDecoder {

  // RFC 6570 "reserved" = gen-delims / sub-delims: what a multi-segment capture keeps encoded.
  private static final String RESERVED = ":/?#[]@!$&'()*+,;=";

  private PercentDecoder() {
  }

  static String decodeAll(String s) {
    return decode(s, false);
  }

  static String decodeUnreserved(String s) {
    return decode(s, true);
  }

  private static String decode(String s, boolean keepReserved) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '%') {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        continue;
      }
      if (i + 2 >= s.length()) {
        throw malformed(s);
      }
      int hi = Character.digit(s.charAt(i + 1), 16);
      int lo = Character.digit(s.charAt(i + 2), 16);
      if (hi < 0 || lo < 0) {
        throw malformed(s);
      }
      int value = hi << 4 | lo;
      if (keepReserved && value < 0x80 && RESERVED.indexOf(value) >= 0) {
        out.write('%');
        out.write(s.charAt(i + 1));
        out.write(s.charAt(i + 2));
      } else {
        out.write(value);
      }
      i += 2;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw StatusException.of(Code.INVALID_ARGUMENT, "path is not valid UTF-8 after percent-decoding");
    }
  }

  private static StatusException malformed(String segment) {
    return StatusException.of(Code.INVALID_ARGUMENT, "malformed percent-encoding in path");
  }
}
