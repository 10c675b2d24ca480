package io.vgw.http.impl;

import com.google.rpc.Code;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vgw.LimitsOptions;
import io.vgw.transcode.impl.StatusException;

/**
 * The request limits that Vert.x's own options do not cover: the number of headers (431), how long
 * a body may take to arrive (408, against slowloris), and whether a JSON body is strict JSON no
 * deeper than the limit (400, checked in one streaming pass before any parser recurses into it).
 */
final class RequestLimits {

  /** Bodies declared as JSON, or with no type (read as JSON); other types are the transcoder's to refuse. */
  private static boolean isJson(RoutingContext ctx) {
    String type = ctx.request().getHeader("content-type");
    if (type == null) {
      return true;
    }
    String mime = type.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    return mime.equals("application/json") || mime.endsWith("+json") || mime.equals("text/json");
  }

  private static final String BODY_TIMER = "vgw.bodyTimer";

  private RequestLimits() {
  }

  /** First on the router: header count, then a timer that the body must beat. */
  static Handler<RoutingContext> beforeBody(LimitsOptions limits) {
    return ctx -> {
      if (ctx.request().headers().size() > limits.getMaxHeaderCount()) {
        // RFC 6585 §5
        ctx.fail(StatusException.withHttpStatus(431, Code.INVALID_ARGUMENT,
            "Request Header Fields Too Large: more than " + limits.getMaxHeaderCount() + " headers"));
        return;
      }
      if (limits.getBodyTimeoutMillis() > 0 && !ctx.request().isEnded()) {
        long timer = ctx.vertx().setTimer(limits.getBodyTimeoutMillis(), t -> {
          if (!ctx.response().headWritten()) {
            // RFC 9110 §15.5.9: 408, and the connection is closed after it.
            // The rest of the body may still come: nothing after it on this connection can be read.
            ctx.response().putHeader("connection", "close");
            ctx.addEndHandler(v -> ctx.request().connection().close());
            ctx.fail(StatusException.withHttpStatus(408, Code.DEADLINE_EXCEEDED, "Request Timeout: the body did not arrive in time"));
          }
        });
        ctx.put(BODY_TIMER, timer);
      }
      ctx.next();
    };
  }

  /**
   * Where {@link #afterBody} leaves the verdict on a JSON body that is not strict JSON: the
   * transcoder answers it with 400 once it knows the route, unless the route takes the body raw
   * ({@code google.api.HttpBody}), where the bytes are not JSON at all.
   */
  static final String JSON_PROBLEM = "vgw.jsonProblem";

  /** After the body handler: the body is in, stop its timer; check how deep the JSON nests. */
  static Handler<RoutingContext> afterBody(LimitsOptions limits) {
    return ctx -> {
      Long timer = ctx.get(BODY_TIMER);
      if (timer != null) {
        ctx.vertx().cancelTimer(timer);
      }
      if (ctx.body() != null && ctx.body().length() > 0 && isJson(ctx)) {
        String problem = StrictJson.problem(ctx.body().buffer().getBytes(), limits.getMaxJsonDepth());
        if (problem != null) {
          ctx.put(JSON_PROBLEM, StatusException.invalidArgument(problem));
        }
      }
      ctx.next();
    };
  }
}
