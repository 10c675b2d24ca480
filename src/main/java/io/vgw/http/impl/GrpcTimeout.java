package io.vgw.http.impl;

import io.vgw.transcode.impl.StatusException;

/**
 * The {@code Grpc-Timeout} header, as the gRPC over HTTP/2 spec defines it: at most 8 digits and
 * a unit, {@code H}ours, {@code M}inutes, {@code S}econds, {@code m}illis, {@code u}micros,
 * {@code n}anos.
 */
final class GrpcTimeout {

  private GrpcTimeout() {
  }

  /**
   * @return the timeout in milliseconds (at least 1 for any positive value)
   * @throws StatusException INVALID_ARGUMENT for anything else
   */
  static long parseMillis(String header) {
    String v = header.trim();
    if (v.length() < 2 || v.length() > 9) {
      throw bad(header);
    }
    long n;
    try {
      String digits = v.substring(0, v.length() - 1);
      for (int i = 0; i < digits.length(); i++) {
        if (!Character.isDigit(digits.charAt(i))) {
          throw bad(header);
        }
      }
      n = Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw bad(header);
    }
    long nanos = switch (v.charAt(v.length() - 1)) {
      case 'H' -> n * 3_600_000_000_000L;
      case 'M' -> n * 60_000_000_000L;
      case 'S' -> n * 1_000_000_000L;
      case 'm' -> n * 1_000_000L;
      case 'u' -> n * 1_000L;
      case 'n' -> n;
      default -> throw bad(header);
    };
    // "0m" is a deadline that has already passed, not "no deadline": round up to the smallest one.
    return Math.max(1, nanos / 1_000_000L);
  }

  private static StatusException bad(String header) {
    String shown = header.length() > 20 ? header.substring(0, 20) + "…" : header;
    return StatusException.invalidArgument("invalid Grpc-Timeout header '" + shown
        + "' (want up to 8 digits and a unit: H, M, S, m, u, n)");
  }
}
