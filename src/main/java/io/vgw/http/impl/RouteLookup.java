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
    String path = pathBelowMountPoint(ctx);
    Cached cached = ctx.get(MATCH_KEY);
    // A tracing handler on an embedding application's root router sees the full path; the gateway's
    // sub-router sees the path below its mount point: a match is only reused for the same path.
    if (cached != null && cached.path().equals(path)) {
      return cached.match();
    }
    PathMatcher.Result<HttpRoute> match = routes.match(ctx.request().method().name(), path);
    ctx.put(MATCH_KEY, new Cached(path, match));
    return match;
  }

  private record Cached(String path, PathMatcher.Result<HttpRoute> match) {
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
