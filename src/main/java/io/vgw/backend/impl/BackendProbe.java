package io.vgw.backend.impl;

import com.google.rpc.Code;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.health.v1.HealthCheckResponse;
import io.vgw.HealthOptions;
import io.vgw.transcode.impl.StatusException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one backend's health is, and keeping it up to date: the whole server (the empty name) and
 * each service the gateway routes to it. It finds out how the backend can be asked, best first:
 * {@code Health/Watch} streams; else periodic {@code Health/Check}; else (no health service) a TCP
 * connect. Whenever the backend was unreachable, it starts over from the top: what comes back may be
 * another build.
 *
 * <p>Driven on the monitor's event loop; {@link #state}, {@link #ready()} and {@link #toJson} may be
 * read from any thread.
 */
final class BackendProbe {

  /** How the backend is asked. */
  enum Method { WATCH, POLL, TCP }

  /** The last known health of the backend or of one of its services. */
  enum State {
    /** Not asked yet. */
    PENDING,
    SERVING,
    NOT_SERVING,
    /** The backend said UNKNOWN, answered an error, or has no health service to say it with. */
    UNKNOWN,
    /** The backend's health service does not know the service. */
    SERVICE_UNKNOWN,
    /** No connection, or no answer in time. */
    UNREACHABLE;

    static State of(HealthCheckResponse.ServingStatus status) {
      return switch (status) {
        case SERVING -> SERVING;
        case NOT_SERVING -> NOT_SERVING;
        case SERVICE_UNKNOWN -> SERVICE_UNKNOWN;
        default -> UNKNOWN;
      };
    }
  }

  static final String SERVER = "";

  private final Vertx vertx;
  private final HealthClient client;
  private final SocketAddress address;
  private final String displayName;
  private final List<String> names;
  private final HealthOptions options;
  // Written on the monitor's event loop, read by every gateway event loop.
  private final Map<String, State> states = new ConcurrentHashMap<>();
  private volatile Method method;
  // Confined to the monitor's event loop.
  private final Map<String, HealthClient.Watch> watches = new HashMap<>();
  private final Promise<Void> settled = Promise.promise();
  // Bumped on every change of method and on close: callbacks of an earlier one do nothing.
  private int generation;
  private boolean closed;

  /** @param services the services the gateway routes to this backend (the server itself is added) */
  BackendProbe(Vertx vertx, HealthClient client, SocketAddress address, String displayName, List<String> services,
      HealthOptions options) {
    this.vertx = vertx;
    this.client = client;
    this.address = address;
    this.displayName = displayName;
    this.options = options;
    List<String> all = new ArrayList<>();
    all.add(SERVER);
    services.stream().filter(s -> !s.isEmpty() && !all.contains(s)).forEach(all::add);
    this.names = List.copyOf(all);
    names.forEach(n -> states.put(n, State.PENDING));
  }

  /** Starts watching; the future completes once every name has a first state. */
  Future<Void> start() {
    discover();
    return settled.future();
  }

  void close() {
    closed = true;
    begin(method);
  }

  SocketAddress address() {
    return address;
  }

  /** The last known state of {@code name} ({@code ""}: the server), null if not watched. */
  State state(String name) {
    return states.get(name);
  }

  /** Ready: the server (the empty name) is SERVING, or accepts connections when it has no health service. */
  boolean ready() {
    return states.get(SERVER) == State.SERVING;
  }

  /** The backend or this service of it reported NOT_SERVING: requests fail fast. */
  boolean notServing(String service) {
    return states.get(SERVER) == State.NOT_SERVING || states.get(service) == State.NOT_SERVING;
  }

  JsonObject toJson() {
    JsonObject services = new JsonObject();
    names.stream().filter(n -> !n.isEmpty()).forEach(n -> services.put(n, states.get(n).name()));
    Method m = method;
    return new JsonObject()
        .put("address", displayName)
        .put("check", m == null ? null : m.name().toLowerCase(Locale.ROOT))
        .put("status", states.get(SERVER).name())
        .put("services", services);
  }

