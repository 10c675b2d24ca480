package io.vgw;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher in its own JVM, stopped with SIGTERM as an operator stops it, as soon as it says it
 * listens: what the gateway logs while it drains and flushes reaches the log. The JDK's own
 * shutdown hook used to reset {@code java.util.logging} at the same time, and those lines were
 * lost; and the launcher printed its banner before its shutdown hook was in place.
 */
class ShutdownLoggingTest {

  @TempDir
  Path dir;

  @Test
  void whatTheGatewayLogsWhileStoppingOnSigtermIsNotLost() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = dir.resolve("gateway.log");
    // Output to a file: Process.destroy() would close a pipe before the last lines are read.
    Process gateway = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "--http.host=127.0.0.1", "--http.port=0", "--admin.port=0", "--instances=1")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.readString(log).contains("listening on")) {
        assertTrue(gateway.isAlive() && System.nanoTime() < deadline, "no banner: " + Files.readString(log));
        Thread.sleep(10); // the test thread, not an event loop
      }
      gateway.toHandle().destroy(); // SIGTERM
      assertTrue(gateway.waitFor(30, TimeUnit.SECONDS), "the JVM exits after SIGTERM");
    } finally {
      gateway.destroyForcibly();
    }
    String output = Files.readString(log);
    // ExportPipeline logs its final counts once the last spans are flushed, during shutdown.
    assertTrue(output.contains("span export stopped: ExportStats[pushed="),
        "exit status " + gateway.exitValue() + ", output:\n" + output);
  }
}
