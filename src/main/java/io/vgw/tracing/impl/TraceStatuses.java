package io.vgw.tracing.impl;

import io.opencensus.trace.Status;

/** Span statuses from HTTP and gRPC outcomes. */
final class TraceStatuses {

  private TraceStatuses() {
  }

  /**
   * ochttp's {@code TraceStatus}: the canonical code an HTTP status means. 2xx and 3xx are OK
   * (unless listed), other codes UNKNOWN unless listed.
   */
  static Status fromHttp(int httpStatus) {
    Status.CanonicalCode code = switch (httpStatus) {
      case 200 -> Status.CanonicalCode.OK;
      case 499 -> Status.CanonicalCode.CANCELLED;
      case 400, 422 -> Status.CanonicalCode.INVALID_ARGUMENT;
      case 504 -> Status.CanonicalCode.DEADLINE_EXCEEDED;
      case 404 -> Status.CanonicalCode.NOT_FOUND;
      case 403 -> Status.CanonicalCode.PERMISSION_DENIED;
      case 401 -> Status.CanonicalCode.UNAUTHENTICATED;
      case 429 -> Status.CanonicalCode.RESOURCE_EXHAUSTED;
      case 501 -> Status.CanonicalCode.UNIMPLEMENTED;
      case 503 -> Status.CanonicalCode.UNAVAILABLE;
      case 409 -> Status.CanonicalCode.ALREADY_EXISTS;
      default -> httpStatus < 200 || httpStatus >= 400 ? Status.CanonicalCode.UNKNOWN : Status.CanonicalCode.OK;
    };
    // ochttp's message is the code's name, e.g. "NOT_FOUND"
    return code == Status.CanonicalCode.OK ? Status.OK : code.toStatus().withDescription(code.name());
  }

  /** A gRPC status code (0..16) and message; other numbers are UNKNOWN. */
  static Status fromGrpc(int code, String message) {
    Status.CanonicalCode[] codes = Status.CanonicalCode.values();
    Status.CanonicalCode c = code >= 0 && code < codes.length && codes[code].value() == code
        ? codes[code] : Status.CanonicalCode.UNKNOWN;
    Status s = c.toStatus();
    return message == null || message.isEmpty() || c == Status.CanonicalCode.OK ? s : s.withDescription(message);
  }
}
