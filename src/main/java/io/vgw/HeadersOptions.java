package io.vgw;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which HTTP headers become gRPC metadata, and which metadata comes back as HTTP headers: the
 * declarative form of grpc-gateway's {@code WithIncomingHeaderMatcher} and
 * {@code WithOutgoingHeaderMatcher}.
 *
 * <p>Each direction has <b>rules</b> and a <b>defaults</b> switch. A rule maps a name to a name:
 * {@code "x-request-id": "x-request-id"} (forward under the same name), {@code "x-api-key":
 * "api-key"} (rename), {@code "x-tenant-*": "tenant-*"} (a prefix; the {@code *} of the target
 * takes what the pattern's {@code *} matched), {@code "cookie": ""} (never forward). Names are
 * case-insensitive; when several rules match, the exact one wins, then the longest prefix. A name
 * that no rule matches goes to grpc-gateway's default matcher when {@code defaults} is true (the
 * default), and is dropped when it is false: then the rules replace the default matcher.
 *
 * <pre>{@code
 * "headers": {
 *   "incoming": {"rules": {"x-request-id": "x-request-id", "cookie": ""}, "defaults": true},
 *   "outgoing": {"rules": {"x-ratelimit-*": "X-RateLimit-*"}, "defaults": false}
 * }
 * }</pre>
 *
 * <p>Incoming rules map request header names to metadata keys; outgoing rules map response
 * metadata keys to header names (and trailer keys to trailer names, sent only when the request
 * said {@code TE: trailers}). Whatever the rules say, hop-by-hop headers, {@code grpc-*} keys and
 * the headers gRPC itself sets ({@code content-type}, {@code te}, {@code host}) are never
 * forwarded; a rule naming one is refused here.
 */
public class HeadersOptions {

  /** Incoming headers no rule names go through grpc-gateway's default matcher. */
  public static final boolean DEFAULT_INCOMING_DEFAULTS = true;
  /** Response metadata no rule names goes out as {@code Grpc-Metadata-<key>} (trailers {@code Grpc-Trailer-<key>}). */
  public static final boolean DEFAULT_OUTGOING_DEFAULTS = true;

  /** Names that describe one HTTP connection or that gRPC sets itself: never forwarded either way. */
  private static final Set<String> NEVER = Set.of(
      "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te",
      "trailer", "transfer-encoding", "upgrade", "host", "content-type", "content-length");

  private Map<String, String> incomingRules = new LinkedHashMap<>();
  private boolean incomingDefaults = DEFAULT_INCOMING_DEFAULTS;
  private Map<String, String> outgoingRules = new LinkedHashMap<>();
  private boolean outgoingDefaults = DEFAULT_OUTGOING_DEFAULTS;

  public HeadersOptions() {
  }

  public HeadersOptions(HeadersOptions other) {
    this(other.toJson());
  }

  /** @throws IllegalArgumentException naming the key of a bad rule */
  public HeadersOptions(JsonObject json) {
    JsonObject in = object(json, "incoming");
    JsonObject out = object(json, "outgoing");
    setIncomingDefaults(bool(in, "defaults", DEFAULT_INCOMING_DEFAULTS, "headers.incoming.defaults"));
    setOutgoingDefaults(bool(out, "defaults", DEFAULT_OUTGOING_DEFAULTS, "headers.outgoing.defaults"));
    object(in, "rules").forEach(e -> addIncomingRule(e.getKey(), String.valueOf(e.getValue())));
    object(out, "rules").forEach(e -> addOutgoingRule(e.getKey(), String.valueOf(e.getValue())));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("incoming", new JsonObject().put("rules", new JsonObject(new LinkedHashMap<>(incomingRules)))
            .put("defaults", incomingDefaults))
        .put("outgoing", new JsonObject().put("rules", new JsonObject(new LinkedHashMap<>(outgoingRules)))
            .put("defaults", outgoingDefaults));
  }

  private static JsonObject object(JsonObject json, String key) {
    Object v = json.getValue(key);
    if (v == null) {
      return new JsonObject();
    }
    if (!(v instanceof JsonObject o)) {
      throw new IllegalArgumentException("headers: '" + key + "' must be an object, not " + v);
    }
    return o;
  }

  private static boolean bool(JsonObject json, String key, boolean def, String name) {
    Object v = json.getValue(key, def);
    if (v instanceof Boolean b) {
      return b;
    }
    if ("true".equals(String.valueOf(v)) || "false".equals(String.valueOf(v))) {
      return Boolean.parseBoolean(String.valueOf(v));
    }
    throw new IllegalArgumentException(name + " must be true or false: " + v);
  }

  public Map<String, String> getIncomingRules() {
    return incomingRules;
  }

