package org.creditbank.ledger.note;

/** Thrown when a signature by a known key fails to verify, or no known key signed a note. */
public class NoteVerificationException extends NoteException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what was wanted and what was found
   */
  public NoteVerificationException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and its cause.
   *
   * @param message what was wanted and what was found
   * @param cause the underlying failure
   */
  public NoteVerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
