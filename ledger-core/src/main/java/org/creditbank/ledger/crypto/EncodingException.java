package org.creditbank.ledger.crypto;

import org.creditbank.ledger.util.LedgerException;

/** Thrown when a textual encoding (base58btc, multibase) of untrusted input is malformed. */
public class EncodingException extends LedgerException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what was wanted and what was found
   */
  public EncodingException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and its cause.
   *
   * @param message what was wanted and what was found
   * @param cause the underlying failure
   */
  public EncodingException(String message, Throwable cause) {
    super(message, cause);
  }
}
