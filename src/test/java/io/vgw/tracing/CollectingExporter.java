package io.vgw.tracing;

import io.opencensus.trace.export.SpanData;
import io.vertx.core.Future;
import io.vgw.export.spi.SpanExporter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An exporter that keeps every span it is given, for tests to look at. */
public final class CollectingExporter implements SpanExporter {

  private final List<SpanData> spans = new CopyOnWriteArrayList<>();

  @Override
  public String name() {
    return "collect";
  }

  @Override
  public Future<Void> export(List<SpanData> batch) {
    spans.addAll(batch);
    return Future.succeededFuture();
  }

  public List<SpanData> spans() {
    return new ArrayList<>(spans);
  }
}
