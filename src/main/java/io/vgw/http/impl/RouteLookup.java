package io.vgw.http.impl;

import io.vertx.ext.web.RoutingContext;
import io.vgw.transcode.impl.HttpRoute;
import io.vgw.transcode.impl.PathMatcher;
import io.vgw.transcode.impl.RouteTable;
import io.vgw.transcode.impl.StatusException;

/**
 * Finds the gateway route of a request once, for everyone who needs it: the tracing handler (span
 * name, sampling by route) early, the transcoding handler later. The result is kept on the routing
 * context, so the trie is searched once per request.
 */
public final class RouteLookup {

  private static final String MATCH_KEY = "vgw.match";

  private final RouteTable routes;

  public RouteLookup(RouteTable routes) {
    this.routes = routes;
  }

  /**
   * @return the match (found or not, with the allowed methods)
   * @throws StatusException INVALID_ARGUMENT for a malformed percent escape in the path
   */
  public PathMatcher.Result<HttpRoute> match(RoutingContext ctx) {
    PathMatcher.Result<HttpRoute> match = ctx.get(MATCH_KEY);
    if (match == null) {
      match = routes.match(ctx.request().method().name(), pathBelowMountPoint(ctx));
      ctx.put(MATCH_KEY, match);
    }
    return match;
  }

  /** The matched route, or null when none matches or the path is malformed. */
  public HttpRoute routeOrNull(RoutingContext ctx) {
    try {
      return match(ctx).route();
    } catch (StatusException e) {
      return null;
    }
  }

  /** Mounted as a sub-router (embedding), the gateway matches the path below its mount point. */
  static String pathBelowMountPoint(RoutingContext ctx) {
    String path = ctx.request().path();
    String mount = ctx.mountPoint();
    if (mount == null || mount.isEmpty() || mount.equals("/")) {
      return path;
    }
    String prefix = mount.endsWith("/") ? mount.substring(0, mount.length() - 1) : mount;
    if (!path.startsWith(prefix)) {
      return path;
    }
    String below = path.substring(prefix.length());
    return below.isEmpty() ? "/" : below;
  }
}
