package io.vgw.tracing.opentracing.impl;

import io.opentracing.ScopeManager;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.propagation.Format;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A tracer whose {@link #close()} also closes what reports its spans: Brave's {@code close()}
 * leaves its span handler, and with it the spans not sent yet, alone.
 */
final class ClosingTracer implements Tracer {

  /** What to close, in order. */
  interface Resources {
    void close() throws Exception;
  }

  private static final Logger LOG = Logger.getLogger(ClosingTracer.class.getName());

  private final Tracer delegate;
  private final Resources resources;
  private final AtomicBoolean closed = new AtomicBoolean();

  ClosingTracer(Tracer delegate, Resources resources) {
    this.delegate = delegate;
    this.resources = resources;
  }

  @Override
  public ScopeManager scopeManager() {
    return delegate.scopeManager();
  }

  @Override
  public Span activeSpan() {
    return delegate.activeSpan();
  }

  @Override
  public Scope activateSpan(Span span) {
    return delegate.activateSpan(span);
  }

  @Override
  public SpanBuilder buildSpan(String operationName) {
    return delegate.buildSpan(operationName);
  }

  @Override
  public <C> void inject(SpanContext spanContext, Format<C> format, C carrier) {
    delegate.inject(spanContext, format, carrier);
  }

  @Override
  public <C> SpanContext extract(Format<C> format, C carrier) {
    return delegate.extract(format, carrier);
  }

  /** Flushes and closes once; later calls do nothing. Blocks for the flush. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      resources.close();
    } catch (Exception e) {
      LOG.log(Level.WARNING, "closing the tracer's reporter failed: " + e);
    }
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
