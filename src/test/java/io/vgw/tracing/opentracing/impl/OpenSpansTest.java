package io.vgw.tracing.opentracing.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The open-span count behind {@code idle()}, and the peer tag chosen for a backend address. */
class OpenSpansTest {

  @Test
  void idleCompletesWhenTheLastOpenSpanEnds() {
    OpenSpans open = new OpenSpans();
    assertTrue(open.idle().succeeded(), "nothing open: idle at once");
    open.opened();
    open.opened();
    Future<Void> idle = open.idle();
    assertFalse(idle.isComplete(), "2 open: not idle");
    open.closed();
    assertFalse(idle.isComplete(), "1 open: not idle");
    open.closed();
    assertTrue(idle.succeeded(), "0 open: idle");
    assertEquals(0, open.count(), "count");
  }

  static Stream<Arguments> hosts() {
    return Stream.of(
        Arguments.of("127.0.0.1", "peer.ipv4"),
        Arguments.of("::1", "peer.ipv6"),
        Arguments.of("backend.internal", "peer.hostname"),
        Arguments.of("10.0.0.1.nip.io", "peer.hostname"));
  }

  @ParameterizedTest
  @MethodSource("hosts")
  void peerTagByAddressKind(String host, String want) {
    String got = ClientSpanObserver.peerHostTag(host);
    assertEquals(want, got, "got " + got + "; want " + want + "; input " + host);
  }
}
