package io.vgw.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.TextFormat;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vgw.conformance.messaging.example1.Example1Proto;
import io.vgw.conformance.messaging.example2.Example2Proto;
import io.vgw.conformance.messaging.example3.Example3Proto;
import io.vgw.conformance.messaging.example4.Example4Proto;
import io.vgw.conformance.messaging.example5.Example5Proto;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Messaging examples of the comments of {@code google/api/http.proto}, each proto exactly as
 * given there, behind a gateway of its own (they are alternatives: together their rules would
 * conflict), in front of a real backend that records the request message it received. The expected
 * message is in protobuf text format, as http.proto writes it.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class MessagingExamplesTest {

  private static final FileDescriptor[] EXAMPLES = {
      Example1Proto.getDescriptor(), Example2Proto.getDescriptor(), Example3Proto.getDescriptor(),
      Example4Proto.getDescriptor(), Example5Proto.getDescriptor()};
  private static final List<ConformanceGateway> gateways = new ArrayList<>();

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext ctx) {
    Future<Void> all = Future.succeededFuture();
    for (FileDescriptor example : EXAMPLES) {
      all = all.compose(v -> ConformanceGateway.start(vertx, UnaryOperator.identity(), example)
          .map(gw -> {
            gateways.add(gw);
            return null;
          }));
    }
    all.onComplete(ctx.succeedingThenComplete());
  }

  @AfterAll
  static void stop(VertxTestContext ctx) {
    Future.join(gateways.stream().map(ConformanceGateway::close).toList()).onComplete(ctx.succeedingThenComplete());
  }

  @ParameterizedTest(name = "example {0}: {1} {2} {3}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      // The mappings http.proto gives, word for word
      "1 | GET   | /v1/messages/123456                               |                 | GetMessage    | name: 'messages/123456'",
      "2 | GET   | /v1/messages/123456?revision=2&sub.subfield=foo   |                 | GetMessage    | message_id: '123456' revision: 2 sub { subfield: 'foo' }",
      "3 | PATCH | /v1/messages/123456                               | {\"text\":\"Hi!\"} | UpdateMessage | message_id: '123456' message { text: 'Hi!' }",
      "4 | PATCH | /v1/messages/123456                               | {\"text\":\"Hi!\"} | UpdateMessage | message_id: '123456' text: 'Hi!'",
      "5 | GET   | /v1/messages/123456                               |                 | GetMessage    | message_id: '123456'",
      "5 | GET   | /v1/users/me/messages/123456                      |                 | GetMessage    | user_id: 'me' message_id: '123456'",
      // The rules of the same comments, on the same protos
      "1 | GET   | /v1/messages/hello%20world                        |                 | GetMessage    | name: 'messages/hello world'",
      "1 | GET   | /v1/messages/a%2Fb                                |                 | GetMessage    | name: 'messages/a%2Fb'",
      "2 | GET   | /v1/messages/1?messageId=2&message_id=3&revision=-7 |               | GetMessage    | message_id: '1' revision: -7",
      "2 | GET   | /v1/messages/1?sub.subfield=a&unknown=x&sub.nope=y |                | GetMessage    | message_id: '1' sub { subfield: 'a' }",
      "3 | PATCH | /v1/messages/1?message.text=query&message_id=q   | {\"text\":\"body\"} | UpdateMessage | message_id: '1' message { text: 'body' }",
      "4 | PATCH | /v1/messages/1?text=query                        | {\"text\":\"body\",\"message_id\":\"b\"} | UpdateMessage | message_id: '1' text: 'body'",
      "4 | PATCH | /v1/messages/1                                   | {\"messageId\":\"b\"} | UpdateMessage | message_id: '1'",
      "5 | GET   | /v1/users/me/messages/1?user_id=you&messageId=2  |                 | GetMessage    | user_id: 'me' message_id: '1'"})
  void requestReachesTheBackendAsHttpProtoSays(int example, String method, String uri, String body, String rpc,
      String expected, VertxTestContext ctx) throws Exception {
    ConformanceGateway gw = gateways.get(example - 1);
    FileDescriptor file = EXAMPLES[example - 1];
    String fullMethod = file.getPackage() + ".Messaging." + rpc;
    DynamicMessage.Builder want = DynamicMessage.newBuilder(
        file.findServiceByName("Messaging").findMethodByName(rpc).getInputType());
    TextFormat.merge(expected.replace('\'', '"'), want);
    int before = gw.backend.count();
    HttpRequest<Buffer> request = gw.client.request(HttpMethod.valueOf(method), uri);
    Future<io.vertx.ext.web.client.HttpResponse<Buffer>> sent = body == null ? request.send()
        : request.putHeader("content-type", "application/json").sendBuffer(Buffer.buffer(body));
    sent.onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      String what = method + " " + uri + (body == null ? "" : " " + body);
      assertEquals(200, r.statusCode(), "got " + r.statusCode() + " " + r.bodyAsString() + "; want 200; input " + what);
      assertEquals(before + 1, gw.backend.count(), "one call reached the backend; input " + what);
      EchoingBackend.Observed seen = gw.backend.latest();
      assertNotNull(seen);
      assertEquals(fullMethod, seen.method(), "input " + what);
      assertEquals(want.build(), seen.request(), "got {" + TextFormat.shortDebugString(seen.request())
          + "}; want {" + TextFormat.shortDebugString(want.build()) + "}; input " + what);
      ctx.completeNow();
    })));
  }

  @ParameterizedTest(name = "example {0}: {1} {2} -> {3}")
  @CsvSource(delimiter = '|', value = {
      "1 | GET    | /v1/messages              | 404",
      "1 | GET    | /v1/messages/1/2          | 404",
      "1 | DELETE | /v1/messages/1            | 405",
      "2 | GET    | /v1/messages/1?revision=x | 400",
      "2 | GET    | /v1/messages/1?revision=1&revision=2 | 400",
      "5 | GET    | /v1/users/me/messages     | 404"})
  void requestsOutsideTheRulesGetTheirJsonError(int example, String method, String uri, int status, VertxTestContext ctx) {
    ConformanceGateway gw = gateways.get(example - 1);
    int before = gw.backend.count();
    gw.client.request(HttpMethod.valueOf(method), uri).send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(status, r.statusCode(), "got " + r.statusCode() + " " + r.bodyAsString() + "; want " + status
          + "; input " + method + " " + uri);
      assertEquals("application/json", r.getHeader("content-type"));
      assertNotNull(r.bodyAsJsonObject().getInteger("code"));
      assertEquals(before, gw.backend.count(), "the backend saw a rejected request: " + uri);
      ctx.completeNow();
    })));
  }
}
