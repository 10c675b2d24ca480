package io.vgw.bench;

import io.opencensus.trace.AttributeValue;
import io.opencensus.trace.Sampler;
import io.opencensus.trace.Span;
import io.opencensus.trace.SpanContext;
import io.opencensus.trace.Tracer;
import io.opencensus.trace.Tracing;
import io.opencensus.trace.propagation.BinaryFormat;
import io.opencensus.trace.propagation.SpanContextParseException;
import io.opencensus.trace.propagation.TextFormat;
import io.opencensus.trace.samplers.Samplers;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What tracing adds to one request, on the OpenCensus 0.31.1 API: read the caller's
 * {@code traceparent}, start a server span with the request's attributes, start the client span of
 * the backend call, write its context as {@code grpc-trace-bin} and {@code traceparent} metadata, end
 * both. With the sampler always on and never on.
 *
 * <p>TODO: switch to vgw's own io.vgw.tracing classes once they exist (being written); they wrap
 * these calls, so this is the floor of their cost. Sampled spans end into OpenCensus's export queue
 * (a disruptor thread) with no exporter registered: that thread competes for the cores too.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SpanBenchmark {

  private static final TextFormat.Getter<Map<String, String>> GETTER = new TextFormat.Getter<>() {
    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier.get(key);
    }
  };
  private static final TextFormat.Setter<Map<String, String>> SETTER = new TextFormat.Setter<>() {
    @Override
    public void put(Map<String, String> carrier, String key, String value) {
      carrier.put(key, value);
    }
  };

  @Param({"always", "never"})
  public String sampler;

  private Sampler chosen;
  private Tracer tracer;
  private TextFormat traceContext;
  private BinaryFormat binary;
  private Map<String, String> incoming;

  @Setup
  public void setUp() {
    chosen = sampler.equals("always") ? Samplers.alwaysSample() : Samplers.neverSample();
    tracer = Tracing.getTracer();
    traceContext = Tracing.getPropagationComponent().getTraceContextFormat();
    binary = Tracing.getPropagationComponent().getBinaryFormat();
    incoming = new HashMap<>();
    incoming.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  }

  /** Propagation alone: parse the caller's context, write it back out both ways. */
  @Benchmark
  public byte[] propagateOnly() throws SpanContextParseException {
    SpanContext parent = traceContext.extract(incoming, GETTER);
    Map<String, String> out = new HashMap<>(4);
    traceContext.inject(parent, out, SETTER);
    return binary.toByteArray(parent);
  }

  /** A server span and its client child, with propagation: the whole per-request tracing work. */
  @Benchmark
  public Map<String, String> serverAndClientSpan() throws SpanContextParseException {
    SpanContext parent = traceContext.extract(incoming, GETTER);
    Span server = tracer.spanBuilderWithRemoteParent("POST /v1/echo", parent)
        .setSpanKind(Span.Kind.SERVER).setSampler(chosen).startSpan();
    server.putAttribute("http.method", AttributeValue.stringAttributeValue("POST"));
    server.putAttribute("http.route", AttributeValue.stringAttributeValue("/v1/echo"));
    server.putAttribute("http.url", AttributeValue.stringAttributeValue("http://127.0.0.1:8080/v1/echo"));
    Span client = tracer.spanBuilderWithExplicitParent("vgw.demo.v1.EchoService/Echo", server)
        .setSpanKind(Span.Kind.CLIENT).setSampler(chosen).startSpan();
    Map<String, String> metadata = new HashMap<>(4);
    traceContext.inject(client.getContext(), metadata, SETTER);
    metadata.put("grpc-trace-bin", java.util.Base64.getEncoder().encodeToString(binary.toByteArray(client.getContext())));
    client.putAttribute("rpc.grpc.status_code", AttributeValue.longAttributeValue(0));
    client.end();
    server.putAttribute("http.status_code", AttributeValue.longAttributeValue(200));
    server.end();
    return metadata;
  }
}
