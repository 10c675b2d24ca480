package io.vgw.impl;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vgw.GatewayVerticle;
import io.vgw.backend.impl.BackendHealth;
import io.vgw.export.ExportStats;
import io.vgw.export.SpanExportVerticle;
import io.vgw.tracing.SpanSink;
import io.vgw.tracing.TracingOptions;
import io.vgw.http.impl.TracingMode;
import io.vgw.tracing.impl.TracingModes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Logger;
import io.vgw.cluster.LiveSettings;
import io.vgw.tracing.SamplingOptions;

/**
 * Everything one gateway deploys, in order: the span export pipeline (a worker verticle), the
 * tracing mode that feeds it, the backend health monitor, the admin listener, and the gateway
 * verticles. Closing marks the gateway not ready ({@code /readyz} 503), then undeploys in the
 * reverse order; the export pipeline waits until the last request span ended, so spans of
 * requests answered during a graceful shutdown are exported too — also when {@code vertx.close()}
 * undeploys everything at once.
 */
public final class GatewayStack {

  private static final Logger LOG = Logger.getLogger(GatewayStack.class.getName());

  private final Vertx vertx;
  private final GatewayParts parts;
  private final SpanExportVerticle export;
  private final List<String> deployments = new ArrayList<>();
  private volatile GatewayVerticle first;
  private final java.util.List<GatewayVerticle> others = new java.util.concurrent.CopyOnWriteArrayList<>();
  private AdminVerticle admin;
  private LiveSettings settings;

  private final Function<GatewayParts, GatewayVerticle> instances;

  private GatewayStack(Vertx vertx, GatewayParts parts, SpanExportVerticle export,
      Function<GatewayParts, GatewayVerticle> instances) {
    this.vertx = vertx;
    this.parts = parts;
    this.export = export;
    this.instances = instances;
  }

  /**
   * Deploys the parts a gateway embedded in a user's router needs: the export pipeline, the
   * tracing that feeds it and the backend health monitor; no listener.
   */
  public static Future<GatewayStack> deployEmbedded(Vertx vertx, GatewayRuntime runtime) {
    return deploy(vertx, runtime, null);
  }

