package org.creditbank.ledger.bank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * An achievement named by its issuer and its id: {@code {"issuer", "achievement"}}.
 *
 * @param issuer the issuing institution, matching {@code [A-Z0-9-]{2,32}}
 * @param achievement the achievement id the issuer gave it, matching {@code
 *     [A-Za-z0-9][A-Za-z0-9._:-]{0,63}}
 */
public record AchievementRef(String issuer, String achievement) {
  /**
   * Checks the fields.
   *
   * @param issuer the issuer
   * @param achievement the achievement id
   * @throws IllegalArgumentException if either breaks its pattern
   * @throws NullPointerException if either is null
   */
  public AchievementRef {
    BodyReader.requireInstitutionId(issuer);
    BodyReader.requireMatch(achievement, BodyReader.ID, "an achievement id");
  }

  /**
   * Returns {@code {"issuer", "achievement"}}.
   *
   * @return a new object
   */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("issuer", issuer);
    o.put("achievement", achievement);
    return o;
  }

  /** Parses the untrusted reference at {@code field}. */
  static AchievementRef parse(JsonNode v, String field) throws StatementException {
    ObjectNode o = BodyReader.object(v, field);
    BodyReader.members(o, field, List.of("issuer", "achievement"), List.of());
    return new AchievementRef(
        BodyReader.matching(o, field, "issuer", BodyReader.INSTITUTION_ID, "an institution id"),
        BodyReader.matching(o, field, "achievement", BodyReader.ID, "an achievement id"));
  }
}
