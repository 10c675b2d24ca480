package io.vgw.transcode.impl;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Builds a request message from the three places an HTTP request carries fields, as
 * {@code google/api/http.proto} specifies: the body (all of it with {@code body: "*"}, or one
 * field), then the path variables (which overwrite), then the query parameters (only for fields
 * that neither the path nor the body bound).
 *
 * <p>Each part goes through the protobuf JSON mapping, so a query value is read exactly like the
 * same value in a JSON body: int64 as decimal, enums by name or number, bytes as base64,
 * Timestamp in RFC 3339, Duration as {@code 1.5s}, FieldMask comma-separated. Every failure is a
 * {@link StatusException} INVALID_ARGUMENT naming the part (body, path parameter, query parameter).
 */
public final class RequestBinder {

  private final JsonMapping json;

  public RequestBinder(JsonMapping json) {
    this.json = json;
  }

  /**
   * @param body the request body as text, or null/empty when there is none
   * @param query decoded query parameters, each with all its values in order
   */
  public DynamicMessage bind(HttpRoute route, Map<String, String> pathVariables, Map<String, List<String>> query,
      String body) {
    Descriptor input = route.method().getInputType();
    DynamicMessage.Builder builder = DynamicMessage.newBuilder(input);
    bindBody(route, body, builder);
    for (Map.Entry<String, String> v : pathVariables.entrySet()) {
      List<String> path = Arrays.asList(v.getKey().split("\\."));
      mergeAt(builder, path, new JsonPrimitive(v.getValue()), "path parameter \"" + v.getKey() + "\"");
    }
    if (!"*".equals(route.body())) {
      bindQuery(route, pathVariables, query, builder);
    }
    return builder.build();
  }

  private void bindBody(HttpRoute route, String body, DynamicMessage.Builder builder) {
    if (route.body() == null || body == null || body.isBlank()) {
      return;
    }
    if (route.bodyField() == null) {
      try {
        JsonShape.checkBody(builder.getDescriptorForType(), JsonParser.parseString(body));
      } catch (JsonParseException e) {
        throw StatusException.invalidArgument("invalid JSON body: " + describe(e));
      }
      try {
        json.merge(body, builder);
      } catch (InvalidProtocolBufferException | RuntimeException e) {
        throw StatusException.invalidArgument("invalid JSON body" + culprit(body, builder) + ": " + describe(e));
      }
      return;
    }
    JsonElement element;
    try {
      element = JsonParser.parseString(body);
    } catch (JsonParseException e) {
      throw StatusException.invalidArgument("invalid JSON body: " + describe(e));
    }
    mergeAt(builder, List.of(route.bodyField().getName()), element, "body (field \"" + route.body() + "\")");
  }

  private void bindQuery(HttpRoute route, Map<String, String> pathVariables, Map<String, List<String>> query,
      DynamicMessage.Builder builder) {
    Descriptor input = route.method().getInputType();
    for (Map.Entry<String, List<String>> param : query.entrySet()) {
      String key = param.getKey();
      QueryKey parsed = QueryKey.parse(key);
      if (parsed == null) {
        continue; // not a field path: ignored, like any unknown parameter
      }
      FieldDescriptor field = FieldPaths.resolve(input, parsed.path());
      if (field == null || isBound(parsed.path(), pathVariables, route)) {
        continue;
      }
      String what = "query parameter \"" + key + "\"";
      List<String> values = param.getValue();
      if (field.getJavaType() == FieldDescriptor.JavaType.ENUM && parsed.mapKey() == null) {
        // The JSON mapping ignores unknown enum names when unknown fields are ignored; a query
        // value is one explicit value, so a name that does not exist is an error (as in grpc-gateway).
        values.forEach(v -> checkEnum(field, v, what));
      }
      JsonElement value;
      if (parsed.mapKey() != null) {
        if (!field.isMapField()) {
          throw StatusException.invalidArgument(what + ": " + parsed.pathString() + " is not a map");
        }
        if (values.size() > 1) {
          throw StatusException.invalidArgument(what + ": given more than once");
        }
        JsonObject entry = new JsonObject();
        entry.add(parsed.mapKey(), new JsonPrimitive(values.get(0)));
        value = entry;
      } else if (field.isMapField()) {
        throw StatusException.invalidArgument(what + ": set map entries as " + key + "[key]=value");
      } else if (field.isRepeated()) {
        JsonArray array = new JsonArray();
        values.forEach(array::add);
        value = array;
      } else {
        if (values.size() > 1) {
          throw StatusException.invalidArgument(what + ": given more than once for a field that is not repeated");
        }
        value = new JsonPrimitive(values.get(0));
      }
      mergeAt(builder, parsed.path(), value, what);
    }
  }

  private static void checkEnum(FieldDescriptor field, String value, String what) {
    if (field.getEnumType().findValueByName(value) != null) {
      return;
    }
    try {
      Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw StatusException.invalidArgument("invalid " + what + ": " + field.getEnumType().getFullName()
          + " has no value named " + value);
    }
  }

  private static boolean isBound(List<String> path, Map<String, String> pathVariables, HttpRoute route) {
    String dotted = String.join(".", path);
    for (String bound : pathVariables.keySet()) {
      if (dotted.equals(bound) || dotted.startsWith(bound + ".") || bound.startsWith(dotted + ".")) {
        return true;
      }
    }
    return route.bodyField() != null
        && (path.get(0).equals(route.bodyField().getName()) || path.get(0).equals(route.bodyField().getJsonName()));
  }

  /** Merges {@code value} at {@code path} by wrapping it in JSON objects: {"a":{"b":value}}. */
  private void mergeAt(DynamicMessage.Builder builder, List<String> path, JsonElement value, String what) {
    JsonElement wrapped = value;
    for (int i = path.size() - 1; i >= 0; i--) {
      JsonObject o = new JsonObject();
      o.add(path.get(i), wrapped);
      wrapped = o;
    }
    try {
      json.merge(wrapped.toString(), builder);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw StatusException.invalidArgument("invalid " + what + ": " + describe(e));
    }
  }

  /**
   * On the error path only: which top-level field of the body the JSON mapping rejects, so the
   * answer names it (JsonFormat's own messages often say only "Not an int32 value").
   */
  private String culprit(String body, DynamicMessage.Builder builder) {
    try {
      JsonElement tree = JsonParser.parseString(body);
      if (!tree.isJsonObject()) {
        return "";
      }
      for (Map.Entry<String, JsonElement> member : tree.getAsJsonObject().entrySet()) {
        JsonObject single = new JsonObject();
        single.add(member.getKey(), member.getValue());
        try {
          json.merge(single.toString(), builder.getDefaultInstanceForType().newBuilderForType());
        } catch (InvalidProtocolBufferException | RuntimeException e) {
          return " (field \"" + member.getKey() + "\")";
        }
      }
    } catch (RuntimeException notJson) {
      // the body is not JSON at all: the parser's message says where
    }
    return "";
  }

  private static String describe(Exception e) {
    String m = e.getMessage();
    if (m == null) {
      return "a value of the wrong type";
    }
    // Gson wraps its reader's errors: "java.io.EOFException: End of input at line 1 column 10".
    m = m.replaceFirst("^[a-z]+(\\.[a-z]+)+\\.[A-Za-z]+(Exception|Error): ", "");
    // Gson and JsonFormat messages can carry the whole offending input; keep answers short.
    return m.length() > 200 ? m.substring(0, 200) + "…" : m;
  }
}
