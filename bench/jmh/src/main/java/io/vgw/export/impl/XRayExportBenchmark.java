package io.vgw.export.impl;

import io.opencensus.trace.AttributeValue;
import io.opencensus.trace.Span;
import io.opencensus.trace.Tracer;
import io.opencensus.trace.export.SpanData;
import io.opencensus.trace.samplers.Samplers;
import io.vgw.export.XRayExporterOptions;
import io.vgw.tracing.TracingOptions;
import io.vgw.tracing.impl.OpenCensusTracing;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The X-Ray exporter's own work for one batch, per request: 128 requests' spans (a server span with
 * the attributes vgw's server handler sets, its client child with the backend call's) turned into
 * daemon datagrams ({@code XRayDocuments.build}: segment mapping, subsegments inside their segment,
 * JSON encoding). No socket: what the profile charges to {@code XRayExporter.export} minus the send.
 * In this package because the exporter's classes are package-private.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class XRayExportBenchmark {

  static final int REQUESTS = 128;

  private XRayDocuments documents;
  private final List<SpanData> batch = new ArrayList<>();

  @Setup
  public void setUp() {
    Tracer tracer = OpenCensusTracing.standalone(new TracingOptions(), span -> batch.add(span)).tracer();
    for (int i = 0; i < REQUESTS; i++) {
      Span server = tracer.spanBuilder("POST /v1/echo").setSpanKind(Span.Kind.SERVER)
          .setSampler(Samplers.alwaysSample()).startSpan();
      server.putAttribute("http.method", AttributeValue.stringAttributeValue("POST"));
      server.putAttribute("http.path", AttributeValue.stringAttributeValue("/v1/echo"));
      server.putAttribute("http.url", AttributeValue.stringAttributeValue("http://127.0.0.1:8080/v1/echo"));
      server.putAttribute("http.host", AttributeValue.stringAttributeValue("127.0.0.1:8080"));
      server.putAttribute("http.user_agent", AttributeValue.stringAttributeValue("wrk"));
      server.putAttribute("http.route", AttributeValue.stringAttributeValue("POST /v1/echo"));
      server.putAttribute("http.client_ip", AttributeValue.stringAttributeValue("127.0.0.1"));
      Span client = tracer.spanBuilderWithExplicitParent("vgw.demo.v1.EchoService/Echo", server)
          .setSpanKind(Span.Kind.CLIENT).setSampler(Samplers.alwaysSample()).startSpan();
      client.putAttribute("grpc.method", AttributeValue.stringAttributeValue("vgw.demo.v1.EchoService/Echo"));
      client.putAttribute("backend.address", AttributeValue.stringAttributeValue("127.0.0.1:9090"));
      client.putAttribute("grpc.status_code", AttributeValue.longAttributeValue(0));
      client.end();
      server.putAttribute("http.status_code", AttributeValue.longAttributeValue(200));
      server.putAttribute("grpc.status_code", AttributeValue.longAttributeValue(0));
      server.end();
    }
    XRayExporterOptions options = new XRayExporterOptions();
    documents = new XRayDocuments(new XRaySegmentMapper(options), XRayDocuments.MAX_DATAGRAM);
    XRayDocuments.Batch built = documents.build(batch);
    if (built.datagrams().size() != REQUESTS || built.unsendable() != 0) {
      throw new IllegalStateException("want one datagram per request, got " + built.datagrams().size());
    }
  }

  /** One batch of 128 requests' spans into datagrams; the score is per request (two spans). */
  @Benchmark
  @OperationsPerInvocation(REQUESTS)
  public XRayDocuments.Batch buildDatagrams() {
    return documents.build(batch);
  }
}
