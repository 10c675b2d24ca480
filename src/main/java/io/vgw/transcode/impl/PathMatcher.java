package io.vgw.transcode.impl;

import io.vgw.transcode.impl.PathTemplate.Segment;
import io.vgw.transcode.impl.PathTemplate.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the route for an HTTP method and path among many templates, without scanning them all:
 * a trie with one level per path segment.
 *
 * <p>When several templates match a path, the most specific wins, whatever the order they were
 * added in: at each segment, from the left, a literal beats {@code *}, which beats {@code **} (a
 * depth-first search that tries children in that order and stops at the first complete match); a
 * {@code **} gives way to a literal tail after it. A {@code :verb} on the last segment is tried
 * first as a verb, then as part of the segment. A path that matches
 * templates of other HTTP methods only gives {@link Result#allowed()} for a 405 answer. A route
 * added for {@link #ANY_METHOD} matches every method that has no route of its own there.
 *
 * <p>Built once, then read by many threads: not safe to {@link #add} while matching.
 */
public final class PathMatcher<T> {

  /** The outcome of a lookup: a route with its bound variables, or what is allowed instead. */
  public record Result<T>(T route, PathTemplate template, Map<String, String> variables, Set<String> allowed) {
    public boolean found() {
      return route != null;
    }
  }

  private static final class Node<T> {
    final Map<String, Node<T>> literals = new HashMap<>();
    Node<T> single;
    Node<T> multi;
    // verb -> HTTP method -> entry
    Map<String, Map<String, Entry<T>>> leaves;
  }

  private record Entry<T>(T route, PathTemplate template) {
  }

  /** The HTTP method of a {@code custom {kind: "*"}} rule: any method. */
  public static final String ANY_METHOD = "*";

  private final Node<T> root = new Node<>();
  private int size;

  /**
   * Adds a route. Throws {@link IllegalArgumentException} when a template of the same shape is
   * already registered for the same HTTP method: the two could never be told apart.
   */
  public void add(String httpMethod, PathTemplate template, T route) {
    Node<T> node = root;
    for (Segment s : template.segments()) {
      switch (s.kind()) {
        case LITERAL -> node = node.literals.computeIfAbsent(s.literal(), k -> new Node<>());
        case SINGLE -> node = node.single != null ? node.single : (node.single = new Node<>());
        case MULTI -> node = node.multi != null ? node.multi : (node.multi = new Node<>());
      }
    }
    if (node.leaves == null) {
      node.leaves = new HashMap<>();
    }
    Map<String, Entry<T>> byMethod = node.leaves.computeIfAbsent(template.verb(), v -> new HashMap<>());
    Entry<T> previous = byMethod.putIfAbsent(httpMethod, new Entry<>(route, template));
    if (previous != null) {
      throw new IllegalArgumentException("conflicting templates: " + httpMethod + " " + template
          + " (" + route + ") has the same shape as " + httpMethod + " " + previous.template()
          + " (" + previous.route() + ")");
    }
    size++;
  }

  public int size() {
    return size;
  }

  /**
   * Looks up a raw (still percent-encoded) path without its query string.
   *
   * @throws StatusException INVALID_ARGUMENT for a malformed percent escape
   */
  public Result<T> match(String httpMethod, String rawPath) {
    String[] raw = splitPath(rawPath);
    Set<String> allowed = new TreeSet<>();
    // "/v1/{name=tasks/*}:cancel": try the last segment's ":verb" first, then the whole segment.
    String last = raw.length > 0 ? raw[raw.length - 1] : "";
    int colon = last.lastIndexOf(':');
    if (colon > 0) {
      String[] withoutVerb = raw.clone();
      withoutVerb[raw.length - 1] = last.substring(0, colon);
      Result<T> r = new Search(httpMethod, withoutVerb, last.substring(colon + 1), allowed).run();
      if (r != null) {
        return r;
      }
    }
    Result<T> r = new Search(httpMethod, raw, "", allowed).run();
    return r != null ? r : new Result<>(null, null, Map.of(), allowed);
  }

  /**
   * RFC 3986 §3.3 dot-segments ("." and "..", also percent-encoded, also inside a decoded
   * "%2e%2e%2f") mean "this" and "parent" to any file- or URL-based backend: a variable carrying
   * one is path traversal waiting to happen, so it is refused.
   */
  private static void rejectDotSegments(Variable v, String decodedSegment) {
    for (String part : decodedSegment.split("/", -1)) {
      if (part.equals(".") || part.equals("..")) {
        throw StatusException.invalidArgument("path variable \"" + v.fieldPathString() + "\" holds a dot-segment");
      }
    }
  }

  private static String[] splitPath(String rawPath) {
    if (rawPath.isEmpty() || rawPath.equals("/")) {
      return new String[0];
    }
    String p = rawPath.charAt(0) == '/' ? rawPath.substring(1) : rawPath;
    return p.split("/", -1);
  }

  /** One depth-first search; {@code starts[d]} is the path index where template segment d began. */
  private final class Search {
    private final String method;
    private final String[] raw;
    private final String[] decoded;
    private final String verb;
    private final Set<String> allowed;
    private final int[] starts;

    Search(String method, String[] raw, String verb, Set<String> allowed) {
      this.method = method;
      this.raw = raw;
      this.verb = verb;
      this.allowed = allowed;
      this.decoded = new String[raw.length];
      for (int i = 0; i < raw.length; i++) {
        decoded[i] = PercentDecoder.decodeAll(raw[i]);
      }
      this.starts = new int[raw.length + 2];
    }

    Result<T> run() {
      return visit(root, 0, 0);
    }

    private Result<T> visit(Node<T> node, int i, int depth) {
      if (depth >= starts.length) {
        return null;
      }
      starts[depth] = i;
      if (i == raw.length && node.leaves != null) {
        Map<String, Entry<T>> byMethod = node.leaves.get(verb);
        if (byMethod != null) {
          Entry<T> e = byMethod.get(method);
          if (e == null) {
            // http.proto: custom {kind: "*"} leaves the method unspecified; an exact method wins over it.
            e = byMethod.get(ANY_METHOD);
          }
          if (e != null) {
            return new Result<>(e.route(), e.template(), bind(e.template(), depth), Set.of());
          }
          allowed.addAll(byMethod.keySet());
        }
      }
      if (i < raw.length) {
        Node<T> lit = node.literals.get(decoded[i]);
        if (lit != null) {
          Result<T> r = visit(lit, i + 1, depth + 1);
          if (r != null) {
            return r;
          }
        }
        if (node.single != null && !raw[i].isEmpty()) {
          Result<T> r = visit(node.single, i + 1, depth + 1);
          if (r != null) {
            return r;
          }
        }
      }
      if (node.multi != null) {
        // "**" takes as few segments as it can: with a fixed tail after it there is one way to match
        // at most, and "/a/**/z" is tried before "/a/**" claims the "z" (the literal is more specific).
        for (int end = i; end <= raw.length; end++) {
          Result<T> r = visit(node.multi, end, depth + 1);
          if (r != null) {
            return r;
          }
        }
      }
      return null;
    }

    private Map<String, String> bind(PathTemplate template, int depth) {
      if (template.variables().isEmpty()) {
        return Map.of();
      }
      Map<String, String> out = new LinkedHashMap<>();
      for (Variable v : template.variables()) {
        int from = starts[v.start()];
        int to = v.end() < depth ? starts[v.end()] : raw.length;
        for (int k = from; k < to; k++) {
          rejectDotSegments(v, decoded[k]);
        }
        if (v.multiSegment()) {
          List<String> parts = new ArrayList<>(to - from);
          for (int k = from; k < to; k++) {
            parts.add(raw[k]);
          }
          out.put(v.fieldPathString(), PercentDecoder.decodeUnreserved(String.join("/", parts)));
        } else {
          out.put(v.fieldPathString(), decoded[from]);
        }
      }
      return out;
    }
  }
}
