package io.vgw.tracing.opentracing;

import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** OpenTracing's MockTracer that says when spans are finished, so tests wait for them without sleeping. */
final class RecordingTracer extends MockTracer {

  private record Waiter(int count, Promise<List<MockSpan>> promise) {
  }

  private final List<Waiter> waiters = new ArrayList<>(); // guarded by this

  @Override
  protected synchronized void onSpanFinished(MockSpan span) {
    List<MockSpan> finished = finishedSpans();
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter w = it.next();
      if (finished.size() >= w.count()) {
        it.remove();
        w.promise().tryComplete(finished);
      }
    }
  }

  /** Completes with the finished spans once there are at least {@code count}. */
  synchronized Future<List<MockSpan>> awaitFinished(int count) {
    List<MockSpan> finished = finishedSpans();
    if (finished.size() >= count) {
      return Future.succeededFuture(finished);
    }
    Promise<List<MockSpan>> p = Promise.promise();
    waiters.add(new Waiter(count, p));
    return p.future();
  }

  @Override
  public synchronized void reset() {
    super.reset();
    waiters.clear();
  }
}
