package org.creditbank.ledger.bank;

import org.creditbank.ledger.util.LedgerException;

/**
 * An identity commitment does not open to the salt and identity number given: the salt or the
 * number is wrong, or the number is not a valid resident identity number at all.
 */
public class CommitmentMismatchException extends LedgerException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what was wanted and what was found
   */
  public CommitmentMismatchException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and its cause.
   *
   * @param message what was wanted and what was found
   * @param cause the underlying failure
   */
  public CommitmentMismatchException(String message, Throwable cause) {
    super(message, cause);
  }
}
