package io.vgw;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.util.List;

/**
 * {@code java -jar vgw.jar -training-run}: the embedded demo answers one request of each common
 * kind, then the JVM exits. {@code ./mvnw package} runs it under {@code -XX:ArchiveClassesAtExit}
 * to record {@code target/vgw.jsa}, the class-data archive that halves the time to the first
 * answer (see docs/deployment.md): the classes a real start and a real request load are the ones
 * archived. A wrong answer fails the run, so the build also fails when the jar cannot serve.
 */
final class TrainingRun {

  /** One request and the status it must get. */
  private record Exchange(HttpMethod method, String uri, String body, HttpVersion version, int status) {
  }

  private static final String ECHO = "{\"message\":\"hello\",\"count\":3,\"tags\":[\"a\",\"b\"],\"nested\":{\"note\":\"n\"}}";

  private static final List<Exchange> EXCHANGES = List.of(
      new Exchange(HttpMethod.POST, "/v1/echo", ECHO, HttpVersion.HTTP_1_1, 200),
      new Exchange(HttpMethod.GET, "/v1/echo/42?message=hello&count=3&tags=a&tags=b&nested.note=n", null, HttpVersion.HTTP_1_1, 200),
      new Exchange(HttpMethod.POST, "/v1/echo", ECHO, HttpVersion.HTTP_2, 200),
      new Exchange(HttpMethod.POST, "/v1/echo", "{not json", HttpVersion.HTTP_1_1, 400),
      new Exchange(HttpMethod.GET, "/v1/nowhere", null, HttpVersion.HTTP_1_1, 404),
      new Exchange(HttpMethod.GET, "/healthz", null, HttpVersion.HTTP_1_1, 200));

  private TrainingRun() {
  }

  /** Sends every exchange in turn to the gateway on {@code port}; fails at the first wrong status. */
  static Future<Void> run(Vertx vertx, String host, int port) {
    HttpClient http1 = vertx.createHttpClient(new HttpClientOptions());
    HttpClient h2c = vertx.createHttpClient(new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
    Future<Void> chain = Future.succeededFuture();
    for (Exchange e : EXCHANGES) {
      chain = chain.compose(v -> send(e.version() == HttpVersion.HTTP_2 ? h2c : http1, host, port, e));
    }
    return chain.eventually(() -> http1.close().eventually(h2c::close));
  }

  private static Future<Void> send(HttpClient client, String host, int port, Exchange e) {
    RequestOptions req = new RequestOptions().setMethod(e.method()).setHost(host).setPort(port).setURI(e.uri());
    if (e.body() != null) {
      req.putHeader("content-type", "application/json");
    }
    return client.request(req)
        .compose(r -> e.body() == null ? r.send() : r.send(Buffer.buffer(e.body())))
        .compose(resp -> resp.body().compose(body -> resp.statusCode() == e.status()
            ? Future.<Void>succeededFuture()
            : Future.<Void>failedFuture(e.method() + " " + e.uri() + " answered " + resp.statusCode()
                + " instead of " + e.status() + ": " + body)));
  }
}
