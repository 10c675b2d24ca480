package io.vgw.tracing.opentracing.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** How many spans the mode started and has not finished yet, for {@code idle()}. Thread-safe. */
final class OpenSpans {

  private final AtomicInteger open = new AtomicInteger();
  private final List<Promise<Void>> waiters = new ArrayList<>(); // guarded by this

  void opened() {
    open.incrementAndGet();
  }

  void closed() {
    if (open.decrementAndGet() > 0) {
      return;
    }
    List<Promise<Void>> done;
    synchronized (this) {
      if (open.get() > 0) {
        return; // another span opened meanwhile: its end drains the waiters
      }
      done = new ArrayList<>(waiters);
      waiters.clear();
    }
    done.forEach(Promise::tryComplete);
  }

  int count() {
    return open.get();
  }

  /** Completes once no span is open. */
  Future<Void> idle() {
    synchronized (this) {
      if (open.get() <= 0) {
        return Future.succeededFuture();
      }
      Promise<Void> p = Promise.promise();
      waiters.add(p);
      return p.future();
    }
  }
}
