package io.vgw.tracing.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts request spans started and not yet ended, so undeploy can wait until all of them are (every
 * tracing mode uses one). Thread-safe.
 */
public final class OpenSpans {

  private int open; // guarded by this
  private List<Promise<Void>> waiters = new ArrayList<>(); // guarded by this

  public synchronized void opened() {
    open++;
  }

  public void closed() {
    List<Promise<Void>> done = null;
    synchronized (this) {
      open--;
      if (open == 0 && !waiters.isEmpty()) {
        done = waiters;
        waiters = new ArrayList<>();
      }
    }
    if (done != null) {
      done.forEach(Promise::tryComplete);
    }
  }

  public synchronized int count() {
    return open;
  }

  /** Completes (on the thread that ends the last span) once none is open. */
  public Future<Void> idle() {
    synchronized (this) {
      if (open > 0) {
        Promise<Void> p = Promise.promise();
        waiters.add(p);
        return p.future();
      }
    }
    return Future.succeededFuture();
  }
}
