package io.vgw.backend.impl;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Code;
import com.google.rpc.Status;
import io.vertx.core.MultiMap;
import io.vertx.core.http.StreamResetException;
import io.vertx.grpc.common.GrpcErrorException;
import io.vgw.transcode.impl.StatusException;
import java.net.ConnectException;
import java.util.Base64;

/** Turns what a backend call ends with into the gRPC status the gateway answers from. */
final class GrpcFailures {

  static final String STATUS_DETAILS = "grpc-status-details-bin";

  private GrpcFailures() {
  }

  /**
   * A non-OK status the backend sent. A trailers-only reply puts status and details in the
   * headers, so both maps are read. A malformed details value is ignored, not an error of ours.
   */
  static StatusException fromStatus(int code, String message, MultiMap headers, MultiMap trailers) {
    String details = trailers != null ? trailers.get(STATUS_DETAILS) : null;
    if (details == null && headers != null) {
      details = headers.get(STATUS_DETAILS);
    }
    if (details != null) {
      try {
        Status status = Status.parseFrom(Base64.getDecoder().decode(padded(details.trim())));
        if (status.getCode() == code) {
          return StatusException.of(status);
        }
      } catch (InvalidProtocolBufferException | IllegalArgumentException ignored) {
        // fall through to the plain status
      }
    }
    return StatusException.of(Status.newBuilder().setCode(code).setMessage(message == null ? "" : message).build());
  }

  /** A call that failed below gRPC: connection refused or reset, a reply that is not gRPC. */
  static StatusException fromThrowable(Throwable t) {
    if (t instanceof StatusException se) {
      return se;
    }
    if (t instanceof GrpcErrorException ge) {
      return StatusException.of(Code.forNumber(ge.status().code), "backend call failed: " + ge.status());
    }
    if (t instanceof ConnectException || t.getCause() instanceof ConnectException) {
      // Never the backend's address: it is an internal name the caller has no business seeing.
      return StatusException.of(Code.UNAVAILABLE, "backend unavailable");
    }
    if (t instanceof StreamResetException) {
      return StatusException.of(Code.UNAVAILABLE, "backend reset the stream");
    }
    return StatusException.of(Code.UNAVAILABLE, "backend did not answer with gRPC");
  }

  private static String padded(String b64) {
    int rem = b64.length() % 4;
    return rem == 0 ? b64 : b64 + "=".repeat(4 - rem);
  }
}
