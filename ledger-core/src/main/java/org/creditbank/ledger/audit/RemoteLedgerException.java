package org.creditbank.ledger.audit;

import org.creditbank.ledger.util.LedgerException;

/**
 * A remote ledger could not be asked: the connection failed, the server answered with an error
 * status (its RFC 9457 problem {@code detail} is in the message), or the answer was malformed.
 */
public final class RemoteLedgerException extends LedgerException {
  private static final long serialVersionUID = 1L;

  /** The HTTP status, or 0 if there was no answer. */
  private final int status;

  /**
   * Creates the exception.
   *
   * @param status the HTTP status, or 0 if there was no answer
   * @param message what failed
   * @param cause what caused it, or null
   */
  public RemoteLedgerException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /**
   * Returns the HTTP status of the answer.
   *
   * @return the status, or 0 if there was no answer
   */
  public int status() {
    return status;
  }
}
