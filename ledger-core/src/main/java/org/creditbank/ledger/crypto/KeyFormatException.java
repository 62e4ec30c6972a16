package org.creditbank.ledger.crypto;

/**
 * Thrown when an encoded key (PKCS#8 PEM, did:key, multibase, raw bytes) is malformed or is not a
 * valid Ed25519 key.
 */
public class KeyFormatException extends EncodingException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what was wanted and what was found
   */
  public KeyFormatException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and its cause.
   *
   * @param message what was wanted and what was found
   * @param cause the underlying failure
   */
  public KeyFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
