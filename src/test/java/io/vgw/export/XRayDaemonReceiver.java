package io.vgw.export;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Speaks the X-Ray daemon's UDP protocol on a loopback port: each datagram is the header line
 * {@code {"format": "json", "version": 1}} and one segment document. Every document is checked
 * against the segment document schema; problems are collected, not thrown, so a test sees them
 * all.
 *
 * <p>A plain thread receives (faster than an event loop for a burst) into a 4 MB socket buffer.
 */
final class XRayDaemonReceiver implements AutoCloseable {

  static final String HEADER = "{\"format\": \"json\", \"version\": 1}";
  static final Pattern TRACE_ID = Pattern.compile("1-[0-9a-f]{8}-[0-9a-f]{24}");
  static final Pattern ID = Pattern.compile("[0-9a-f]{16}");
  static final Pattern ANNOTATION_KEY = Pattern.compile("[A-Za-z0-9_]+");

  private static final Set<String> SEGMENT_FIELDS =
      Set.of(
          "name", "id", "trace_id", "start_time", "end_time", "in_progress", "parent_id", "type",
          "service", "user", "origin", "http", "aws", "error", "throttle", "fault", "cause",
          "annotations", "metadata", "subsegments", "namespace", "precursor_ids", "sql");

  private final DatagramSocket socket;
  private final Thread thread;
  private final List<JsonObject> documents = new CopyOnWriteArrayList<>();
  private final List<String> problems = new CopyOnWriteArrayList<>();
  // every span (segment or subsegment, nested or not) received, by id
  private final Map<String, JsonObject> spansById = new ConcurrentHashMap<>();
  private final List<Waiter> waiters = new CopyOnWriteArrayList<>();

  private record Waiter(int spans, CompletableFuture<Void> done) {}

  XRayDaemonReceiver() throws SocketException {
    socket = new DatagramSocket(null);
    socket.setReceiveBufferSize(4 * 1024 * 1024);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    thread = new Thread(this::receive, "xray-daemon-receiver");
    thread.setDaemon(true);
    thread.start();
  }

