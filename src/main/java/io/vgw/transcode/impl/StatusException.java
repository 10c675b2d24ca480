package io.vgw.transcode.impl;

import com.google.rpc.Code;
import com.google.rpc.Status;
import java.util.List;
import java.util.Map;

/**
 * A failure that is data until the edge: a gRPC status (code, message and, when the backend sent
 * them, details) that the error renderer turns into the HTTP answer. Thrown by transcoding for bad
 * input and by the backend client for a non-OK call.
 */
public final class StatusException extends RuntimeException {

  private final Status status;
  private final int httpStatusOverride;
  private final Iterable<Map.Entry<String, String>> headers;
  private final Iterable<Map.Entry<String, String>> trailers;

  private StatusException(Status status, int httpStatusOverride) {
    this(status, httpStatusOverride, List.of(), List.of());
  }

  private StatusException(Status status, int httpStatusOverride, Iterable<Map.Entry<String, String>> headers,
      Iterable<Map.Entry<String, String>> trailers) {
    super(status.getMessage(), null, false, false);
    this.status = status;
    this.httpStatusOverride = httpStatusOverride;
    this.headers = headers;
    this.trailers = trailers;
  }

  /**
   * The same failure with the response metadata the backend sent along with it, so that error
   * answers carry {@code Grpc-Metadata-*} headers (and trailers) as successful ones do.
   */
  public StatusException withMetadata(Iterable<Map.Entry<String, String>> headers,
      Iterable<Map.Entry<String, String>> trailers) {
    return new StatusException(status, httpStatusOverride, headers == null ? List.of() : headers,
        trailers == null ? List.of() : trailers);
  }

  /** Response headers of the backend call that failed (empty when the failure is the gateway's own). */
  public Iterable<Map.Entry<String, String>> headers() {
    return headers;
  }

  /** Response trailers of the backend call that failed; a trailers-only answer has its metadata here. */
  public Iterable<Map.Entry<String, String>> trailers() {
    return trailers;
  }

  public static StatusException of(Code code, String message) {
    return new StatusException(Status.newBuilder().setCode(code.getNumber()).setMessage(message).build(), 0);
  }

  public static StatusException of(Status status) {
    return new StatusException(status, 0);
  }

  /** A failure whose HTTP status is not the one the gRPC code maps to (405, 413, 415, …). */
  public static StatusException withHttpStatus(int httpStatus, Code code, String message) {
    return new StatusException(Status.newBuilder().setCode(code.getNumber()).setMessage(message).build(), httpStatus);
  }

  public static StatusException invalidArgument(String message) {
    return of(Code.INVALID_ARGUMENT, message);
  }

  public Status status() {
    return status;
  }

  public int code() {
    return status.getCode();
  }

  /** The HTTP status to answer with: the override if any, else the mapping of the gRPC code. */
  public int httpStatus() {
    return httpStatusOverride != 0 ? httpStatusOverride : StatusMapping.httpStatus(status.getCode());
  }
}
