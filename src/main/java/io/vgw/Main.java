package io.vgw;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vgw.demo.DemoBackend;
import io.vgw.impl.ConfigOverrides;
import io.vgw.impl.GatewayRuntime;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar vgw.jar [-conf FILE] [--path.to.key=value …]}.
 *
 * <p>With no backend configured it starts the embedded demo: the demo gRPC backend in-process on a
 * loopback port, and the gateway in front of it. On SIGTERM (or Ctrl-C) it stops accepting, lets
 * in-flight requests finish, undeploys everything and exits.
 */
public final class Main {

  /** The descriptor set of the demo protos, built into the jar. */
  public static final String DEMO_DESCRIPTORS = GatewayRuntime.CLASSPATH_PREFIX + "vgw/demo.desc";

  private Main() {
  }

  public static void main(String[] args) {
    JsonObject config;
    try {
      config = configuration(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("vgw: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (config == null) {
      usage(System.out);
      return;
    }
    Vertx vertx = Vertx.vertx();
    Running running;
    try {
      // The main thread, not an event loop: it may wait for start-up.
      running = start(vertx, config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      System.err.println("vgw: cannot start: " + cause.getMessage());
      vertx.close();
      System.exit(1);
      return;
    }
    System.out.println(running.banner());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      // A JVM shutdown hook thread, not an event loop: waiting here is what keeps the JVM alive
      // until in-flight requests are answered and spans flushed.
      running.close().eventually(vertx::close).onComplete(ar -> stopped.countDown());
      try {
        stopped.await(running.shutdownTimeoutMillis() + 5_000, TimeUnit.MILLISECONDS);
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
    }, "vgw-shutdown"));
  }

  /** The configuration from the file, the environment and the flags; null when help was asked. */
  static JsonObject configuration(String[] args, Map<String, String> env) {
    JsonObject config = new JsonObject();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-h") || a.equals("--help")) {
        return null;
      }
      if (a.equals("-conf") || a.equals("--conf")) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("-conf needs a file");
        }
        config = readConf(args[++i]).mergeIn(config, true);
      }
    }
    ConfigOverrides.applyEnv(config, env);
    for (String a : args) {
      if (a.startsWith("--") && a.contains("=") && !a.startsWith("--conf")) {
        int eq = a.indexOf('=');
        ConfigOverrides.set(config, a.substring(2, eq), a.substring(eq + 1));
      } else if (a.startsWith("--") && !a.equals("--conf")) {
        throw new IllegalArgumentException("unknown flag " + a + " (flags are --path.to.key=value)");
      }
    }
    return config;
  }

  private static JsonObject readConf(String file) {
    try {
      return new JsonObject(Files.readString(Path.of(file)));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("configuration file " + file + ": no such file");
    } catch (IOException e) {
      throw new IllegalArgumentException("configuration file " + file + ": cannot read (" + e.getMessage() + ")");
    } catch (DecodeException e) {
      throw new IllegalArgumentException("configuration file " + file + ": not valid JSON (" + e.getMessage() + ")");
    }
  }

  /** Starts the gateway, and the demo backend first when no backend is configured. */
  static Future<Running> start(Vertx vertx, JsonObject config) {
    GatewayOptions options;
    try {
      options = new GatewayOptions(config);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    if (!options.getBackends().isEmpty()) {
      return Gateway.deploy(vertx, options).map(gw -> new Running(gw, null, options));
    }
    return DemoBackend.start(vertx, "127.0.0.1", 0).compose(demo -> {
      if (options.getDescriptors().isEmpty()) {
        options.addDescriptor(DEMO_DESCRIPTORS);
      }
      options.addBackend(new BackendOptions().setAddress("127.0.0.1:" + demo.port()));
      return Gateway.deploy(vertx, options)
          .map(gw -> new Running(gw, demo, options))
          .onFailure(err -> demo.close());
    });
  }

  /** A started gateway, with the demo backend when there is one. */
  record Running(Gateway gateway, DemoBackend demo, GatewayOptions options) {
    String banner() {
      String host = options.getHttpHost().equals("0.0.0.0") ? "127.0.0.1" : options.getHttpHost();
      String base = "http://" + host + ":" + gateway.httpPort();
      if (demo == null) {
        return "vgw: listening on " + base;
      }
      return "vgw: embedded demo (backend on 127.0.0.1:" + demo.port() + ") listening on " + base + "\n"
          + "try:  curl -s " + base + "/v1/echo -H 'content-type: application/json' -d '{\"message\":\"hello\"}'";
    }

    long shutdownTimeoutMillis() {
      return options.getShutdownTimeoutMillis();
    }

    Future<Void> close() {
      Future<Void> gw = gateway.close();
      return demo == null ? gw : gw.eventually(demo::close);
    }
  }

  private static void usage(PrintStream out) {
    out.println("usage: java -jar vgw.jar [-conf FILE] [--path.to.key=value ...]");
    out.println("  with no backend configured, starts the embedded demo backend and gateway");
    out.println("  environment: " + String.join(", ", ConfigOverrides.ENV.keySet()));
  }
}
