package org.creditbank.ledger.journal;

import java.util.Objects;
import org.creditbank.ledger.util.Bytes;

/**
 * A statement ready to be sequenced: already parsed, checked and signature-verified by the caller,
 * on the caller's thread.
 *
 * @param actor who made the statement; with {@code id} it identifies the statement for idempotency
 * @param id the statement's id, unique per actor
 * @param statement the statement as RFC 8785 canonical JSON (a JSON object), embedded in the leaf
 *     unchanged
 * @param payload whatever the state machine wants handed back (for example the parsed statement);
 *     never stored
 * @param <P> the payload type of the state machine
 */
public record Submission<P>(String actor, String id, Bytes statement, P payload) {
  /**
   * Checks the fields.
   *
   * @param actor who made the statement; with {@code id} it identifies the statement for
   *     idempotency
   * @param id the statement's id, unique per actor
   * @param statement the statement as RFC 8785 canonical JSON (a JSON object), embedded in the leaf
   *     unchanged
   * @param payload whatever the state machine wants handed back (for example the parsed statement);
   *     never stored
   */
  public Submission {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(statement, "statement");
    if (actor.isEmpty() || id.isEmpty()) {
      throw new IllegalArgumentException("actor and id must not be empty");
    }
    if (statement.size() < 2
        || statement.get(0) != '{'
        || statement.get(statement.size() - 1) != '}') {
      throw new IllegalArgumentException("statement must be a canonical JSON object");
    }
  }
}
