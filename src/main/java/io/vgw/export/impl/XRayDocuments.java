package io.vgw.export.impl;

import io.opencensus.trace.Span;
import io.opencensus.trace.SpanId;
import io.opencensus.trace.export.SpanData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups one batch of spans into X-Ray daemon datagrams: each segment carries the subsegments of
 * the same batch inside it; a subsegment whose parent is not in the batch is sent on its own
 * ({@code type: "subsegment"}, {@code trace_id}, {@code parent_id}), which X-Ray joins by id. A
 * document too big for one datagram is split (its subsegments sent on their own) rather than
 * dropped.
 */
final class XRayDocuments {

  /** The daemon protocol's header line, as the SDK's {@code UDPEmitter} writes it. */
  static final String HEADER = "{\"format\": \"json\", \"version\": 1}\n";

  /**
   * Largest datagram sent, header included: under UDP's 65 507-byte payload limit and the daemon's
   * 64 KiB read buffer.
   */
  static final int MAX_DATAGRAM = 64_000;

  /** The datagrams of one batch, what could not be sent, and the X-Ray trace ids it carries. */
  record Batch(List<byte[]> datagrams, int unsendable, Set<String> traceIds) {}

  private final XRaySegmentMapper mapper;
  private final int maxDatagram;

  XRayDocuments(XRaySegmentMapper mapper, int maxDatagram) {
    this.mapper = mapper;
    this.maxDatagram = maxDatagram;
  }

  Batch build(List<SpanData> spans) {
    Map<SpanId, Node> bySpanId = new HashMap<>();
    List<Node> nodes = new ArrayList<>(spans.size());
    for (SpanData span : spans) {
      Node node = new Node(span, isSegment(span));
      nodes.add(node);
      bySpanId.put(span.getContext().getSpanId(), node);
    }
    List<Node> roots = new ArrayList<>();
    Set<String> traceIds = new LinkedHashSet<>();
    for (Node node : nodes) {
      traceIds.add(XRaySegmentMapper.xrayTraceId(node.span.getContext().getTraceId()));
      Node parent = node.segment ? null : bySpanId.get(node.span.getParentSpanId());
      if (parent != null && parent != node) {
        parent.children.add(node);
      } else {
        roots.add(node);
      }
    }
    Output out = new Output();
    for (Node root : roots) {
      emit(root, own(root, !root.segment), out);
    }
    return new Batch(out.datagrams, out.unsendable, traceIds);
  }

  /**
   * SERVER spans, and spans without a parent in this process (no parent, or a remote one), become
   * segments; every other span is a subsegment of its parent.
   */
  static boolean isSegment(SpanData span) {
    SpanId parent = span.getParentSpanId();
    return span.getKind() == Span.Kind.SERVER
        || parent == null
        || !parent.isValid()
        || Boolean.TRUE.equals(span.getHasRemoteParent());
  }

  private void emit(Node node, JsonObject own, Output out) {
    if (!node.children.isEmpty()) {
      byte[] whole = datagram(withChildren(own.copy(), node));
      if (whole.length <= maxDatagram) {
        out.datagrams.add(whole);
        return;
      }
    }
    sendAlone(own, out);
    for (Node child : node.children) {
      emit(child, own(child, true), out);
    }
  }

  /** Sends a document without subsegments, shedding metadata, then annotations, if too big. */
  private void sendAlone(JsonObject doc, Output out) {
    byte[] bytes = datagram(doc);
    if (bytes.length > maxDatagram && doc.remove("metadata") != null) {
      bytes = datagram(doc);
    }
    if (bytes.length > maxDatagram && doc.remove("annotations") != null) {
      bytes = datagram(doc);
    }
    if (bytes.length > maxDatagram) {
      out.unsendable++;
    } else {
      out.datagrams.add(bytes);
    }
  }

  private JsonObject withChildren(JsonObject doc, Node node) {
    if (!node.children.isEmpty()) {
      JsonArray subsegments = new JsonArray();
      for (Node child : node.children) {
        subsegments.add(withChildren(own(child, false), child));
      }
      doc.put("subsegments", subsegments);
    }
    return doc;
  }

  private JsonObject own(Node node, boolean standalone) {
    if (node.segment) {
      return mapper.segment(node.span);
    }
    JsonObject subsegment = mapper.subsegment(node.span);
    return standalone ? XRaySegmentMapper.standalone(subsegment, node.span) : subsegment;
  }

  private static byte[] datagram(JsonObject doc) {
    return (HEADER + doc.encode()).getBytes(StandardCharsets.UTF_8);
  }

  private static final class Node {
    final SpanData span;
    final boolean segment;
    final List<Node> children = new ArrayList<>();

    Node(SpanData span, boolean segment) {
      this.span = span;
      this.segment = segment;
    }
  }

  private static final class Output {
    final List<byte[]> datagrams = new ArrayList<>();
    int unsendable;
  }
}
