package org.creditbank.ledger.util;

/**
 * Root of the ledger's checked exceptions: untrusted input that is malformed or fails verification,
 * and I/O that fails. Caller bugs are {@link IllegalArgumentException} or {@link
 * IllegalStateException} instead.
 */
public class LedgerException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what was wanted and what was found
   */
  public LedgerException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and its cause.
   *
   * @param message what was wanted and what was found
   * @param cause the underlying failure
   */
  public LedgerException(String message, Throwable cause) {
    super(message, cause);
  }
}
