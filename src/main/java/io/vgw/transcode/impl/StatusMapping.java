package io.vgw.transcode.impl;

/**
 * gRPC status code to HTTP status, and back for replies that carry no gRPC status.
 *
 * <p>gRPC → HTTP follows grpc-gateway's {@code HTTPStatusFromCode} row for row, so clients that
 * move from grpc-gateway see the same answers. HTTP → gRPC follows grpc's
 * {@code doc/http-grpc-status-mapping.md}, for backends (or proxies in front of them) that answer
 * with a plain HTTP status and no {@code grpc-status}.
 */
public final class StatusMapping {

  private StatusMapping() {
  }

  /** HTTP status for a gRPC code (0..16); an unknown code is treated like UNKNOWN (500). */
  public static int httpStatus(int grpcCode) {
    switch (grpcCode) {
      case 0: return 200;   // OK
      case 1: return 499;   // CANCELLED: nginx's "client closed request", as grpc-gateway
      case 2: return 500;   // UNKNOWN
      case 3: return 400;   // INVALID_ARGUMENT
      case 4: return 504;   // DEADLINE_EXCEEDED
      case 5: return 404;   // NOT_FOUND
      case 6: return 409;   // ALREADY_EXISTS
      case 7: return 403;   // PERMISSION_DENIED
      case 8: return 429;   // RESOURCE_EXHAUSTED
      // FAILED_PRECONDITION: grpc-gateway deliberately does not translate to 412, which is
      // reserved for conditional HTTP requests (If-Match and friends); neither do we.
      case 9: return 400;
      case 10: return 409;  // ABORTED
      case 11: return 400;  // OUT_OF_RANGE
      case 12: return 501;  // UNIMPLEMENTED
      case 13: return 500;  // INTERNAL
      case 14: return 503;  // UNAVAILABLE
      case 15: return 500;  // DATA_LOSS
      case 16: return 401;  // UNAUTHENTICATED
      default: return 500;
    }
  }

  /** gRPC code for an HTTP reply without {@code grpc-status} (grpc's http-grpc-status-mapping.md). */
  public static int grpcCodeForHttpStatus(int httpStatus) {
    switch (httpStatus) {
      case 400: return 13;  // INTERNAL
      case 401: return 16;  // UNAUTHENTICATED
      case 403: return 7;   // PERMISSION_DENIED
      case 404: return 12;  // UNIMPLEMENTED
      case 429:
      case 502:
      case 503:
      case 504: return 14;  // UNAVAILABLE
      default: return 2;    // UNKNOWN
    }
  }
}
