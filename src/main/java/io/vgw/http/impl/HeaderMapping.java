package io.vgw.http.impl;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vgw.HeadersOptions;
import io.vgw.transcode.impl.StatusException;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * HTTP headers to gRPC metadata and back. By default, grpc-gateway's matchers:
 * {@code Grpc-Metadata-Foo} becomes {@code foo}; the IANA permanent headers become
 * {@code grpcgateway-<name>} ({@code Authorization} also plain); {@code x-forwarded-for} gets the
 * peer appended and {@code x-forwarded-host} the Host. Response metadata comes back as
 * {@code Grpc-Metadata-<key>}, trailers as {@code Grpc-Trailer-<key>} when the request said
 * {@code TE: trailers}. Rules of {@link HeadersOptions} come first and may replace the defaults.
 * Reserved {@code grpc-*} keys, hop-by-hop headers, the headers gRPC sets itself and keys or values
 * gRPC cannot carry are never forwarded, whatever the rules say.
 */
final class HeaderMapping {

  /** grpc-gateway's matchers and nothing else. */
  static final HeaderMapping DEFAULT = new HeaderMapping(new HeadersOptions());

  private static final String METADATA_PREFIX = "grpc-metadata-";
  private static final String OUT_HEADER_PREFIX = "Grpc-Metadata-";
  private static final String OUT_TRAILER_PREFIX = "Grpc-Trailer-";
  private static final Set<String> PERMANENT = Set.of(
      "accept", "accept-charset", "accept-language", "accept-ranges", "authorization", "cache-control",
      "content-type", "cookie", "date", "expect", "from", "host", "if-match", "if-modified-since",
      "if-none-match", "if-schedule-tag-match", "if-unmodified-since", "max-forwards", "origin", "pragma",
      "referer", "user-agent", "via", "warning");
  // RFC 7230 §6.1 and the ones proxies treat alike: they describe one connection, not the request.
  private static final Set<String> HOP_BY_HOP = Set.of(
      "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te",
      "trailer", "transfer-encoding", "upgrade");
  // Keys that HTTP/2 forbids in a request or that gRPC sets itself: as metadata they would break the call.
  private static final Set<String> NOT_METADATA = Set.of("host", "content-type", "content-length");

  private final HeaderRules incomingRules;
  private final boolean incomingDefaults;
  private final HeaderRules outgoingRules;
  private final boolean outgoingDefaults;

  HeaderMapping(HeadersOptions options) {
    this.incomingRules = new HeaderRules(options.getIncomingRules());
    this.incomingDefaults = options.isIncomingDefaults();
    this.outgoingRules = new HeaderRules(options.getOutgoingRules());
    this.outgoingDefaults = options.isOutgoingDefaults();
  }

