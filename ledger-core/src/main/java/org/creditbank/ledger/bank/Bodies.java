package org.creditbank.ledger.bank;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/** Parses a statement's body into its typed {@link Body}, for the types that have one so far. */
public final class Bodies {
  private Bodies() {}

  /**
   * Parses the body of a statement of type {@code type}.
   *
   * <p>Typed bodies exist for {@code ledger.genesis}, {@code institution.registered}, {@code
   * institution.keyAdded}, {@code institution.keyRevoked} and {@code learner.enrolled}; for the
   * other types this returns empty without looking at the body. It does not compare a genesis
   * body's {@code origin} with the envelope; {@link #parse(Statement)} does.
   *
   * @param type the statement's type
   * @param body the statement's body
   * @return the typed body, or empty if {@code type} has no typed body yet
   * @throws StatementException with {@link RejectCode#SCHEMA} if the body breaks its type's rules
   *     (see each type's {@code parse})
   */
  public static Optional<Body> parseBody(StatementType type, ObjectNode body)
      throws StatementException {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(body, "body");
    return Optional.ofNullable(
        switch (type) {
          case LEDGER_GENESIS -> GenesisBody.parse(body);
          case INSTITUTION_REGISTERED -> InstitutionRegisteredBody.parse(body);
          case INSTITUTION_KEY_ADDED, INSTITUTION_KEY_REVOKED -> KeyChangeBody.parse(type, body);
          case LEARNER_ENROLLED -> LearnerEnrolledBody.parse(body);
          case ACHIEVEMENT_RECORDED,
              ACHIEVEMENT_REVOKED,
              RULE_PUBLISHED,
              RULE_RETIRED,
              CREDIT_CONVERTED,
              PROGRAM_PUBLISHED ->
              null;
        });
  }

  /**
   * Parses the body of a parsed statement, and for {@code ledger.genesis} checks that {@code
   * origin} equals the statement's {@code ledger}.
   *
   * @param statement a statement whose envelope {@link Statement#parse} accepted
   * @return the typed body, or empty if its type has no typed body yet
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
