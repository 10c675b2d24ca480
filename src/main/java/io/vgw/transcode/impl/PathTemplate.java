package io.vgw.transcode.impl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A parsed {@code google.api.http} path template.
 *
 * <p>Grammar, from {@code google/api/http.proto}:
 * <pre>
 * Template = "/" Segments [ Verb ] ;
 * Segments = Segment { "/" Segment } ;
 * Segment  = "*" | "**" | LITERAL | Variable ;
 * Variable = "{" FieldPath [ "=" Segments ] "}" ;
 * FieldPath = IDENT { "." IDENT } ;
 * Verb     = ":" LITERAL ;
 * </pre>
 * A variable without a pattern is {@code {x=*}}. At most one {@code **} per template; segments may
 * follow it (a fixed tail). Parsing rejects unbalanced braces, a variable inside a variable, empty
 * segments and a second {@code **} with an {@link IllegalArgumentException} naming the template.
 */
public final class PathTemplate {

  /** What one path segment of a template matches. */
  public enum Kind { LITERAL, SINGLE, MULTI }

  /** One segment: a literal text, {@code *} or {@code **}. */
  public record Segment(Kind kind, String literal) {
    static Segment literal(String text) {
      return new Segment(Kind.LITERAL, text);
    }

    /** The segment as it reads in a template; variables do not change a segment's shape. */
    @Override
    public String toString() {
      return kind == Kind.LITERAL ? literal : kind == Kind.SINGLE ? "*" : "**";
    }
  }

  /**
   * A variable binds the template's segments {@code [start, end)} to a field path. A variable that
   * spans more than one segment, or a {@code **}, is multi-segment: its value keeps reserved
   * characters percent-encoded.
   */
  public record Variable(List<String> fieldPath, int start, int end, boolean multiSegment) {

    public String fieldPathString() {
      return String.join(".", fieldPath);
    }
  }

  private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final String source;
  private final List<Segment> segments;
  private final List<Variable> variables;
  private final String verb;

  private PathTemplate(String source, List<Segment> segments, List<Variable> variables, String verb) {
    this.source = source;
    this.segments = Collections.unmodifiableList(segments);
    this.variables = Collections.unmodifiableList(variables);
    this.verb = verb;
  }

  public String source() {
    return source;
  }

  public List<Segment> segments() {
    return segments;
  }

  public List<Variable> variables() {
    return variables;
  }

  /** The custom verb after the last {@code :}, or the empty string. */
  public String verb() {
    return verb;
  }

