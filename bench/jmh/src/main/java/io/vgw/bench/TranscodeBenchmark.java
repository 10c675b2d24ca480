package io.vgw.bench;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import io.vgw.transcode.impl.HttpRoute;
import io.vgw.transcode.impl.JsonMapping;
import io.vgw.transcode.impl.RequestBinder;
import java.util.Map;
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
 * JSON → protobuf → JSON as the gateway does it for {@code POST /v1/echo} (body {@code "*"}): the
 * body bound into an {@code EchoRequest} ({@link RequestBinder}: strict-shape check, then the
 * protobuf JSON parser), serialized, the echoed bytes parsed as an {@code EchoResponse}, printed
 * back ({@link JsonMapping}). A small body (75 bytes) and a 10 KB one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TranscodeBenchmark {

  static final String SMALL = "{\"message\":\"hello\",\"count\":3,\"tags\":[\"a\",\"b\"],\"nested\":{\"note\":\"n\"}}";

  @Param({"small", "10KB"})
  public String size;

  private RequestBinder binder;
  private JsonMapping json;
  private HttpRoute route;
  private Descriptor responseType;
  private String body;
  private byte[] requestBytes;
  private DynamicMessage response;

  /** About 10 KB of JSON: a 2 KB text, 150 tags of 40 characters, a nested message, an int64. */
  static String tenKilobytes() {
    StringBuilder sb = new StringBuilder("{\"id\":\"order-123\",\"message\":\"");
    sb.append("lorem ipsum dolor sit amet ".repeat(76));
    sb.append("\",\"count\":12345,\"tags\":[");
    for (int i = 0; i < 150; i++) {
      sb.append(i == 0 ? "" : ",").append('"').append(String.format("tag-%04d-abcdefghijklmnopqrstuvwxyz0123", i)).append('"');
    }
    sb.append("],\"nested\":{\"note\":\"a note\",\"flag\":true},\"kind\":\"KIND_FANCY\",\"big\":\"9007199254740993\"}");
    return sb.toString();
  }

  @Setup
  public void setUp() throws InvalidProtocolBufferException {
    DemoRoutes demo = new DemoRoutes();
    json = demo.json;
    binder = new RequestBinder(json);
    route = demo.route("POST", "/v1/echo");
    responseType = route.method().getOutputType();
    body = size.equals("small") ? SMALL : tenKilobytes();
    requestBytes = binder.bind(route, Map.of(), Map.of(), body).toByteArray();
    response = DynamicMessage.parseFrom(responseType, requestBytes);
    String printed = roundTrip();
    if (!printed.contains("\"count\":") || printed.length() < body.length()) {
      throw new IllegalStateException("round trip lost fields: " + printed);
    }
  }

  /** The whole per-request transcoding work, both ways. */
  @Benchmark
  public String roundTrip() throws InvalidProtocolBufferException {
    byte[] wire = binder.bind(route, Map.of(), Map.of(), body).toByteArray();
    return json.print(DynamicMessage.parseFrom(responseType, wire));
  }

  /** Request side only: JSON body → message → bytes. */
  @Benchmark
  public byte[] jsonToProto() {
    return binder.bind(route, Map.of(), Map.of(), body).toByteArray();
  }

  /** Response side only: bytes → message → JSON. */
  @Benchmark
  public String protoToJson() throws InvalidProtocolBufferException {
    return json.print(DynamicMessage.parseFrom(responseType, requestBytes));
  }
}
