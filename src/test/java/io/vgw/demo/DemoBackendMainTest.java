package io.vgw.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.ServiceMethod;
import io.vgw.demo.v1.EchoRequest;
import io.vgw.demo.v1.EchoResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class DemoBackendMainTest {

  static Stream<Arguments> goodFlags() {
    return Stream.of(
        Arguments.of(new String[0], "127.0.0.1", 0),
        Arguments.of(new String[] {"--port=9090"}, "127.0.0.1", 9090),
        Arguments.of(new String[] {"--host=::1", "--port=0"}, "::1", 0),
        Arguments.of(new String[] {"--port=1", "--port=65535"}, "127.0.0.1", 65535));
  }

  @ParameterizedTest
  @MethodSource("goodFlags")
  void parsesFlags(String[] args, String host, int port) {
    DemoBackendMain.Flags f = DemoBackendMain.parse(args);
    assertEquals(host, f.host(), "got host " + f.host() + "; want " + host + "; input " + String.join(" ", args));
    assertEquals(port, f.port(), "got port " + f.port() + "; want " + port + "; input " + String.join(" ", args));
  }

  static Stream<Arguments> badFlags() {
    return Stream.of(
        Arguments.of("--port=x", "must be a number"),
        Arguments.of("--port=-1", "0..65535"),
        Arguments.of("--port=65536", "0..65535"),
        Arguments.of("--host=", "needs a value"),
        Arguments.of("--verbose", "unknown flag --verbose"));
  }

  @ParameterizedTest
  @MethodSource("badFlags")
  void refusesBadFlags(String arg, String want) {
    String m = assertThrows(IllegalArgumentException.class, () -> DemoBackendMain.parse(new String[] {arg}))
        .getMessage();
    assertTrue(m.contains(want), "got \"" + m + "\"; want it to contain \"" + want + "\"; input " + arg);
  }

  @Test
  void answersADirectGrpcCall(Vertx vertx, VertxTestContext ctx) {
    ServiceMethod<EchoResponse, EchoRequest> echo = ServiceMethod.client(DemoBackend.SERVICE, "Echo",
        GrpcMessageEncoder.encoder(), GrpcMessageDecoder.decoder(EchoResponse.getDefaultInstance()));
    GrpcClient client = GrpcClient.client(vertx);
    DemoBackendMain.start(vertx, DemoBackendMain.parse(new String[] {"--port=0"}))
        .compose(backend -> client.request(SocketAddress.inetSocketAddress(backend.port(), "127.0.0.1"), echo)
            .compose(req -> {
              req.end(EchoRequest.newBuilder().setMessage("direct").setCount(3).build());
              return req.response().compose(resp -> resp.last());
            })
            .eventually(backend::close))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertEquals("direct", reply.getMessage(), "got " + reply + "; want message \"direct\"");
          assertEquals(3, reply.getCount(), "got " + reply + "; want count 3");
          ctx.completeNow();
        })));
  }
}
