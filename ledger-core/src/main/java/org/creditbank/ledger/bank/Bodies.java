package org.creditbank.ledger.bank;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/** Parses a statement's body into its typed {@link Body}. */
public final class Bodies {
  private Bodies() {}

  /**
   * Parses the body of a statement of type {@code type}.
   *
   * <p>Every type has a typed body, so the result is always present; the {@code Optional} is kept
   * for callers written when only some types had one. It does not compare a genesis body's {@code
   * origin} with the envelope; {@link #parse(Statement)} does.
   *
   * @param type the statement's type
   * @param body the statement's body
   * @return the typed body, always present
   * @throws StatementException with {@link RejectCode#SCHEMA} if the body breaks its type's rules
   *     (see each type's {@code parse})
   */
  public static Optional<Body> parseBody(StatementType type, ObjectNode body)
      throws StatementException {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(body, "body");
    return Optional.of(
        switch (type) {
          case LEDGER_GENESIS -> GenesisBody.parse(body);
          case INSTITUTION_REGISTERED -> InstitutionRegisteredBody.parse(body);
          case INSTITUTION_KEY_ADDED, INSTITUTION_KEY_REVOKED -> KeyChangeBody.parse(type, body);
          case LEARNER_ENROLLED -> LearnerEnrolledBody.parse(body);
          case ACHIEVEMENT_RECORDED -> AchievementRecordedBody.parse(body);
          case ACHIEVEMENT_REVOKED -> AchievementRevokedBody.parse(body);
          case RULE_PUBLISHED -> RulePublishedBody.parse(body);
          case RULE_RETIRED -> RuleRetiredBody.parse(body);
          case CREDIT_CONVERTED -> CreditConvertedBody.parse(body);
          case PROGRAM_PUBLISHED -> ProgramPublishedBody.parse(body);
        });
  }

  /**
   * Parses the body of a parsed statement, and for {@code ledger.genesis} checks that {@code
   * origin} equals the statement's {@code ledger}.
   *
   * @param statement a statement whose envelope {@link Statement#parse} accepted
   * @return the typed body, always present
   * @throws StatementException with {@link RejectCode#SCHEMA} if the body breaks its type's rules,
   *     including a genesis {@code origin} other than the statement's {@code ledger} (field {@code
   *     /body/origin})
   */
  public static Optional<Body> parse(Statement statement) throws StatementException {
    Optional<Body> body = parseBody(statement.type(), statement.body());
    if (body.isPresent()
        && body.get() instanceof GenesisBody g
        && !g.origin().equals(statement.ledger())) {
      throw BodyReader.schema(
          "/body/origin",
          "want the statement's ledger "
              + Statement.quote(statement.ledger())
              + " at /body/origin, got "
              + Statement.quote(g.origin()));
    }
    return body;
  }
}
