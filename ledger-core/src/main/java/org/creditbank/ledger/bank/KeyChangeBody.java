package org.creditbank.ledger.bank;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.creditbank.ledger.crypto.Ed25519PublicKey;

/**
 * The body of {@code institution.keyAdded} ({@code {"institution", "key"}}) and of {@code
 * institution.keyRevoked} ({@code {"institution", "key", "reason"}}).
 *
 * @param type {@link StatementType#INSTITUTION_KEY_ADDED} or {@link
 *     StatementType#INSTITUTION_KEY_REVOKED}
 * @param institution the institution whose key it is
 * @param key the key added or revoked, written as its {@code did:key}
 * @param reason why the key was revoked: present exactly when {@code type} is keyRevoked
 */
public record KeyChangeBody(
    StatementType type,
    String institution,
    Ed25519PublicKey key,
    Optional<KeyRevocationReason> reason)
    implements Body {

  /**
   * Checks the fields.
   *
   * @param type the statement type
   * @param institution the institution id, matching {@code [A-Z0-9-]{2,32}}
   * @param key the key
   * @param reason the reason, present exactly for keyRevoked
   * @throws IllegalArgumentException if {@code type} is another type, {@code institution} breaks
   *     its pattern, or {@code reason} is present for keyAdded or absent for keyRevoked
   * @throws NullPointerException if an argument is null
   */
  public KeyChangeBody {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(institution, "institution");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(reason, "reason");
    if (type != StatementType.INSTITUTION_KEY_ADDED
        && type != StatementType.INSTITUTION_KEY_REVOKED) {
      throw new IllegalArgumentException("want a key change type, got " + type);
    }
    BodyReader.requireInstitutionId(institution);
    if (reason.isPresent() != (type == StatementType.INSTITUTION_KEY_REVOKED)) {
      throw new IllegalArgumentException(
          "want a reason exactly for " + StatementType.INSTITUTION_KEY_REVOKED + ", got " + type);
    }
  }

  /**
   * Creates an {@code institution.keyAdded} body.
   *
   * @param institution the institution id
   * @param key the key added
   * @return the body
   */
  public static KeyChangeBody added(String institution, Ed25519PublicKey key) {
    return new KeyChangeBody(
        StatementType.INSTITUTION_KEY_ADDED, institution, key, Optional.empty());
  }

  /**
   * Creates an {@code institution.keyRevoked} body.
   *
   * @param institution the institution id
   * @param key the key revoked
   * @param reason why
   * @return the body
   */
  public static KeyChangeBody revoked(
      String institution, Ed25519PublicKey key, KeyRevocationReason reason) {
    return new KeyChangeBody(
        StatementType.INSTITUTION_KEY_REVOKED, institution, key, Optional.of(reason));
  }

  /**
   * Parses an untrusted body of a key change.
   *
   * @param type {@link StatementType#INSTITUTION_KEY_ADDED} or {@link
   *     StatementType#INSTITUTION_KEY_REVOKED}, from the envelope
   * @param body the statement's {@code body}
   * @return the body
   * @throws StatementException with {@link RejectCode#SCHEMA} and the member's pointer if a member
   *     is unknown or missing, of the wrong JSON type, {@code institution} breaks {@code
   *     [A-Z0-9-]{2,32}}, {@code key} is not a valid Ed25519 {@code did:key}, or {@code reason} is
   *     not one of {@code compromised, retired, other}
   * @throws IllegalArgumentException if {@code type} is not a key change type
   */
  public static KeyChangeBody parse(StatementType type, ObjectNode body) throws StatementException {
    boolean revoked = type == StatementType.INSTITUTION_KEY_REVOKED;
    if (!revoked && type != StatementType.INSTITUTION_KEY_ADDED) {
      throw new IllegalArgumentException("want a key change type, got " + type);
    }
    BodyReader.members(
        body,
        "/body",
        revoked ? List.of("institution", "key", "reason") : List.of("institution", "key"),
        List.of());
    String institution =
        BodyReader.matching(
            body, "/body", "institution", BodyReader.INSTITUTION_ID, "an institution id");
    Ed25519PublicKey key = BodyReader.didKey(body, "/body", "key");
    Optional<KeyRevocationReason> reason = Optional.empty();
    if (revoked) {
      String wire = BodyReader.oneOf(body.get("reason"), "/body/reason", KeyRevocationReason.WIRE);
      reason = KeyRevocationReason.fromWire(wire);
    }
    return new KeyChangeBody(type, institution, key, reason);
  }

  /**
   * Returns {@code {"institution", "key", "reason"?}}.
   *
   * @return a new object
   */
  @Override
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("institution", institution);
    o.put("key", key.toDidKey());
    reason.ifPresent(r -> o.put("reason", r.wireName()));
    return o;
  }
}
