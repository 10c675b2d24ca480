package io.vgw.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vgw.BackendOptions;
import io.vgw.Gateway;
import io.vgw.GatewayOptions;
import io.vgw.Main;
import io.vgw.TlsOptions;
import io.vgw.demo.DemoBackend;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** TLS on the listener (HTTP/2 by ALPN) and to backends (given CA, mutual TLS), with test-made certificates. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class TlsTest {

  private static final SelfSignedCertificate SERVER = SelfSignedCertificate.create("localhost");
  private static final SelfSignedCertificate CLIENT = SelfSignedCertificate.create("vgw-client");

  /** A demo backend that speaks gRPC over TLS and requires a client certificate it trusts. */
  private static HttpServerOptions mutualTlsBackend() {
    return new HttpServerOptions().setHost("127.0.0.1").setPort(0)
        .setSsl(true).setUseAlpn(true)
        .setKeyCertOptions(SERVER.keyCertOptions())
        .setClientAuth(ClientAuth.REQUIRED)
        .setTrustOptions(CLIENT.trustOptions());
  }

  private static GatewayOptions gatewayTo(int backendPort, TlsOptions tls) {
    return new GatewayOptions().setHttpHost("127.0.0.1").setHttpPort(0).setInstances(1).setAdmin(new io.vgw.AdminOptions().setPort(0))
        .addDescriptor(Main.DEMO_DESCRIPTORS)
        .addBackend(new BackendOptions().setAddress("localhost:" + backendPort).setTls(tls));
  }

  @Test
  void mutualTlsToTheBackend(Vertx vertx, VertxTestContext ctx) {
    DemoBackend.start(vertx, mutualTlsBackend()).compose(backend -> Gateway.deploy(vertx, gatewayTo(backend.port(),
            new TlsOptions().setCaPath(SERVER.certificatePath())
                .setCertPath(CLIENT.certificatePath()).setKeyPath(CLIENT.privateKeyPath()))))
        .compose(gw -> WebClient.create(vertx).get(gw.httpPort(), "127.0.0.1", "/v1/echo/tls").send())
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(200, r.statusCode(), r.bodyAsString());
          assertEquals("tls", r.bodyAsJsonObject().getString("id"));
          ctx.completeNow();
        })));
  }

  @Test
  void backendRefusesAGatewayWithoutClientCertificate(Vertx vertx, VertxTestContext ctx) {
    DemoBackend.start(vertx, mutualTlsBackend()).compose(backend -> Gateway.deploy(vertx, gatewayTo(backend.port(),
            new TlsOptions().setCaPath(SERVER.certificatePath()))))
        .compose(gw -> WebClient.create(vertx).get(gw.httpPort(), "127.0.0.1", "/v1/echo/tls").send())
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(503, r.statusCode(), r.bodyAsString());
          assertEquals(14, r.bodyAsJsonObject().getInteger("code"));
          ctx.completeNow();
        })));
  }

  @Test
  void untrustedBackendCertificateIsUnavailable(Vertx vertx, VertxTestContext ctx) {
    // The gateway trusts only the client certificate's issuer, not the server's: the handshake fails.
    DemoBackend.start(vertx, mutualTlsBackend()).compose(backend -> Gateway.deploy(vertx, gatewayTo(backend.port(),
            new TlsOptions().setCaPath(CLIENT.certificatePath())
                .setCertPath(CLIENT.certificatePath()).setKeyPath(CLIENT.privateKeyPath()))))
        .compose(gw -> WebClient.create(vertx).get(gw.httpPort(), "127.0.0.1", "/v1/echo/tls").send())
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(503, r.statusCode(), r.bodyAsString());
          ctx.completeNow();
        })));
  }

  @Test
  void tlsListenerNegotiatesHttp2(Vertx vertx, VertxTestContext ctx) {
    TestGateway.start(vertx, o -> o.setHttpTls(new TlsOptions()
            .setCertPath(SERVER.certificatePath()).setKeyPath(SERVER.privateKeyPath())))
        .compose(gw -> WebClient.create(vertx, new WebClientOptions()
                .setSsl(true).setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_2)
                .setTrustOptions(SERVER.trustOptions()))
            .get(gw.port(), "localhost", "/v1/echo/secure").send())
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(200, r.statusCode(), r.bodyAsString());
          assertEquals(HttpVersion.HTTP_2, r.version());
          assertEquals("secure", r.bodyAsJsonObject().getString("id"));
          ctx.completeNow();
        })));
  }
}