  /** @return {@code 127.0.0.1:port}, for {@code daemonAddress} */
  String address() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  /** @return completes when at least {@code spans} distinct spans arrived */
  synchronized CompletableFuture<Void> awaitSpans(int spans) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (spansById.size() >= spans) {
      done.complete(null);
    } else {
      waiters.add(new Waiter(spans, done));
    }
    return done;
  }

  List<JsonObject> documents() {
    return documents;
  }

  List<String> problems() {
    return problems;
  }

  int spanCount() {
    return spansById.size();
  }

  JsonObject span(String id) {
    return spansById.get(id);
  }

  private void receive() {
    byte[] buffer = new byte[70_000];
    while (!socket.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
      } catch (IOException e) {
        return; // closed
      }
      accept(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
    }
  }

  private void accept(String datagram) {
    int newline = datagram.indexOf('\n');
    if (newline < 0 || !datagram.substring(0, newline).equals(HEADER)) {
      problems.add("bad header in: " + datagram);
      return;
    }
    JsonObject doc;
    try {
      doc = new JsonObject(datagram.substring(newline + 1));
    } catch (RuntimeException e) {
      problems.add("not JSON: " + datagram);
      return;
    }
    validateDocument(doc);
    documents.add(doc);
    collect(doc);
    synchronized (this) {
      for (Waiter waiter : waiters) {
        if (spansById.size() >= waiter.spans) {
          waiter.done.complete(null);
          waiters.remove(waiter);
        }
      }
    }
  }

  private void collect(JsonObject doc) {
    spansById.put(doc.getString("id", "?"), doc);
    for (Object child : doc.getJsonArray("subsegments", new JsonArray())) {
      collect((JsonObject) child);
    }
  }

  private void validateDocument(JsonObject doc) {
    String where = "document " + doc.getString("id");
    check(doc.getValue("trace_id") instanceof String, where + ": trace_id missing");
    check(TRACE_ID.matcher(String.valueOf(doc.getValue("trace_id"))).matches(),
        where + ": trace_id " + doc.getValue("trace_id"));
    if ("subsegment".equals(doc.getValue("type"))) {
      check(ID.matcher(String.valueOf(doc.getValue("parent_id"))).matches(),
          where + ": subsegment sent alone without a 16-hex parent_id");
    } else {
      check(doc.getValue("type") == null, where + ": type " + doc.getValue("type"));
      check(!doc.containsKey("parent_id") || ID.matcher(String.valueOf(doc.getValue("parent_id"))).matches(),
          where + ": parent_id " + doc.getValue("parent_id"));
      check(!doc.containsKey("namespace"), where + ": segment with namespace");
    }
    validateEntity(doc, where);
  }

  private void validateEntity(JsonObject e, String where) {
    for (String field : e.fieldNames()) {
      check(SEGMENT_FIELDS.contains(field), where + ": unknown field " + field);
    }
    check(e.getValue("name") instanceof String && !e.getString("name").isEmpty()
        && e.getString("name").length() <= 200, where + ": name " + e.getValue("name"));
    check(ID.matcher(String.valueOf(e.getValue("id"))).matches(), where + ": id " + e.getValue("id"));
    check(e.getValue("start_time") instanceof Number, where + ": start_time " + e.getValue("start_time"));
    if (e.containsKey("end_time")) {
      check(e.getValue("end_time") instanceof Number
          && e.getDouble("end_time") >= e.getDouble("start_time"), where + ": end_time");
    } else {
      check(Boolean.TRUE.equals(e.getValue("in_progress")), where + ": neither end_time nor in_progress");
    }
    // epoch seconds (not millis or micros): within a day of now
    double now = System.currentTimeMillis() / 1000.0;
    check(Math.abs(e.getDouble("start_time") - now) < 86_400, where + ": start_time not epoch seconds");
    for (String flag : List.of("error", "throttle", "fault", "in_progress")) {
      check(!e.containsKey(flag) || e.getValue(flag) instanceof Boolean, where + ": " + flag + " not boolean");
    }
    check(!e.containsKey("namespace") || Set.of("remote", "aws").contains(e.getString("namespace")),
        where + ": namespace " + e.getValue("namespace"));
    validateHttp(e, where);
    JsonObject annotations = e.getJsonObject("annotations", new JsonObject());
    check(annotations.size() <= 50, where + ": more than 50 annotations");
    annotations.forEach(entry -> {
      check(ANNOTATION_KEY.matcher(entry.getKey()).matches(), where + ": annotation key " + entry.getKey());
      Object value = entry.getValue();
      check(value instanceof String || value instanceof Number || value instanceof Boolean,
          where + ": annotation value " + value);
    });
    if (e.containsKey("metadata")) {
      e.getJsonObject("metadata").forEach(ns -> check(ns.getValue() instanceof JsonObject,
          where + ": metadata namespace " + ns.getKey() + " not an object"));
    }
    if (e.containsKey("cause")) {
      JsonArray exceptions = e.getJsonObject("cause").getJsonArray("exceptions");
      check(exceptions != null && !exceptions.isEmpty(), where + ": cause without exceptions");
      for (Object ex : exceptions) {
        check(ID.matcher(String.valueOf(((JsonObject) ex).getValue("id"))).matches(), where + ": exception id");
        check(((JsonObject) ex).getValue("message") instanceof String, where + ": exception message");
      }
    }
    for (Object child : e.getJsonArray("subsegments", new JsonArray())) {
      JsonObject sub = (JsonObject) child;
      String subWhere = where + " > " + sub.getString("id");
      check(!sub.containsKey("type") && !sub.containsKey("parent_id"), subWhere + ": embedded subsegment with type/parent_id");
      validateEntity(sub, subWhere);
    }
  }

  private void validateHttp(JsonObject e, String where) {
    JsonObject http = e.getJsonObject("http");
    if (http == null) {
      return;
    }
    JsonObject request = http.getJsonObject("request", new JsonObject());
    for (String field : request.fieldNames()) {
      check(Set.of("method", "url", "user_agent", "client_ip", "x_forwarded_for", "traced").contains(field),
          where + ": http.request." + field);
    }
    check(!request.containsKey("x_forwarded_for") || request.getValue("x_forwarded_for") instanceof Boolean,
        where + ": x_forwarded_for not boolean");
    JsonObject response = http.getJsonObject("response", new JsonObject());
    if (response.containsKey("status")) {
      check(response.getValue("status") instanceof Integer, where + ": status not an integer");
      int status = response.getInteger("status");
      boolean error = e.getBoolean("error", false);
      boolean throttle = e.getBoolean("throttle", false);
      boolean fault = e.getBoolean("fault", false);
      boolean want4xx = status >= 400 && status < 500;
      check(error == want4xx && throttle == (status == 429) && fault == (status >= 500),
          where + ": flags error=" + error + " throttle=" + throttle + " fault=" + fault
              + " for status " + status);
    }
  }

  private void check(boolean ok, String problem) {
    if (!ok) {
      problems.add(problem);
    }
  }

  /** @return ids of documents (top level) per trace id */
  Set<String> traceIds() {
    Set<String> ids = new HashSet<>();
    documents.forEach(doc -> ids.add(doc.getString("trace_id")));
    return Collections.unmodifiableSet(ids);
  }

  @Override
  public void close() {
    socket.close();
  }
}
