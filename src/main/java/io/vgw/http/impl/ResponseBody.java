package io.vgw.http.impl;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import io.vgw.transcode.impl.JsonMapping;

/** {@code response_body: "field"}: only that field of the response goes out. */
final class ResponseBody {

  private ResponseBody() {
  }

  static String field(JsonMapping json, DynamicMessage response, FieldDescriptor field) {
    if (!field.isRepeated() && field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
      return json.print((Message) response.getField(field));
    }
    // Scalars and repeated fields: print the whole message and take the member, so the value is
    // formatted exactly as the JSON mapping formats it (int64 as strings, enums by name…).
    JsonElement whole = JsonParser.parseString(json.print(response));
    JsonElement value = whole.getAsJsonObject().get(field.getJsonName());
    if (value == null) {
      value = whole.getAsJsonObject().get(field.getName());
    }
    return value == null ? "null" : value.toString();
  }
}