  /**
   * @param header a request header name, or a prefix ending in {@code *}
   * @param metadataKey the metadata key ({@code [0-9a-z._-]}), with a {@code *} if {@code header}
   *     has one; empty to never forward the header
   * @throws IllegalArgumentException when either name is not valid, the key is reserved
   *     ({@code grpc-*}, hop-by-hop, {@code content-type}, …), or a {@code *} has nothing to copy
   */
  public HeadersOptions addIncomingRule(String header, String metadataKey) {
    String what = "headers.incoming.rules[\"" + header + "\"]";
    String pattern = checkPattern(header, what, HeadersOptions::isToken);
    String target = checkTarget(metadataKey, pattern, what, HeadersOptions::isMetadataKeyChar, false);
    incomingRules.put(pattern, target);
    return this;
  }

  public HeadersOptions setIncomingRules(Map<String, String> rules) {
    incomingRules = new LinkedHashMap<>();
    rules.forEach(this::addIncomingRule);
    return this;
  }

  public boolean isIncomingDefaults() {
    return incomingDefaults;
  }

  /**
   * @param incomingDefaults false: only the rules decide, like a {@code WithIncomingHeaderMatcher}
   *     that does not call grpc-gateway's {@code DefaultHeaderMatcher}
   */
  public HeadersOptions setIncomingDefaults(boolean incomingDefaults) {
    this.incomingDefaults = incomingDefaults;
    return this;
  }

  public Map<String, String> getOutgoingRules() {
    return outgoingRules;
  }

  /**
   * @param metadataKey a response metadata key, or a prefix ending in {@code *}
   * @param header the HTTP header (or trailer) name, with a {@code *} if {@code metadataKey} has one;
   *     empty to never send that metadata
   * @throws IllegalArgumentException when either name is not valid or the header is one the
   *     gateway owns ({@code content-type}, hop-by-hop, …)
   */
  public HeadersOptions addOutgoingRule(String metadataKey, String header) {
    String what = "headers.outgoing.rules[\"" + metadataKey + "\"]";
    String pattern = checkPattern(metadataKey, what, HeadersOptions::isMetadataKeyChar);
    String target = checkTarget(header, pattern, what, HeadersOptions::isToken, true);
    outgoingRules.put(pattern, target);
    return this;
  }

  public HeadersOptions setOutgoingRules(Map<String, String> rules) {
    outgoingRules = new LinkedHashMap<>();
    rules.forEach(this::addOutgoingRule);
    return this;
  }

  public boolean isOutgoingDefaults() {
    return outgoingDefaults;
  }

  /** @param outgoingDefaults false: metadata that no rule names is not sent to the HTTP client */
  public HeadersOptions setOutgoingDefaults(boolean outgoingDefaults) {
    this.outgoingDefaults = outgoingDefaults;
    return this;
  }

  private interface CharCheck {
    boolean ok(char c);
  }

  private static String checkPattern(String name, String what, CharCheck chars) {
    if (name == null || name.isEmpty() || name.equals("*")) {
      throw new IllegalArgumentException(what + ": the name is empty");
    }
    String lower = name.toLowerCase(Locale.ROOT);
    String fixed = lower.endsWith("*") ? lower.substring(0, lower.length() - 1) : lower;
    for (int i = 0; i < fixed.length(); i++) {
      if (!chars.ok(fixed.charAt(i))) {
        throw new IllegalArgumentException(what + ": '" + name + "' is not a valid name (a '*' may only end it)");
      }
    }
    return lower;
  }

  private static String checkTarget(String target, String pattern, String what, CharCheck chars, boolean keepCase) {
    if (target == null) {
      throw new IllegalArgumentException(what + ": no target name");
    }
    String lower = target.toLowerCase(Locale.ROOT);
    if (lower.isEmpty()) {
      return lower; // never forward
    }
    int star = lower.indexOf('*');
    if (star >= 0 && (lower.indexOf('*', star + 1) >= 0 || !pattern.endsWith("*"))) {
      throw new IllegalArgumentException(what + ": '" + target + "' may hold one '*' only when the pattern ends in '*'");
    }
    String fixed = lower.replace("*", "");
    for (int i = 0; i < fixed.length(); i++) {
      if (!chars.ok(fixed.charAt(i))) {
        throw new IllegalArgumentException(what + ": '" + target + "' is not a valid name");
      }
    }
    if (lower.startsWith("grpc-") || NEVER.contains(lower)) {
      throw new IllegalArgumentException(what + ": '" + target + "' is reserved (grpc-*, hop-by-hop, or set by gRPC itself)");
    }
    // Metadata keys are lower case on the wire; a header name keeps the case it was given (HTTP/1.1 shows it).
    return keepCase ? target : lower;
  }

  /** RFC 9110 §5.6.2 token characters, lower case. */
  private static boolean isToken(char c) {
    return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "!#$%&'+-.^_`|~".indexOf(c) >= 0;
  }

  /** gRPC metadata keys: {@code [0-9a-z._-]}. */
  private static boolean isMetadataKeyChar(char c) {
    return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-';
  }
}
