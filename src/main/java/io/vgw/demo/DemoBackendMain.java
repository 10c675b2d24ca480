package io.vgw.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -cp vgw.jar io.vgw.demo.DemoBackendMain [--host=127.0.0.1] [--port=0]}: the demo gRPC
 * backend alone, in its own JVM, with no gateway in front. The benchmark ({@code bench/run}) starts
 * it as its own process so the direct gRPC call and the gateway hop are measured against the same
 * backend. Prints {@code vgw demo backend: listening on HOST:PORT} once it accepts calls; stops on
 * SIGTERM.
 *
 * <p>Exits with status 2 and one line on stderr for a bad flag, 1 when the port cannot be bound.
 */
public final class DemoBackendMain {

  /** The interface the backend binds by default: loopback, never every interface. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** The port by default: any free one (printed at start-up). */
  public static final int DEFAULT_PORT = 0;

  private DemoBackendMain() {
  }

  /** The parsed command line. */
  record Flags(String host, int port) {
  }

  public static void main(String[] args) {
    Flags flags;
    try {
      flags = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("vgw demo backend: " + e.getMessage());
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx();
    DemoBackend backend;
    try {
      // The main thread, not an event loop: it may wait for the listener.
      backend = start(vertx, flags).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      System.err.println("vgw demo backend: cannot listen on " + flags.host() + ":" + flags.port() + ": "
          + cause.getMessage());
      vertx.close();
      System.exit(1);
      return;
    }
    // Standard output, not the logger: this line is the command's contract (bench/run and bench/ab
    // read the port from it), like the launcher's banner.
    System.out.println("vgw demo backend: listening on " + flags.host() + ":" + backend.port());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      // Closing Vert.x closes the server too. Not chained on the server's close future: that one
      // completes on an event loop that Vert.x is stopping, and would never call back.
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // exiting anyway
      }
    }, "vgw-demo-backend-shutdown"));
  }

  static Future<DemoBackend> start(Vertx vertx, Flags flags) {
    return DemoBackend.start(vertx, flags.host(), flags.port());
  }

  /**
   * Reads {@code --host=H} and {@code --port=N}.
   *
   * @throws IllegalArgumentException for an unknown flag, a port that is not 0..65535, an empty host
   */
  static Flags parse(String[] args) {
    String host = DEFAULT_HOST;
    int port = DEFAULT_PORT;
    for (String a : args) {
      if (a.startsWith("--host=")) {
        host = a.substring("--host=".length());
        if (host.isEmpty()) {
          throw new IllegalArgumentException("--host needs a value");
        }
      } else if (a.startsWith("--port=")) {
        String value = a.substring("--port=".length());
        try {
          port = Integer.parseInt(value);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("--port must be a number: " + value);
        }
        if (port < 0 || port > 65535) {
          throw new IllegalArgumentException("--port must be 0..65535: " + value);
        }
      } else {
        throw new IllegalArgumentException("unknown flag " + a + " (flags: --host=H --port=N)");
      }
    }
    return new Flags(host, port);
  }
}
