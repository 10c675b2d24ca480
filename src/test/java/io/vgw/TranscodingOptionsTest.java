package io.vgw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link HeadersOptions} and {@link RoutesOptions}: defaults, JSON both ways, bad values named. */
class TranscodingOptionsTest {

  @Test
  void defaultsAreGrpcGatewaysBehaviour() {
    HeadersOptions h = new HeadersOptions();
    assertTrue(h.isIncomingDefaults() && h.isOutgoingDefaults());
    assertTrue(h.getIncomingRules().isEmpty() && h.getOutgoingRules().isEmpty());
    RoutesOptions r = new RoutesOptions();
    assertEquals(405, r.getWrongMethodStatus());
    assertFalse(r.isRejectUnknownQueryParameters());
    assertTrue(r.getTimeouts().isEmpty() && r.getIgnoredQueryParameters().isEmpty());
  }

  @Test
  void readsEveryKeyAndRoundTripsThroughGatewayOptions() {
    JsonObject json = new JsonObject()
        .put("headers", new JsonObject()
            .put("incoming", new JsonObject().put("defaults", false)
                .put("rules", new JsonObject().put("X-Request-Id", "request-id").put("x-tenant-*", "tenant-*").put("cookie", "")))
            .put("outgoing", new JsonObject().put("defaults", "false")
                .put("rules", new JsonObject().put("x-ratelimit-*", "X-RateLimit-*"))))
        .put("routes", new JsonObject()
            .put("timeouts", new JsonObject().put("pkg.Svc", "5s").put("pkg.Svc.Slow", 60000).put("GET /v1/x/{id}", "2m"))
            .put("wrongMethodStatus", "501")
            .put("rejectUnknownQueryParameters", true)
            .put("ignoredQueryParameters", "access_token, _"));
    GatewayOptions o = new GatewayOptions(json);
    HeadersOptions h = o.getHeaders();
    assertFalse(h.isIncomingDefaults());
    assertFalse(h.isOutgoingDefaults());
    assertEquals(Map.of("x-request-id", "request-id", "x-tenant-*", "tenant-*", "cookie", ""), h.getIncomingRules());
    assertEquals(Map.of("x-ratelimit-*", "X-RateLimit-*"), h.getOutgoingRules(), "header names keep their case");
    RoutesOptions r = o.getRoutes();
    assertEquals(Map.of("pkg.Svc", 5000L, "pkg.Svc.Slow", 60000L, "GET /v1/x/{id}", 120000L), r.getTimeouts());
    assertEquals(501, r.getWrongMethodStatus());
    assertTrue(r.isRejectUnknownQueryParameters());
    assertEquals(List.of("access_token", "_"), r.getIgnoredQueryParameters());
    assertEquals(o.toJson(), new GatewayOptions(o.toJson()).toJson());
    assertEquals(o.toJson(), new GatewayOptions(o).toJson());
    assertEquals(h.toJson(), new HeadersOptions(h).toJson());
    assertEquals(r.toJson(), new RoutesOptions(r).toJson());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "incoming not an object  | {\"headers\":{\"incoming\":1}}                                        | 'incoming' must be an object",
      "defaults not a boolean  | {\"headers\":{\"incoming\":{\"defaults\":\"maybe\"}}}                  | headers.incoming.defaults",
      "empty header name       | {\"headers\":{\"incoming\":{\"rules\":{\"\":\"x\"}}}}                 | headers.incoming.rules",
      "star inside a name      | {\"headers\":{\"incoming\":{\"rules\":{\"x-*-y\":\"x\"}}}}            | a '*' may only end it",
      "bad metadata key        | {\"headers\":{\"incoming\":{\"rules\":{\"x-a\":\"A B\"}}}}            | not a valid name",
      "reserved grpc key       | {\"headers\":{\"incoming\":{\"rules\":{\"x-a\":\"grpc-timeout\"}}}}   | reserved",
      "hop-by-hop key          | {\"headers\":{\"incoming\":{\"rules\":{\"x-a\":\"connection\"}}}}     | reserved",
      "gRPC's own key          | {\"headers\":{\"incoming\":{\"rules\":{\"x-a\":\"content-type\"}}}}   | reserved",
      "star with nothing to copy | {\"headers\":{\"incoming\":{\"rules\":{\"x-a\":\"a-*\"}}}}          | one '*' only when",
      "two stars               | {\"headers\":{\"incoming\":{\"rules\":{\"x-*\":\"*-*\"}}}}            | one '*' only when",
      "outgoing to a hop-by-hop | {\"headers\":{\"outgoing\":{\"rules\":{\"a\":\"Transfer-Encoding\"}}}} | reserved",
      "outgoing bad key        | {\"headers\":{\"outgoing\":{\"rules\":{\"A:B\":\"x\"}}}}              | not a valid name",
      "timeouts not an object  | {\"routes\":{\"timeouts\":[1]}}                                       | routes.timeouts",
      "bad timeout             | {\"routes\":{\"timeouts\":{\"a.B\":\"soon\"}}}                        | routes.timeouts[\"a.B\"]",
      "negative timeout        | {\"routes\":{\"timeouts\":{\"a.B\":-1}}}                              | must not be negative",
      "empty timeout key       | {\"routes\":{\"timeouts\":{\" \":\"1s\"}}}                            | empty key",
      "wrong method status     | {\"routes\":{\"wrongMethodStatus\":404}}                              | 405 or 501",
      "wrong method not a number | {\"routes\":{\"wrongMethodStatus\":\"x\"}}                          | 405 or 501",
      "reject not a boolean    | {\"routes\":{\"rejectUnknownQueryParameters\":\"yes\"}}               | rejectUnknownQueryParameters",
      "ignored not a list      | {\"routes\":{\"ignoredQueryParameters\":3}}                           | ignoredQueryParameters"})
  void badValuesAreRefusedNamingTheKey(String name, String json, String mentions) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GatewayOptions(new JsonObject(json)));
    assertTrue(e.getMessage().contains(mentions), "got " + e.getMessage() + "; want mention of " + mentions + "; input " + json);
  }

  @Test
  void fluentSettersCheckToo() {
    assertThrows(IllegalArgumentException.class, () -> new RoutesOptions().setWrongMethodStatus(400));
    assertThrows(IllegalArgumentException.class, () -> new RoutesOptions().putTimeoutMillis("a.B", -5));
    assertThrows(IllegalArgumentException.class, () -> new RoutesOptions().addIgnoredQueryParameter(""));
    assertThrows(IllegalArgumentException.class, () -> new HeadersOptions().addIncomingRule("x", "grpc-x"));
    assertThrows(IllegalArgumentException.class, () -> new HeadersOptions().addOutgoingRule("x", "Content-Type"));
    assertEquals(new JsonArray().add("t"), new RoutesOptions().addIgnoredQueryParameter("t").toJson().getJsonArray("ignoredQueryParameters"));
  }
}
