package io.vgw.http.impl;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/**
 * Requests that HTTP decoding rejects before any router sees them: a request line over the URL
 * limit (414), headers over the size limit (431), anything else malformed (400). Vert.x answers
 * these with an empty body; we answer with the same JSON as every other error, then close the
 * connection, since what follows on it cannot be trusted.
 */
public final class InvalidRequestHandler implements Handler<HttpServerRequest> {

  @Override
  public void handle(HttpServerRequest request) {
    DecoderResult result = request.decoderResult();
    Throwable cause = result == null ? null : result.cause();
    int status;
    String message;
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
      message = "URI Too Long";
    } else if (cause instanceof TooLongHttpHeaderException
        || cause instanceof TooLongFrameException && String.valueOf(cause.getMessage()).contains("header")) {
      status = 431;
      message = "Request Header Fields Too Large";
    } else {
      status = 400;
      message = "Bad Request: malformed HTTP";
    }
    request.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .putHeader("connection", "close")
        .end("{\"code\":3,\"message\":\"" + message + "\",\"details\":[]}")
        .onComplete(ar -> request.connection().close());
  }
}
