package org.creditbank.ledger.crypto;

import org.creditbank.ledger.util.LedgerException;

/** Thrown when a signature is malformed or does not verify under the given public key. */
public class SignatureVerificationException extends LedgerException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what was wanted and what was found
   */
  public SignatureVerificationException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and its cause.
   *
   * @param message what was wanted and what was found
   * @param cause the underlying failure
   */
  public SignatureVerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
