package io.vgw.conformance;

import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vgw.BackendOptions;
import io.vgw.Gateway;
import io.vgw.GatewayOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** A real {@link EchoingBackend} for some proto files and a real gateway reading their descriptors. */
final class ConformanceGateway {

  final EchoingBackend backend;
  final Gateway gateway;
  final WebClient client;

  private ConformanceGateway(EchoingBackend backend, Gateway gateway, WebClient client) {
    this.backend = backend;
    this.gateway = gateway;
    this.client = client;
  }

  static Future<ConformanceGateway> start(Vertx vertx, UnaryOperator<GatewayOptions> customize, FileDescriptor... files) {
    List<ServiceDescriptor> services = new ArrayList<>();
    for (FileDescriptor f : files) {
      services.addAll(f.getServices());
    }
    String descriptors;
    try {
      Path dir = Files.createTempDirectory("vgw-conformance");
      dir.toFile().deleteOnExit();
      descriptors = TestDescriptors.write(dir, files[0].getPackage() + ".desc", files);
      Path.of(descriptors).toFile().deleteOnExit();
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    return EchoingBackend.start(vertx, services).compose(backend -> {
      GatewayOptions options = new GatewayOptions()
          .setHttpHost("127.0.0.1")
          .setHttpPort(0)
          .setInstances(1)
          .addDescriptor(descriptors)
          .addBackend(new BackendOptions().setAddress("127.0.0.1:" + backend.port()));
      return Gateway.deploy(vertx, customize.apply(options)).map(gw -> new ConformanceGateway(backend, gw,
          WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(gw.httpPort()))));
    });
  }

  int port() {
    return gateway.httpPort();
  }

  Future<Void> close() {
    client.close();
    return gateway.close().compose(v -> backend.close());
  }
}
