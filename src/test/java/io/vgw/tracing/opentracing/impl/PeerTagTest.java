package io.vgw.tracing.opentracing.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The peer tag the OpenTracing client span gets for a backend address. */
class PeerTagTest {

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
