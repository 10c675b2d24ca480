package io.vgw.impl;

import io.vgw.backend.impl.BackendHealth;
import io.vgw.http.impl.TracingMode;

/**
 * What every gateway verticle of one deployment shares: the compiled routes and options, the
 * tracing mode, and the backend health monitor. Safe to use from several event loops.
 */
public record GatewayParts(GatewayRuntime runtime, TracingMode tracing, BackendHealth health) {
}
