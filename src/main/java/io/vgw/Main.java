package io.vgw;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.opentracing.Tracer;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vgw.cluster.ClusterConfig;
import io.vgw.cluster.LiveSettings;
import io.vgw.demo.DemoBackend;
import io.vgw.impl.ConfigWatcher;
import io.vgw.impl.ConfigOverrides;
import io.vgw.impl.GatewayRuntime;
import io.vgw.impl.ShutdownLogManager;
import io.vgw.tracing.OpenTracingVertx;
import io.vgw.tracing.TracingOptions;
import io.vgw.tracing.opentracing.impl.KnownTracer;
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
    // First, before anything logs: the lines written while shutting down must not be lost.
    ShutdownLogManager.Launcher.install();
    JsonObject config;
    LaunchFlags flags;
    try {
      config = configuration(args, System.getenv());
      flags = LaunchFlags.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("vgw: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (config == null) {
      usage(System.out);
      return;
    }
    Vertx vertx;
    Running running;
    try {
      // The main thread, not an event loop: it may wait for start-up.
      vertx = createVertx(flags, config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      System.err.println("vgw: cannot start Vert.x: " + cause.getMessage());
      System.exit(1);
      return;
    }
    try {
      // Still the main thread: it waits for the gateway (and the demo backend) to listen.
      running = start(vertx, config, flags).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      System.err.println("vgw: cannot start: " + cause.getMessage());
      vertx.close();
      System.exit(1);
      return;
    }
    if (flags.trainingRun()) {
      System.out.println(running.banner());
      trainAndExit(vertx, running);
      return;
    }
    // Before the banner: an operator (or a test) may send SIGTERM as soon as it reads it, and the
    // requests in flight must still be drained then.
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      // A JVM shutdown hook thread, not an event loop: waiting here is what keeps the JVM alive
      // until in-flight requests are answered and spans flushed.
      // Counted down from vertx.close()'s own Future, which is bound to no context: a callback
      // chained after it on a gateway future would be sent to an event loop that close() stopped.
      running.close().onComplete(ar -> vertx.close().onComplete(closed -> stopped.countDown()));
      try {
        stopped.await(running.shutdownTimeoutMillis() + 5_000, TimeUnit.MILLISECONDS);
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
      ShutdownLogManager.Launcher.shutdownComplete();
    }, "vgw-shutdown"));
    System.out.println(running.banner());
  }

  /** {@code -training-run}: a request of each kind (see {@link TrainingRun}), then exit 0, or 1 on a wrong answer. */
  private static void trainAndExit(Vertx vertx, Running running) {
    int status;
    try {
      // The main thread, not an event loop: it may wait.
      TrainingRun.run(vertx, running.localHost(), running.gateway().httpPort())
          .eventually(running::close)
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      System.out.println("vgw: training run answered as expected");
      status = 0;
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      System.err.println("vgw: training run failed: " + cause.getMessage());
      status = 1;
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // exiting anyway
    }
    System.exit(status);
  }

  /** A plain Vert.x, or a clustered one ({@code -cluster}, with {@code -ha} for high availability). */
  static Future<Vertx> createVertx(LaunchFlags flags) {
    return createVertx(flags, new JsonObject());
  }

  /**
   * As {@link #createVertx(LaunchFlags)}, built with the OpenTracing tracer of {@code config} when its
   * {@code tracing.mode} is {@code opentracing}: a Vert.x tracer is fixed when the instance is built.
   */
  static Future<Vertx> createVertx(LaunchFlags flags, JsonObject config) {
    VertxBuilder builder = Vertx.builder();
    try {
      Tracer tracer = openTracingTracer(config);
      if (tracer != null) {
        // Closed (its spans flushed) when Vert.x closes, after the gateway's last requests.
        builder.withTracer(KnownTracer.factory(tracer, true));
      }
      if (!flags.cluster()) {
        return Future.succeededFuture(builder.build());
      }
      VertxOptions options = new VertxOptions()
          .setHAEnabled(flags.ha())
          .setEventBusOptions(new EventBusOptions().setHost(flags.clusterHost()).setPort(0));
      return builder.with(options)
          .withClusterManager(new HazelcastClusterManager(ClusterConfig.load(flags.clusterConf())))
          .buildClustered();
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
  }

  /** The tracer of an opentracing-mode configuration, or null (an invalid one fails later, with its message). */
  private static Tracer openTracingTracer(JsonObject config) {
    TracingOptions tracing;
    try {
      tracing = new GatewayOptions(config).getTracing();
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (tracing.getMode() != TracingOptions.Mode.OPENTRACING) {
      return null;
    }
    return OpenTracingVertx.createTracer(tracing.getOpenTracing());
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
    return overrides(args, env).apply(config);
  }

  /** The environment, then the {@code --key=value} flags, on top of a configuration. */
  static java.util.function.UnaryOperator<JsonObject> overrides(String[] args, Map<String, String> env) {
    for (String a : args) {
      if (a.startsWith("--") && !a.contains("=") && !a.equals("--conf") && !a.equals("--help")) {
        throw new IllegalArgumentException("unknown flag " + a + " (flags are --path.to.key=value)");
      }
    }
    return config -> {
      ConfigOverrides.applyEnv(config, env);
      for (String a : args) {
        if (a.startsWith("--") && a.contains("=") && !a.startsWith("--conf")) {
          int eq = a.indexOf('=');
          ConfigOverrides.set(config, a.substring(2, eq), a.substring(eq + 1));
        }
      }
      return config;
    };
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

  /** Starts the gateway as {@code java -jar} does with no launcher flags. */
  static Future<Running> start(Vertx vertx, JsonObject config) {
    return start(vertx, config, LaunchFlags.parse(new String[0]));
  }

  /**
   * Starts the gateway, and the demo backend first when no backend is configured; with
   * {@code -conf}, also the watcher that reloads the file's live settings.
   */
  static Future<Running> start(Vertx vertx, JsonObject config, LaunchFlags flags) {
    return startGateway(vertx, config, flags).compose(running -> {
      if (flags.conf() == null) {
        return Future.succeededFuture(running);
      }
      return LiveSettings.open(vertx).compose(settings -> {
        ConfigWatcher watcher = new ConfigWatcher(vertx, flags.conf(), overrides(flags.args(), System.getenv()), settings);
        return watcher.start(ConfigWatcher.DEFAULT_INTERVAL_MILLIS).map(v -> running.withWatcher(watcher));
      });
    });
  }

  private static Future<Running> startGateway(Vertx vertx, JsonObject config, LaunchFlags flags) {
    GatewayOptions options;
    try {
      options = new GatewayOptions(config);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    if (!options.getBackends().isEmpty()) {
      return Gateway.deploy(vertx, options, flags.ha()).map(gw -> new Running(gw, null, options, null));
    }
    return DemoBackend.start(vertx, "127.0.0.1", 0).compose(demo -> {
      if (options.getDescriptors().isEmpty()) {
        options.addDescriptor(DEMO_DESCRIPTORS);
      }
      options.addBackend(new BackendOptions().setAddress("127.0.0.1:" + demo.port()));
      return Gateway.deploy(vertx, options, flags.ha())
          .map(gw -> new Running(gw, demo, options, null))
          .onFailure(err -> demo.close());
    });
  }

  /** A started gateway, with the demo backend when there is one. */
  record Running(Gateway gateway, DemoBackend demo, GatewayOptions options, ConfigWatcher watcher) {
    Running withWatcher(ConfigWatcher w) {
      return new Running(gateway, demo, options, w);
    }

    /** Where a client on this machine reaches the listener: loopback when it listens on every interface. */
    String localHost() {
      return options.getHttpHost().equals("0.0.0.0") ? "127.0.0.1" : options.getHttpHost();
    }

    String banner() {
      String base = "http://" + localHost() + ":" + gateway.httpPort();
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
      if (watcher != null) {
        watcher.stop();
      }
      Future<Void> gw = gateway.close();
      return demo == null ? gw : gw.eventually(demo::close);
    }
  }

  private static void usage(PrintStream out) {
    out.println("usage: java -jar vgw.jar [-conf FILE] [-cluster [-cluster-conf FILE] [-cluster-host HOST] [-ha]]");
    out.println("                         [-training-run] [--path.to.key=value ...]");
    out.println("  -conf FILE       configuration (JSON); reloaded when it changes (live settings only)");
    out.println("  -cluster         join the Hazelcast cluster of conf/cluster.xml (built in) or -cluster-conf");
    out.println("  -ha              high availability: a dead node's gateway is redeployed on a survivor");
    out.println("  -training-run    serve one request of each kind, then exit (how the build records target/vgw.jsa)");
    out.println("  with no backend configured, starts the embedded demo backend and gateway");
    out.println("  environment: " + String.join(", ", ConfigOverrides.ENV.keySet()));
  }
}
