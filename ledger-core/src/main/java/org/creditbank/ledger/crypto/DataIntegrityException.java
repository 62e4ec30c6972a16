package org.creditbank.ledger.crypto;

import org.creditbank.ledger.util.LedgerException;

/** A W3C Data Integrity proof is malformed, names another key, or its signature does not verify. */
public final class DataIntegrityException extends LedgerException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what was wanted and what was found
   */
  public DataIntegrityException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and its cause.
   *
   * @param message what was wanted and what was found
   * @param cause the underlying failure
   */
  public DataIntegrityException(String message, Throwable cause) {
    super(message, cause);
  }
}
