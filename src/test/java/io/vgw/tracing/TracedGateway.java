package io.vgw.tracing;

import io.opencensus.trace.Span;
import io.opencensus.trace.export.SpanData;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vgw.AdminOptions;
import io.vgw.BackendOptions;
import io.vgw.Gateway;
import io.vgw.GatewayOptions;
import io.vgw.Main;
import io.vgw.export.CustomExporterOptions;
import io.vgw.export.ExportOptions;
import java.util.List;
import java.util.function.Predicate;

/**
 * A real gateway with OpenCensus tracing in front of a {@link TraceRecordingBackend}, exporting to a
 * {@link CollectingExporter}. {@link #finish()} closes the gateway — which flushes every span — and
 * returns what was exported.
 */
final class TracedGateway {

  final TraceRecordingBackend backend;
  final Gateway gateway;
  final WebClient client;
  final CollectingExporter exporter;

  private TracedGateway(TraceRecordingBackend backend, Gateway gateway, WebClient client, CollectingExporter exporter) {
    this.backend = backend;
    this.gateway = gateway;
    this.client = client;
    this.exporter = exporter;
  }

  static Future<TracedGateway> start(Vertx vertx, TracingOptions tracing) {
    CollectingExporter exporter = new CollectingExporter();
    return TraceRecordingBackend.start(vertx).compose(backend -> {
      GatewayOptions options = new GatewayOptions()
          .setHttpHost("127.0.0.1").setHttpPort(0).setInstances(2)
          .setAdmin(new AdminOptions().setPort(0))
          .addDescriptor(Main.DEMO_DESCRIPTORS)
          .addBackend(new BackendOptions().setAddress("127.0.0.1:" + backend.port()))
          .setTracing(tracing)
          .setExport(new ExportOptions().addExporter(new CustomExporterOptions(exporter)));
      return Gateway.deploy(vertx, options).map(gw -> new TracedGateway(backend, gw,
          WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(gw.httpPort())),
          exporter));
    });
  }

  static TracingOptions sampled(SamplerOptions sampler) {
    return new TracingOptions().setSampling(new SamplingOptions().setSampler(sampler));
  }

  /** Closes the gateway (flushing its spans) and the backend; the spans exported. */
  Future<List<SpanData>> finish() {
    return gateway.close().eventually(backend::close).map(v -> exporter.spans());
  }

  static SpanData only(List<SpanData> spans, Predicate<SpanData> which, String what) {
    List<SpanData> found = spans.stream().filter(which).toList();
    if (found.size() != 1) {
      throw new AssertionError("got " + found.size() + " " + what + " spans; want 1; all: " + names(spans));
    }
    return found.get(0);
  }

  static SpanData server(List<SpanData> spans) {
    return only(spans, s -> s.getKind() == Span.Kind.SERVER, "server");
  }

  static SpanData client(List<SpanData> spans) {
    return only(spans, s -> s.getKind() == Span.Kind.CLIENT, "client");
  }

  static List<String> names(List<SpanData> spans) {
    return spans.stream().map(s -> s.getKind() + " " + s.getName()).toList();
  }

  static Object attribute(SpanData span, String key) {
    io.opencensus.trace.AttributeValue v = span.getAttributes().getAttributeMap().get(key);
    return v == null ? null : v.match(x -> x, x -> x, x -> x, x -> x, x -> x);
  }
}
