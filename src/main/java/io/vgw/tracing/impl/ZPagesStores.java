package io.vgw.tracing.impl;

import io.opencensus.implcore.trace.RecordEventsSpanImpl;
import io.opencensus.implcore.trace.export.InProcessRunningSpanStore;
import io.opencensus.implcore.trace.export.SampledSpanStoreImpl;
import io.opencensus.trace.Tracing;
import io.opencensus.trace.export.ExportComponent;
import java.util.Collection;
import java.util.logging.Logger;

/**
 * Feeds OpenCensus's in-process span stores, which the zPages ({@code /debug/tracez}) read: the
 * running spans, and samples of ended ones per span name and latency bucket. vgw's spans bypass
 * OpenCensus's tracer, so they are put there explicitly.
 */
class ZPagesStores {

  /** Feeds nothing (zPages off). */
  static final ZPagesStores NONE = new ZPagesStores();

  private static final Logger LOG = Logger.getLogger(ZPagesStores.class.getName());
  /** Running spans kept for tracez: enough to see what is stuck, bounded in memory. */
  static final int MAX_RUNNING_SPANS = 1000;

  void onStart(RecordEventsSpanImpl span) {
  }

  void onEnd(RecordEventsSpanImpl span) {
  }

  /** The stores of the OpenCensus implementation on the class path, or {@link #NONE} without one. */
  static ZPagesStores inProcess(Collection<String> spanNames) {
    ExportComponent export = Tracing.getExportComponent();
    if (!(export.getRunningSpanStore() instanceof InProcessRunningSpanStore running)
        || !(export.getSampledSpanStore() instanceof SampledSpanStoreImpl sampled)) {
      LOG.warning("zPages: no in-process span stores (opencensus-impl missing?); /debug/tracez stays empty");
      return NONE;
    }
    running.setMaxNumberOfSpans(MAX_RUNNING_SPANS);
    // tracez lists the names registered here, with their latency and error samples.
    sampled.registerSpanNamesForCollection(spanNames);
    return new ZPagesStores() {
      @Override
      void onStart(RecordEventsSpanImpl span) {
        running.onStart(span);
      }

      @Override
      void onEnd(RecordEventsSpanImpl span) {
        running.onEnd(span);
        sampled.considerForSampling(span);
      }
    };
  }
}
