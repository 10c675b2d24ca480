package io.vgw.bench;

import com.google.protobuf.DynamicMessage;
import io.vertx.core.MultiMap;
import io.vertx.core.http.impl.HttpUtils;
import io.vgw.transcode.impl.HttpRoute;
import io.vgw.transcode.impl.RequestBinder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code GET /v1/echo/42?message=hello&count=3&tags=a&tags=b&nested.note=n&kind=KIND_FANCY}: the
 * query string decoded as Vert.x does for {@code RoutingContext.queryParams()}, and the request
 * message bound from the path variable and those parameters ({@link RequestBinder}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class QueryBenchmark {

  static final String URI = "/v1/echo/42?message=hello&count=3&tags=a&tags=b&nested.note=n&kind=KIND_FANCY";

  private RequestBinder binder;
  private HttpRoute route;
  private Map<String, String> pathVariables;
  private Map<String, List<String>> query;

  @Setup
  public void setUp() {
    DemoRoutes demo = new DemoRoutes();
    binder = new RequestBinder(demo.json);
    route = demo.route("GET", "/v1/echo/42");
    pathVariables = demo.routes.match("GET", "/v1/echo/42").variables();
    query = decode();
    DynamicMessage m = bind();
    if (!m.toString().contains("KIND_FANCY") || !m.toString().contains("\"42\"")) {
      throw new IllegalStateException("query binding lost fields: " + m);
    }
  }

  /** What vertx-web's {@code queryParams()} and TranscodingHandler's copy of it do. */
  @Benchmark
  public Map<String, List<String>> decode() {
    MultiMap params = HttpUtils.params(URI, StandardCharsets.UTF_8, false);
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String name : params.names()) {
      out.put(name, params.getAll(name));
    }
    return out;
  }

  @Benchmark
  public DynamicMessage bind() {
    return binder.bind(route, pathVariables, query, null);
  }

  @Benchmark
  public DynamicMessage decodeAndBind() {
    return binder.bind(route, pathVariables, decode(), null);
  }
}
