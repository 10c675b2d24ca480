package io.vgw.bench;

import io.vgw.transcode.impl.PathMatcher;
import io.vgw.transcode.impl.PathTemplate;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Route lookup ({@link PathMatcher#match}) among 10 and 1 000 templates of five shapes (path
 * variables, nested resources, multi-segment captures, custom verbs, {@code **} with a fixed tail),
 * each for GET and POST, as an API of that size would have.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PathMatchBenchmark {

  @Param({"10", "1000"})
  public int routes;

  private PathMatcher<String> matcher;
  private String hit;
  private String hitWithVerb;
  private String miss;

  static String template(int i) {
    return switch (i % 5) {
      case 0 -> "/v1/res" + i + "/{id}";
      case 1 -> "/v1/res" + i + "/{id}/items/{item}";
      case 2 -> "/v1/res" + i + "/{name=shelves/*/books/*}";
      case 3 -> "/v1/res" + i + "/{id}:cancel";
      default -> "/v1/res" + i + "/{id}/**/tail";
    };
  }

  @Setup
  public void setUp() {
    matcher = new PathMatcher<>();
    for (int i = 0; i < routes; i++) {
      PathTemplate t = PathTemplate.parse(template(i));
      matcher.add("GET", t, "get" + i);
      matcher.add("POST", t, "post" + i);
    }
    int middle = routes / 2 - (routes / 2) % 5; // a template of shape 0 in the middle
    hit = "/v1/res" + (middle + 1) + "/42/items/7";
    hitWithVerb = "/v1/res" + (middle + 3) + "/42:cancel";
    miss = "/v1/nothing/here";
    check(hit, "get" + (middle + 1));
    check(hitWithVerb, "get" + (middle + 3));
    if (matcher.match("GET", miss).found()) {
      throw new IllegalStateException(miss + " should not match");
    }
  }

  private void check(String path, String want) {
    String got = matcher.match("GET", path).route();
    if (!want.equals(got)) {
      throw new IllegalStateException("got " + got + "; want " + want + "; input " + path);
    }
  }

  @Benchmark
  public PathMatcher.Result<String> matchHit() {
    return matcher.match("GET", hit);
  }

  @Benchmark
  public PathMatcher.Result<String> matchVerb() {
    return matcher.match("GET", hitWithVerb);
  }

  @Benchmark
  public PathMatcher.Result<String> matchMiss() {
    return matcher.match("GET", miss);
  }
}
