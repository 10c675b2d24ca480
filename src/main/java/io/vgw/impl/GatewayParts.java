package io.vgw.impl;

import io.vgw.http.impl.TracingMode;

/**
 * What every gateway verticle of one deployment shares: the compiled routes and options, and the
 * tracing mode. Safe to use from several event loops.
 */
public record GatewayParts(GatewayRuntime runtime, TracingMode tracing) {
}
