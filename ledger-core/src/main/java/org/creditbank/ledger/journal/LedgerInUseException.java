package org.creditbank.ledger.journal;

import java.nio.file.Path;

/**
 * The ledger could not be opened because another process (or this one) holds its directory's lock,
 * as a running {@code ledger serve} does: nothing is wrong with the ledger itself.
 */
public final class LedgerInUseException extends StorageException {
  private static final long serialVersionUID = 1L;

  private final transient Path dir;

  LedgerInUseException(Path dir, String message, Throwable cause) {
    super(message, cause);
    this.dir = dir;
  }

  /**
   * Returns the ledger directory that is held.
   *
   * @return the directory given to open
   */
  public Path dir() {
    return dir;
  }
}
