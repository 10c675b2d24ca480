package io.vgw.transcode.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Route lookup: the most specific template wins whatever the order, variables decode as the spec says. */
class PathMatcherTest {

  private static final List<String> SPECIFICITY = List.of(
      "/a/b/c", "/a/b/*", "/a/*/c", "/a/**", "/a/b/**", "/a/{x}/{y}", "/a/**/z", "/{all=**}",
      "/a/b/c:verb", "/a/{name=b/*}:do");

  /** The same templates added in several orders: forward, backward and shuffled with fixed seeds. */
  private static List<PathMatcher<String>> inEveryOrder(List<String> templates) {
    List<List<String>> orders = new ArrayList<>();
    orders.add(templates);
    List<String> reversed = new ArrayList<>(templates);
    Collections.reverse(reversed);
    orders.add(reversed);
    for (long seed = 1; seed <= 5; seed++) {
      List<String> shuffled = new ArrayList<>(templates);
      Collections.shuffle(shuffled, new Random(seed));
      orders.add(shuffled);
    }
    List<PathMatcher<String>> matchers = new ArrayList<>();
    for (List<String> order : orders) {
      PathMatcher<String> m = new PathMatcher<>();
      order.forEach(t -> m.add("GET", PathTemplate.parse(t), t));
      matchers.add(m);
    }
    return matchers;
  }

