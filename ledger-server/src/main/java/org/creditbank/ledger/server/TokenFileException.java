package org.creditbank.ledger.server;

import org.creditbank.ledger.util.LedgerException;

/** A tokens file could not be read, or a line of it is malformed. */
public final class TokenFileException extends LedgerException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what was wanted and what was found, naming the file and line
   */
  public TokenFileException(String message) {
    super(message);
  }

  /**
   * Creates an exception with its cause.
   *
   * @param message what was wanted and what was found, naming the file
   * @param cause the underlying failure
   */
  public TokenFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
