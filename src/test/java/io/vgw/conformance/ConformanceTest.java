package io.vgw.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.TextFormat;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vgw.conformance.v1.ConformanceProto;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The google.api.http mapping, rule by rule, through a real gateway to a real backend that records
 * the request message it received (vgw/conformance/v1/conformance.proto). Expected messages are in
 * protobuf text format; {@code '} stands for {@code "} in the tables.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class ConformanceTest {

  private static final String SERVICE = "vgw.conformance.v1.Conformance";
  private static ConformanceGateway gw;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext ctx) {
    ConformanceGateway.start(vertx, UnaryOperator.identity(), ConformanceProto.getDescriptor())
        .onComplete(ctx.succeeding(g -> {
          gw = g;
          ctx.completeNow();
        }));
  }

  @AfterAll
  static void stop(VertxTestContext ctx) {
    gw.close().onComplete(ctx.succeedingThenComplete());
  }

  static Future<HttpResponse<Buffer>> send(ConformanceGateway gw, String method, String uri, String contentType, Buffer body) {
    HttpRequest<Buffer> request = gw.client.request(HttpMethod.valueOf(method), uri);
    if (contentType != null) {
      request.putHeader("content-type", contentType);
    }
    return body == null ? request.send() : request.sendBuffer(body);
  }

  private static DynamicMessage expected(String rpc, String text) throws TextFormat.ParseException {
    MethodDescriptor m = ConformanceProto.getDescriptor().findServiceByName("Conformance").findMethodByName(rpc);
    DynamicMessage.Builder b = DynamicMessage.newBuilder(m.getInputType());
    TextFormat.merge(text == null ? "" : text.replace('\'', '"'), b);
    return b.build();
  }

  /** Sends, expects 200 and exactly one new call at the backend: {@code rpc} with {@code want}. */
  private static void assertObserved(VertxTestContext ctx, String method, String uri, String contentType, Buffer body,
      String rpc, DynamicMessage want) {
    int before = gw.backend.count();
    String what = method + " " + uri + (body == null ? "" : " " + body);
    send(gw, method, uri, contentType, body).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(200, r.statusCode(), "got " + r.statusCode() + " " + r.bodyAsString() + "; want 200; input " + what);
      assertEquals(before + 1, gw.backend.count(), "one call reached the backend; input " + what);
      EchoingBackend.Observed seen = gw.backend.latest();
      assertEquals(SERVICE + "." + rpc, seen.method(), "input " + what);
      assertEquals(want, seen.request(), "got {" + TextFormat.shortDebugString(seen.request()) + "}; want {"
          + TextFormat.shortDebugString(want) + "}; input " + what);
      ctx.completeNow();
    })));
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      // path templates: literal, *, **, captures, verbs, nested field paths
      "GET    | /t/literal                     |                   | Literal          | ",
      "GET    | /t/abc                         |                   | Single           | id: 'abc'",
      "GET    | /t/a%2Fb%20c%3F                |                   | Single           | id: 'a/b c?'",
      "GET    | /t/explicit/x                  |                   | SingleExplicit   | id: 'x'",
      "GET    | /t/shelves/1/books/2           |                   | MultiCapture     | name: 'shelves/1/books/2'",
      "GET    | /t/shelves/a%2Fb/books/c%3Fd%20e |                 | MultiCapture     | name: 'shelves/a%2Fb/books/c%3Fd e'",
      "GET    | /t/files                       |                   | Files            | ",
      "GET    | /t/files/a/b/c.txt             |                   | Files            | path: 'a/b/c.txt'",
      "GET    | /t/files/a%2Fb/%E2%82%AC       |                   | Files            | path: 'a%2Fb/€'",
      "GET    | /t/tail/x/y/end                |                   | Tail             | path: 'x/y'",
      "GET    | /t/tail/end                    |                   | Tail             | ",
      "GET    | /t/star/q/x/7                  |                   | Star             | id: '7'",
      "GET    | /t/any                         |                   | DoubleStar       | ",
      "GET    | /t/any/1/2/3                   |                   | DoubleStar       | ",
      "POST   | /t/tasks/42:cancel             |                   | Cancel           | name: 'tasks/42'",
      "GET    | /t/tasks/42                    |                   | Get              | name: 'tasks/42'",
      "GET    | /t/tasks/42:cancel             |                   | Get              | name: 'tasks/42:cancel'",
      "GET    | /t/nested/A/B                  |                   | Nested           | sub { a: 'A' deeper { b: 'B' } }",
      "GET    | /t/v/projects/p/locations/l/items |                | LiteralInCapture | name: 'projects/p/locations/l'",
      // the most specific template wins: literal over * over **
      "GET    | /t/star                        |                   | Single           | id: 'star'",
      "GET    | /t/tail                        |                   | Single           | id: 'tail'",
      // methods, custom methods (also '*': any method), additional bindings
      "PUT    | /t/m/1                         | {\"text\":\"p\"}  | Put              | id: '1' text: 'p'",
      "DELETE | /t/m/1                         |                   | Delete           | id: '1'",
      "PATCH  | /t/m/1                         | {\"a\":\"x\"}     | Patch            | id: '1' sub { a: 'x' }",
      "POST   | /t/m/1                         | {\"text\":\"x\"}  | Post             | id: '1' text: 'x'",
      "LIST   | /t/m?revision=3                |                   | List             | revision: 3",
      "GET    | /t/anymethod/1                 |                   | AnyMethod        | id: '1'",
      "DELETE | /t/anymethod/2                 |                   | AnyMethod        | id: '2'",
      "FOO    | /t/anymethod/3                 |                   | AnyMethod        | id: '3'",
      "GET    | /t/ab/1                        |                   | Bindings         | id: '1'",
      "POST   | /t/ab                          | {\"id\":\"2\"}    | Bindings         | id: '2'",
      "GET    | /t/ab/users/u/items/3          |                   | Bindings         | name: 'users/u' id: '3'",
      // body: one field (a scalar, a repeated field), or '*'; path overwrites; query only unbound fields
      "POST   | /t/body/text/1                 | \"hello\"         | BodyScalar       | id: '1' text: 'hello'",
      "POST   | /t/body/text/1?revision=5&text=q&id=9 | \"b\"      | BodyScalar       | id: '1' text: 'b' revision: 5",
      "POST   | /t/body/tags?tags=q&id=7       | [\"a\",\"b\"]     | BodyRepeated     | id: '7' tags: 'a' tags: 'b'",
      "POST   | /t/body/star/1?revision=5      | {\"revision\":\"3\",\"id\":\"x\"} | BodyStarWithPath | id: '1' revision: 3",
      "POST   | /t/body/star/1                 |                   | BodyStarWithPath | id: '1'",
      "PATCH  | /t/m/1?sub.a=q&sub.b=r&text=t  | {\"a\":\"x\"}     | Patch            | id: '1' sub { a: 'x' } text: 't'",
      // query: dotted paths by proto or JSON name, repeated by repeating the key, unknown ignored
      "GET    | /t/abc?sub.a=x&sub.deeper.b=y&tags=1&tags=2&revision=9 | | Single   | id: 'abc' sub { a: 'x' deeper { b: 'y' } } tags: '1' tags: '2' revision: 9",
      "GET    | /t/abc?nope=1&sub.nope=2&a.b.c=3&x%5By%5D=z&%3D=e&tags | | Single  | id: 'abc' tags: ''",
      "GET    | /t/abc?id=other&text=a%20b+c%2B |                  | Single           | id: 'abc' text: 'a b c+'"})
  void requestReachesTheBackend(String method, String uri, String body, String rpc, String want, VertxTestContext ctx)
      throws Exception {
    assertObserved(ctx, method, uri, body == null ? null : "application/json", body == null ? null : Buffer.buffer(body),
        rpc, expected(rpc, want));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "b=AAEC                               | b: '\\000\\001\\002'",
      "b=%2B%2F8%3D                         | b: '\\373\\377'",
      "b=-_8                                | b: '\\373\\377'",
      "b=-_8%3D                             | b: '\\373\\377'",
      "ts=2024-01-02T03:04:05Z              | ts { seconds: 1704164645 }",
      "ts=2024-01-02T04:04:05.5%2B01:00     | ts { seconds: 1704164645 nanos: 500000000 }",
      "d=1.5s                               | d { seconds: 1 nanos: 500000000 }",
      "d=-0.25s                             | d { nanos: -250000000 }",
      "i32w=5                               | i32w { value: 5 }",
      "i32w=0                               | i32w { }",
      "sw=hi                                | sw { value: 'hi' }",
      "bw=true                              | bw { value: true }",
      "i64w=9007199254740993                | i64w { value: 9007199254740993 }",
      "u64w=18446744073709551615            | u64w { value: 18446744073709551615 }",
      "dw=1.5                               | dw { value: 1.5 }",
      "bytesw=AAEC                          | bytesw { value: '\\000\\001\\002' }",
      "mask=a,sub.deeper,snakeCaseName      | mask { paths: 'a' paths: 'sub.deeper' paths: 'snake_case_name' }",
      "labels%5Bk%5D=v&labels%5Bx%20y%5D=z  | labels { key: 'k' value: 'v' } labels { key: 'x y' value: 'z' }",
      "labels[k]=v                          | labels { key: 'k' value: 'v' }",
      "counts[a]=1&counts[b]=-2             | counts { key: 'a' value: 1 } counts { key: 'b' value: -2 }",
      "by_id[7]=seven                       | by_id { key: 7 value: 'seven' }",
      "color=GREEN                          | color: GREEN",
      "color=1                              | color: RED",
      "colors=RED&colors=2                  | colors: RED colors: GREEN",
      "i64=-9223372036854775808             | i64: -9223372036854775808",
      "u64=18446744073709551615             | u64: 18446744073709551615",
      "i32=-5&u32=4294967295&s64=-3&f64=7   | i32: -5 u32: 4294967295 s64: -3 f64: 7",
      "dbl=1e-3&flt=1.5                     | dbl: 0.001 flt: 1.5",
      "dbl=Infinity                         | dbl: inf",
      "flag=true                            | flag: true",
      "nums=1&nums=2&nums=3                 | nums: 1 nums: 2 nums: 3",
      "blobs=AAEC&blobs=-_8                 | blobs: '\\000\\001\\002' blobs: '\\373\\377'",
      "snake_case_name=x                    | snake_case_name: 'x'",
      "snakeCaseName=y                      | snake_case_name: 'y'",
      "sub.a=x&sub.deeper.n=2               | sub { a: 'x' deeper { n: 2 } }",
      "first=x                              | first: 'x'",
      "second=3                             | second: 3",
      "maybe=0                              | maybe: 0",
      "value=hello                          | value { string_value: 'hello' }",
      "times=2024-01-02T03:04:05Z&times=1970-01-01T00:00:01Z | times { seconds: 1704164645 } times { seconds: 1 }"})
  void queryParameterOfEveryType(String query, String want, VertxTestContext ctx) throws Exception {
    assertObserved(ctx, "GET", "/t/types?" + query, null, null, "Types", expected("Types", want));
  }

  @Test
  void queryByJsonNameCannotOverwriteThePath(VertxTestContext ctx) throws Exception {
    assertObserved(ctx, "GET", "/t/types/p?snakeCaseName=q&snake_case_name=r", null, null, "TypesWithPath",
        expected("TypesWithPath", "snake_case_name: 'p'"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "b=%25%25%25                 | \"b\"",
      "ts=yesterday                | \"ts\"",
      "d=forever                   | \"d\"",
      "i32w=x                      | \"i32w\"",
      "i32=2147483648              | \"i32\"",
      "u32=-1                      | \"u32\"",
      "i64=9223372036854775808     | \"i64\"",
      "color=PURPLE                | \"color\"",
      "colors=RED&colors=PURPLE    | \"colors\"",
      "labels=x                    | labels[key]=value",
      "labels[a]=1&labels[a]=2     | more than once",
      "by_id[x]=1                  | \"by_id[x]\"",
      "counts[a]=x                 | \"counts[a]\"",
      "flag=maybe                  | \"flag\"",
      "i64=1&i64=2                 | more than once",
      "sub=x                       | \"sub\"",
      "nums=x                      | \"nums\"",
      "first=a&second=1            | \"second\"",
      "dbl=x                       | \"dbl\"",
      "tags.x=1&sub.a=1&sub.a=2    | more than once"})
  void badQueryValueIs400NamingTheParameter(String query, String mentions, VertxTestContext ctx) {
    int before = gw.backend.count();
    send(gw, "GET", "/t/types?" + query, null, null).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(400, r.statusCode(), "got " + r.statusCode() + " " + r.bodyAsString() + "; want 400; input " + query);
      JsonObject json = r.bodyAsJsonObject();
      assertEquals(3, json.getInteger("code"));
      assertTrue(json.getString("message").contains(mentions),
          "got " + json.getString("message") + "; want it to name " + mentions + "; input " + query);
      assertEquals(before, gw.backend.count(), "the backend saw a rejected request; input " + query);
      gw.client.get("/t/literal").send().onComplete(ctx.succeeding(next -> ctx.verify(() -> {
        assertEquals(200, next.statusCode(), "the gateway stopped serving after " + query);
        ctx.completeNow();
      })));
    })));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "/t/rb/sub/1?sub.a=x&sub.n=3  | {\"a\":\"x\",\"b\":\"\",\"n\":3}",
      "/t/rb/sub/1                  | {\"a\":\"\",\"b\":\"\",\"n\":0}",
      "/t/rb/text/1?text=hi         | \"hi\"",
      "/t/rb/tags/1?tags=a&tags=b   | [\"a\",\"b\"]",
      "/t/rb/tags/1                 | []"})
  void responseBodyReturnsJustThatField(String uri, String want, VertxTestContext ctx) {
    send(gw, "GET", uri, null, null).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(200, r.statusCode(), r.bodyAsString());
      assertEquals("application/json", r.getHeader("content-type"));
      assertEquals(want, r.bodyAsString(), "got " + r.bodyAsString() + "; want " + want + "; input " + uri);
      ctx.completeNow();
    })));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "image/png                | iVBORwABAv8=",
      "application/json         | eydhJzoxfQ==",
      "text/plain;charset=utf-8 | aGVsbG8=",
      "''                       | bm90IGpzb24gew=="})
  void httpBodyRequestAndResponsePassRaw(String contentType, String base64, VertxTestContext ctx) throws Exception {
    byte[] bytes = Base64.getDecoder().decode(base64);
    String type = contentType.isEmpty() ? null : contentType;
    int before = gw.backend.count();
    send(gw, "POST", "/t/raw", type, Buffer.buffer(bytes)).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(200, r.statusCode(), r.bodyAsString());
      assertEquals(before + 1, gw.backend.count());
      DynamicMessage seen = gw.backend.latest().request();
      assertEquals(expected("Raw", "content_type: '" + (type == null ? "" : type) + "'").getField(contentTypeField()),
          seen.getField(contentTypeField()), "content_type at the backend; input " + contentType);
      assertArrayEquals(bytes, ((com.google.protobuf.ByteString) seen.getField(dataField())).toByteArray(),
          "data at the backend; input " + contentType);
      assertArrayEquals(bytes, r.bodyAsBuffer().getBytes(), "response body; input " + contentType);
      assertEquals(type == null ? "application/octet-stream" : type, r.getHeader("content-type"));
      ctx.completeNow();
    })));
  }

  private static com.google.protobuf.Descriptors.FieldDescriptor contentTypeField() {
    return com.google.api.HttpBody.getDescriptor().findFieldByName("content_type");
  }

  private static com.google.protobuf.Descriptors.FieldDescriptor dataField() {
    return com.google.api.HttpBody.getDescriptor().findFieldByName("data");
  }

  @Test
  void httpBodyFieldTakesTheBodyRawAndTheRestFromPathAndQuery(VertxTestContext ctx) throws Exception {
    assertObserved(ctx, "POST", "/t/upload/report.csv?note=n&name=other&file.content_type=x", "text/csv",
        Buffer.buffer("a,b\n1,2\n"), "Upload",
        expected("Upload", "name: 'report.csv' note: 'n' file { content_type: 'text/csv' data: 'a,b\\n1,2\\n' }"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "/t/download/x?contentType=text%2Fplain&data=aGVsbG8=                 | text/plain      | hello",
      "/t/download/x?data=aGVsbG8=                                          | application/octet-stream | hello",
      "/t/download-field/x?file.contentType=text%2Fcsv&file.data=aGk=       | text/csv        | hi"})
  void httpBodyResponseGoesOutRawWithItsContentType(String uri, String contentType, String body, VertxTestContext ctx) {
    send(gw, "GET", uri, null, null).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(200, r.statusCode(), r.bodyAsString());
      assertEquals(contentType, r.getHeader("content-type"), "input " + uri);
      assertEquals(body, r.bodyAsString(), "input " + uri);
      ctx.completeNow();
    })));
  }

  @Test
  void httpBodyStreamIsTheDataOfEachMessageOneAfterTheOther(VertxTestContext ctx) {
    gw.client.get("/t/download-stream/x?contentType=text%2Fcsv&data=YWJj").putHeader("Grpc-Metadata-Stream-Count", "3")
        .send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(200, r.statusCode(), r.bodyAsString());
          assertEquals("text/csv", r.getHeader("content-type"));
          assertEquals("abcabcabc", r.bodyAsString());
          ctx.completeNow();
        })));
  }

  @Test
  void jsonStreamIsOneResultLinePerMessage(VertxTestContext ctx) {
    gw.client.get("/t/stream/s1?text=t").putHeader("Grpc-Metadata-Stream-Count", "3")
        .send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(200, r.statusCode(), r.bodyAsString());
          String[] lines = r.bodyAsString().trim().split("\n");
          assertEquals(3, lines.length, r.bodyAsString());
          for (String line : lines) {
            JsonObject result = new JsonObject(line).getJsonObject("result");
            assertNotNull(result, line);
            assertEquals("s1", result.getString("id"));
            assertEquals("t", result.getString("text"));
          }
          ctx.completeNow();
        })));
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      "GET    | /t/m/1               | 405",
      "POST   | /t/literal           | 405",
      "GET    | /t/tasks/1/x:cancel  | 404",
      "GET    | /nope                | 404",
      "POST   | /t/m/1               | 400"})
  void outsideTheRulesIsAJsonError(String method, String uri, int status, VertxTestContext ctx) {
    int before = gw.backend.count();
    send(gw, method, uri, "application/json", method.equals("POST") ? Buffer.buffer("{\"id\":") : null)
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(status, r.statusCode(), "got " + r.statusCode() + " " + r.bodyAsString() + "; want " + status
              + "; input " + method + " " + uri);
          assertTrue(r.bodyAsJsonObject().getInteger("code") > 0);
          assertEquals(before, gw.backend.count());
          ctx.completeNow();
        })));
  }
}
