package io.vgw.http.impl;

import com.google.protobuf.Descriptors.ServiceDescriptor;
import io.vgw.transcode.impl.HttpRoute;
import io.vgw.transcode.impl.RouteTable;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The default deadline of each route, from {@link io.vgw.RoutesOptions#getTimeouts()}: the binding
 * ({@code "GET /v1/x/{id}"}) beats the method ({@code pkg.Service.Method}), which beats the service
 * ({@code pkg.Service}); a route that none names takes the global default. Resolved once at start-up.
 */
public final class RouteTimeouts {

  /** No route has a timeout of its own. */
  static final RouteTimeouts NONE = new RouteTimeouts(new IdentityHashMap<>());

  private final Map<HttpRoute, Long> byRoute;

  private RouteTimeouts(Map<HttpRoute, Long> byRoute) {
    this.byRoute = byRoute;
  }

  /**
   * @throws IllegalArgumentException naming the key when it names no service, method or binding
   *     of the descriptor sets (a typo would otherwise silently keep the global default)
   */
  public static RouteTimeouts compile(RouteTable routes, Map<String, Long> configured) {
    if (configured.isEmpty()) {
      return NONE;
    }
    Set<String> known = new HashSet<>();
    for (ServiceDescriptor s : routes.services()) {
      known.add(s.getFullName());
      s.getMethods().forEach(m -> known.add(m.getFullName()));
    }
    Map<HttpRoute, Long> byRoute = new IdentityHashMap<>();
    for (HttpRoute route : routes.routes()) {
      known.add(route.displayName());
      Long t = configured.get(route.displayName());
      if (t == null) {
        t = configured.get(route.method().getFullName());
      }
      if (t == null) {
        t = configured.get(route.method().getService().getFullName());
      }
      if (t != null) {
        byRoute.put(route, t);
      }
    }
    for (String key : configured.keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException("routes.timeouts: \"" + key + "\" names no service, method or binding"
            + " (want pkg.Service, pkg.Service.Method or \"GET /v1/path/{var}\" as the rule spells it)");
      }
    }
    return new RouteTimeouts(byRoute);
  }

  /** The route's own default deadline in milliseconds (0 = none), or {@code global} when it has none. */
  public long timeoutMillis(HttpRoute route, long global) {
    Long t = byRoute.get(route);
    return t == null ? global : t;
  }
}
