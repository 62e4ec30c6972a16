package org.creditbank.ledger.journal;

import java.time.Instant;
import java.util.Objects;

/**
 * What the state machine is asked about: a submission and the place the journal would give it.
 *
 * @param seq the sequence number it would get
 * @param time the ledger time it would be stamped with
 * @param submission the submission
 * @param <P> the payload type
 */
public record Entry<P>(long seq, Instant time, Submission<P> submission) {
  /**
   * Checks the fields.
   *
   * @param seq the sequence number it would get
   * @param time the ledger time it would be stamped with
   * @param submission the submission
   */
  public Entry {
    if (seq < 0) {
      throw new IllegalArgumentException("seq must not be negative: " + seq);
    }
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(submission, "submission");
  }
}
