package io.vgw;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vgw.export.CustomExporterOptions;
import io.vgw.export.ExportStats;
import io.vgw.impl.GatewayRuntime;
import io.vgw.impl.GatewayStack;
import io.vgw.impl.HaGatewayVerticle;
import io.opencensus.trace.Tracer;
import io.vgw.tracing.SamplingOptions;
import io.vgw.tracing.impl.NoopTracer;

/**
 * The public entry: deploys a gateway from {@link GatewayOptions} into a {@link Vertx} and undeploys
 * it again. A gateway is its HTTP listener (one {@link GatewayVerticle} per core), its tracing, the
 * span export pipeline ({@link io.vgw.export.SpanExportVerticle}) and the admin listener.
 *
 * <pre>{@code
 * Gateway.deploy(vertx, new GatewayOptions()
 *         .addDescriptor("protos.desc")
 *         .addBackend(new BackendOptions().setAddress("127.0.0.1:9090")))
 *     .onSuccess(gw -> System.out.println("listening on " + gw.httpPort()));
 * }</pre>
 */
public final class Gateway {

  private final Vertx vertx;
  private final GatewayStack stack;
  private final String haDeploymentId;
  private final int configuredPort;

  private Gateway(Vertx vertx, GatewayStack stack, String haDeploymentId, int configuredPort) {
    this.vertx = vertx;
    this.stack = stack;
    this.haDeploymentId = haDeploymentId;
    this.configuredPort = configuredPort;
  }

  /**
   * Reads the descriptor sets (off the event loop), then deploys the export pipeline, the admin
   * listener and {@link GatewayOptions#getInstances()} gateway verticles.
   *
   * @return fails with {@link IllegalArgumentException} (one line naming the file and the method)
   *     when the options, a descriptor set or a rule is invalid; with the bind error when a port
   *     is taken. Nothing stays deployed after a failure.
   */
  public static Future<Gateway> deploy(Vertx vertx, GatewayOptions options) {
    return deploy(vertx, options, false);
  }

  /**
   * As {@link #deploy(Vertx, GatewayOptions)}; with {@code ha}, in a clustered Vert.x with HA
   * enabled, the gateway is deployed by name with its options as configuration, so that the
   * cluster redeploys it on a surviving node when this one dies.
   */
  public static Future<Gateway> deploy(Vertx vertx, GatewayOptions options, boolean ha) {
    GatewayOptions copy = new GatewayOptions(options);
    if (ha && copy.getExport().getExporters().stream().anyMatch(e -> e instanceof CustomExporterOptions)) {
      // HA redeploys from the JSON form, which cannot hold an exporter object.
      return Future.failedFuture(new IllegalArgumentException(
          "export: an exporter of your own (CustomExporterOptions) cannot be deployed with HA"));
    }
    if (ha) {
      return vertx.deployVerticle(HaGatewayVerticle.class.getName(), new DeploymentOptions()
              .setConfig(copy.toJson()).setHa(true))
          .map(id -> new Gateway(vertx, null, id, copy.getHttpPort()));
    }
    return vertx.executeBlocking(() -> GatewayRuntime.load(copy))
        .compose(runtime -> GatewayStack.deploy(vertx, runtime, GatewayVerticle::new))
        .map(stack -> new Gateway(vertx, stack, null, copy.getHttpPort()));
  }

  /** The port the HTTP listener is bound to (the real one when configured with port 0). */
  public int httpPort() {
    // Deployed by name (HA), the instances are not ours to ask: the configured port it is.
    return stack == null ? configuredPort : stack.httpPort();
  }

  /** The port of every gateway verticle's listener (for tests: one and the same). */
  java.util.List<Integer> listenerPorts() {
    return stack == null ? java.util.List.of() : stack.listenerPorts();
  }

  /** The port of the admin listener, or -1 when it is disabled (or deployed with HA). */
  public int adminPort() {
    return stack == null ? -1 : stack.adminPort();
  }

  /** A snapshot of the span export counters (pushed, dropped, exported per exporter). */
  public ExportStats exportStats() {
    return stack == null ? new ExportStats(0, 0, 0, java.util.Map.of()) : stack.exportStats();
  }

  /**
   * Replaces the default sampler and the per-route rules on this gateway (all its verticles), for
   * requests that start from now on. To change them on every node of a cluster, use the admin API
   * ({@code PUT /admin/sampling}) or a reloaded {@code -conf} file instead.
   *
   * @throws IllegalArgumentException when a rule is invalid (the sampling in force stays), or the
   *     tracing mode does not sample by vgw's rules (none; opentracing: its tracer decides)
   */
  public void setSampling(SamplingOptions sampling) {
    if (stack == null) {
      throw new IllegalStateException("a gateway deployed with HA is changed through the admin API or its -conf file");
    }
    if (!stack.parts().tracing().setSampling(sampling)) {
      throw new IllegalArgumentException("tracing mode " + stack.parts().runtime().options().getTracing().getMode()
          .name().toLowerCase(java.util.Locale.ROOT) + " does not sample by rules");
    }
  }

  /** The sampling in force, or null when the tracing mode does not sample by vgw's rules. */
  public SamplingOptions getSampling() {
    return stack == null ? null : stack.parts().tracing().sampling();
  }

  /**
   * An OpenCensus tracer whose spans are exported with the gateway's (for code of yours that starts
   * spans outside a request: see {@link io.vgw.tracing.Spans} inside one). A tracer that records
   * nothing when tracing is not OpenCensus.
   */
  public Tracer tracer() {
    return stack == null ? NoopTracer.INSTANCE : stack.parts().tracing().tracer();
  }

  /**
   * Stops accepting requests, lets in-flight ones finish (bounded by the shutdown timeout),
   * flushes the spans, and undeploys every verticle of this gateway.
   */
  public Future<Void> close() {
    return stack == null ? vertx.undeploy(haDeploymentId) : stack.close();
  }
}
