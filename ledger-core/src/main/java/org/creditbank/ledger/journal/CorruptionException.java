package org.creditbank.ledger.journal;

/**
 * The stored ledger does not agree with itself: the head does not match the stored tree or chain,
 * or a stored value has the wrong shape. It is reported, never repaired silently.
 */
public final class CorruptionException extends StorageException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what was wanted and what was found
   */
  public CorruptionException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and its cause.
   *
   * @param message what was wanted and what was found
   * @param cause the underlying failure
   */
  public CorruptionException(String message, Throwable cause) {
    super(message, cause);
  }
}
