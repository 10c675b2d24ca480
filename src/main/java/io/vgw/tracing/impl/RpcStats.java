package io.vgw.tracing.impl;

import io.opencensus.contrib.grpc.metrics.RpcMeasureConstants;
import io.opencensus.contrib.grpc.metrics.RpcViews;
import io.opencensus.stats.MeasureMap;
import io.opencensus.stats.Stats;
import io.opencensus.tags.TagContext;
import io.opencensus.tags.TagValue;
import io.opencensus.tags.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * The numbers {@code /debug/rpcz} shows for the gateway's backend calls (OpenCensus's RPC views:
 * count, errors, latency, bytes, per method and status).
 *
 * <p>Recording into OpenCensus stats passes an event queue that can block its caller when it
 * fills, so the event loops never record: they only {@link #add} to a bounded queue (a full one
 * drops and counts), and a worker thread {@link #flush}es it into OpenCensus.
 */
final class RpcStats {

  /** One finished call. */
  record Call(String method, int code, double latencyMillis, long sentBytes, long receivedBytes, long sentMessages,
      long receivedMessages) {
  }

  private static final int CAPACITY = 16_384;
  private static volatile boolean viewsRegistered;

  private final ArrayBlockingQueue<Call> pending = new ArrayBlockingQueue<>(CAPACITY);
  private final LongAdder dropped = new LongAdder();

  /** Any thread; never blocks. */
  void add(Call call) {
    if (!pending.offer(call)) {
      dropped.increment();
    }
  }

  /** Hands the queued calls to OpenCensus stats. Blocking: a worker thread only. */
  void flush() {
    registerViews();
    List<Call> calls = new ArrayList<>();
    pending.drainTo(calls);
    for (Call c : calls) {
      String status = io.opencensus.trace.Status.CanonicalCode.values()[c.code() >= 0 && c.code() <= 16 ? c.code() : 2].name();
      TagContext tags = Tags.getTagger().emptyBuilder()
          .putLocal(RpcMeasureConstants.RPC_METHOD, TagValue.create(c.method()))
          .putLocal(RpcMeasureConstants.RPC_STATUS, TagValue.create(status))
          .build();
      MeasureMap m = Stats.getStatsRecorder().newMeasureMap()
          .put(RpcMeasureConstants.RPC_CLIENT_STARTED_COUNT, 1)
          .put(RpcMeasureConstants.RPC_CLIENT_FINISHED_COUNT, 1)
          .put(RpcMeasureConstants.RPC_CLIENT_ROUNDTRIP_LATENCY, c.latencyMillis())
          .put(RpcMeasureConstants.RPC_CLIENT_REQUEST_BYTES, c.sentBytes())
          .put(RpcMeasureConstants.RPC_CLIENT_RESPONSE_BYTES, c.receivedBytes())
          .put(RpcMeasureConstants.RPC_CLIENT_UNCOMPRESSED_REQUEST_BYTES, c.sentBytes())
          .put(RpcMeasureConstants.RPC_CLIENT_UNCOMPRESSED_RESPONSE_BYTES, c.receivedBytes())
          .put(RpcMeasureConstants.RPC_CLIENT_REQUEST_COUNT, c.sentMessages())
          .put(RpcMeasureConstants.RPC_CLIENT_RESPONSE_COUNT, c.receivedMessages());
      if (c.code() != 0) {
        m.put(RpcMeasureConstants.RPC_CLIENT_ERROR_COUNT, 1);
      }
      m.record(tags);
    }
  }

  long dropped() {
    return dropped.sum();
  }

  private static synchronized void registerViews() {
    if (!viewsRegistered) {
      RpcViews.registerAllCumulativeViews();
      viewsRegistered = true;
    }
  }
}
