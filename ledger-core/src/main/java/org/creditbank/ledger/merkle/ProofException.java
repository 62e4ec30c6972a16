package org.creditbank.ledger.merkle;

import org.creditbank.ledger.util.LedgerException;

/**
 * A Merkle inclusion or consistency proof is malformed or does not verify: wrong proof length,
 * index beyond the tree size, hash of the wrong length, or a computed root that differs from the
 * expected one.
 */
public class ProofException extends LedgerException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what was wanted and what was found
   */
  public ProofException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and its cause.
   *
   * @param message what was wanted and what was found
   * @param cause the underlying failure
   */
  public ProofException(String message, Throwable cause) {
    super(message, cause);
  }
}
