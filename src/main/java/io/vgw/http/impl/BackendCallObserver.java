package io.vgw.http.impl;

import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import io.vgw.transcode.impl.HttpRoute;
import java.util.Map;

/**
 * What tracing sees of a backend call: told when the call starts (it may add metadata, such as
 * the trace context) and when it ends. The gateway has one per tracing mode.
 */
public interface BackendCallObserver {

  /** Observes nothing and adds no metadata: tracing off. */
  BackendCallObserver NONE = (ctx, route, backend) -> Call.NONE;

  Call start(RoutingContext ctx, HttpRoute route, SocketAddress backend);

  /** One observed call. */
  interface Call {
    Call NONE = new Call() {
      @Override
      public Map<String, String> metadata() {
        return Map.of();
      }

      @Override
      public void end(Throwable failure) {
      }
    };

    /** Metadata to send with the call, wire-ready. */
    Map<String, String> metadata();

    /** @param failure null when the call succeeded */
    void end(Throwable failure);
  }
}
