package io.vgw.transcode.impl;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.Code;

/**
 * The protobuf JSON mapping (proto3 canonical JSON) with grpc-gateway's defaults: lowerCamelCase
 * names, fields without presence printed even when zero, unknown request fields ignored. Each
 * default can be switched.
 */
public final class JsonMapping {

  private final JsonFormat.Parser parser;
  private final JsonFormat.Printer printer;

  public JsonMapping(TypeRegistry types, boolean protoNames, boolean omitZeroValues, boolean rejectUnknownFields) {
    JsonFormat.Parser p = JsonFormat.parser().usingTypeRegistry(types);
    this.parser = rejectUnknownFields ? p : p.ignoringUnknownFields();
    JsonFormat.Printer pr = JsonFormat.printer().usingTypeRegistry(types).omittingInsignificantWhitespace();
    if (!omitZeroValues) {
      pr = pr.alwaysPrintFieldsWithNoPresence();
    }
    if (protoNames) {
      pr = pr.preservingProtoFieldNames();
    }
    this.printer = pr;
  }

  public JsonMapping(TypeRegistry types) {
    this(types, false, false, false);
  }

  /** Merges JSON into a builder; the exception's message says what was wrong, for a 400 answer. */
  public void merge(String json, Message.Builder builder) throws InvalidProtocolBufferException {
    parser.merge(json, builder);
  }

  public String print(MessageOrBuilder message) {
    try {
      return printer.print(message);
    } catch (InvalidProtocolBufferException e) {
      // Only an Any whose type is in no descriptor set gets here.
      throw StatusException.of(Code.INTERNAL, "cannot print the response as JSON: " + e.getMessage());
    }
  }
}