  private int begin(Method m) {
    generation++;
    method = m;
    List<HealthClient.Watch> open = new ArrayList<>(watches.values());
    watches.clear();
    open.forEach(HealthClient.Watch::cancel);
    return generation;
  }

  private void discover() {
    if (options.isWatch()) {
      int gen = begin(Method.WATCH);
      names.forEach(n -> watch(n, gen));
    } else {
      poll(begin(Method.POLL));
    }
  }

  private boolean current(int gen) {
    return gen == generation && !closed;
  }

  private void later(int gen, Runnable action) {
    vertx.setTimer(options.getPollIntervalMillis(), t -> {
      if (current(gen)) {
        action.run();
      }
    });
  }

  private void set(String name, State state) {
    states.put(name, state);
    if (!settled.future().isComplete() && !states.containsValue(State.PENDING)) {
      settled.tryComplete();
    }
  }

  private void setAll(State state) {
    names.forEach(n -> set(n, state));
  }

  private void watch(String name, int gen) {
    long opened = System.nanoTime();
    HealthClient.Watch w = client.watch(address, name, status -> {
      if (current(gen)) {
        set(name, State.of(status));
      }
    });
    watches.put(name, w);
    w.ended().onComplete(ar -> {
      if (!current(gen)) {
        return;
      }
      watches.remove(name);
      if (code(ar.cause()) == Code.UNIMPLEMENTED) {
        // gRPC health spec: UNIMPLEMENTED means no Watch; do not retry it. Ask with Check.
        poll(begin(Method.POLL));
        return;
      }
      // Any other end is retried (spec). A stream that worked for a while (a server rotating its
      // connections, say) is reopened at once, keeping the state; one that never worked says the
      // backend is unreachable, and is tried again after the poll interval.
      boolean lived = (System.nanoTime() - opened) / 1_000_000 >= options.getPollIntervalMillis();
      if (w.hasStatus() && lived) {
        watch(name, gen);
        return;
      }
      if (!w.hasStatus()) {
        set(name, State.UNREACHABLE);
      }
      later(gen, () -> watch(name, gen));
    });
  }

  private void poll(int gen) {
    List<Future<?>> checks = new ArrayList<>();
    boolean[] noHealthService = {false};
    for (String name : names) {
      checks.add(client.check(address, name).andThen(ar -> {
        if (!current(gen)) {
          return;
        }
        if (ar.succeeded()) {
          set(name, State.of(ar.result().getStatus()));
          return;
        }
        Code code = code(ar.cause());
        if (code == Code.UNIMPLEMENTED && name.equals(SERVER)) {
          noHealthService[0] = true;
        } else {
          set(name, stateOfFailure(code));
        }
      }));
    }
    Future.join(checks).onComplete(ar -> {
      if (!current(gen)) {
        return;
      }
      if (noHealthService[0]) {
        tcp(begin(Method.TCP));
      } else if (states.get(SERVER) == State.UNREACHABLE) {
        later(gen, this::discover);
      } else {
        later(gen, () -> poll(gen));
      }
    });
  }

  private void tcp(int gen) {
    client.connect(address).onComplete(ar -> {
      if (!current(gen)) {
        return;
      }
      if (ar.succeeded()) {
        // Reachable, and nothing can say more: the services are UNKNOWN, never failed fast.
        names.stream().filter(n -> !n.isEmpty()).forEach(n -> set(n, State.UNKNOWN));
        set(SERVER, State.SERVING);
        later(gen, () -> tcp(gen));
      } else {
        setAll(State.UNREACHABLE);
        later(gen, this::discover);
      }
    });
  }

  private static State stateOfFailure(Code code) {
    return switch (code) {
      case NOT_FOUND -> State.SERVICE_UNKNOWN;
      case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED -> State.UNREACHABLE;
      default -> State.UNKNOWN;
    };
  }

  private static Code code(Throwable failure) {
    if (failure == null) {
      return Code.OK;
    }
    StatusException e = failure instanceof StatusException se ? se : GrpcFailures.fromThrowable(failure);
    Code code = Code.forNumber(e.code());
    return code == null ? Code.UNKNOWN : code;
  }
}
