package org.creditbank.ledger.journal;

import org.creditbank.ledger.util.LedgerException;

/**
 * Reading or writing the ledger's storage failed, or what is stored is not a ledger this code can
 * open: a missing or foreign directory, an unknown format version, a directory open in another
 * process, or stored data that does not agree with itself.
 */
public class StorageException extends LedgerException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what was wanted and what was found
   */
  public StorageException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and its cause.
   *
   * @param message what was wanted and what was found
   * @param cause the underlying failure
   */
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