  /**
   * Deploys the whole gateway of {@code runtime}. On failure, whatever was deployed is undeployed
   * again and the first cause is returned.
   */
  public static Future<GatewayStack> deploy(Vertx vertx, GatewayRuntime runtime,
      Function<GatewayParts, GatewayVerticle> instances) {
    boolean traced = runtime.options().getTracing().getMode() == TracingOptions.Mode.OPENCENSUS;
    SpanExportVerticle export;
    TracingMode tracing;
    try {
      export = traced ? new SpanExportVerticle(runtime.options().getExport()) : null;
      tracing = TracingModes.create(vertx, runtime, export == null ? SpanSink.NONE : export.sink());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    if (export != null) {
      export.awaitOnStop(tracing::idle);
    }
    BackendHealth health = new BackendHealth(runtime.options(), runtime.routes());
    GatewayStack stack = new GatewayStack(vertx, new GatewayParts(runtime, tracing, health), export, instances);
    return (instances == null ? stack.startExport().compose(v -> stack.startHealth()) : stack.start()).transform(ar -> ar.succeeded() ? Future.succeededFuture(stack)
        : stack.close().transform(ignored -> Future.failedFuture(ar.cause())));
  }

  private Future<Void> startExport() {
    Future<Void> exported = export == null ? Future.succeededFuture()
        : vertx.deployVerticle(export, SpanExportVerticle.deploymentOptions()).map(this::deployed);
    return exported.compose(v -> LiveSettings.open(vertx)).compose(s -> {
      settings = s;
      return listenForSampling().compose(v -> listenForExporters());
    });
  }

  /**
   * Exporters changed in a reloaded configuration (here or on another node) replace this gateway's;
   * an exporter of the user's own stays. Applied only when the list differs from the one in force.
   */
  private Future<Void> listenForExporters() {
    if (export == null) {
      return Future.succeededFuture();
    }
    io.vertx.core.json.JsonObject[] inForce = {LiveUpdates.exporters(parts.runtime().options().getExport())};
    return settings.listen(LiveUpdates.EXPORTERS, json -> {
      if (json.equals(inForce[0])) {
        return;
      }
      java.util.List<io.vgw.export.ExporterOptions> next;
      try {
        next = new io.vgw.export.ExportOptions(json).getExporters();
      } catch (IllegalArgumentException e) {
        LOG.warning("exporters change refused: " + e.getMessage() + "; keeping the exporters in force");
        return;
      }
      parts.runtime().options().getExport().getExporters().stream()
          .filter(e -> e instanceof io.vgw.export.CustomExporterOptions).forEach(next::add);
      inForce[0] = json;
      export.setExporters(next).onFailure(e -> LOG.warning("exporters change failed: " + e.getMessage()));
    });
  }

  /**
   * Sampling changed while running (admin API, reloaded file, another cluster node) applies to this
   * gateway's tracing. A change that cannot apply here (a rule naming a route this gateway does not
   * have) is refused with one log line; the sampling in force stays.
   */
  private Future<Void> listenForSampling() {
    if (parts.tracing().sampling() == null) {
      return Future.succeededFuture();
    }
    return settings.listen(LiveUpdates.SAMPLING, json -> {
      try {
        parts.tracing().setSampling(new SamplingOptions(json));
      } catch (IllegalArgumentException e) {
        LOG.warning("sampling change refused: " + e.getMessage().replace('\n', ' ') + "; keeping the sampling in force");
      }
    });
  }

  /** Before the listeners: they read its state from their first request on. */
  private Future<Void> startHealth() {
    return vertx.deployVerticle(parts.health()).map(this::deployed);
  }

  /**
   * The health monitor's first look at the backends (a connection and a Watch each) takes round
   * trips: it runs while the admin listener and the gateway verticles start, not before them. Until
   * it knows, {@code /readyz} says not ready and nothing fails fast. The deployment ids are kept in
   * the order above whatever finishes first, so closing undeploys the listeners first.
   */
  private Future<Void> start() {
    return startExport().compose(v -> {
      int healthSlot = deployments.size();
      deployments.add(null);
      Future<Void> health = vertx.deployVerticle(parts.health()).compose(id -> {
        if (healthSlot < deployments.size()) {
          deployments.set(healthSlot, id);
          return Future.succeededFuture();
        }
        return vertx.undeploy(id); // the stack was closed meanwhile (a start-up failure)
      });
      return startAdmin().compose(x -> startListeners()).compose(x -> health);
    });
  }

  private Future<Void> startAdmin() {
    if (!parts.runtime().options().getAdmin().isEnabled()) {
      return Future.succeededFuture();
    }
    admin = new AdminVerticle(parts, this::exportStats);
    return vertx.deployVerticle(admin).map(this::deployed);
  }

  /** Every instance binds {@link GatewayParts#listenPort()}: one port, shared. */
  private Future<Void> startListeners() {
    return vertx.deployVerticle(() -> listening(instances.apply(parts)),
        new DeploymentOptions().setInstances(parts.runtime().options().getInstances())).map(this::deployed);
  }

  private GatewayVerticle listening(GatewayVerticle instance) {
    if (first == null) {
      first = instance;
    } else {
      others.add(instance);
    }
    return instance;
  }

  /** The port each gateway verticle listens on: one and the same. */
  public java.util.List<Integer> listenerPorts() {
    java.util.List<Integer> ports = new ArrayList<>();
    if (first != null) {
      ports.add(first.actualPort());
    }
    others.forEach(g -> ports.add(g.actualPort()));
    return ports;
  }

  private Void deployed(String id) {
    deployments.add(id);
    return null;
  }

  /** The port of the HTTP listener, or -1 before it listens. */
  public int httpPort() {
    return first == null ? -1 : first.actualPort();
  }

  /** The port of the admin listener, or -1 when it is disabled. */
  public int adminPort() {
    return admin == null ? -1 : admin.actualPort();
  }

  public GatewayParts parts() {
    return parts;
  }

  /** Export statistics; all zero when tracing exports nothing. */
  public ExportStats exportStats() {
    return export == null ? new ExportStats(0, 0, 0, java.util.Map.of()) : export.stats();
  }

  /**
   * Undeploys in reverse order (gateway verticles first: they stop accepting and let requests in
   * flight finish), then releases the tracing mode. Always completes; failures are not masked
   * from the caller but do not stop the rest from being undeployed.
   */
  public Future<Void> close() {
    parts.health().drain();
    Future<Void> chain = Future.succeededFuture();
    for (int i = deployments.size() - 1; i >= 0; i--) {
      String id = deployments.get(i);
      if (id == null) {
        continue;
      }
      chain = chain.eventually(() -> vertx.undeploy(id).recover(err -> Future.succeededFuture()));
    }
    deployments.clear();
    return chain
        .eventually(() -> settings == null ? Future.succeededFuture() : settings.close())
        .eventually(() -> parts.tracing().close());
  }
}
