package org.creditbank.ledger.bank;

import java.util.Objects;
import org.creditbank.ledger.journal.Submission;

/**
 * A statement whose envelope, proof and body have been checked: what the credit bank's state
 * machine decides on. Build one with {@link #of(Statement)}.
 *
 * @param statement the parsed, signature-verified statement
 * @param body its typed body
 */
public record VerifiedStatement(Statement statement, Body body) {
  /**
   * Checks that the body belongs to the statement's type.
   *
   * @param statement the statement
   * @param body the body
   * @throws IllegalArgumentException if {@code body} is of another type
   * @throws NullPointerException if an argument is null
   */
  public VerifiedStatement {
    Objects.requireNonNull(statement, "statement");
    Objects.requireNonNull(body, "body");
    if (body.type() != statement.type()) {
      throw new IllegalArgumentException(
          "body of type " + body.type() + " for a statement of type " + statement.type());
    }
  }

  /**
   * Parses the typed body of a parsed statement.
   *
   * @param statement a statement {@link Statement#parse} accepted
   * @return the verified statement
   * @throws StatementException with {@link RejectCode#SCHEMA} if the body breaks its type's rules
   */
  public static VerifiedStatement of(Statement statement) throws StatementException {
    return new VerifiedStatement(statement, Bodies.parse(statement).orElseThrow());
  }

  /**
   * Returns the journal submission that carries this statement.
   *
   * @return a submission keyed by actor and id, holding the canonical bytes and this as payload
   */
  public Submission<VerifiedStatement> toSubmission() {
    return new Submission<>(statement.actor(), statement.id(), statement.canonical(), this);
  }
}
