package io.vgw.tracing.impl;

import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.spi.VertxServiceProvider;
import io.vertx.core.spi.context.storage.ContextLocal;

/**
 * Registers vgw's context-local storage. Vert.x 5 accepts new context locals only before the first
 * {@code Vertx} is built; Vert.x loads every {@link VertxServiceProvider} listed in
 * {@code META-INF/services} while it bootstraps, which initializes this class in time — also in a
 * user's application that builds its own {@code Vertx} with vgw on the class path.
 */
public final class TracingLocals implements VertxServiceProvider {

  static final ContextLocal<RequestTrace> REQUEST_TRACE = ContextLocal.registerLocal(RequestTrace.class);

  @Override
  public void init(VertxBootstrap builder) {
    // nothing to configure: loading the class registered the local
  }
}
