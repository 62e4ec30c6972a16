package org.creditbank.ledger.note;

import org.creditbank.ledger.util.LedgerException;

/**
 * Root of the note package's checked exceptions: a malformed note, key, checkpoint or proof, or a
 * note that fails verification.
 */
public class NoteException extends LedgerException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what was wanted and what was found
   */
  public NoteException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and its cause.
   *
   * @param message what was wanted and what was found
   * @param cause the underlying failure
   */
  public NoteException(String message, Throwable cause) {
    super(message, cause);
  }
}
