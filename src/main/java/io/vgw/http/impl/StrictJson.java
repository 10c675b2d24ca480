package io.vgw.http.impl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Checks that a body is exactly one strict JSON value (RFC 8259) in valid UTF-8, no deeper than a
 * limit, in one streaming pass that builds nothing. The protobuf JSON parser is lenient (single
 * quotes, {@code 01}, {@code +1}, trailing garbage, raw control characters, bad UTF-8 replaced
 * silently); a gateway must not pass such input on as if the client had meant it.
 */
final class StrictJson {

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private StrictJson() {
  }

  /**
   * RFC 8259 §8.1: JSON is UTF-8. Java's decoder refuses overlong forms and encoded surrogates,
   * which a JSON parser's own UTF-8 handling may let through.
   */
  private static boolean isUtf8(byte[] body) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** @return null when the body is fine, else what is wrong with it (for a 400 answer) */
  static String problem(byte[] body, int maxDepth) {
    if (!isUtf8(body)) {
      return "malformed JSON: the body is not valid UTF-8";
    }
    try (JsonParser p = FACTORY.createParser(body)) {
      int depth = 0;
      JsonToken t = p.nextToken();
      if (t == null) {
        return "empty JSON body";
      }
      do {
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          if (++depth > maxDepth) {
            return "JSON body nests deeper than " + maxDepth + " levels";
          }
        } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          depth--;
        }
        if (depth == 0) {
          break;
        }
        t = p.nextToken();
      } while (t != null);
      if (p.nextToken() != null) {
        return "malformed JSON: more than one value (line " + p.currentLocation().getLineNr()
            + ", column " + p.currentLocation().getColumnNr() + ")";
      }
      return null;
    } catch (JsonProcessingException e) {
      return "malformed JSON: " + e.getOriginalMessage().split("\n", 2)[0]
          + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    } catch (IOException e) {
      return "malformed JSON";
    }
  }
}
