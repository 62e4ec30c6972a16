package org.creditbank.ledger.journal;

/**
 * Lets the server's tests make a journal's writes fail as RocksDB's do when the disk is full,
 * through the journal's package-private write hook.
 */
public final class JournalFaults {
  private JournalFaults() {}

  /** From now on every group write of {@code journal} fails with a no-space storage error. */
  public static void failWrites(Journal<?> journal) {
    journal.writeHook =
        () -> {
          throw new StorageException(
              "storage write failed: While appending to file: 000004.log: No space left on device"
                  + " (injected)");
        };
  }

  /** Writes work again. */
  public static void healWrites(Journal<?> journal) {
    journal.writeHook = () -> {};
  }
}
