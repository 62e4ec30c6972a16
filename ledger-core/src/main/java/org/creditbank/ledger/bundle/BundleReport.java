package org.creditbank.ledger.bundle;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
  /**
   * The verdict on one entry.
   *
   * @param seq the entry's seq
   * @param what what the entry is, such as {@code achievement.recorded NURSE-VC/ACH-1 by NURSE-VC}
   * @param failure what is wrong with it, if anything
   */
  public record Verdict(long seq, String what, Optional<String> failure) {
    /**
     * Checks the fields.
     *
     * @param seq the entry's seq
     * @param what what the entry is
     * @param failure what is wrong, if anything
     */
    public Verdict {
      Objects.requireNonNull(what, "what");
      Objects.requireNonNull(failure, "failure");
    }

    /**
     * Returns whether the entry verified.
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
