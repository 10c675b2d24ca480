package io.vgw.http.impl;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import io.vertx.core.buffer.Buffer;
import io.vgw.transcode.impl.HttpRoute;

/**
 * {@code google.api.HttpBody} responses ({@link HttpRoute#rawResponse()}): the {@code data} goes
 * out as it is, under the message's own {@code content_type}, as grpc-gateway's HTTPBodyMarshaler
 * and Envoy do.
 */
final class HttpBodies {

  /** What goes out when an HttpBody names no content type. */
  static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

  private HttpBodies() {
  }

  /** The HttpBody of a response: the message itself, or its {@code response_body} field. */
  static DynamicMessage of(HttpRoute route, DynamicMessage response) {
    return route.responseField() == null ? response : (DynamicMessage) response.getField(route.responseField());
  }

  static String contentType(DynamicMessage httpBody) {
    Descriptor type = httpBody.getDescriptorForType();
    String ct = (String) httpBody.getField(type.findFieldByName("content_type"));
    return ct == null || ct.isEmpty() ? DEFAULT_CONTENT_TYPE : ct;
  }

  static Buffer data(DynamicMessage httpBody) {
    Descriptor type = httpBody.getDescriptorForType();
    return Buffer.buffer(((ByteString) httpBody.getField(type.findFieldByName("data"))).toByteArray());
  }
}
