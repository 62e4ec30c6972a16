package org.creditbank.ledger.bank;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * The body of {@code achievement.revoked}: {@code {"issuer", "achievement", "reason"}}. The issuer
 * is written out because the operator may revoke too, so the actor need not be the issuer.
 *
 * @param issuer the institution that recorded the achievement, matching {@code [A-Z0-9-]{2,32}}
 * @param achievement the achievement id, matching {@code [A-Za-z0-9][A-Za-z0-9._:-]{0,63}}
 * @param reason why it is revoked
 */
public record AchievementRevokedBody(
    String issuer, String achievement, AchievementRevocationReason reason) implements Body {

  /**
   * Checks the fields.
   *
   * @param issuer the issuer
   * @param achievement the achievement id
   * @param reason the reason
   * @throws IllegalArgumentException if {@code issuer} or {@code achievement} breaks its pattern
   * @throws NullPointerException if an argument is null
   */
  public AchievementRevokedBody {
    BodyReader.requireInstitutionId(issuer);
    BodyReader.requireMatch(achievement, BodyReader.ID, "an achievement id");
    Objects.requireNonNull(reason, "reason");
  }

  /**
   * Returns {@link StatementType#ACHIEVEMENT_REVOKED}.
   *
   * @return the type
   */
  @Override
  public StatementType type() {
    return StatementType.ACHIEVEMENT_REVOKED;
  }

  /**
   * Parses an untrusted body.
   *
   * @param body the statement's {@code body}
   * @return the body
   * @throws StatementException with {@link RejectCode#SCHEMA} and the member's pointer if a member
   *     is unknown or missing or not a string, {@code issuer} breaks {@code [A-Z0-9-]{2,32}},
   *     {@code achievement} breaks {@code [A-Za-z0-9][A-Za-z0-9._:-]{0,63}}, or {@code reason} is
   *     not one of {@code issuedInError, fraud, withdrawn}
   */
  public static AchievementRevokedBody parse(ObjectNode body) throws StatementException {
    BodyReader.members(body, "/body", List.of("issuer", "achievement", "reason"), List.of());
    String issuer =
        BodyReader.matching(
            body, "/body", "issuer", BodyReader.INSTITUTION_ID, "an institution id");
    String achievement =
        BodyReader.matching(body, "/body", "achievement", BodyReader.ID, "an achievement id");
    String wire =
        BodyReader.oneOf(body.get("reason"), "/body/reason", AchievementRevocationReason.WIRE);
    return new AchievementRevokedBody(
        issuer, achievement, AchievementRevocationReason.fromWire(wire).orElseThrow());
  }

  /**
   * Returns {@code {"issuer", "achievement", "reason"}}.
   *
   * @return a new object
   */
  @Override
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("issuer", issuer);
    o.put("achievement", achievement);
    o.put("reason", reason.wireName());
    return o;
  }
}
