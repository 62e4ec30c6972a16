package org.creditbank.ledger.bundle;

/** A well-formed bundle whose checkpoint or some entry does not verify. */
public final class BundleVerificationException extends BundleException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the place (checkpoint, or the entry's seq) and what is wrong there
   */
  public BundleVerificationException(String message) {
    super(message);
  }
}
