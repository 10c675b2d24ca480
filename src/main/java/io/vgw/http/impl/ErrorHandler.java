package io.vgw.http.impl;

import com.google.rpc.Code;
import com.google.rpc.Status;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vgw.HeadersOptions;
import io.vgw.transcode.impl.JsonMapping;
import io.vgw.transcode.impl.StatusException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place where failures become HTTP answers: a {@code google.rpc.Status} as JSON
 * ({@code {"code":5,"message":"Not Found","details":[]}}) with the HTTP status its code maps to.
 * Never a stack trace; an unexpected exception is logged here and answered 500 INTERNAL; if
 * rendering itself fails, a fixed body goes out. A backend's error carries the metadata it sent,
 * as {@code Grpc-Metadata-*} headers and (with {@code TE: trailers}) {@code Grpc-Trailer-*} trailers,
 * as grpc-gateway's error handler does.
 */
public final class ErrorHandler implements Handler<RoutingContext> {

  private static final Logger LOG = Logger.getLogger(ErrorHandler.class.getName());
  static final String FALLBACK_BODY = "{\"code\":13,\"message\":\"internal error\",\"details\":[]}";

  private final JsonMapping json;
  private final HeaderMapping headers;

  public ErrorHandler(JsonMapping json) {
    this(json, new HeadersOptions());
  }

  /** @param headers how the backend's response metadata goes out with the error */
  public ErrorHandler(JsonMapping json, HeadersOptions headers) {
    this.json = json;
    this.headers = new HeaderMapping(headers);
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      // Part of a success went out already (a stream): all that is left is to cut it short.
      if (!response.ended()) {
        response.reset();
      }
      return;
    }
    StatusException error = toStatus(ctx);
    write(ctx, error);
  }

  /** Writes a status answer; also used by handlers that answer errors without failing the context. */
  public void write(RoutingContext ctx, StatusException error) {
    HttpServerResponse response = ctx.response();
    String body;
    try {
      body = json.print(error.status());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "cannot render an error body", e);
      body = FALLBACK_BODY;
    }
    headers.outgoing(error.headers(), error.trailers(), ctx.request(), response);
    response.setStatusCode(error.httpStatus())
        .putHeader("content-type", "application/json")
        .end(body);
  }

  private static StatusException toStatus(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof StatusException se) {
      return se;
    }
    if (failure instanceof HttpException he) {
      return fromHttpStatus(he.getStatusCode());
    }
    if (failure == null) {
      return fromHttpStatus(ctx.statusCode());
    }
    LOG.log(Level.SEVERE, "unexpected failure on " + ctx.request().method() + " " + ctx.request().path(), failure);
    return StatusException.of(Code.INTERNAL, "internal error");
  }

  /** Answers that vertx-web itself produces (body too large, bad request line, …). */
  static StatusException fromHttpStatus(int httpStatus) {
    return switch (httpStatus) {
      case 400 -> StatusException.withHttpStatus(400, Code.INVALID_ARGUMENT, "Bad Request");
      case 404 -> StatusException.withHttpStatus(404, Code.NOT_FOUND, "Not Found");
      case 405 -> StatusException.withHttpStatus(405, Code.UNIMPLEMENTED, "Method Not Allowed");
      case 413 -> StatusException.withHttpStatus(413, Code.RESOURCE_EXHAUSTED, "Request Entity Too Large");
      case 415 -> StatusException.withHttpStatus(415, Code.INVALID_ARGUMENT, "Unsupported Media Type");
      default -> httpStatus >= 400 && httpStatus < 500
          ? StatusException.withHttpStatus(httpStatus, Code.INVALID_ARGUMENT, "request rejected")
          : StatusException.of(Code.INTERNAL, "internal error");
    };
  }

  static Status status(Code code, String message) {
    return Status.newBuilder().setCode(code.getNumber()).setMessage(message).build();
  }
}
