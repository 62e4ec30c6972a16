package org.creditbank.ledger.note;

/** Thrown when a note, verifier or signer key, checkpoint or tlog-proof is malformed. */
public class NoteFormatException extends NoteException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what was wanted and what was found
   */
  public NoteFormatException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and its cause.
   *
   * @param message what was wanted and what was found
   * @param cause the underlying failure
   */
  public NoteFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
