package io.vgw.export.impl;

/**
 * gRPC status code → HTTP status, the table of grpc-gateway's {@code runtime.HTTPStatusFromCode}
 * (itself after {@code google/rpc/code.proto}), used when a span carries a gRPC status but no HTTP
 * status.
 */
final class StatusMapping {

  private StatusMapping() {}

  /**
   * @param grpcCode a gRPC status code (0 … 16)
   * @return the HTTP status; 500 for a code outside the table
   */
  static int httpStatusFromGrpc(long grpcCode) {
    switch ((int) grpcCode) {
      case 0: // OK
        return 200;
      case 1: // CANCELLED: client closed request (nginx's 499)
        return 499;
      case 2: // UNKNOWN
        return 500;
      case 3: // INVALID_ARGUMENT
        return 400;
      case 4: // DEADLINE_EXCEEDED
        return 504;
      case 5: // NOT_FOUND
        return 404;
      case 6: // ALREADY_EXISTS
        return 409;
      case 7: // PERMISSION_DENIED
        return 403;
      case 8: // RESOURCE_EXHAUSTED
        return 429;
      case 9: // FAILED_PRECONDITION: grpc-gateway deliberately doesn't translate to 412
        return 400;
      case 10: // ABORTED
        return 409;
      case 11: // OUT_OF_RANGE
        return 400;
      case 12: // UNIMPLEMENTED
        return 501;
      case 13: // INTERNAL
        return 500;
      case 14: // UNAVAILABLE
        return 503;
      case 15: // DATA_LOSS
        return 500;
      case 16: // UNAUTHENTICATED
        return 401;
      default:
        return 500;
    }
  }
}
