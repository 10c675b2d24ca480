package io.vgw.backend.impl;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.common.CodecException;
import io.vertx.grpc.common.GrpcMessage;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.WireFormat;

/** Protobuf wire encoding of {@link DynamicMessage}s, so any method can be called without stubs. */
final class DynamicMessageCodec {

  private DynamicMessageCodec() {
  }

  static GrpcMessageEncoder<DynamicMessage> encoder() {
    return new GrpcMessageEncoder<>() {
      @Override
      public GrpcMessage encode(DynamicMessage msg, WireFormat format) {
        return GrpcMessage.message("identity", WireFormat.PROTOBUF, Buffer.buffer(msg.toByteArray()));
      }

      @Override
      public boolean accepts(WireFormat format) {
        return format == WireFormat.PROTOBUF;
      }
    };
  }

  static GrpcMessageDecoder<DynamicMessage> decoder(Descriptor type) {
    return new GrpcMessageDecoder<>() {
      @Override
      public DynamicMessage decode(GrpcMessage msg) throws CodecException {
        try {
          return DynamicMessage.parseFrom(type, msg.payload().getBytes());
        } catch (InvalidProtocolBufferException e) {
          throw new CodecException(e);
        }
      }

      @Override
      public boolean accepts(WireFormat format) {
        return format == WireFormat.PROTOBUF;
      }
    };
  }
}
