package io.vgw.tracing.opentracing;

import brave.Tracing;
import brave.opentracing.BraveTracer;
import io.opentracing.Tracer;
import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.brave.AsyncZipkinSpanHandler;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * A Brave OpenTracing tracer of the test's own (the caller's, the backend's), built with Brave's
 * API directly rather than vgw's, reporting to the same Zipkin server.
 */
record ZipkinBrave(Tracer tracer, Tracing tracing, AsyncZipkinSpanHandler handler, URLConnectionSender sender)
    implements AutoCloseable {

  static ZipkinBrave create(String serviceName, String endpoint) {
    URLConnectionSender sender = URLConnectionSender.create(endpoint);
    AsyncZipkinSpanHandler handler = AsyncZipkinSpanHandler.create((BytesMessageSender) sender);
    Tracing tracing = Tracing.newBuilder().localServiceName(serviceName).supportsJoin(false).addSpanHandler(handler).build();
    return new ZipkinBrave(BraveTracer.create(tracing), tracing, handler, sender);
  }

  /** Blocks to flush: not on an event loop. */
  @Override
  public void close() {
    tracing.close();
    handler.close();
    sender.close();
  }
}
