package io.vgw.impl;

import io.vgw.GatewayOptions;
import io.vgw.http.impl.RouteTimeouts;
import io.vgw.transcode.impl.DescriptorLoader;
import io.vgw.transcode.impl.JsonMapping;
import io.vgw.transcode.impl.RouteTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What all gateway verticle instances share, built once at start-up: the compiled routes and the
 * JSON mapping. Immutable, so instances on different event loops read it without locks.
 */
public record GatewayRuntime(GatewayOptions options, RouteTable routes, JsonMapping json) {

  public static final String CLASSPATH_PREFIX = "classpath:";

  /**
   * Reads the descriptor sets and compiles the routes. Blocking file I/O: call it from a worker
   * ({@code executeBlocking}), never from an event loop.
   *
   * @throws IllegalArgumentException one line naming the file (and the method) that is wrong
   */
  public static GatewayRuntime load(GatewayOptions options) {
    options.validate();
    DescriptorLoader loader = new DescriptorLoader();
    for (String descriptor : options.getDescriptors()) {
      loader.add(descriptor, read(descriptor));
    }
    RouteTable routes = RouteTable.compile(loader.build(), loader);
    // A timeout for a route that does not exist is a typo: refuse it now, not never apply it.
    RouteTimeouts.compile(routes, options.getRoutes().getTimeouts());
    JsonMapping json = new JsonMapping(routes.typeRegistry(), options.isJsonProtoNames(),
        options.isJsonOmitZeroValues(), options.isJsonRejectUnknownFields());
    return new GatewayRuntime(options, routes, json);
  }

  private static byte[] read(String descriptor) {
    if (descriptor.startsWith(CLASSPATH_PREFIX)) {
      String resource = descriptor.substring(CLASSPATH_PREFIX.length());
      try (InputStream in = GatewayRuntime.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalArgumentException("descriptor set " + descriptor + ": not found on the class path");
        }
        return in.readAllBytes();
      } catch (IOException e) {
        throw new IllegalArgumentException("descriptor set " + descriptor + ": cannot read (" + e.getMessage() + ")");
      }
    }
    try {
      return Files.readAllBytes(Path.of(descriptor));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("descriptor set " + descriptor + ": no such file");
    } catch (IOException e) {
      throw new IllegalArgumentException("descriptor set " + descriptor + ": cannot read (" + e.getMessage() + ")");
    }
  }
}
