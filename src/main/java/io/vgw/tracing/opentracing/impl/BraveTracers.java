package io.vgw.tracing.opentracing.impl;

import brave.Tracing;
import brave.opentracing.BraveTracer;
import brave.sampler.Sampler;
import io.opentracing.Tracer;
import io.vgw.tracing.OpenTracingOptions;
import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.brave.AsyncZipkinSpanHandler;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/** The Brave tracer of {@code "tracer": "brave"}: OpenTracing API, Brave inside, Zipkin out. */
final class BraveTracers {

  private BraveTracers() {
  }

  /**
   * A Brave tracer behind the OpenTracing API, reporting to the Zipkin endpoint from its own
   * reporter thread (a bounded queue: when Zipkin is slow, spans are dropped, never the caller
   * blocked). Closing it flushes the spans not sent yet, waiting up to a second: not on an event loop.
   */
  static Tracer create(OpenTracingOptions options) {
    URLConnectionSender sender = URLConnectionSender.create(options.getZipkinEndpoint());
    AsyncZipkinSpanHandler handler = AsyncZipkinSpanHandler.create((BytesMessageSender) sender);
    Tracing tracing = Tracing.newBuilder()
        .localServiceName(options.getServiceName())
        // The gateway's server span gets its own id, a child of the caller's span, rather than
        // sharing the caller's id (Zipkin's "join"): the seed's ServeHTTP span is a span of its own.
        .supportsJoin(false)
        .sampler(Sampler.create((float) options.getSampleRate()))
        .addSpanHandler(handler)
        .build();
    BraveTracer tracer = BraveTracer.create(tracing);
    return new ClosingTracer(tracer, () -> {
      tracing.close();
      handler.close();
      sender.close();
    });
  }
}
