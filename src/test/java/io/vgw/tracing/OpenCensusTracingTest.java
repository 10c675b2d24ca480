package io.vgw.tracing;

import static io.vgw.tracing.TracedGateway.attribute;
import static io.vgw.tracing.TracedGateway.client;
import static io.vgw.tracing.TracedGateway.names;
import static io.vgw.tracing.TracedGateway.server;
import static io.vgw.tracing.TracedGateway.sampled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opencensus.trace.MessageEvent;
import io.opencensus.trace.Span;
import io.opencensus.trace.SpanContext;
import io.opencensus.trace.Status;
import io.opencensus.trace.export.SpanData;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OpenCensus tracing through a real gateway to a real backend that decodes the trace context with
 * OpenCensus's own formats; spans observed through a registered exporter.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class OpenCensusTracingTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN = "00f067aa0ba902b7";

  @Test
  void oneServerAndOneClientSpanAndTheBackendSeesTheClientSpan(Vertx vertx, VertxTestContext ctx) {
    TracedGateway.start(vertx, sampled(SamplerOptions.always())).compose(gw ->
        gw.client.post("/v1/echo").putHeader("user-agent", "vgw-test/1").putHeader("content-type", "application/json")
            .sendJsonObject(new JsonObject().put("message", "hi"))
            .compose(r -> {
              ctx.verify(() -> assertEquals(200, r.statusCode(), r.bodyAsString()));
              return gw.finish().map(spans -> new Object[] {spans, gw});
            }))
        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
          @SuppressWarnings("unchecked")
          List<SpanData> spans = (List<SpanData>) result[0];
          TracedGateway gw = (TracedGateway) result[1];
          assertEquals(2, spans.size(), names(spans).toString());
          SpanData server = server(spans);
          SpanData client = client(spans);
          assertEquals("POST /v1/echo", server.getName());
          assertNull(server.getParentSpanId(), "a root span");
          assertEquals("POST", attribute(server, "http.method"));
          assertEquals("/v1/echo", attribute(server, "http.path"));
          assertEquals("POST /v1/echo", attribute(server, "http.route"));
          assertEquals(200L, attribute(server, "http.status_code"));
          assertEquals(0L, attribute(server, "grpc.status_code"));
          assertEquals("vgw-test/1", attribute(server, "http.user_agent"));
          assertTrue(String.valueOf(attribute(server, "http.host")).startsWith("127.0.0.1:"));
          assertTrue(String.valueOf(attribute(server, "http.url")).endsWith("/v1/echo"), String.valueOf(attribute(server, "http.url")));
          assertEquals(Status.OK, server.getStatus());
          assertEquals(2, server.getMessageEvents().getEvents().size(), "request and response sizes");

          assertEquals("vgw.demo.v1.EchoService.Echo", client.getName());
          assertEquals(server.getContext().getTraceId(), client.getContext().getTraceId());
          assertEquals(server.getContext().getSpanId(), client.getParentSpanId());
          assertEquals(Boolean.FALSE, client.getHasRemoteParent());
          assertEquals("127.0.0.1:" + gw.backend.port(), attribute(client, "backend.address"));
          assertEquals("/vgw.demo.v1.EchoService/Echo", attribute(client, "grpc.method"));
          assertEquals(0L, attribute(client, "grpc.status_code"));
          List<MessageEvent> events = client.getMessageEvents().getEvents().stream().map(e -> e.getEvent()).toList();
          assertEquals(MessageEvent.Type.SENT, events.get(0).getType());
          assertEquals(4L, events.get(0).getUncompressedMessageSize(), "EchoRequest{message:\"hi\"} is 4 bytes");
          assertEquals(MessageEvent.Type.RECEIVED, events.get(1).getType());
          assertTrue(client.getStartTimestamp().compareTo(server.getStartTimestamp()) >= 0, "the child starts after its parent");
          assertTrue(client.getEndTimestamp().compareTo(server.getEndTimestamp()) <= 0, "and ends before it");

          // X-Ray's id layout: the first 4 bytes are the epoch seconds of the root span
          long seconds = Long.parseLong(server.getContext().getTraceId().toLowerBase16().substring(0, 8), 16);
          assertTrue(Math.abs(seconds - System.currentTimeMillis() / 1000) < 120, "trace id starts with " + seconds);

          // What the backend decoded, with OpenCensus's own formats, is the client span.
          TraceRecordingBackend.Received got = gw.backend.received.get(0);
          assertEquals(client.getContext(), withoutTracestate(got.grpcTraceBin()), "grpc-trace-bin");
          assertEquals(client.getContext(), withoutTracestate(got.traceparent()), "traceparent");
          ctx.completeNow();
        })));
  }

  private static SpanContext withoutTracestate(SpanContext c) {
    assertNotNull(c, "the backend could not decode it");
    return SpanContext.create(c.getTraceId(), c.getSpanId(), c.getTraceOptions(), io.opencensus.trace.Tracestate.builder().build());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "traceparent|00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01|4bf92f3577b34da6a3ce929d0e0e4736|00f067aa0ba902b7",
      "b3|4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1|4bf92f3577b34da6a3ce929d0e0e4736|00f067aa0ba902b7",
      "X-B3-TraceId|4bf92f3577b34da6a3ce929d0e0e4736|4bf92f3577b34da6a3ce929d0e0e4736|00f067aa0ba902b7",
      "X-Amzn-Trace-Id|Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1|5759e988bd862e3fe1be46a994272793|53995c3f42cd8ad8",
      "X-Amzn-Trace-Id|Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1|5759e988bd862e3fe1be46a994272793|-",
  })
  void theCallersTraceIsContinued(String header, String value, String traceId, String parent, Vertx vertx,
      VertxTestContext ctx) {
    // The default sampler samples nothing new: the caller's sampled flag alone keeps these sampled.
    TracedGateway.start(vertx, sampled(SamplerOptions.probability(0))).compose(gw -> {
      var request = gw.client.get("/v1/echo/7").putHeader(header, value);
      if (header.equals("X-B3-TraceId")) {
        request.putHeader("X-B3-SpanId", SPAN).putHeader("X-B3-Sampled", "1");
      }
      return request.send().compose(r -> {
        ctx.verify(() -> assertEquals(200, r.statusCode(), r.bodyAsString()));
        return gw.finish().map(spans -> {
          ctx.verify(() -> {
            SpanData server = server(spans);
            assertEquals(traceId, server.getContext().getTraceId().toLowerBase16(), "trace id; input " + value);
            if (parent == null) {
              assertNull(server.getParentSpanId(), "an X-Ray Root without Parent: the gateway's span is the root");
            } else {
              assertEquals(parent, server.getParentSpanId().toLowerBase16(), "parent; input " + value);
              assertEquals(Boolean.TRUE, server.getHasRemoteParent());
            }
            assertEquals(traceId, gw.backend.received.get(0).traceparent().getTraceId().toLowerBase16(),
                "the backend continues the caller's trace");
          });
          return null;
        });
      });
    }).onComplete(ctx.succeedingThenComplete());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "traceparent|00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
      "traceparent|00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01",
      "traceparent|ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "traceparent|00-00000000000000000000000000000000-00f067aa0ba902b7-01",
      "b3|4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-x",
      "b3|not-a-b3",
      "X-Amzn-Trace-Id|Root=1-5759e988;Parent=53995c3f42cd8ad8",
      "X-Amzn-Trace-Id|Root=1-5759e988-bd862e3fe1be46a994272793;Parent=nothex",
      "grpc-trace-bin|!!!notbase64",
  })
  void malformedTraceHeadersStartANewTraceAndNeverFailTheRequest(String header, String value, Vertx vertx,
      VertxTestContext ctx) {
    TracedGateway.start(vertx, sampled(SamplerOptions.always())).compose(gw ->
        gw.client.get("/v1/echo/7").putHeader(header, value).send().compose(r -> {
          ctx.verify(() -> assertEquals(200, r.statusCode(), "input " + value + ": " + r.bodyAsString()));
          return gw.finish().map(spans -> {
            ctx.verify(() -> {
              SpanData server = server(spans);
              assertNull(server.getParentSpanId(), "got a parent; want a new root; input " + value);
              assertNotEquals(TRACE, server.getContext().getTraceId().toLowerBase16());
              assertNotEquals("5759e988bd862e3fe1be46a994272793", server.getContext().getTraceId().toLowerBase16());
            });
            return null;
          });
        })).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void anUnsampledRequestExportsNothingButTheBackendStillGetsTheContext(Vertx vertx, VertxTestContext ctx) {
    TracedGateway.start(vertx, sampled(SamplerOptions.never())).compose(gw ->
        gw.client.get("/v1/echo/7").send().compose(r -> gw.finish().map(spans -> {
          ctx.verify(() -> {
            assertEquals(200, r.statusCode());
            assertEquals(List.of(), names(spans));
            SpanContext seen = gw.backend.received.get(0).traceparent();
            assertNotNull(seen, "traceparent reaches the backend");
            assertTrue(seen.isValid());
            assertEquals(false, seen.getTraceOptions().isSampled(), "with the sampled flag off");
          });
          return null;
        }))).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void rulesPickTheSamplerByPathRouteAndMethod(Vertx vertx, VertxTestContext ctx) {
    TracingOptions tracing = new TracingOptions().setSampling(new SamplingOptions()
        .setSampler(SamplerOptions.never())
        .addRule(SamplingRule.pathPrefix("/v1/echo/", SamplerOptions.always()).addMethod("GET"))
        .addRule(SamplingRule.route("POST /v1/fail", SamplerOptions.always())));
    TracedGateway.start(vertx, tracing).compose(gw ->
        gw.client.get("/v1/echo/1").send()                                                     // rule 1
            .compose(r -> gw.client.post("/v1/echo").sendJsonObject(new JsonObject()))            // no rule: never
            .compose(r -> gw.client.post("/v1/fail").sendJsonObject(new JsonObject().put("code", 5)))  // rule 2
            .compose(r -> gw.client.get("/v1/slow/1").send())                                     // no rule: never
            .compose(r -> gw.finish())
            .map(spans -> {
              ctx.verify(() -> assertEquals(List.of("GET /v1/echo/{id}", "POST /v1/fail"),
                  spans.stream().filter(s -> s.getKind() == Span.Kind.SERVER).map(SpanData::getName).sorted().toList()));
              return null;
            })).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void healthAndConfiguredPathsAreNeverTracedNorPropagated(Vertx vertx, VertxTestContext ctx) {
    TracingOptions tracing = sampled(SamplerOptions.always()).addUntracedPath("/v1/echo/quiet");
    TracedGateway.start(vertx, tracing).compose(gw ->
        gw.client.get("/healthz").send()
            .compose(r -> gw.client.get("/livez").send())
            .compose(r -> gw.client.get("/readyz").send())
            .compose(r -> gw.client.get("/v1/echo/quiet").send())
            .compose(r -> {
              ctx.verify(() -> assertEquals(200, r.statusCode(), "an untraced path is still served"));
              return gw.finish();
            })
            .map(spans -> {
              ctx.verify(() -> {
                assertEquals(List.of(), names(spans));
                MultiMapAssert.noTraceHeaders(gw.backend.received.get(0).metadata());
              });
              return null;
            })).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aPublicEndpointStartsItsOwnTraceLinkedToTheCallers(Vertx vertx, VertxTestContext ctx) {
    String incoming = "00-" + TRACE + "-" + SPAN + "-01";
    TracingOptions neverButPublic = sampled(SamplerOptions.never()).setPublicEndpoint(true);
    TracingOptions alwaysAndPublic = sampled(SamplerOptions.always()).setPublicEndpoint(true);
    TracedGateway.start(vertx, neverButPublic).compose(gw ->
        gw.client.get("/v1/echo/1").putHeader("traceparent", incoming).send().compose(r -> gw.finish()).map(spans -> {
          ctx.verify(() -> assertEquals(List.of(), names(spans), "a caller cannot force sampling"));
          return null;
        }))
        .compose(v -> TracedGateway.start(vertx, alwaysAndPublic))
        .compose(gw -> gw.client.get("/v1/echo/1").putHeader("traceparent", incoming).send().compose(r -> gw.finish()).map(spans -> {
          ctx.verify(() -> {
            SpanData server = server(spans);
            assertNotEquals(TRACE, server.getContext().getTraceId().toLowerBase16(), "a new trace");
            assertNull(server.getParentSpanId());
            assertEquals(1, server.getLinks().getLinks().size());
            assertEquals(TRACE, server.getLinks().getLinks().get(0).getTraceId().toLowerBase16(), "linked to the caller's");
            assertEquals(SPAN, server.getLinks().getLinks().get(0).getSpanId().toLowerBase16());
          });
          return null;
        })).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void gatewayAndBackendErrorsBecomeSpanStatuses(Vertx vertx, VertxTestContext ctx) {
    TracedGateway.start(vertx, sampled(SamplerOptions.always())).compose(gw ->
        gw.client.post("/v1/echo/").sendJsonObject(new JsonObject())   // no route: 404 from the gateway
            .compose(r -> gw.client.get("/v1/slow/5000").putHeader("grpc-timeout", "50m").send())  // 504
            .compose(r -> gw.finish())
            .map(spans -> {
              ctx.verify(() -> {
                SpanData notFound = TracedGateway.only(spans, s -> s.getName().equals("POST /v1/echo/"), "404");
                assertEquals(Status.CanonicalCode.NOT_FOUND, notFound.getStatus().getCanonicalCode());
                assertEquals(404L, attribute(notFound, "http.status_code"));
                assertNull(attribute(notFound, "http.route"));
                SpanData slow = TracedGateway.only(spans, s -> s.getName().equals("GET /v1/slow/{millis}"), "slow");
                assertEquals(Status.CanonicalCode.DEADLINE_EXCEEDED, slow.getStatus().getCanonicalCode());
                assertEquals(504L, attribute(slow, "http.status_code"));
                assertEquals(4L, attribute(slow, "grpc.status_code"));
                SpanData call = TracedGateway.only(spans, s -> s.getName().equals("vgw.demo.v1.EchoService.Slow"), "client");
                assertEquals(Status.CanonicalCode.DEADLINE_EXCEEDED, call.getStatus().getCanonicalCode());
              });
              return null;
            })).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aClientThatGoesAwayEndsTheSpanCancelled(Vertx vertx, VertxTestContext ctx) {
    HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1"));
    TracedGateway.start(vertx, sampled(SamplerOptions.always())).compose(gw ->
        http.request(HttpMethod.GET, gw.gateway.httpPort(), "127.0.0.1", "/v1/slow/3000").compose(req -> {
          req.send();
          // Wait until the backend has the call, then drop the connection.
          return poll(vertx, () -> !gw.backend.received.isEmpty()).compose(v -> req.connection().close());
        }).compose(v -> gw.finish()).map(spans -> {
          ctx.verify(() -> {
            SpanData server = server(spans);
            assertEquals(Status.CanonicalCode.CANCELLED, server.getStatus().getCanonicalCode(), server.getStatus().toString());
            assertEquals(Status.CanonicalCode.CANCELLED, client(spans).getStatus().getCanonicalCode(),
                client(spans).getStatus().toString());
          });
          return null;
        })).onComplete(ctx.succeedingThenComplete());
  }

  static Future<Void> poll(Vertx vertx, java.util.function.BooleanSupplier done) {
    io.vertx.core.Promise<Void> p = io.vertx.core.Promise.promise();
    vertx.setPeriodic(10, id -> {
      if (done.getAsBoolean()) {
        vertx.cancelTimer(id);
        p.tryComplete();
      }
    });
    return p.future();
  }

  @ParameterizedTest
  @ValueSource(strings = {"route", "path"})
  void spansAreNamedByRouteOrByPath(String naming, Vertx vertx, VertxTestContext ctx) {
    TracingOptions tracing = sampled(SamplerOptions.always())
        .setSpanName(TracingOptions.SpanName.valueOf(naming.toUpperCase()));
    TracedGateway.start(vertx, tracing).compose(gw -> gw.client.get("/v1/echo/42").send().compose(r -> gw.finish()))
        .onComplete(ctx.succeeding(spans -> ctx.verify(() -> {
          assertEquals(naming.equals("route") ? "GET /v1/echo/{id}" : "GET /v1/echo/42", server(spans).getName());
          ctx.completeNow();
        })));
  }

  @Test
  void samplingChangesAtRunTime(Vertx vertx, VertxTestContext ctx) {
    TracedGateway.start(vertx, sampled(SamplerOptions.never())).compose(gw ->
        gw.client.get("/v1/echo/1").send()
            .compose(r -> {
              gw.gateway.setSampling(new SamplingOptions().setSampler(SamplerOptions.never())
                  .addRule(SamplingRule.pathGlob("/v1/*/2", SamplerOptions.always())));
              return gw.client.get("/v1/echo/2").send();
            })
            .compose(r -> gw.client.get("/v1/echo/3").send())
            .compose(r -> gw.finish())
            .map(spans -> {
              ctx.verify(() -> assertEquals(List.of("/v1/echo/2"),
                  spans.stream().filter(s -> s.getKind() == Span.Kind.SERVER).map(s -> attribute(s, "http.path")).toList()));
              return null;
            })).onComplete(ctx.succeedingThenComplete());
  }
}
