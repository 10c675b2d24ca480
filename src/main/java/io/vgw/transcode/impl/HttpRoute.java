package io.vgw.transcode.impl;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;

/**
 * One HTTP binding of a gRPC method: an {@code HttpRule} (or one of its additional bindings)
 * resolved against the method's descriptors.
 *
 * @param httpMethod GET, POST, … or a custom method name
 * @param bodyField null without a body, "*" for the whole body, else the field the body fills
 * @param responseField null for the whole response, else the field returned alone
 */
public record HttpRoute(
    String httpMethod,
    PathTemplate template,
    MethodDescriptor method,
    String body,
    FieldDescriptor bodyField,
    FieldDescriptor responseField) {

  /** {@code /pkg.Service/Method}, as gRPC names it on the wire. */
  public String fullMethodName() {
    return "/" + method.getService().getFullName() + "/" + method.getName();
  }

  /** {@code POST /v1/echo}: low-cardinality, for span names and logs. */
  public String displayName() {
    return httpMethod + " " + template.source();
  }

  /** The full name of {@code google.api.HttpBody}, whose data travels raw instead of as JSON. */
  public static final String HTTP_BODY = "google.api.HttpBody";

  /**
   * The request body is raw bytes: the request message is a {@code google.api.HttpBody} filled by
   * {@code body: "*"}, or the body field is one.
   */
  public boolean rawRequest() {
    if ("*".equals(body)) {
      return method.getInputType().getFullName().equals(HTTP_BODY);
    }
    return bodyField != null && isHttpBody(bodyField);
  }

  /**
   * The response body is raw bytes: the response (or its {@code response_body} field) is a
   * {@code google.api.HttpBody}, whose {@code content_type} becomes the Content-Type.
   */
  public boolean rawResponse() {
    return responseField == null
        ? method.getOutputType().getFullName().equals(HTTP_BODY)
        : isHttpBody(responseField);
  }

  private static boolean isHttpBody(FieldDescriptor f) {
    return !f.isRepeated() && f.getJavaType() == FieldDescriptor.JavaType.MESSAGE
        && f.getMessageType().getFullName().equals(HTTP_BODY);
  }

  public boolean serverStreaming() {
    return method.isServerStreaming();
  }

  public boolean clientStreaming() {
    return method.isClientStreaming();
  }

  @Override
  public String toString() {
    return method.getFullName();
  }
}
