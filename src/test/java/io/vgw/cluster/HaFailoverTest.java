package io.vgw.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vgw.Main;
import io.vgw.demo.DemoBackend;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * High availability as a user runs it: {@code vgw -ha} in its own JVM, a second HA node in this
 * one. The first JVM is killed (SIGKILL, no goodbye); the survivor redeploys the gateway from its
 * configuration and serves on the same port.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 150, timeUnit = TimeUnit.SECONDS)
class HaFailoverTest {

  @Test
  void aKilledNodesGatewayIsRedeployedOnTheSurvivor(Vertx local, VertxTestContext ctx) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    DemoBackend backend = DemoBackend.start(local, "127.0.0.1", 0).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process first = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "-ha", "--http.host=127.0.0.1", "--http.port=" + port, "--admin.enabled=false", "--instances=1",
        "--descriptors=" + Main.DEMO_DESCRIPTORS, "--backends=127.0.0.1:" + backend.port())
        .redirectErrorStream(true).start();
    CompletableFuture<Void> listening = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          if (line.contains("listening on")) {
            listening.complete(null);
          }
        }
      } catch (Exception ignored) {
        // the process was killed
      }
    }, "first-node-output");
    reader.setDaemon(true);
    reader.start();
    Vertx[] survivor = new Vertx[1];
    WebClient client = WebClient.create(local);
    try {
      listening.get(90, TimeUnit.SECONDS);
      HazelcastClusterManager manager = new HazelcastClusterManager(haConfig());
      survivor[0] = haNode(manager).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      // What each node deployed with HA lives in a replicated map: the survivor must hold its backup
      // copy before the other dies, or the first node's deployments are lost with it.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!manager.getHazelcastInstance().getPartitionService().isClusterSafe()) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the cluster did not become safe (partitions backed up) within 60 s");
        }
        Thread.sleep(200); // the test thread, not an event loop
      }
      int status = client.get(port, "127.0.0.1", "/v1/echo/1").send().toCompletionStage().toCompletableFuture()
          .get(10, TimeUnit.SECONDS).statusCode();
      assertEquals(200, status, "served by the first node");
      assertEquals(List.of(), List.copyOf(survivor[0].deploymentIDs()), "the survivor runs nothing of its own yet");
    } catch (Exception | AssertionError e) {
      first.destroyForcibly();
      throw e;
    }
    long killed = System.nanoTime();
    first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    untilServed(local, client, port).compose(v -> {
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
      System.out.println("gateway redeployed and serving on the survivor " + ms + " ms after the kill");
      ctx.verify(() -> assertTrue(!survivor[0].deploymentIDs().isEmpty(), "the gateway now runs on the survivor"));
      return survivor[0].close();
    }).compose(v -> backend.close()).onComplete(ctx.succeedingThenComplete());
  }

  /**
   * A clustered Vert.x with HA, on the shipped configuration; it notices a silent member after 5 s
   * rather than Hazelcast's default 60 s (docs/deployment.md says how to set that).
   */
  private static Config haConfig() {
    Config config = ClusterConfig.load(null);
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
    return config;
  }

  private static Future<Vertx> haNode(HazelcastClusterManager manager) {
    return Vertx.builder()
        .with(new VertxOptions().setHAEnabled(true)
            .setEventBusOptions(new EventBusOptions().setHost("127.0.0.1").setPort(0)))
        .withClusterManager(manager)
        .buildClustered();
  }

  private static Future<Void> untilServed(Vertx vertx, WebClient client, int port) {
    Promise<Void> done = Promise.promise();
    Runnable[] attempt = new Runnable[1];
    attempt[0] = () -> client.get(port, "127.0.0.1", "/v1/echo/1").timeout(2000).send().onComplete(ar -> {
      if (ar.succeeded() && ar.result().statusCode() == 200) {
        done.tryComplete();
      } else {
        vertx.setTimer(200, t -> attempt[0].run());
      }
    });
    attempt[0].run();
    return done.future();
  }
}
