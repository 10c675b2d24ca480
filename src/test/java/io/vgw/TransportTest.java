package io.vgw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code java -jar vgw.jar} runs on Netty's epoll transport where it loads; {@code -transport nio} opts out. */
class TransportTest {

  /** The machines the jar carries a native epoll library for. */
  private static final Set<String> EPOLL_ARCHS = Set.of("amd64", "x86_64", "aarch64");

  @Test
  void theLauncherRunsOnEpollOnLinux() throws Exception {
    assumeTrue(System.getProperty("os.name").startsWith("Linux")
        && EPOLL_ARCHS.contains(System.getProperty("os.arch")), "epoll is Linux x86_64 / aarch64 only");
    Vertx vertx = started(new String[0]);
    try {
      assertTrue(vertx.isNativeTransportEnabled(), String.valueOf(vertx.unavailableNativeTransportCause()));
      assertEquals("epoll", Main.transport(vertx));
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void nioIsChosenOnRequest() throws Exception {
    Vertx vertx = started(new String[] {"-transport", "nio"});
    try {
      assertFalse(vertx.isNativeTransportEnabled());
      assertEquals("nio", Main.transport(vertx));
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void anUnknownTransportIsRefusedWithItsName() {
    String m = assertThrows(IllegalArgumentException.class,
        () -> LaunchFlags.parse(new String[] {"-transport", "kqueue"})).getMessage();
    assertTrue(m.contains("kqueue") && m.contains("native or nio"), m);
    assertThrows(IllegalArgumentException.class, () -> LaunchFlags.parse(new String[] {"-transport"}));
  }

  private static Vertx started(String[] args) throws Exception {
    return Main.createVertx(LaunchFlags.parse(args)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
