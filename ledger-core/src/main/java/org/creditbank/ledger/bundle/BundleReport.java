package org.creditbank.ledger.bundle;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The verdicts on a bundle: on its checkpoint and on each entry.
 *
 * @param learner the learner the bundle is about
 * @param origin the ledger's origin
 * @param size the checkpoint's tree size (0 if the checkpoint did not parse)
 * @param checkpointFailure what is wrong with the checkpoint, if anything
 * @param entries a verdict for each entry, in the bundle's order
 */
public record BundleReport(
    String learner,
    String origin,
    long size,
    Optional<String> checkpointFailure,
    List<Verdict> entries) {
  /** What became of an achievement or a conversion, as of the bundle's checkpoint. */
  public enum State {
    /** It stands: nothing in the bundle ended it. */
    ACTIVE,
    /** An {@code achievement.revoked} entry of the bundle revoked the achievement. */
    REVOKED,
    /** A later {@code achievement.recorded} entry of the bundle names it in {@code supersedes}. */
    SUPERSEDED,
    /** A source of the conversion is revoked or superseded by an entry of the bundle. */
    VOID
  }

  /**
   * The status of an achievement or a conversion as of the bundle's checkpoint, as far as the
   * bundle shows it: a bundle may leave out a revocation, so {@link State#ACTIVE} means only that
   * no entry of the bundle ended it.
   *
   * @param state the state
   * @param endedAt the seq of the entry that revoked or superseded it (for {@link State#VOID}: that
   *     ended its source); empty exactly when {@link State#ACTIVE}
   */
  public record Status(State state, OptionalLong endedAt) {
    /** The status of an entry nothing ended. */
    public static final Status ACTIVE = new Status(State.ACTIVE, OptionalLong.empty());

    /**
     * Checks the fields.
     *
     * @param state the state
     * @param endedAt the seq of the ending entry
     * @throws IllegalArgumentException if {@code endedAt} is present for {@link State#ACTIVE}, or
     *     absent or negative otherwise
     */
    public Status {
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(endedAt, "endedAt");
      if ((state == State.ACTIVE) == endedAt.isPresent()
          || (endedAt.isPresent() && endedAt.getAsLong() < 0)) {
        throw new IllegalArgumentException(
            "want a non-negative seq exactly for an ended entry, got " + state + " " + endedAt);
      }
    }

    /**
     * Returns the status of an entry ended at a seq.
     *
     * @param state how it ended, not {@link State#ACTIVE}
     * @param seq the seq of the entry that ended it
     * @return the status
     */
    public static Status ended(State state, long seq) {
      return new Status(state, OptionalLong.of(seq));
    }
  }

  /**
   * The verdict on one entry.
   *
   * @param seq the entry's seq
   * @param what what the entry is, such as {@code achievement.recorded NURSE-VC/ACH-1 by NURSE-VC}
   * @param status for an {@code achievement.recorded} or {@code credit.converted} entry that is in
   *     the log (its leaf, statement and inclusion proof check out), its status as of the
   *     checkpoint; empty for every other entry. An ended one (revoked, superseded, void) has a
   *     failure too.
   * @param failure what is wrong with it, if anything
   */
  public record Verdict(long seq, String what, Optional<Status> status, Optional<String> failure) {
    /**
     * Checks the fields.
     *
     * @param seq the entry's seq
     * @param what what the entry is
     * @param status its status, if it is an achievement or a conversion
     * @param failure what is wrong, if anything
     * @throws IllegalArgumentException if the status is ended but there is no failure
     */
    public Verdict {
      Objects.requireNonNull(what, "what");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(failure, "failure");
      if (status.isPresent() && status.get().state() != State.ACTIVE && failure.isEmpty()) {
        throw new IllegalArgumentException(
            "an ended entry (" + status.get().state() + ") must fail, seq " + seq);
      }
    }

    /**
     * Returns whether the entry verified and, for an achievement or conversion, still stands.
     *
     * @return true if nothing is wrong with it
     */
    public boolean ok() {
      return failure.isEmpty();
    }
  }

  /**
   * Checks the fields and copies the verdicts.
   *
   * @param learner the learner
   * @param origin the origin
   * @param size the checkpoint's size
   * @param checkpointFailure what is wrong with the checkpoint
   * @param entries the verdicts
   */
  public BundleReport {
    Objects.requireNonNull(learner, "learner");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(checkpointFailure, "checkpointFailure");
    entries = List.copyOf(entries);
  }

  /**
   * Returns whether anything failed.
   *
   * @return true if the checkpoint or any entry failed
   */
  public boolean failed() {
    return checkpointFailure.isPresent() || entries.stream().anyMatch(v -> !v.ok());
  }

  /**
   * Returns the failures, each as {@code "checkpoint: <reason>"} or {@code "seq <n>: <reason>"}.
   *
   * @return the failures in bundle order, the checkpoint first
   */
  public List<String> failures() {
    java.util.ArrayList<String> out = new java.util.ArrayList<>();
    checkpointFailure.ifPresent(f -> out.add("checkpoint: " + f));
    for (Verdict v : entries) {
      v.failure().ifPresent(f -> out.add("seq " + v.seq() + ": " + f));
    }
    return List.copyOf(out);
  }
}