  /**
   * The metadata to send with the backend call.
   *
   * @throws StatusException INVALID_ARGUMENT for a {@code -bin} header that is not base64
   */
  MultiMap incoming(HttpServerRequest request) {
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    for (Map.Entry<String, String> h : request.headers()) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      String value = h.getValue();
      if (HOP_BY_HOP.contains(name)) {
        continue;
      }
      String ruled = incomingRules.apply(name);
      if (ruled != null) {
        if (!ruled.isEmpty()) {
          add(out, ruled, value);
        }
        continue;
      }
      if (name.equals("authorization")) {
        // grpc-gateway passes it on plain whatever its matcher says; only a rule can stop it.
        add(out, "authorization", value);
      }
      if (!incomingDefaults) {
        continue;
      }
      if (name.startsWith(METADATA_PREFIX)) {
        add(out, name.substring(METADATA_PREFIX.length()), value);
      } else if (PERMANENT.contains(name)) {
        add(out, "grpcgateway-" + name, value);
      }
    }
    SocketAddress peer = request.remoteAddress();
    String xff = request.getHeader("x-forwarded-for");
    if (peer != null && peer.host() != null) {
      out.set("x-forwarded-for", xff == null || xff.isBlank() ? peer.host() : xff + ", " + peer.host());
    } else if (xff != null) {
      out.set("x-forwarded-for", xff);
    }
    String fwdHost = request.getHeader("x-forwarded-host");
    String host = fwdHost != null ? fwdHost : request.authority() != null ? request.authority().toString() : null;
    if (host != null && printable(host)) {
      out.set("x-forwarded-host", host);
    }
    return out;
  }

  private static void add(MultiMap out, String key, String value) {
    if (key.isEmpty() || key.startsWith("grpc-") || HOP_BY_HOP.contains(key) || NOT_METADATA.contains(key)
        || !validKey(key) || !printable(value)) {
      return;
    }
    if (key.endsWith("-bin")) {
      // gRPC carries binary values base64-encoded; the HTTP client sent base64 too. Vert.x does not
      // re-encode, so check it is base64 (std or URL-safe) and send it on unpadded as gRPC prefers.
      out.add(key, rebase64(key, value));
    } else {
      out.add(key, value);
    }
  }

  private static String rebase64(String key, String value) {
    String v = value.trim();
    byte[] bytes;
    try {
      bytes = v.indexOf('-') >= 0 || v.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(v) : Base64.getDecoder().decode(v);
    } catch (IllegalArgumentException e) {
      throw StatusException.invalidArgument("header for metadata '" + key + "' is not valid base64");
    }
    return Base64.getEncoder().withoutPadding().encodeToString(bytes);
  }

  /** gRPC metadata keys: {@code [0-9a-z._-]}. */
  private static boolean validKey(String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** gRPC ASCII values: printable characters and space (0x20..0x7E). */
  private static boolean printable(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /**
   * Response metadata as headers and, when the client asked for them, trailers as HTTP trailers.
   * Headers only before the response's head is written; trailers until it ends. Before the head, a
   * response with trailers announces them ({@code Trailer}) and, in HTTP/1.1, becomes chunked.
   */
  void outgoing(Iterable<Map.Entry<String, String>> headers, Iterable<Map.Entry<String, String>> trailers,
      HttpServerRequest request, HttpServerResponse response) {
    if (headers != null) {
      for (Map.Entry<String, String> h : headers) {
        String name = outgoingName(h, OUT_HEADER_PREFIX);
        if (name != null) {
          response.headers().add(name, h.getValue());
        }
      }
    }
    if (trailers == null || !acceptsTrailers(request)) {
      return;
    }
    Set<String> announced = new LinkedHashSet<>();
    for (Map.Entry<String, String> t : trailers) {
      String name = outgoingName(t, OUT_TRAILER_PREFIX);
      if (name != null) {
        response.trailers().add(name, t.getValue());
        announced.add(name);
      }
    }
    if (!announced.isEmpty() && !response.headWritten()) {
      // RFC 9110 §6.6.2: announce the trailer fields; HTTP/1.1 carries trailers only when chunked.
      response.putHeader("Trailer", String.join(", ", announced));
      if (request.version() != HttpVersion.HTTP_2) {
        response.setChunked(true);
      }
    }
  }

  /** The header (or trailer) name for one metadata entry, or null when it does not go out. */
  private String outgoingName(Map.Entry<String, String> entry, String defaultPrefix) {
    String key = entry.getKey().toLowerCase(Locale.ROOT);
    if (key.startsWith(":") || key.startsWith("grpc-") || HOP_BY_HOP.contains(key) || NOT_METADATA.contains(key)
        || !printable(entry.getValue())) {
      return null;
    }
    String ruled = outgoingRules.apply(key);
    if (ruled != null) {
      return ruled.isEmpty() ? null : ruled;
    }
    return outgoingDefaults ? defaultPrefix + canonical(key) : null;
  }

  /** {@code x-request-id} → {@code X-Request-Id}, as Go's net/http writes the names grpc-gateway sends. */
  private static String canonical(String key) {
    StringBuilder sb = new StringBuilder(key.length());
    boolean upper = true;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      sb.append(upper ? Character.toUpperCase(c) : c);
      upper = c == '-';
    }
    return sb.toString();
  }

  /**
   * RFC 9110 §10.1.4: trailers only when the client said it accepts them ({@code TE: trailers}),
   * as grpc-gateway does; an HTTP/1.1 client that did not may not read them at all.
   */
  static boolean acceptsTrailers(HttpServerRequest request) {
    for (String te : request.headers().getAll("te")) {
      for (String part : te.split(",")) {
        if (part.split(";", 2)[0].trim().equalsIgnoreCase("trailers")) {
          return true;
        }
      }
    }
    return false;
  }
}
