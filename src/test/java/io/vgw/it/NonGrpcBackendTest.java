package io.vgw.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vgw.BackendOptions;
import io.vgw.Gateway;
import io.vgw.GatewayOptions;
import io.vgw.Main;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Backends that do not answer like gRPC: a real plain HTTP/2 (h2c) server on loopback that answers
 * an HTTP status without {@code grpc-status} (as a proxy's error page would), resets the stream or
 * drops the connection. grpc's http-grpc-status-mapping.md gives the gRPC code, grpc-gateway's table
 * the HTTP answer.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class NonGrpcBackendTest {

  private static final String SECRET = "internal-proxy-7.corp";
  private static HttpServer plain;
  private static Gateway gateway;
  private static WebClient client;

  /** Answers as the request's {@code want-*} metadata says (the gateway forwards Grpc-Metadata-Want-*). */
  private static void answer(HttpServerRequest req) {
    String reset = req.getHeader("want-reset");
    if (reset != null) {
      req.response().reset(Long.parseLong(reset));
      return;
    }
    String resetLater = req.getHeader("want-reset-after-headers");
    if (resetLater != null) {
      // A gRPC answer begins (status 200, gRPC content type), then the stream is reset.
      req.response().putHeader("content-type", "application/grpc").writeHead()
          .onComplete(ar -> req.response().reset(Long.parseLong(resetLater)));
      return;
    }
    if (req.getHeader("want-close") != null) {
      req.connection().close();
      return;
    }
    var response = req.response().setStatusCode(Integer.parseInt(req.getHeader("want-status")))
        .putHeader("server", SECRET);
    String type = req.getHeader("want-type");
    if (type != null && !type.isEmpty()) {
      response.putHeader("content-type", type);
    }
    response.end("<html><body>502 Bad Gateway from " + SECRET + "</body></html>");
  }

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext ctx) {
    vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(req -> req.body().onComplete(b -> answer(req)))
        .listen()
        .compose(s -> {
          plain = s;
          return deploy(vertx, s.actualPort());
        })
        .onComplete(ctx.succeeding(g -> {
          gateway = g;
          client = WebClient.create(vertx);
          ctx.completeNow();
        }));
  }

  private static Future<Gateway> deploy(Vertx vertx, int backendPort) {
    return Gateway.deploy(vertx, new GatewayOptions().setHttpHost("127.0.0.1").setHttpPort(0).setInstances(1)
        .addDescriptor(Main.DEMO_DESCRIPTORS)
        .addBackend(new BackendOptions().setAddress("127.0.0.1:" + backendPort)));
  }

  @AfterAll
  static void stop(VertxTestContext ctx) {
    gateway.close().compose(v -> plain.close()).onComplete(ctx.succeedingThenComplete());
  }

  private static HttpRequest<io.vertx.core.buffer.Buffer> echo(Gateway gw) {
    return client.post(gw.httpPort(), "127.0.0.1", "/v1/echo").putHeader("content-type", "application/json");
  }

  private static void assertAnswer(HttpResponse<io.vertx.core.buffer.Buffer> r, int http, int code, String what) {
    assertEquals(http, r.statusCode(), "got " + r.statusCode() + " " + r.bodyAsString() + "; want " + http + "; input " + what);
    JsonObject body = r.bodyAsJsonObject();
    assertEquals(code, body.getInteger("code"), "gRPC code; input " + what);
    assertFalse(r.bodyAsString().contains(SECRET), "nothing of the backend's page goes out: " + r.bodyAsString());
    r.headers().forEach(h -> assertFalse(h.getValue().contains(SECRET), "nor of its headers: " + h));
    assertFalse(r.bodyAsString().contains(String.valueOf(plain.actualPort())), "no backend address: " + r.bodyAsString());
  }

  @ParameterizedTest(name = "HTTP {0} {1} -> gRPC {2} -> HTTP {3}")
  @CsvSource({
      "400, text/html, 13, 500",
      "401, text/html, 16, 401",
      "403, text/html, 7, 403",
      "404, text/html, 12, 501",
      "429, text/html, 14, 503",
      "502, text/html, 14, 503",
      "503, text/html, 14, 503",
      "504, text/html, 14, 503",
      "500, text/html, 2, 500",
      "418, text/plain, 2, 500",
      "200, text/html, 2, 500",
      "200, '', 2, 500",
      "503, application/grpc, 14, 503",
      "404, application/grpc+proto, 12, 501"})
  void replyWithoutGrpcStatusMapsByItsHttpStatus(int status, String type, int code, int http, VertxTestContext ctx) {
    echo(gateway).putHeader("Grpc-Metadata-Want-Status", String.valueOf(status))
        .putHeader("Grpc-Metadata-Want-Type", type)
        .sendJsonObject(new JsonObject().put("message", "x"))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertAnswer(r, http, code, status + " " + type);
          assertTrue(r.bodyAsJsonObject().getString("message").contains("HTTP " + status), r.bodyAsString());
          ctx.completeNow();
        })));
  }

  @ParameterizedTest(name = "RST_STREAM {0} -> HTTP {2}")
  @CsvSource({
      "7, 14, 503",   // REFUSED_STREAM: nothing was processed
      "2, 13, 500",   // INTERNAL_ERROR
      "8, 1, 499"})   // CANCEL sent by a server: CANCELLED (gRPC over HTTP/2 spec)
  void streamResetMapsAsTheGrpcSpecSays(long http2Code, int code, int http, VertxTestContext ctx) {
    echo(gateway).putHeader("Grpc-Metadata-Want-Reset", String.valueOf(http2Code))
        .sendJsonObject(new JsonObject().put("message", "x"))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertAnswer(r, http, code, "RST_STREAM " + http2Code);
          ctx.completeNow();
        })));
  }

  @ParameterizedTest(name = "{0}: RST_STREAM {1} after the headers -> HTTP {3}")
  @CsvSource({
      "POST /v1/echo,   7, 14, 503",
      "POST /v1/echo,   2, 13, 500",
      "GET /v1/stream,  7, 14, 503"})
  void streamResetAfterTheHeadersStillEndsTheAnswer(String request, long http2Code, int code, int http, VertxTestContext ctx) {
    String[] parts = request.split(" ");
    client.request(io.vertx.core.http.HttpMethod.valueOf(parts[0]), gateway.httpPort(), "127.0.0.1", parts[1])
        .putHeader("content-type", "application/json")
        .putHeader("Grpc-Metadata-Want-Reset-After-Headers", String.valueOf(http2Code))
        .sendJsonObject(new JsonObject())
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertAnswer(r, http, code, request + " RST_STREAM " + http2Code + " after headers");
          ctx.completeNow();
        })));
  }

  @Test
  void connectionClosedMidCallIs503(VertxTestContext ctx) {
    echo(gateway).putHeader("Grpc-Metadata-Want-Close", "1").sendJsonObject(new JsonObject().put("message", "x"))
        .compose(r -> {
          ctx.verify(() -> assertAnswer(r, 503, 14, "connection closed"));
          // The gateway opens a new connection for the next call.
          return echo(gateway).putHeader("Grpc-Metadata-Want-Status", "404").sendJsonObject(new JsonObject());
        })
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertAnswer(r, 501, 12, "after a closed connection");
          ctx.completeNow();
        })));
  }

  @Test
  void tcpResetIs503(Vertx vertx, VertxTestContext ctx) {
    // Accepts, then resets the TCP connection (SO_LINGER 0) as soon as the client speaks.
    NetServer rst = vertx.createNetServer(new NetServerOptions().setSoLinger(0))
        .connectHandler(socket -> socket.handler(bytes -> socket.close()));
    rst.listen(0, "127.0.0.1")
        .compose(s -> deploy(vertx, s.actualPort()))
        .compose(gw -> echo(gw).sendJsonObject(new JsonObject().put("message", "x"))
            .andThen(ctx.succeeding(r -> ctx.verify(() -> assertAnswer(r, 503, 14, "TCP reset"))))
            .compose(r -> gw.close()))
        .compose(v -> rst.close())
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void http11OnlyServerIs503(Vertx vertx, VertxTestContext ctx) {
    // A plain HTTP/1.1 server does not understand the HTTP/2 preface: it answers 400 and closes.
    vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0).setHttp2ClearTextEnabled(false))
        .requestHandler(req -> req.response().setStatusCode(404).end("not here"))
        .listen()
        .compose(s -> deploy(vertx, s.actualPort())
            .compose(gw -> echo(gw).sendJsonObject(new JsonObject().put("message", "x"))
                .andThen(ctx.succeeding(r -> ctx.verify(() -> assertAnswer(r, 503, 14, "HTTP/1.1-only server"))))
                .compose(r -> gw.close()))
            .compose(v -> s.close()))
        .onComplete(ctx.succeedingThenComplete());
  }
}
