package org.creditbank.ledger.journal;

import java.util.Objects;
import org.creditbank.ledger.util.LedgerException;

/**
 * A statement was refused: by the state machine (a rule it breaks) or by the journal itself (a
 * different statement already holds its actor and id). Only the caller of that statement sees it;
 * the rest of its group is unaffected.
 */
public class RejectedException extends LedgerException {
  private static final long serialVersionUID = 1L;

  /** The code the journal uses when another statement already holds the same (actor, id). */
  public static final String DUPLICATE_ID = "duplicate-id";

  private final String code;

  /**
   * Creates a rejection.
   *
   * @param code a stable machine-readable reason, for example {@code "duplicate-id"}
   * @param message what was wanted and what was found
   */
  public RejectedException(String code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
  }

  /**
   * Creates a rejection with its cause.
   *
   * @param code a stable machine-readable reason
   * @param message what was wanted and what was found
   * @param cause the underlying failure
   */
  public RejectedException(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /**
   * Returns the machine-readable reason.
   *
   * @return the code, for example {@code "duplicate-id"}
   */
  public String code() {
    return code;
  }
}