  /**
   * The template with variables erased ({@code /v1/{name=shelves/*}} reads {@code /v1/shelves/*}):
   * two templates with the same shape match exactly the same paths.
   */
  public String shape() {
    StringBuilder sb = new StringBuilder();
    for (Segment s : segments) {
      sb.append('/').append(s);
    }
    if (!verb.isEmpty()) {
      sb.append(':').append(verb);
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return source;
  }

  public static PathTemplate parse(String template) {
    return new Parser(template).parse();
  }

  private static final class Parser {
    private final String src;
    private int pos;
    private final List<Segment> segments = new ArrayList<>();
    private final List<Variable> variables = new ArrayList<>();
    private boolean inVariable;
    private boolean sawMulti;

    Parser(String src) {
      this.src = src;
    }

    PathTemplate parse() {
      if (src == null || !src.startsWith("/")) {
        throw error("must start with '/'");
      }
      String body = src;
      String verb = "";
      // The verb is the text after the last ':' that is outside any variable and after the last '/'.
      int colon = verbColon();
      if (colon >= 0) {
        verb = src.substring(colon + 1);
        if (verb.isEmpty() || verb.contains("/") || verb.contains("{") || verb.contains("}") || verb.contains("*")) {
          throw error("invalid verb '" + verb + "'");
        }
        body = src.substring(0, colon);
      }
      if (body.equals("/")) {
        // "/" alone: the root path. http.proto requires at least one segment, but "/" with a verb
        // or alone is accepted by grpc-gateway; we map it to zero segments.
        return new PathTemplate(src, segments, variables, verb);
      }
      pos = 1;
      String text = body;
      parseSegments(text, text.length());
      if (pos != text.length()) {
        throw error("unexpected '" + text.charAt(pos) + "' at " + pos);
      }
      return new PathTemplate(src, segments, variables, verb);
    }

    private int verbColon() {
      int depth = 0;
      int lastSlash = -1;
      int colon = -1;
      for (int i = 0; i < src.length(); i++) {
        char c = src.charAt(i);
        if (c == '{') {
          depth++;
        } else if (c == '}') {
          depth--;
        } else if (depth == 0 && c == '/') {
          lastSlash = i;
          colon = -1;
        } else if (depth == 0 && c == ':' && i > lastSlash && colon < 0) {
          colon = i;
        }
      }
      return colon;
    }

    /** Segments up to {@code limit} or a closing brace. */
    private void parseSegments(String text, int limit) {
      parseSegment(text, limit);
      while (pos < limit && text.charAt(pos) == '/') {
        pos++;
        parseSegment(text, limit);
      }
    }

    private void parseSegment(String text, int limit) {
      if (pos >= limit || text.charAt(pos) == '/' || text.charAt(pos) == '}') {
        throw error("empty segment at " + pos);
      }
      char c = text.charAt(pos);
      if (c == '{') {
        parseVariable(text, limit);
      } else if (c == '*') {
        if (pos + 1 < limit && text.charAt(pos + 1) == '*') {
          if (sawMulti) {
            throw error("more than one '**'");
          }
          sawMulti = true;
          segments.add(new Segment(Kind.MULTI, null));
          pos += 2;
        } else {
          segments.add(new Segment(Kind.SINGLE, null));
          pos += 1;
        }
        if (pos < limit && text.charAt(pos) != '/' && text.charAt(pos) != '}') {
          throw error("'*' must be a whole segment");
        }
      } else {
        int start = pos;
        while (pos < limit && text.charAt(pos) != '/' && text.charAt(pos) != '}') {
          char l = text.charAt(pos);
          // ':' only ever introduces the verb; inside a literal it would read back as one.
          if (l == '{' || l == '*' || l == '=' || l == ':') {
            throw error("unexpected '" + l + "' in literal at " + pos);
          }
          pos++;
        }
        segments.add(Segment.literal(text.substring(start, pos)));
      }
    }

    private void parseVariable(String text, int limit) {
      if (inVariable) {
        throw error("variable inside a variable at " + pos);
      }
      int close = text.indexOf('}', pos);
      if (close < 0 || close > limit) {
        throw error("unbalanced '{' at " + pos);
      }
      int nested = text.indexOf('{', pos + 1);
      if (nested >= 0 && nested < close) {
        throw error("variable inside a variable at " + nested);
      }
      pos++;
      int eq = text.indexOf('=', pos);
      int nameEnd = eq >= 0 && eq < close ? eq : close;
      String name = text.substring(pos, nameEnd);
      List<String> path = new ArrayList<>();
      for (String part : name.split("\\.", -1)) {
        if (!IDENT.matcher(part).matches()) {
          throw error("invalid field path '" + name + "'");
        }
        path.add(part);
      }
      int start = segments.size();
      if (nameEnd == close) {
        segments.add(new Segment(Kind.SINGLE, null));
        pos = close;
      } else {
        pos = eq + 1;
        inVariable = true;
        parseSegments(text, close);
        inVariable = false;
        if (pos != close) {
          throw error("unexpected '" + text.charAt(pos) + "' in variable at " + pos);
        }
      }
      pos = close + 1;
      boolean multi = segments.size() - start > 1 || segments.get(start).kind() == Kind.MULTI;
      variables.add(new Variable(path, start, segments.size(), multi));
      if (pos < text.length() && text.charAt(pos) != '/') {
        throw error("a variable must be a whole segment");
      }
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException("invalid path template '" + src + "': " + what);
    }
  }
}
