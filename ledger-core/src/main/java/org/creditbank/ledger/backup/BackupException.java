package org.creditbank.ledger.backup;

import org.creditbank.ledger.util.LedgerException;

/** A backup cannot be made, is damaged or incomplete, or cannot be restored where asked. */
public class BackupException extends LedgerException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was wanted and what was found
   */
  public BackupException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what was wanted and what was found
   * @param cause what failed
   */
  public BackupException(String message, Throwable cause) {
    super(message, cause);
  }
}
