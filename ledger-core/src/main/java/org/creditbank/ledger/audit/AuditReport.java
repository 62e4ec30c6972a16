package org.creditbank.ledger.audit;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import org.creditbank.ledger.note.SignedNote;

/**
 * What a clean audit found.
 *
 * @param entries the number of entries replayed
 * @param checkpoints the number of stored checkpoints checked
 * @param took how long the audit ran
 * @param latest the latest checkpoint, verified: the one to save for a later {@code --since}
 * @param since the size of the saved checkpoint the ledger was shown consistent with, if one was
 *     given
 */
public record AuditReport(
    long entries, long checkpoints, Duration took, SignedNote latest, OptionalLong since) {
  /**
   * Checks the fields.
   *
   * @param entries the number of entries replayed
   * @param checkpoints the number of stored checkpoints checked
   * @param took how long the audit ran
   * @param latest the latest checkpoint
   * @param since the size of the saved checkpoint, if one was given
   */
  public AuditReport {
    Objects.requireNonNull(took, "took");
    Objects.requireNonNull(latest, "latest");
    Objects.requireNonNull(since, "since");
  }

  /**
   * Returns the rate of the audit.
   *
   * @return entries per second
   */
  public double entriesPerSecond() {
    double s = took.toNanos() / 1e9;
    return s > 0 ? entries / s : 0;
  }
}
