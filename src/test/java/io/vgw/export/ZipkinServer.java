package io.vgw.export;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Zipkin server (io.zipkin:zipkin-server:3.4.3:exec, copied to target/zipkin by
 * maven-dependency-plugin) in a child JVM, on a free port of 127.0.0.1 only, in-memory storage.
 */
public final class ZipkinServer implements AutoCloseable {

  private final Process process;
  private final int port;
  private final Path log;

  private ZipkinServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  public static ZipkinServer start() throws Exception {
    String jar = System.getProperty("zipkin.server.jar", "target/zipkin/zipkin-server.jar");
    if (!new File(jar).isFile()) {
      throw new IllegalStateException("no Zipkin server jar at " + jar + ": run ./mvnw verify");
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path log = Files.createTempFile("zipkin-server", ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
            List.of(
                java,
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1", // starts faster; throughput does not matter here
                "-jar",
                jar,
                // Armeria serves Zipkin: bind its one port to loopback only
                "--armeria.ports[0].ip=127.0.0.1",
                "--armeria.ports[0].port=" + port,
                "--armeria.ports[0].protocols[0]=http",
                "--server.port=" + port));
    builder.environment().put("STORAGE_TYPE", "mem");
    builder.environment().put("COLLECTOR_GRPC_ENABLED", "false");
    builder.environment().put("SELF_TRACING_ENABLED", "false");
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    return new ZipkinServer(builder.start(), port, log);
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public String spansEndpoint() {
    return baseUrl() + "/api/v2/spans";
  }

  /** Polls {@code /health} every 100 ms (timer, not sleep) until UP, for at most 60 s. */
  public Future<Void> awaitReady(Vertx vertx) {
    WebClient client = WebClient.create(vertx);
    Promise<Void> ready = Promise.promise();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    poll(vertx, client, ready, deadline);
    return ready.future().andThen(ignored -> client.close());
  }

  private void poll(Vertx vertx, WebClient client, Promise<Void> ready, long deadline) {
    client
        .getAbs(baseUrl() + "/health")
        .send()
        .onComplete(
            result -> {
              if (result.succeeded() && result.result().statusCode() == 200) {
                ready.complete();
              } else if (!process.isAlive() || System.nanoTime() > deadline) {
                ready.fail("Zipkin did not start; see " + log);
              } else {
                vertx.setTimer(100, id -> poll(vertx, client, ready, deadline));
              }
            });
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
