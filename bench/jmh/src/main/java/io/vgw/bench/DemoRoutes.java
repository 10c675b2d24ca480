package io.vgw.bench;

import io.vgw.transcode.impl.DescriptorLoader;
import io.vgw.transcode.impl.HttpRoute;
import io.vgw.transcode.impl.JsonMapping;
import io.vgw.transcode.impl.PathMatcher;
import io.vgw.transcode.impl.RouteTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The demo service's routes and JSON mapping, compiled as the gateway does at start-up. */
final class DemoRoutes {

  final RouteTable routes;
  final JsonMapping json;

  DemoRoutes() {
    DescriptorLoader loader = new DescriptorLoader();
    loader.add("classpath:vgw/demo.desc", read("vgw/demo.desc"));
    routes = RouteTable.compile(loader.build(), loader);
    // The gateway's defaults: lowerCamelCase, zero values printed, unknown fields ignored.
    json = new JsonMapping(routes.typeRegistry());
  }

  HttpRoute route(String method, String path) {
    PathMatcher.Result<HttpRoute> r = routes.match(method, path);
    if (!r.found()) {
      throw new IllegalStateException("the demo has no route for " + method + " " + path);
    }
    return r.route();
  }

  private static byte[] read(String resource) {
    try (InputStream in = DemoRoutes.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the class path (is target/vgw.jar on it?)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
