package io.vgw.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opencensus.trace.export.SpanData;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class LoggingExporterTest {

  @Test
  void oneJsonLinePerSpan(Vertx vertx, VertxTestContext ctx) {
    List<String> lines = new CopyOnWriteArrayList<>();
    Logger logger = Logger.getLogger("vgw.test.spans");
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        lines.add(record.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    logger.addHandler(handler);
    SpanData span = TestSpans.server(TestSpans.newTraceId()).attr("http.status_code", 200L).build();
    SpanExportVerticle verticle = new SpanExportVerticle(
        new ExportOptions().addExporter(new LoggingExporterOptions().setLoggerName("vgw.test.spans")));
    vertx.deployVerticle(verticle, SpanExportVerticle.deploymentOptions())
        .compose(id -> {
          verticle.sink().offer(span);
          return vertx.undeploy(id); // flushes
        })
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          logger.removeHandler(handler);
          assertEquals(1, lines.size(), lines.toString());
          JsonObject line = new JsonObject(lines.get(0));
          assertEquals(span.getContext().getTraceId().toLowerBase16(), line.getString("traceId"));
          assertEquals(span.getContext().getSpanId().toLowerBase16(), line.getString("id"));
          assertEquals("200", line.getJsonObject("tags").getString("http.status_code"));
          ctx.completeNow();
        })));
  }
}
