package io.vgw.http.impl;

import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import io.vgw.transcode.impl.HttpRoute;
import java.util.Map;

/**
 * What tracing sees of a backend call: told when the call starts (it may add metadata, such as
 * the trace context), of each message, and when it ends. The gateway has one per tracing mode
 * ({@link TracingMode#observer()}); health checks never go through it.
 */
public interface BackendCallObserver {

  /** Observes nothing and adds no metadata: tracing off. */
  BackendCallObserver NONE = (ctx, route, backend) -> Call.NONE;

  /**
   * @param backend the address called, or null when no backend serves the route's service
   */
  Call start(RoutingContext ctx, HttpRoute route, SocketAddress backend);

  /** One observed call; every method runs on the request's context. */
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

    /** A request message of {@code bytes} (serialized size) was sent. */
    default void sent(int bytes) {
    }

    /** A response message of {@code bytes} (serialized size) arrived. */
    default void received(int bytes) {
    }

    /** @param failure null when the call succeeded; else a {@code StatusException} as a rule */
    void end(Throwable failure);
  }
}
