package org.creditbank.ledger.audit;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.creditbank.ledger.util.Bytes;

/**
 * How an audit runs.
 *
 * @param since a signed checkpoint an earlier audit saved: the ledger must be an extension of it
 *     (RFC 9162 §2.1.4 consistency proof), if given
 * @param threads how many threads verify signatures, at least 1
 * @param scratch where the temporary replayed state is made (and deleted afterwards)
 * @param progress told how far the audit is, every few thousand entries; on the calling thread
 */
public record AuditOptions(
    Optional<Bytes> since, int threads, Path scratch, LedgerAuditor.Progress progress) {
  /**
   * Checks the fields.
   *
   * @param since a saved signed checkpoint, if any
   * @param threads how many threads verify signatures, at least 1
   * @param scratch where the temporary replayed state is made
   * @param progress told how far the audit is
   */
  public AuditOptions {
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(scratch, "scratch");
    Objects.requireNonNull(progress, "progress");
    if (threads < 1) {
      throw new IllegalArgumentException("want at least 1 thread, got " + threads);
    }
  }

  /**
   * The defaults: no saved checkpoint, one verifying thread per core, the scratch state in the
   * system's temporary directory, no progress.
   *
   * @return the options
   */
  public static AuditOptions defaults() {
    return new AuditOptions(
        Optional.empty(),
        Runtime.getRuntime().availableProcessors(),
        Path.of(System.getProperty("java.io.tmpdir")),
        (done, total) -> {});
  }

  /**
   * Returns these options with a saved checkpoint to be consistent with.
   *
   * @param note the signed checkpoint note bytes
   * @return new options
   */
  public AuditOptions withSince(Bytes note) {
    return new AuditOptions(Optional.of(note), threads, scratch, progress);
  }

  /**
   * Returns these options with a progress listener.
   *
   * @param p the listener
   * @return new options
   */
  public AuditOptions withProgress(LedgerAuditor.Progress p) {
    return new AuditOptions(since, threads, scratch, p);
  }

  /**
   * Returns these options with another number of verifying threads.
   *
   * @param n the threads, at least 1
   * @return new options
   */
  public AuditOptions withThreads(int n) {
    return new AuditOptions(since, n, scratch, progress);
  }
}
