package io.vgw.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientOptions;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.health.v1.HealthCheckRequest;
import io.vertx.grpc.health.v1.HealthCheckResponse;
import io.vertx.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.vertx.grpc.health.v1.HealthListRequest;
import io.vertx.grpc.health.v1.HealthListResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo backend's own {@code grpc.health.v1.Health}, called by a real vertx-grpc client over
 * loopback: Check, List, Watch pushing each change without a timer, the whole server's status, and
 * Watch streams that share one connection leaving the watcher set when cancelled or disconnected.
 */
class DemoHealthTest {

  private static final ServiceName HEALTH = ServiceName.create("grpc.health.v1.Health");
  private static final ServiceMethod<HealthCheckResponse, HealthCheckRequest> CHECK = method("Check");
  private static final ServiceMethod<HealthCheckResponse, HealthCheckRequest> WATCH = method("Watch");
  private static final ServiceMethod<HealthListResponse, HealthListRequest> LIST = ServiceMethod.client(
      HEALTH, "List", GrpcMessageEncoder.encoder(), GrpcMessageDecoder.decoder(HealthListResponse.newBuilder()));
  private static final String ECHO = DemoBackend.SERVICE.fullyQualifiedName();
  /** How long a pushed status may take: far more than it needs, far less than a test's patience. */
  private static final long PUSH_SECONDS = 2;

