package io.vgw.backend.impl;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Code;
import com.google.rpc.Status;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;
import io.vertx.grpc.common.GrpcError;
import io.vertx.grpc.common.GrpcErrorException;
import io.vgw.transcode.impl.StatusException;
import io.vgw.transcode.impl.StatusMapping;
import java.io.IOException;
import java.net.ConnectException;
import java.util.Base64;

/** Turns what a backend call ends with into the gRPC status the gateway answers from. */
final class GrpcFailures {

  static final String STATUS_DETAILS = "grpc-status-details-bin";
  private static final String GRPC_STATUS = "grpc-status";
  // RFC 9113 §7 error codes
  private static final long REFUSED_STREAM = 0x7;

  private GrpcFailures() {
  }

  /**
   * A non-OK status the backend sent, with its metadata. A trailers-only reply puts status,
   * details and metadata in the headers: they are trailers in gRPC's terms (grpc-go reports them
   * so), and go on as such. A malformed details value is ignored, not an error of ours.
   */
  static StatusException fromStatus(int code, String message, MultiMap headers, MultiMap trailers) {
    boolean trailersOnly = (trailers == null || trailers.isEmpty()) && headers != null && headers.contains(GRPC_STATUS);
    MultiMap realTrailers = trailersOnly ? headers : trailers;
    MultiMap realHeaders = trailersOnly ? null : headers;
    String details = realTrailers != null ? realTrailers.get(STATUS_DETAILS) : null;
    if (details == null && realHeaders != null) {
      details = realHeaders.get(STATUS_DETAILS);
    }
    if (details != null) {
      try {
        Status status = Status.parseFrom(Base64.getDecoder().decode(padded(details.trim())));
        if (status.getCode() == code) {
          return StatusException.of(status).withMetadata(realHeaders, realTrailers);
        }
      } catch (InvalidProtocolBufferException | IllegalArgumentException ignored) {
        // fall through to the plain status
      }
    }
    return StatusException.of(Status.newBuilder().setCode(code).setMessage(message == null ? "" : message).build())
        .withMetadata(realHeaders, realTrailers);
  }

  /**
   * A reply that is not gRPC: no {@code grpc-status} anywhere, and either a content type
   * vertx-grpc refused ({@code !grpcContentType}) or an HTTP status other than 200. A gRPC stream
   * reset midway (status 200, no trailers) is not one: the reset says what happened.
   */
  static boolean notGrpc(HttpClientResponse http, boolean grpcContentType) {
    if (http.getHeader(GRPC_STATUS) != null || http.getTrailer(GRPC_STATUS) != null) {
      return false;
    }
    return !grpcContentType || http.statusCode() != 200;
  }

  /**
   * grpc's doc/http-grpc-status-mapping.md: the gRPC code of an HTTP reply without
   * {@code grpc-status}. The message names the status and the content type, never the body (an
   * error page can hold anything, internal host names included).
   */
  static StatusException fromHttpStatus(int httpStatus, String contentType) {
    int code = StatusMapping.grpcCodeForHttpStatus(httpStatus);
    String type = contentType == null ? "no content type" : "content type " + abbreviate(contentType);
    return StatusException.of(Code.forNumber(code),
        "backend answered HTTP " + httpStatus + " (" + type + ") without a gRPC status");
  }

  /** A call that failed below gRPC: connection refused or reset, a stream reset, a reply that is not gRPC. */
  static StatusException fromThrowable(Throwable t) {
    if (t instanceof StatusException se) {
      return se;
    }
    if (t instanceof GrpcErrorException ge) {
      return fromReset(ge.error(), -1);
    }
    if (t instanceof StreamResetException sre) {
      return fromReset(GrpcError.mapHttp2ErrorCode(sre.getCode()), sre.getCode());
    }
    if (t instanceof ConnectException || t.getCause() instanceof ConnectException) {
      // Never the backend's address: it is an internal name the caller has no business seeing.
      return StatusException.of(Code.UNAVAILABLE, "backend unavailable");
    }
    if (t instanceof HttpClosedException || t instanceof IOException || t.getCause() instanceof IOException) {
      return StatusException.of(Code.UNAVAILABLE, "backend closed the connection");
    }
    return StatusException.of(Code.UNAVAILABLE, "backend did not answer with gRPC");
  }

  /**
   * RST_STREAM from the backend, as the gRPC over HTTP/2 spec maps its codes: REFUSED_STREAM is
   * UNAVAILABLE (nothing was processed, a retry is safe), CANCEL is CANCELLED, the protocol errors
   * are INTERNAL; a code with no mapping is UNAVAILABLE, as a dropped connection.
   */
  private static StatusException fromReset(GrpcError error, long http2Code) {
    if (error == null || http2Code == REFUSED_STREAM || error == GrpcError.UNAVAILABLE) {
      return StatusException.of(Code.UNAVAILABLE, "backend reset the stream");
    }
    return StatusException.of(Code.forNumber(error.status.code), "backend reset the stream (" + error.name() + ")");
  }

  private static String abbreviate(String s) {
    String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
    return printable.length() > 60 ? printable.substring(0, 60) + "…" : printable;
  }

  private static String padded(String b64) {
    int rem = b64.length() % 4;
    return rem == 0 ? b64 : b64 + "=".repeat(4 - rem);
  }
}
