package io.vgw.bench;

import io.opencensus.trace.AttributeValue;
import io.opencensus.trace.Sampler;
import io.opencensus.trace.Span;
import io.opencensus.trace.SpanContext;
import io.opencensus.trace.Tracer;
import io.opencensus.trace.samplers.Samplers;
import io.vertx.core.MultiMap;
import io.vgw.tracing.SpanSink;
import io.vgw.tracing.TracingOptions;
import io.vgw.tracing.impl.OpenCensusTracing;
import io.vgw.tracing.impl.propagation.Propagation;
import io.vgw.tracing.impl.propagation.RemoteParent;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What vgw's OpenCensus tracing adds to one request, with vgw's own classes: read the caller's
 * {@code traceparent} (the configured readers, in order), start the server span with the request's
 * attributes, start the client span of the backend call, write its context as {@code grpc-trace-bin}
 * and {@code traceparent} metadata, end both — a sampled span ends as {@code SpanData} offered to the
 * export queue (here a counting sink). With the sampler always and never.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SpanBenchmark {

  @Param({"always", "never"})
  public String sampler;

  private Sampler chosen;
  private Tracer tracer;
  private Propagation propagation;
  private MultiMap incoming;
  private final LongAdder exported = new LongAdder();

  @Setup
  public void setUp() {
    chosen = sampler.equals("always") ? Samplers.alwaysSample() : Samplers.neverSample();
    SpanSink sink = span -> {
      exported.increment();
      return true;
    };
    TracingOptions options = new TracingOptions();
    tracer = OpenCensusTracing.standalone(options, sink).tracer();
    propagation = Propagation.of(options);
    incoming = MultiMap.caseInsensitiveMultiMap()
        .add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        .add("user-agent", "bench").add("content-type", "application/json");
  }

  /** Propagation alone: read the caller's context, write it out in the default formats. */
  @Benchmark
  public Map<String, String> propagateOnly() {
    RemoteParent parent = propagation.extract(incoming);
    return propagation.inject(parent.context(), parent.context().getSpanId());
  }

  /** A server span and its client child, with propagation: the per-request tracing work. */
  @Benchmark
  public Map<String, String> serverAndClientSpan() {
    SpanContext parent = propagation.extract(incoming).context();
    Span server = tracer.spanBuilderWithRemoteParent("POST /v1/echo", parent)
        .setSpanKind(Span.Kind.SERVER).setSampler(chosen).startSpan();
    server.putAttribute("http.method", AttributeValue.stringAttributeValue("POST"));
    server.putAttribute("http.route", AttributeValue.stringAttributeValue("POST /v1/echo"));
    server.putAttribute("http.url", AttributeValue.stringAttributeValue("http://127.0.0.1:8080/v1/echo"));
    Span client = tracer.spanBuilderWithExplicitParent("vgw.demo.v1.EchoService.Echo", server)
        .setSpanKind(Span.Kind.CLIENT).setSampler(chosen).startSpan();
    Map<String, String> metadata = propagation.inject(client.getContext(), server.getContext().getSpanId());
    client.putAttribute("grpc.status_code", AttributeValue.longAttributeValue(0));
    client.end();
    server.putAttribute("http.status_code", AttributeValue.longAttributeValue(200));
    server.end();
    return metadata;
  }
}
