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
