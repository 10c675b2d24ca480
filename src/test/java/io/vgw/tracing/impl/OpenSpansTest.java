package io.vgw.tracing.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

/** The open-span count behind {@code idle()}. */
class OpenSpansTest {

  @Test
  void idleCompletesWhenTheLastOpenSpanEnds() {
    OpenSpans open = new OpenSpans();
    assertTrue(open.idle().succeeded(), "nothing open: idle at once");
    open.opened();
    open.opened();
    Future<Void> idle = open.idle();
    assertFalse(idle.isComplete(), "2 open: not idle");
    open.closed();
    assertFalse(idle.isComplete(), "1 open: not idle");
    open.closed();
    assertTrue(idle.succeeded(), "0 open: idle");
    assertEquals(0, open.count(), "count");
  }
}
