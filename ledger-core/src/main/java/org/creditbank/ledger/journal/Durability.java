package org.creditbank.ledger.journal;

/** When an acknowledged group is on disk. */
public enum Durability {
  /**
   * The default: every group's write-ahead log is fsynced before any of its receipts is returned.
   * An acknowledged statement survives a crash of the process, the operating system or the power.
   */
  SYNC,
  /**
   * For bulk imports only: the write-ahead log is written but not fsynced. An acknowledged
   * statement survives a crash of the process, but a crash of the operating system or the power can
   * lose the groups written since the operating system last flushed its cache (typically up to
   * about 30 seconds). What survives is still a prefix of the log.
   */
  ASYNC
}
