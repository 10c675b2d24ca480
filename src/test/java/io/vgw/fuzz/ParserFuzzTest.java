package io.vgw.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vgw.impl.GatewayRuntime;
import io.vgw.GatewayOptions;
import io.vgw.Main;
import io.vgw.transcode.impl.HttpRoute;
import io.vgw.transcode.impl.PathMatcher;
import io.vgw.transcode.impl.PathTemplate;
import io.vgw.transcode.impl.RequestBinder;
import io.vgw.transcode.impl.StatusException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Coverage-guided fuzz tests of everything that parses input from strangers. The property is the
 * same for each: the only failure allowed is the typed one the gateway turns into a 4xx answer
 * (or, for start-up parsing, {@link IllegalArgumentException}); anything else — a
 * NullPointerException, an overflow, a stack overflow, a hang — is a bug. Regression mode (the seed
 * inputs and anything found before, under src/test/resources/io/vgw/fuzz/) runs in every build;
 * {@code JAZZER_FUZZ=1} fuzzes (see docs/security.md).
 */
class ParserFuzzTest {

  private static final GatewayRuntime DEMO = GatewayRuntime.load(new GatewayOptions().addDescriptor(Main.DEMO_DESCRIPTORS));
  private static final RequestBinder BINDER = new RequestBinder(DEMO.json());
  private static final PathMatcher<String> MATCHER = matcher();

  private static PathMatcher<String> matcher() {
    PathMatcher<String> m = new PathMatcher<>();
    for (String t : List.of("/v1/echo/{id}", "/v1/{name=shelves/*/books/*}", "/v1/{name=tasks/*}:cancel",
        "/v1/files/{path=**}", "/v1/a/**/tail", "/v1/*/literal/{x}", "/")) {
      m.add("GET", PathTemplate.parse(t), t);
    }
    return m;
  }

  @FuzzTest(maxDuration = "10s")
  void pathTemplateParser(String template) {
    try {
      PathTemplate t = PathTemplate.parse(template);
      // A template that parses has a shape that parses again to itself.
      String shape = PathTemplate.parse(t.shape()).shape();
      if (!shape.equals(t.shape())) {
        throw new AssertionError("shape of " + template + " is unstable: " + t.shape() + " then " + shape);
      }
    } catch (IllegalArgumentException expected) {
      // rejected at start-up with a message
    }
  }

  @FuzzTest(maxDuration = "10s")
  void pathMatcher(String path) {
    if (path == null) {
      return; // the router never passes a null path
    }
    try {
      MATCHER.match("GET", path.startsWith("/") ? path : "/" + path);
    } catch (StatusException expected) {
      // malformed escapes, dot-segments: 400
    }
  }

  @FuzzTest(maxDuration = "10s")
  void queryBinding(FuzzedDataProvider data) {
    HttpRoute getEcho = route("GET", "/v1/echo/x");
    Map<String, List<String>> query = new LinkedHashMap<>();
    int n = data.consumeInt(0, 6);
    for (int i = 0; i < n; i++) {
      query.put(data.consumeString(30), List.of(data.consumeString(40), data.consumeString(10)).subList(0, data.consumeInt(1, 2)));
    }
    try {
      BINDER.bind(getEcho, Map.of("id", data.consumeString(20)), query, null);
    } catch (StatusException expected) {
      // 400 naming the parameter
    }
  }

  @FuzzTest(maxDuration = "10s")
  @DictionaryEntries({"{", "}", "[", "]", ":", ",", "\"message\"", "\"count\"", "\"tags\"", "\"nested\"",
      "\"note\"", "\"flag\"", "\"kind\"", "\"big\"", "\"KIND_FANCY\"", "true", "null", "1e9", "\"\\u0000\""})
  void jsonBodyBinding(byte[] bytes) {
    HttpRoute echo = route("POST", "/v1/echo");
    String body = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    try {
      BINDER.bind(echo, Map.of(), Map.of(), body);
    } catch (StatusException expected) {
      // 400 naming the field
    }
  }

  private static HttpRoute route(String method, String path) {
    PathMatcher.Result<HttpRoute> r = DEMO.routes().match(method, path);
    if (!r.found()) {
      throw new AssertionError("demo route missing: " + method + " " + path);
    }
    return r.route();
  }
}
