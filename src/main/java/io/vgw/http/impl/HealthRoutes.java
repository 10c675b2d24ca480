package io.vgw.http.impl;

import com.google.rpc.Code;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.grpc.health.v1.HealthCheckResponse;
import io.vgw.HealthOptions;
import io.vgw.backend.impl.BackendHealth;
import io.vgw.transcode.impl.JsonMapping;
import io.vgw.transcode.impl.StatusException;

/**
 * The health endpoints ({@link HealthOptions}) on a router. Mounted ahead of the tracing handler,
 * so that no health request ever reaches tracing.
 *
 * <ul>
 *   <li>{@code /healthz[?service=NAME]}: grpc-gateway's {@code WithHealthzEndpoint}. SERVING is 200
 *       with the {@code HealthCheckResponse} as JSON; NOT_SERVING and UNKNOWN are 503 UNAVAILABLE,
 *       SERVICE_UNKNOWN is 404 NOT_FOUND, a failed call is its own status (501 for a backend
 *       without the health service), each as a {@code google.rpc.Status}.
 *   <li>{@code /livez}: 200 while the process answers.
 *   <li>{@code /readyz}: 200 or 503 from the monitor's last known state, never a backend call.
 * </ul>
 */
public final class HealthRoutes implements Handler<RoutingContext> {

  private static final String SERVING = "{\"status\":\"SERVING\"}";

  private final BackendHealth health;
  private final HealthOptions options;
  private final JsonMapping json;
  private final ErrorHandler errors;
  private final boolean details;

  private HealthRoutes(BackendHealth health, JsonMapping json, boolean details) {
    this.health = health;
    this.options = health.options();
    this.json = json;
    this.errors = new ErrorHandler(json);
    this.details = details;
  }

  /**
   * @param details whether {@code /readyz} lists each backend with its address: only on the admin
   *     listener, since the public one never shows internal host names
   */
  public static void mount(Router router, BackendHealth health, JsonMapping json, boolean details) {
    // One route without a path, matching the raw path itself: a route with a path would make
    // vertx-web decode every request's path, and answer a malformed one with its own plain-text 400.
    router.route().handler(new HealthRoutes(health, json, details));
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.request().method() != HttpMethod.GET) {
      ctx.next();
      return;
    }
    String path = RouteLookup.pathBelowMountPoint(ctx);
    if (path.equals(options.getHealthzPath())) {
      healthz(ctx);
    } else if (path.equals(options.getLivezPath())) {
      livez(ctx);
    } else if (path.equals(options.getReadyzPath())) {
      readyz(ctx);
    } else {
      ctx.next();
    }
  }

  private void healthz(RoutingContext ctx) {
    String service = ctx.request().getParam("service");
    health.check(service == null ? "" : service).onComplete(ar -> {
      if (ctx.response().closed()) {
        return;
      }
      if (ar.failed()) {
        errors.write(ctx, described(ar.cause()));
        return;
      }
      HealthCheckResponse response = ar.result();
      switch (response.getStatus()) {
        case SERVING -> answer(ctx, 200, json.print(response));
        // grpc-gateway's mapping: SERVICE_UNKNOWN is NOT_FOUND, anything else not serving UNAVAILABLE.
        case SERVICE_UNKNOWN -> errors.write(ctx, StatusException.of(Code.NOT_FOUND, "status: SERVICE_UNKNOWN"));
        default -> errors.write(ctx, StatusException.of(Code.UNAVAILABLE, "status: " + response.getStatus()));
      }
    });
  }

  /** The call's status; one the backend sent without a message gets one, so the answer says something. */
  private static StatusException described(Throwable failure) {
    if (!(failure instanceof StatusException se)) {
      return StatusException.of(Code.INTERNAL, "internal error");
    }
    if (!se.status().getMessage().isEmpty()) {
      return se;
    }
    Code code = Code.forNumber(se.code());
    return StatusException.of(se.status().toBuilder()
        .setMessage("health check failed: " + (code == null ? se.code() : code.name())).build());
  }

  private void livez(RoutingContext ctx) {
    answer(ctx, 200, SERVING);
  }

  private void readyz(RoutingContext ctx) {
    JsonObject readiness = health.readiness(details);
    answer(ctx, "SERVING".equals(readiness.getString("status")) ? 200 : 503, readiness.encode());
  }

  private static void answer(RoutingContext ctx, int status, String body) {
    ctx.response().setStatusCode(status)
        .putHeader("content-type", "application/json")
        .putHeader("cache-control", "no-store")
        .end(body);
  }
}
