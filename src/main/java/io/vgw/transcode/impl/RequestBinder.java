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
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 *
 * <p>A query parameter that binds to no field is ignored (grpc-gateway), or, when the binder
 * rejects unknown parameters, a 400 naming it (Envoy's default) unless it is one of the ignored names.
 */
public final class RequestBinder {

  private final JsonMapping json;
  private final boolean rejectUnknownQuery;
  private final Set<String> ignoredQuery;

  public RequestBinder(JsonMapping json) {
    this(json, false, Set.of());
  }

  /**
   * @param rejectUnknownQuery answer 400 to a query parameter that binds to no field
   * @param ignoredQuery parameter names that are always ignored, known or not
   */
  public RequestBinder(JsonMapping json, boolean rejectUnknownQuery, Set<String> ignoredQuery) {
    this.json = json;
    this.rejectUnknownQuery = rejectUnknownQuery;
    this.ignoredQuery = Set.copyOf(ignoredQuery);
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
    return bindPathAndQuery(route, pathVariables, query, builder);
  }

  /**
   * Like {@link #bind}, for a route whose body is a {@code google.api.HttpBody}
   * ({@link HttpRoute#rawRequest()}): the bytes go into its {@code data} as they are, the
   * Content-Type into its {@code content_type}; nothing is parsed as JSON.
   *
   * @param contentType the request's Content-Type header, or null
   */
  public DynamicMessage bindRaw(HttpRoute route, Map<String, String> pathVariables, Map<String, List<String>> query,
      byte[] body, String contentType) {
    DynamicMessage.Builder builder = DynamicMessage.newBuilder(route.method().getInputType());
    if (route.bodyField() == null) {
      fillHttpBody(builder, body, contentType);
    } else {
      DynamicMessage.Builder httpBody = DynamicMessage.newBuilder(route.bodyField().getMessageType());
      fillHttpBody(httpBody, body, contentType);
      builder.setField(route.bodyField(), httpBody.build());
    }
    return bindPathAndQuery(route, pathVariables, query, builder);
  }

  private static void fillHttpBody(DynamicMessage.Builder httpBody, byte[] body, String contentType) {
    Descriptor type = httpBody.getDescriptorForType();
    if (contentType != null && !contentType.isEmpty()) {
      httpBody.setField(type.findFieldByName("content_type"), contentType);
    }
    if (body != null && body.length > 0) {
      httpBody.setField(type.findFieldByName("data"), ByteString.copyFrom(body));
    }
  }

  private DynamicMessage bindPathAndQuery(HttpRoute route, Map<String, String> pathVariables,
      Map<String, List<String>> query, DynamicMessage.Builder builder) {
    for (Map.Entry<String, String> v : pathVariables.entrySet()) {
      List<String> path = Arrays.asList(v.getKey().split("\\."));
      // The path overwrites what the body set; the JSON parser refuses to set a field twice.
      List<FieldDescriptor> fields = FieldPaths.resolveAll(builder.getDescriptorForType(), path);
      if (fields != null) {
        clearAt(builder, fields, 0);
      }
      mergeAt(builder, path, new JsonPrimitive(v.getValue()), "path parameter \"" + v.getKey() + "\"");
    }
    if (!"*".equals(route.body())) {
      bindQuery(route, pathVariables, query, builder);
    } else if (rejectUnknownQuery) {
      // http.proto: with body "*" no field comes from the query, so every parameter is unknown.
      for (String key : query.keySet()) {
        unknown(key);
      }
    }
    return builder.build();
  }

  private void unknown(String key) {
    if (rejectUnknownQuery && !ignoredQuery.contains(key)) {
      String shown = key.length() > 64 ? key.substring(0, 64) + "…" : key;
      throw StatusException.invalidArgument("unknown query parameter \"" + shown + "\": no such field in the request");
    }
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
    List<List<FieldDescriptor>> bound = boundFields(route, pathVariables);
    for (Map.Entry<String, List<String>> param : query.entrySet()) {
      String key = param.getKey();
      if (ignoredQuery.contains(key)) {
        continue;
      }
      QueryKey parsed = QueryKey.parse(key);
      List<FieldDescriptor> fields = parsed == null ? null : FieldPaths.resolveAll(input, parsed.path());
      if (fields == null) {
        unknown(key); // not a field path, or no such field
        continue;
      }
      FieldDescriptor field = fields.get(fields.size() - 1);
      if (isBound(fields, bound)) {
        continue; // the path or the body set it: the query may not overwrite it
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
      checkOneofs(builder, fields, what);
      mergeAt(builder, parsed.path(), value, what);
    }
  }

  /**
   * grpc-gateway refuses a query parameter that would set a second member of a oneof (the body,
   * the path or another parameter set one already); merging would silently drop the first.
   */
  private static void checkOneofs(MessageOrBuilder message, List<FieldDescriptor> fields, String what) {
    MessageOrBuilder level = message;
    for (FieldDescriptor f : fields) {
      OneofDescriptor oneof = f.getRealContainingOneof();
      if (oneof != null) {
        FieldDescriptor set = level.getOneofFieldDescriptor(oneof);
        if (set != null && set != f) {
          throw StatusException.invalidArgument("invalid " + what + ": field \"" + set.getName()
              + "\" of the same oneof (" + oneof.getName() + ") is already set");
        }
      }
      if (f.isRepeated() || f.getJavaType() != FieldDescriptor.JavaType.MESSAGE || !level.hasField(f)) {
        return;
      }
      level = (MessageOrBuilder) level.getField(f);
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

  private static void clearAt(Message.Builder builder, List<FieldDescriptor> path, int i) {
    FieldDescriptor f = path.get(i);
    if (i == path.size() - 1) {
      if (f.getRealContainingOneof() != null) {
        builder.clearOneof(f.getRealContainingOneof());
      }
      builder.clearField(f);
      return;
    }
    if (!builder.hasField(f)) {
      return;
    }
    Message.Builder sub = ((Message) builder.getField(f)).toBuilder();
    clearAt(sub, path, i + 1);
    builder.setField(f, sub.build());
  }

  /** The fields the path and the body bind, each as the list of fields along its path. */
  private static List<List<FieldDescriptor>> boundFields(HttpRoute route, Map<String, String> pathVariables) {
    List<List<FieldDescriptor>> out = new ArrayList<>(pathVariables.size() + 1);
    Descriptor input = route.method().getInputType();
    for (String variable : pathVariables.keySet()) {
      List<FieldDescriptor> fields = FieldPaths.resolveAll(input, Arrays.asList(variable.split("\\.")));
      if (fields != null) {
        out.add(fields);
      }
    }
    if (route.bodyField() != null) {
      out.add(List.of(route.bodyField()));
    }
    return out;
  }

  /**
   * A query path is bound when it names a bound field, a field inside one, or a message that holds
   * one; compared by field, so {@code intervalMillis} and {@code interval_millis} are the same.
   */
  private static boolean isBound(List<FieldDescriptor> query, List<List<FieldDescriptor>> bound) {
    for (List<FieldDescriptor> b : bound) {
      int common = Math.min(b.size(), query.size());
      boolean same = true;
      for (int i = 0; i < common && same; i++) {
        same = b.get(i) == query.get(i);
      }
      if (same) {
        return true;
      }
    }
    return false;
  }

  /**
   * Merges {@code value} at {@code path}: the JSON mapping reads it, wrapped in objects
   * ({"a":{"b":value}}), into a message of its own, which is then merged in with protobuf's rules
   * (scalars replace, messages merge, repeated fields and maps add). The JSON parser alone refuses
   * to touch a field that is already set, so {@code a.x=1&a.y=2} or two map entries would fail.
   */
  private void mergeAt(DynamicMessage.Builder builder, List<String> path, JsonElement value, String what) {
    JsonElement wrapped = value;
    for (int i = path.size() - 1; i >= 0; i--) {
      JsonObject o = new JsonObject();
      o.add(path.get(i), wrapped);
      wrapped = o;
    }
    DynamicMessage.Builder part = DynamicMessage.newBuilder(builder.getDescriptorForType());
    try {
      json.merge(wrapped.toString(), part);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw StatusException.invalidArgument("invalid " + what + ": " + describe(e));
    }
    builder.mergeFrom(part.build());
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
