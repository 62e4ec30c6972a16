package org.creditbank.ledger.bank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.creditbank.ledger.util.Hash;

/**
 * A document kept off the ledger that backs an achievement (a scanned certificate, a transcript),
 * named by its digest: {@code {"sha256", "mediaType"}}.
 *
 * @param sha256 SHA-256 of the document's bytes, written as 64 lower-case hex digits
 * @param mediaType its media type (RFC 6838 §4.2, lower case), such as {@code application/pdf}
 */
public record Evidence(Hash sha256, String mediaType) {
  /** The pattern of {@code mediaType}: a lower-case type/subtype without parameters. */
  static final Pattern MEDIA_TYPE =
      Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}");

  /**
   * Checks the media type.
   *
   * @param sha256 the digest
   * @param mediaType the media type
   * @throws IllegalArgumentException if {@code mediaType} breaks its pattern
   * @throws NullPointerException if an argument is null
   */
  public Evidence {
    Objects.requireNonNull(sha256, "sha256");
    BodyReader.requireMatch(mediaType, MEDIA_TYPE, "a media type");
  }

  /**
   * Returns {@code {"sha256", "mediaType"}}, the digest in lower-case hex.
   *
   * @return a new object
   */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("sha256", sha256.toHex());
    o.put("mediaType", mediaType);
    return o;
  }

  /** Parses the untrusted evidence at {@code field}. */
  static Evidence parse(JsonNode v, String field) throws StatementException {
    ObjectNode o = BodyReader.object(v, field);
    BodyReader.members(o, field, List.of("sha256", "mediaType"), List.of());
    String hex =
        BodyReader.matching(
            o,
            field,
            "sha256",
            LearnerEnrolledBody.COMMITMENT,
            "a SHA-256 digest in lower-case hex");
    return new Evidence(
        Hash.fromHex(hex), BodyReader.matching(o, field, "mediaType", MEDIA_TYPE, "a media type"));
  }
}
