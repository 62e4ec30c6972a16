package org.creditbank.ledger.bundle;

import org.creditbank.ledger.util.LedgerException;

/** A bundle is malformed, cannot be made as asked, or does not verify. */
public class BundleException extends LedgerException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was wanted and what was found
   */
  public BundleException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what was wanted and what was found
   * @param cause what failed
   */
  public BundleException(String message, Throwable cause) {
    super(message, cause);
  }
}
