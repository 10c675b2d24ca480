package io.vgw.backend.impl;

import com.google.protobuf.DynamicMessage;
import io.vertx.core.MultiMap;

/** A successful unary call: the response message with the backend's headers and trailers. */
public record BackendReply(DynamicMessage message, MultiMap headers, MultiMap trailers) {
}
