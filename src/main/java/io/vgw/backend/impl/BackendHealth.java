package io.vgw.backend.impl;

import com.google.rpc.Code;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.health.v1.HealthCheckResponse;
import io.vgw.BackendOptions;
import io.vgw.GatewayOptions;
import io.vgw.HealthOptions;
import io.vgw.transcode.impl.HttpRoute;
import io.vgw.transcode.impl.RouteTable;
import io.vgw.transcode.impl.StatusException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The health of every backend of one gateway, kept up to date in the background (one
 * {@link BackendProbe} per backend: {@code Health/Watch}, else periodic {@code Check}, else TCP), for
 * readiness ({@link #ready()}) and fail-fast ({@link #notServing}); and the live {@code Check} behind
 * {@code /healthz} ({@link #check}). One per gateway, deployed before the gateway verticles and
 * undeployed after them.
 *
 * <p>Every public method may be called from any event loop. None of its traffic is traced.
 */
public final class BackendHealth extends VerticleBase {

  private final HealthOptions options;
  private final List<BackendOptions> backends;
  /** Per backend, in configuration order: the services the gateway routes to it. */
  private final Map<SocketAddress, Set<String>> servicesByBackend = new LinkedHashMap<>();
  private final Map<SocketAddress, String> displayNames = new HashMap<>();
  private final Map<String, SocketAddress> byService = new HashMap<>();
  private final SocketAddress fallback;
  // Set once on start (the monitor's event loop), read everywhere.
  private volatile List<BackendProbe> probes = List.of();
  private volatile HealthClient client;
  private volatile boolean draining;

  public BackendHealth(GatewayOptions gateway, RouteTable routes) {
    this.options = new HealthOptions(gateway.getHealth());
    this.backends = List.copyOf(gateway.getBackends());
    SocketAddress any = null;
    for (BackendOptions b : backends) {
      SocketAddress address = SocketAddress.inetSocketAddress(b.port(), b.host());
      servicesByBackend.computeIfAbsent(address, a -> new LinkedHashSet<>()).addAll(b.getServices());
      displayNames.putIfAbsent(address, b.getAddress());
      if (b.getServices().isEmpty()) {
        any = address;
      }
      b.getServices().forEach(s -> byService.putIfAbsent(s, address));
    }
    this.fallback = any;
    // The services the gateway calls, on the backend that serves each (BackendClient's rule).
    for (HttpRoute route : routes.routes()) {
      String service = route.method().getService().getFullName();
      SocketAddress b = backendFor(service);
      if (b != null) {
        servicesByBackend.get(b).add(service);
      }
    }
  }

  private SocketAddress backendFor(String service) {
    SocketAddress b = byService.get(service);
    return b != null ? b : fallback;
  }

  @Override
  public Future<?> start() {
    HealthClient c = new HealthClient(vertx, backends, options.getCheckTimeoutMillis());
    List<BackendProbe> all = new ArrayList<>();
    servicesByBackend.forEach((address, services) -> all.add(new BackendProbe(vertx, c, address,
        displayNames.get(address), new ArrayList<>(services), options)));
    client = c;
    probes = List.copyOf(all);
    List<Future<Void>> settled = new ArrayList<>();
    all.forEach(p -> settled.add(p.start()));
    // Serve with a known state when the backends answer at once; never hold start-up for long
    // (discovering a backend without health service takes three round trips).
    return Future.join(settled)
        .timeout(3 * options.getCheckTimeoutMillis() + 100, TimeUnit.MILLISECONDS)
        .otherwiseEmpty();
  }

  @Override
  public Future<?> stop() {
    probes.forEach(BackendProbe::close);
    HealthClient c = client;
    return c == null ? Future.succeededFuture() : c.close();
  }

  public HealthOptions options() {
    return options;
  }

  /**
   * From now on the gateway is not ready (it is shutting down): {@code /readyz} answers 503 so that
   * load balancers stop sending new requests while those in flight finish.
   */
  public void drain() {
    draining = true;
  }

  /** Every backend is SERVING (or, without a health service, accepts connections), and not draining. */
  public boolean ready() {
    if (draining) {
      return false;
    }
    for (BackendProbe p : probes) {
      if (!p.ready()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a call of {@code service} on {@code backend} should fail fast: the backend reported
   * NOT_SERVING for the whole server or for that service. Unreachable or unknown is not enough: the
   * call then fails (or succeeds) on its own.
   */
  public boolean notServing(SocketAddress backend, String service) {
    for (BackendProbe p : probes) {
      if (p.address().equals(backend)) {
        return p.notServing(service);
      }
    }
    return false;
  }

  /**
   * The readiness document of {@code /readyz}: {@code {"status": "SERVING"|"NOT_SERVING"}}, and with
   * {@code details} (the admin listener only: it names internal addresses) each backend's state.
   */
  public JsonObject readiness(boolean details) {
    JsonObject json = new JsonObject().put("status", ready() ? "SERVING" : "NOT_SERVING");
    if (details) {
      JsonArray list = new JsonArray();
      probes.forEach(p -> list.add(p.toJson()));
      json.put("draining", draining).put("backends", list);
    }
    return json;
  }

  /**
   * Calls {@code grpc.health.v1.Health/Check} now, for {@code /healthz}: on the backend that serves
   * {@code service}, or for the empty name on every backend (the first answer that is not SERVING,
   * in configuration order, is the answer).
   *
   * @return the response (any serving status), or fails with a {@link StatusException}: NOT_FOUND
   *     when no backend serves the service, else the call's status (UNIMPLEMENTED for a backend
   *     without the health service, UNAVAILABLE, DEADLINE_EXCEEDED, …)
   */
  public Future<HealthCheckResponse> check(String service) {
    HealthClient c = client;
    if (c == null) {
      return Future.failedFuture(StatusException.of(Code.UNAVAILABLE, "the gateway is starting"));
    }
    if (!service.isEmpty()) {
      SocketAddress b = backendFor(service);
      return b == null ? Future.failedFuture(StatusException.of(Code.NOT_FOUND, "no backend serves " + service))
          : c.check(b, service);
    }
    List<Future<HealthCheckResponse>> all = new ArrayList<>();
    servicesByBackend.keySet().forEach(b -> all.add(c.check(b, "")));
    return Future.join(all).transform(ignored -> {
      for (Future<HealthCheckResponse> f : all) {
        if (f.failed() || f.result().getStatus() != HealthCheckResponse.ServingStatus.SERVING) {
          return f;
        }
      }
      return Future.succeededFuture(HealthCheckResponse.newBuilder()
          .setStatus(HealthCheckResponse.ServingStatus.SERVING).build());
    });
  }
}