  private Vertx vertx;
  private DemoBackend backend;
  private GrpcClient client;
  private SocketAddress address;
  private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      if (record.getLevel().intValue() >= Level.WARNING.intValue() || record.getThrown() != null) {
        logged.add(record);
      }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };

  private static ServiceMethod<HealthCheckResponse, HealthCheckRequest> method(String name) {
    return ServiceMethod.client(HEALTH, name, GrpcMessageEncoder.encoder(),
        GrpcMessageDecoder.decoder(HealthCheckResponse.newBuilder()));
  }

  private static HealthCheckRequest request(String service) {
    return HealthCheckRequest.newBuilder().setService(service).build();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void start() throws Exception {
    Logger.getLogger("").addHandler(capture);
    vertx = Vertx.vertx();
    backend = await(DemoBackend.start(vertx, "127.0.0.1", 0));
    address = SocketAddress.inetSocketAddress(backend.port(), "127.0.0.1");
    client = newClient();
  }

  @AfterEach
  void stop() throws Exception {
    try {
      await(client.close());
      await(backend.close());
      await(vertx.close());
    } finally {
      Logger.getLogger("").removeHandler(capture);
    }
  }

  private GrpcClient newClient() {
    return GrpcClient.client(vertx, new GrpcClientOptions(), new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
  }

  /** "SERVING", "NOT_SERVING" (a Check answer) or the call's gRPC status when not OK ("NOT_FOUND"). */
  private String check(String service) throws Exception {
    return await(client.request(address, CHECK).compose(req -> {
      req.end(request(service));
      return req.response().compose(resp -> resp.last().transform(ar -> Future.succeededFuture(
          resp.status() == GrpcStatus.OK && ar.succeeded() ? ar.result().getStatus().name() : resp.status() == null ? "no status" : resp.status().name())));
    }));
  }

  /** One open Watch stream and every status it received, in order. */
  private static final class Watching {

    final GrpcClientRequest<HealthCheckRequest, HealthCheckResponse> request;
    final BlockingQueue<ServingStatus> statuses = new LinkedBlockingQueue<>();

    Watching(GrpcClientRequest<HealthCheckRequest, HealthCheckResponse> request) {
      this.request = request;
    }

    ServingStatus next() throws InterruptedException {
      ServingStatus s = statuses.poll(PUSH_SECONDS, TimeUnit.SECONDS);
      if (s == null) {
        fail("no status pushed within " + PUSH_SECONDS + "s");
      }
      return s;
    }

    HttpConnection connection() {
      return request.connection();
    }
  }

  private Watching watch(GrpcClient on, String service) throws Exception {
    return await(on.request(address, WATCH).compose(req -> {
      Watching w = new Watching(req);
      req.end(request(service));
      return req.response().map(resp -> {
        resp.handler(msg -> w.statuses.add(msg.getStatus()));
        return w;
      });
    }));
  }

  @Test
  void checkAnswersKnownServicesTheWholeServerAndNotFoundForOthers() throws Exception {
    assertEquals("SERVING", check(ECHO));
    assertEquals("SERVING", check(""), "the whole server");
    assertEquals("NOT_FOUND", check("vgw.demo.v1.NoSuchService"));

    backend.setServing(ECHO, false);
    assertEquals("NOT_SERVING", check(ECHO));
    assertEquals("SERVING", check(""), "one service down does not switch the whole server");
    backend.setServing(ECHO, true);
    assertEquals("SERVING", check(ECHO));
  }

  @Test
  void theWholeServersStatusSwitches() throws Exception {
    Watching whole = watch(client, "");
    assertEquals(ServingStatus.SERVING, whole.next(), "initial status of the whole server");

    backend.setServing("", false);
    assertEquals(ServingStatus.NOT_SERVING, whole.next(), "pushed");
    assertEquals("NOT_SERVING", check(""));
    assertEquals("SERVING", check(ECHO), "the services keep their own status");

    backend.setServing("", true);
    assertEquals(ServingStatus.SERVING, whole.next(), "pushed");
    assertEquals("SERVING", check(""));
  }

  @Test
  void listAnswersEveryStatus() throws Exception {
    backend.setServing(ECHO, false);
    HealthListResponse list = await(client.request(address, LIST).compose(req -> {
      req.end(HealthListRequest.getDefaultInstance());
      return req.response().compose(resp -> resp.last());
    }));
    assertEquals(ServingStatus.NOT_SERVING, list.getStatusesOrThrow(ECHO).getStatus(), list.toString());
    assertEquals(ServingStatus.SERVING, list.getStatusesOrThrow("").getStatus(), list.toString());
    assertEquals(ServingStatus.SERVING, list.getStatusesOrThrow(HEALTH.fullyQualifiedName()).getStatus(), list.toString());
    assertEquals(3, list.getStatusesCount(), list.toString());
  }

  @Test
  void watchSendsTheStatusAtOnceThenPushesEachChangeInOrder() throws Exception {
    Watching w = watch(client, ECHO);
    assertEquals(ServingStatus.SERVING, w.next(), "initial status");

    // Two changes back to back, with no pause: a poller (vertx-grpc-health reads every 200 ms)
    // would see no change at all; a push sends both, in order.
    backend.setServing(ECHO, false);
    backend.setServing(ECHO, true);
    assertEquals(ServingStatus.NOT_SERVING, w.next(), "first change");
    assertEquals(ServingStatus.SERVING, w.next(), "second change");

    // Setting the same status again is no change: nothing is pushed.
    backend.setServing(ECHO, true);
    backend.setServing(ECHO, false);
    assertEquals(ServingStatus.NOT_SERVING, w.next(), "the next real change");
    assertNull(w.statuses.poll(300, TimeUnit.MILLISECONDS), "no repeated status without a change");
  }

  @Test
  void watchOfAnUnknownServiceSaysSoAndFollowsItOnceKnown() throws Exception {
    Watching w = watch(client, "vgw.test.Later");
    assertEquals(ServingStatus.SERVICE_UNKNOWN, w.next(), "an unknown service is no error for Watch");
    assertEquals("NOT_FOUND", check("vgw.test.Later"));

    backend.setServing("vgw.test.Later", false);
    assertEquals(ServingStatus.NOT_SERVING, w.next());
    assertEquals("NOT_SERVING", check("vgw.test.Later"));
  }

  @Test
  void streamsSharingOneConnectionLeaveWhenCancelledOrDisconnected() throws Exception {
    List<Watching> streams = new ArrayList<>();
    for (String service : List.of(ECHO, ECHO, "", "vgw.test.Other")) {
      Watching w = watch(client, service);
      assertNotNull(w.next(), "initial status");
      streams.add(w);
    }
    HttpConnection connection = streams.get(0).connection();
    for (Watching w : streams) {
      assertSame(connection, w.connection(), "every stream on one connection");
    }
    assertEquals(4, backend.healthWatchers());

    // Cancel three of them (the fourth stays open), then close the connection under the last.
    for (Watching w : streams.subList(0, 3)) {
      w.request.cancel();
    }
    awaitWatchers(1);
    backend.setServing(ECHO, false);

    await(connection.close());
    awaitWatchers(0);

    // Changes after the watchers went: nothing is written anywhere, nothing fails.
    backend.setServing(ECHO, true);
    backend.setServing("", false);
    backend.setServing("vgw.test.Other", true);
    // A fresh connection still works, and by the time its stream has its status any stray write to
    // the old streams would have happened (300 ms more: longer than the old 200 ms polling tick).
    GrpcClient fresh = newClient();
    try {
      Watching after = watch(fresh, ECHO);
      assertEquals(ServingStatus.SERVING, after.next());
      assertEquals(1, backend.healthWatchers(), "only the new stream");
      Thread.sleep(300);
    } finally {
      await(fresh.close());
    }
    awaitWatchers(0);
    assertEquals(List.of(), logged.stream().map(r -> r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage()
        + (r.getThrown() == null ? "" : " " + r.getThrown())).toList(), "nothing logged");
    for (Watching w : streams) {
      assertTrue(w.statuses.isEmpty(), "no status reached a stream after it left: " + w.statuses);
    }
  }

  private void awaitWatchers(int want) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PUSH_SECONDS);
    while (backend.healthWatchers() != want) {
      if (System.nanoTime() > deadline) {
        fail("watchers: " + backend.healthWatchers() + ", want " + want);
      }
      Thread.sleep(10);
    }
  }
}
