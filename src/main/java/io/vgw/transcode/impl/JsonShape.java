package io.vgw.transcode.impl;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.Map;

/**
 * Checks that each JSON value has the shape its field needs before the protobuf JSON parser sees
 * it. That parser reads {@code [["x"]]} as {@code ["x"]} and {@code 1.5} for an enum as "unknown
 * value", silently; the proto3 JSON mapping says neither is valid, so the gateway answers 400
 * naming the field. Well-known types keep their own JSON forms and are left to the parser.
 */
final class JsonShape {

  private JsonShape() {
  }

  static void check(Descriptor type, JsonElement value, String path) {
    if (type.getFullName().startsWith("google.protobuf.")) {
      return;
    }
    if (!value.isJsonObject()) {
      throw wrong(path.isEmpty() ? "body" : path, "an object");
    }
    for (Map.Entry<String, JsonElement> member : value.getAsJsonObject().entrySet()) {
      FieldDescriptor field = FieldPaths.find(type, member.getKey());
      JsonElement v = member.getValue();
      if (field == null || v.isJsonNull()) {
        continue; // unknown fields are the parser's to ignore or reject, per the options
      }
      String where = path.isEmpty() ? member.getKey() : path + "." + member.getKey();
      if (field.isMapField()) {
        if (!v.isJsonObject()) {
          throw wrong(where, "an object (a map)");
        }
        FieldDescriptor valueField = field.getMessageType().findFieldByName("value");
        for (Map.Entry<String, JsonElement> entry : v.getAsJsonObject().entrySet()) {
          singular(valueField, entry.getValue(), where + "[" + entry.getKey() + "]");
        }
      } else if (field.isRepeated()) {
        if (!v.isJsonArray()) {
          throw wrong(where, "an array");
        }
        int i = 0;
        for (JsonElement item : v.getAsJsonArray()) {
          singular(field, item, where + "[" + i++ + "]");
        }
      } else {
        singular(field, v, where);
      }
    }
  }

  private static void singular(FieldDescriptor field, JsonElement v, String where) {
    if (v.isJsonNull()) {
      return;
    }
    switch (field.getJavaType()) {
      case MESSAGE -> check(field.getMessageType(), v, where);
      case STRING, BYTE_STRING -> {
        if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
          throw wrong(where, "a string");
        }
      }
      case ENUM -> {
        if (!v.isJsonPrimitive() || v.getAsJsonPrimitive().isBoolean()
            || v.getAsJsonPrimitive().isNumber() && !isIntegral(v.getAsJsonPrimitive())) {
          throw wrong(where, "an enum name or number");
        }
      }
      case BOOLEAN -> {
        if (!v.isJsonPrimitive()) {
          throw wrong(where, "true or false");
        }
      }
      default -> {
        if (!v.isJsonPrimitive() || v.getAsJsonPrimitive().isBoolean()) {
          throw wrong(where, "a number");
        }
      }
    }
  }

  private static boolean isIntegral(JsonPrimitive p) {
    try {
      return p.getAsBigDecimal().stripTrailingZeros().scale() <= 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static StatusException wrong(String where, String want) {
    return StatusException.invalidArgument("invalid JSON body: field \"" + where + "\" must be " + want);
  }

  /** Exposed for the binder: the body as a tree, checked against the request type. */
  static void checkBody(Descriptor type, JsonElement tree) {
    check(type, tree, "");
  }
}
