package io.vgw.backend.impl;

/**
 * Lets the HTTP side cancel a backend call it started, when the HTTP client goes away before the
 * answer. Confined to the request's event loop.
 */
public final class CallCancellation {

  private Runnable action;
  private boolean cancelled;

  /** Runs {@code cancel} now if {@link #cancel()} already happened, else when it does. */
  void onCancel(Runnable cancel) {
    if (cancelled) {
      cancel.run();
    } else {
      this.action = cancel;
    }
  }

  public void cancel() {
    if (cancelled) {
      return;
    }
    cancelled = true;
    if (action != null) {
      action.run();
    }
  }

  public boolean isCancelled() {
    return cancelled;
  }
}
