package io.vgw.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vgw.HeadersOptions;
import io.vgw.conformance.v1.ConformanceProto;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Headers to metadata and back, observed at a real backend and at the HTTP client: grpc-gateway's
 * default matchers, then the rules of {@link HeadersOptions} (added to the defaults, or replacing
 * them), trailers only with {@code TE: trailers}, and error answers carrying the metadata too.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class HeaderConformanceTest {

  private static final String ABSENT = "<absent>";
  private static ConformanceGateway defaults;
  private static ConformanceGateway rules;
  private static ConformanceGateway replaced;
  private static ConformanceGateway outgoing;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext ctx) {
    JsonObject withRules = new JsonObject().put("incoming", new JsonObject().put("rules", new JsonObject()
        .put("X-Request-Id", "x-request-id").put("x-tenant-*", "tenant-*").put("cookie", "")
        .put("x-api-key", "api-key").put("authorization", "")));
    JsonObject replacing = new JsonObject().put("incoming", new JsonObject().put("defaults", false)
        .put("rules", new JsonObject().put("x-request-id", "request-id").put("grpc-metadata-*", "md-*")));
    JsonObject out = new JsonObject().put("outgoing", new JsonObject().put("defaults", false)
        .put("rules", new JsonObject().put("x-ratelimit-*", "X-RateLimit-*").put("secret", "")));
    start(vertx, UnaryOperator.identity())
        .compose(g -> {
          defaults = g;
          return start(vertx, o -> o.setHeaders(new HeadersOptions(withRules)));
        }).compose(g -> {
          rules = g;
          return start(vertx, o -> o.setHeaders(new HeadersOptions(replacing)));
        }).compose(g -> {
          replaced = g;
          return start(vertx, o -> o.setHeaders(new HeadersOptions(out)));
        }).onComplete(ctx.succeeding(g -> {
          outgoing = g;
          ctx.completeNow();
        }));
  }

  private static Future<ConformanceGateway> start(Vertx vertx, UnaryOperator<io.vgw.GatewayOptions> customize) {
    return ConformanceGateway.start(vertx, customize, ConformanceProto.getDescriptor());
  }

  @AfterAll
  static void stop(VertxTestContext ctx) {
    Future.join(defaults.close(), rules.close(), replaced.close(), outgoing.close()).onComplete(ctx.succeedingThenComplete());
  }

  private static void assertMetadata(ConformanceGateway gw, String header, String value, String key, String want,
      VertxTestContext ctx) {
    int before = gw.backend.count();
    gw.client.get("/t/abc").putHeader(header, value).send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      String what = "input " + header + ": " + value;
      assertEquals(200, r.statusCode(), r.bodyAsString() + "; " + what);
      assertEquals(before + 1, gw.backend.count());
      MultiMap md = gw.backend.latest().metadata();
      List<String> got = md.getAll(key);
      if (want.equals(ABSENT)) {
        assertTrue(got.isEmpty(), "got " + key + ": " + got + "; want none; " + what);
      } else {
        assertEquals(List.of(want), got, "got " + key + ": " + got + "; want " + want + "; " + what);
      }
      ctx.completeNow();
    })));
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "Grpc-Metadata-Tenant         | acme             | tenant                     | acme",
      "Grpc-Metadata-Multi-Word-Key | v                | multi-word-key             | v",
      "Accept                       | application/json | grpcgateway-accept         | application/json",
      "User-Agent                   | ua/1             | grpcgateway-user-agent     | ua/1",
      "Cookie                       | a=b              | grpcgateway-cookie         | a=b",
      "Authorization                | Bearer t         | authorization              | Bearer t",
      "Authorization                | Bearer t         | grpcgateway-authorization  | Bearer t",
      "Cache-Control                | no-cache         | grpcgateway-cache-control  | no-cache",
      "Origin                       | https://o.example | grpcgateway-origin        | https://o.example",
      "X-Custom                     | v                | x-custom                   | <absent>",
      "X-Custom                     | v                | grpcgateway-x-custom       | <absent>",
      "X-Forwarded-For              | 10.0.0.1         | x-forwarded-for            | 10.0.0.1, 127.0.0.1",
      "X-Forwarded-Host             | public.example   | x-forwarded-host           | public.example",
      "Grpc-Metadata-Blob-Bin       | -_8=             | blob-bin                   | +/8",
      "Grpc-Metadata-Blob-Bin       | AA==             | blob-bin                   | AA",
      "Grpc-Metadata-Key!           | v                | key!                       | <absent>",
      "Grpc-Metadata-Accent         | café             | accent                     | <absent>",
      "Grpc-Metadata-Grpc-Foo       | x                | grpc-foo                   | <absent>",
      "Grpc-Metadata-Connection     | x                | connection                 | <absent>",
      "Grpc-Metadata-Host           | evil             | host                       | <absent>",
      "Grpc-Metadata-Content-Type   | text/x           | content-type               | application/grpc",
      "Grpc-Metadata-Te             | x                | te                         | trailers",
      "Proxy-Connection             | x                | grpcgateway-proxy-connection | <absent>",
      "Keep-Alive                   | timeout=5        | grpcgateway-keep-alive     | <absent>",
      "TE                           | trailers         | grpcgateway-te             | <absent>",
      "Connection                   | keep-alive       | grpcgateway-connection     | <absent>"})
  void defaultIncomingMatcher(String header, String value, String key, String want, VertxTestContext ctx) {
    assertMetadata(defaults, header, value, key, want, ctx);
  }

  @Test
  void forwardedHostIsTheHostWithoutXForwardedHost(VertxTestContext ctx) {
    assertMetadata(defaults, "X-Other", "1", "x-forwarded-host", "127.0.0.1:" + defaults.port(), ctx);
  }

  @Test
  void badBase64InABinaryHeaderIs400AndReachesNothing(VertxTestContext ctx) {
    int before = defaults.backend.count();
    defaults.client.get("/t/abc").putHeader("Grpc-Metadata-Blob-Bin", "%%%").send()
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(400, r.statusCode(), r.bodyAsString());
          assertTrue(r.bodyAsJsonObject().getString("message").contains("blob-bin"), r.bodyAsString());
          assertEquals(before, defaults.backend.count());
          ctx.completeNow();
        })));
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "X-Request-Id          | r1        | x-request-id              | r1",
      "X-Tenant-Name         | acme      | tenant-name               | acme",
      "Cookie                | a=b       | grpcgateway-cookie        | <absent>",
      "X-Api-Key             | k         | api-key                   | k",
      "X-Api-Key             | k         | x-api-key                 | <absent>",
      "Authorization         | Bearer t  | authorization             | <absent>",
      "Authorization         | Bearer t  | grpcgateway-authorization | <absent>",
      "Accept                | text/csv  | grpcgateway-accept        | text/csv",
      "Grpc-Metadata-Tenant  | acme      | tenant                    | acme"})
  void rulesComeBeforeTheDefaults(String header, String value, String key, String want, VertxTestContext ctx) {
    assertMetadata(rules, header, value, key, want, ctx);
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "Grpc-Metadata-Tenant  | acme      | md-tenant                 | acme",
      "Grpc-Metadata-Tenant  | acme      | tenant                    | <absent>",
      "Accept                | text/csv  | grpcgateway-accept        | <absent>",
      "X-Request-Id          | r1        | request-id                | r1",
      "Authorization         | Bearer t  | authorization             | Bearer t",
      "Authorization         | Bearer t  | grpcgateway-authorization | <absent>",
      "X-Forwarded-For       | 10.0.0.9  | x-forwarded-for           | 10.0.0.9, 127.0.0.1"})
  void rulesWithoutDefaultsReplaceTheMatcher(String header, String value, String key, String want, VertxTestContext ctx) {
    assertMetadata(replaced, header, value, key, want, ctx);
  }

  /** A request that makes the backend answer with header {@code foo: bar} and trailer {@code t1: v}. */
  private static HttpRequest<Buffer> withResponseMetadata(WebClient client, String uri, boolean te) {
    HttpRequest<Buffer> r = client.get(uri)
        .putHeader("Grpc-Metadata-Echo-Header-Foo", "bar")
        .putHeader("Grpc-Metadata-Echo-Trailer-T1", "v");
    return te ? r.putHeader("TE", "trailers") : r;
  }

  @ParameterizedTest(name = "{0}, TE: trailers {1}")
  @CsvSource({
      "/t/abc, true, 200", "/t/abc, false, 200", "/t/stream/s, true, 200", "/t/stream/s, false, 200"})
  void metadataBecomesHeadersAndTrailersOnlyWithTe(String uri, boolean te, int status, VertxTestContext ctx) {
    withResponseMetadata(defaults.client, uri, te).send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      String what = "input " + uri + " TE " + te;
      assertEquals(status, r.statusCode(), r.bodyAsString());
      assertEquals("bar", r.getHeader("Grpc-Metadata-Foo"), what);
      if (te) {
        assertEquals("v", r.getTrailer("Grpc-Trailer-T1"), what);
      } else {
        assertNull(r.getTrailer("Grpc-Trailer-T1"), what);
        assertNull(r.getHeader("Grpc-Trailer-T1"), what);
        assertNull(r.getHeader("Trailer"), what);
      }
      assertNull(r.getHeader("Grpc-Metadata-Grpc-Status"), "grpc-* never goes out; " + what);
      ctx.completeNow();
    })));
  }

  @Test
  void unaryTrailersAreAnnounced(VertxTestContext ctx) {
    withResponseMetadata(defaults.client, "/t/abc", true).send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals("Grpc-Trailer-T1", r.getHeader("Trailer"));
      ctx.completeNow();
    })));
  }

  @ParameterizedTest(name = "TE: trailers {0}")
  @CsvSource({"true", "false"})
  void errorAnswersCarryTheMetadataToo(boolean te, VertxTestContext ctx) {
    withResponseMetadata(defaults.client, "/t/abc", te).putHeader("Grpc-Metadata-Fail-Code", "5").send()
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(404, r.statusCode(), r.bodyAsString());
          assertEquals(5, r.bodyAsJsonObject().getInteger("code"));
          assertEquals("bar", r.getHeader("Grpc-Metadata-Foo"));
          assertEquals(te ? "v" : null, r.getTrailer("Grpc-Trailer-T1"));
          ctx.completeNow();
        })));
  }

  @Test
  void aTrailersOnlyErrorHasItsMetadataAsTrailers(VertxTestContext ctx) {
    defaults.client.get("/t/abc").putHeader("TE", "trailers").putHeader("Grpc-Metadata-Fail-Code", "7")
        .putHeader("Grpc-Metadata-Echo-Trailer-Why", "policy").send()
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(403, r.statusCode(), r.bodyAsString());
          assertEquals("policy", r.getTrailer("Grpc-Trailer-Why"));
          assertNull(r.getHeader("Grpc-Metadata-Why"));
          ctx.completeNow();
        })));
  }

  @Test
  void trailersOverHttp2(Vertx vertx, VertxTestContext ctx) {
    WebClient h2 = WebClient.create(vertx, new WebClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false).setDefaultHost("127.0.0.1").setDefaultPort(defaults.port()));
    withResponseMetadata(h2, "/t/abc", true).send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(HttpVersion.HTTP_2, r.version());
      assertEquals(200, r.statusCode(), r.bodyAsString());
      assertEquals("bar", r.getHeader("Grpc-Metadata-Foo"));
      assertEquals("v", r.getTrailer("Grpc-Trailer-T1"));
      h2.close();
      ctx.completeNow();
    })));
  }

  @Test
  void outgoingRulesRenameAndReplace(VertxTestContext ctx) {
    outgoing.client.get("/t/abc").putHeader("TE", "trailers")
        .putHeader("Grpc-Metadata-Echo-Header-X-Ratelimit-Remaining", "5")
        .putHeader("Grpc-Metadata-Echo-Header-Foo", "bar")
        .putHeader("Grpc-Metadata-Echo-Header-Secret", "s")
        .putHeader("Grpc-Metadata-Echo-Trailer-X-Ratelimit-Reset", "9")
        .putHeader("Grpc-Metadata-Echo-Trailer-T1", "v")
        .send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(200, r.statusCode(), r.bodyAsString());
          assertEquals("5", r.getHeader("X-RateLimit-Remaining"));
          assertEquals("9", r.getTrailer("X-RateLimit-Reset"));
          assertNull(r.getHeader("Grpc-Metadata-Foo"), "defaults off");
          assertNull(r.getHeader("Grpc-Metadata-Secret"));
          assertNull(r.getHeader("Secret"));
          assertNull(r.getTrailer("Grpc-Trailer-T1"), "defaults off");
          ctx.completeNow();
        })));
  }
}