  private static String vars(Map<String, String> variables) {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(variables).forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(v));
    return sb.toString();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "/a/b/c        | /a/b/c           | ''",
      "/a/b/d        | /a/b/*           | ''",
      "/a/x/c        | /a/*/c           | ''",
      "/a/x/y        | /a/{x}/{y}       | x=x y=y",
      "/a/b          | /a/b/**          | ''",
      "/a/b/c/d      | /a/b/**          | ''",
      "/a            | /a/**            | ''",
      "/a/q/r/s      | /a/**            | ''",
      "/a/q/r/z      | /a/**/z          | ''",
      "/a/z          | /a/**/z          | ''",
      "/b/c          | /{all=**}        | all=b/c",
      "/             | /{all=**}        | all=",
      "/a/b/c:verb   | /a/b/c:verb      | ''",
      "/a/b/x:do     | /a/{name=b/*}:do | name=b/x",
      "/a/b/x:nope   | /a/b/*           | ''",
      "/%61/b/c      | /a/b/c           | ''"})
  void mostSpecificWinsWhateverTheOrder(String path, String want, String variables) {
    for (PathMatcher<String> m : inEveryOrder(SPECIFICITY)) {
      PathMatcher.Result<String> r = m.match("GET", path);
      assertEquals(want, r.route(), "got " + r.route() + "; want " + want + "; input " + path);
      assertEquals(variables, vars(r.variables()), "variables; input " + path);
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      // single-segment variables: fully decoded
      "/s/a%20b          | a b",
      "/s/a%2Fb          | a/b",
      "/s/%E2%82%AC      | €",
      "/s/a+b            | a+b",
      "/s/%41%7e         | A~",
      // multi-segment variables: RFC 6570 reserved characters stay encoded (Envoy/ESP), the rest decoded
      "/m/a%2Fb/c        | a%2Fb/c",
      "/m/a%2fb          | a%2fb",
      "/m/a%20b/%7E      | a b/~",
      "/m/%3F%23%5B%5D%40 | %3F%23%5B%5D%40",
      "/m/%21%24%26%27%28%29%2A%2B%2C%3B%3D%3A | %21%24%26%27%28%29%2A%2B%2C%3B%3D%3A",
      "/m/%E2%82%AC      | €",
      "/c/x/a%2Fb        | x/a%2Fb"})
  void variablesDecodeAsTheSpecSays(String path, String value) {
    PathMatcher<String> m = new PathMatcher<>();
    m.add("GET", PathTemplate.parse("/s/{v}"), "single");
    m.add("GET", PathTemplate.parse("/m/{v=**}"), "multi");
    m.add("GET", PathTemplate.parse("/c/{v=x/*}"), "capture");
    PathMatcher.Result<String> r = m.match("GET", path);
    assertTrue(r.found(), "no match for " + path);
    assertEquals(value, r.variables().get("v"), "got " + r.variables().get("v") + "; want " + value + "; input " + path);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "/s/%ZZ        | malformed percent-encoding",
      "/s/%2         | malformed percent-encoding",
      "/s/%E2%82     | not valid UTF-8",
      "/s/..         | dot-segment",
      "/s/%2e        | dot-segment",
      "/s/%2E%2E     | dot-segment",
      "/m/a/%2e%2e/b | dot-segment",
      "/s/a%2F..     | dot-segment"})
  void malformedOrTraversingPathsAre400(String path, String mentions) {
    PathMatcher<String> m = new PathMatcher<>();
    m.add("GET", PathTemplate.parse("/s/{v}"), "single");
    m.add("GET", PathTemplate.parse("/m/{v=**}"), "multi");
    StatusException e = assertThrows(StatusException.class, () -> m.match("GET", path), path);
    assertEquals(400, e.httpStatus(), "input " + path);
    assertTrue(e.getMessage().contains(mentions), "got " + e.getMessage() + "; want " + mentions + "; input " + path);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      // method | path          | route             | allowed when not found
      "GET      | /r/1          | GET /r/{id}       | ''",
      "PUT      | /r/1          | ''                | DELETE,GET",
      "GET      | /r            | ''                | POST",
      "GET      | /nothing      | ''                | ''",
      "POST     | /w/literal    | POST /w/{x}       | ''",
      "GET      | /w/literal    | GET /w/literal    | ''",
      "DELETE   | /any/1        | * /any/{id}       | ''",
      "PATCH    | /any/special  | * /any/{id}       | ''",
      "GET      | /any/special  | GET /any/special  | ''",
      "LIST     | /custom       | LIST /custom      | ''",
      "GET      | /custom       | ''                | LIST"})
  void methodsAndAllowed(String method, String path, String route, String allowed) {
    PathMatcher<String> m = new PathMatcher<>();
    for (String r : List.of("GET /r/{id}", "DELETE /r/{id}", "POST /r", "GET /w/literal", "POST /w/{x}",
        "* /any/{id}", "GET /any/special", "LIST /custom")) {
      String[] parts = r.split(" ");
      m.add(parts[0], PathTemplate.parse(parts[1]), r);
    }
    PathMatcher.Result<String> r = m.match(method, path);
    assertEquals(route.isEmpty() ? null : route, r.route(), "input " + method + " " + path);
    assertEquals(allowed, String.join(",", r.allowed()), "allowed; input " + method + " " + path);
  }

  @Test
  void sameShapeForOneMethodIsAConflictNamingBoth() {
    PathMatcher<String> m = new PathMatcher<>();
    m.add("GET", PathTemplate.parse("/c/{a}"), "pkg.S.A");
    m.add("POST", PathTemplate.parse("/c/{b}"), "pkg.S.B");
    m.add("GET", PathTemplate.parse("/c/{b}:x"), "pkg.S.C");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.add("GET", PathTemplate.parse("/c/{b=*}"), "pkg.S.D"));
    assertTrue(e.getMessage().contains("/c/{a}") && e.getMessage().contains("/c/{b=*}")
        && e.getMessage().contains("pkg.S.A") && e.getMessage().contains("pkg.S.D"), e.getMessage());
  }

  /**
   * A thousand routes of mixed shapes: each path finds its own route with its own variables, and
   * paths beside them find none. (How fast the trie is with many routes is the JMH benchmark's job.)
   */
  @Test
  void aThousandRoutesEachFoundWithItsVariables() {
    PathMatcher<String> m = new PathMatcher<>();
    int n = 1000;
    for (int i = 0; i < n; i++) {
      m.add("GET", PathTemplate.parse(template(i)), "r" + i);
    }
    assertEquals(n, m.size());
    Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < n; i++) {
      String path = path(i);
      PathMatcher.Result<String> r = m.match("GET", path);
      assertEquals("r" + i, r.route(), "got " + r.route() + "; want r" + i + "; input " + path);
      assertEquals(expectedVars(i), vars(r.variables()), "variables; input " + path);
      seen.add(r.route());
      assertTrue(!m.match("GET", "/svc" + i + "/nope/x").found(), "no route; input /svc" + i + "/nope/x");
    }
    assertEquals(n, seen.size());
  }

  private static String template(int i) {
    return switch (i % 4) {
      case 0 -> "/svc" + i + "/v1/items/{id}";
      case 1 -> "/svc" + i + "/v1/{name=shelves/*/books/*}";
      case 2 -> "/svc" + i + "/files/{path=**}";
      default -> "/svc" + i + "/v1/{name=tasks/*}:cancel";
    };
  }

  private static String path(int i) {
    return switch (i % 4) {
      case 0 -> "/svc" + i + "/v1/items/x" + i;
      case 1 -> "/svc" + i + "/v1/shelves/s" + i + "/books/b" + i;
      case 2 -> "/svc" + i + "/files/a/b" + i;
      default -> "/svc" + i + "/v1/tasks/t" + i + ":cancel";
    };
  }

  private static String expectedVars(int i) {
    return switch (i % 4) {
      case 0 -> "id=x" + i;
      case 1 -> "name=shelves/s" + i + "/books/b" + i;
      case 2 -> "path=a/b" + i;
      default -> "name=tasks/t" + i;
    };
  }
}
