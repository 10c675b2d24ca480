package io.vgw.http.impl;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import io.vgw.transcode.impl.StatusException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * HTTP headers to gRPC metadata and back, with grpc-gateway's default matchers:
 * {@code Grpc-Metadata-Foo} becomes {@code foo}; the IANA permanent headers become
 * {@code grpcgateway-<name>} ({@code Authorization} also plain); {@code x-forwarded-for} gets the
 * peer appended and {@code x-forwarded-host} the Host. Response metadata comes back as
 * {@code Grpc-Metadata-<key>}. Reserved {@code grpc-*} keys, hop-by-hop headers and keys gRPC
 * cannot carry are never forwarded.
 */
final class HeaderMapping {

  private static final String METADATA_PREFIX = "grpc-metadata-";
  private static final Set<String> PERMANENT = Set.of(
      "accept", "accept-charset", "accept-language", "accept-ranges", "authorization", "cache-control",
      "content-type", "cookie", "date", "expect", "from", "host", "if-match", "if-modified-since",
      "if-none-match", "if-schedule-tag-match", "if-unmodified-since", "max-forwards", "origin", "pragma",
      "referer", "user-agent", "via", "warning");
  // RFC 7230 §6.1 and the ones proxies treat alike: they describe one connection, not the request.
  private static final Set<String> HOP_BY_HOP = Set.of(
      "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te",
      "trailer", "transfer-encoding", "upgrade");

  private HeaderMapping() {
  }

  /**
   * The metadata to send with the backend call.
   *
   * @throws StatusException INVALID_ARGUMENT for a {@code -bin} header that is not base64
   */
  static MultiMap incoming(HttpServerRequest request) {
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    for (Map.Entry<String, String> h : request.headers()) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      String value = h.getValue();
      if (HOP_BY_HOP.contains(name)) {
        continue;
      }
      if (name.startsWith(METADATA_PREFIX)) {
        add(out, name.substring(METADATA_PREFIX.length()), value);
      } else if (PERMANENT.contains(name)) {
        add(out, "grpcgateway-" + name, value);
        if (name.equals("authorization")) {
          add(out, "authorization", value);
        }
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
    if (key.isEmpty() || key.startsWith("grpc-") || !validKey(key) || !printable(value)) {
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

  /** Response metadata as {@code Grpc-Metadata-<key>} headers. */
  static void outgoing(MultiMap backendHeaders, HttpServerResponse response) {
    if (backendHeaders == null) {
      return;
    }
    for (Map.Entry<String, String> h : backendHeaders) {
      String key = h.getKey().toLowerCase(Locale.ROOT);
      if (key.startsWith(":") || key.startsWith("grpc-") || key.equals("content-type")
          || HOP_BY_HOP.contains(key) || !printable(h.getValue())) {
        continue;
      }
      response.headers().add("Grpc-Metadata-" + key, h.getValue());
    }
  }
}
