package io.vgw.impl;

import io.vgw.backend.impl.BackendHealth;
import io.vgw.http.impl.TracingMode;

/**
 * What every gateway verticle of one deployment shares: the compiled routes and options, the
 * tracing mode, the backend health monitor, and the port its listeners bind. Safe to use from
 * several event loops.
 *
 * @param listenPort the port every instance binds: the configured one, or — configured as 0, "any
 *     free port" — a negative number of this deployment's own, which Vert.x reads as "one random
 *     port, shared by every server listening with this number" (port 0 would give each instance a
 *     port of its own, and all traffic would reach the first one's event loop)
 */
public record GatewayParts(GatewayRuntime runtime, TracingMode tracing, BackendHealth health, int listenPort) {

  private static final java.util.concurrent.atomic.AtomicInteger RANDOM_PORT_KEYS = new java.util.concurrent.atomic.AtomicInteger();

  public GatewayParts(GatewayRuntime runtime, TracingMode tracing, BackendHealth health) {
    this(runtime, tracing, health, listenPort(runtime.options().getHttpPort()));
  }

  private static int listenPort(int configured) {
    return configured != 0 ? configured : -RANDOM_PORT_KEYS.incrementAndGet();
  }
}
