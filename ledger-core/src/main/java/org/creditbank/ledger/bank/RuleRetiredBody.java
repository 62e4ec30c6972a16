package org.creditbank.ledger.bank;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The body of {@code rule.retired}: {@code {"rule"}}. That the rule is the actor's own is for the
 * state machine.
 *
 * @param rule the id of the rule retired, matching {@code [A-Za-z0-9][A-Za-z0-9._:-]{0,63}}
 */
public record RuleRetiredBody(String rule) implements Body {

  /**
   * Checks the rule id.
   *
   * @param rule the rule id
   * @throws IllegalArgumentException if it breaks its pattern
   * @throws NullPointerException if it is null
   */
  public RuleRetiredBody {
    BodyReader.requireMatch(rule, BodyReader.ID, "a rule id");
  }

  /**
   * Returns {@link StatementType#RULE_RETIRED}.
   *
   * @return the type
   */
  @Override
  public StatementType type() {
    return StatementType.RULE_RETIRED;
  }

  /**
   * Parses an untrusted body.
   *
   * @param body the statement's {@code body}
   * @return the body
   * @throws StatementException with {@link RejectCode#SCHEMA} and the member's pointer if a member
   *     is unknown or missing, or {@code rule} is not a string matching {@code
   *     [A-Za-z0-9][A-Za-z0-9._:-]{0,63}}
   */
  public static RuleRetiredBody parse(ObjectNode body) throws StatementException {
    BodyReader.members(body, "/body", List.of("rule"), List.of());
    return new RuleRetiredBody(
        BodyReader.matching(body, "/body", "rule", BodyReader.ID, "a rule id"));
  }

  /**
   * Returns {@code {"rule"}}.
   *
   * @return a new object
   */
  @Override
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("rule", rule);
    return o;
  }
}
