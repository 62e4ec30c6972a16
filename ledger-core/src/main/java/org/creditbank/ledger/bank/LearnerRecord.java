package org.creditbank.ledger.bank;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.creditbank.ledger.util.Hash;

/**
 * A learner's account: who enrolled it and what it holds.
 *
 * @param learner the pseudonymous learner id
 * @param enrolledBy the institution that enrolled the learner
 * @param seq the seq of the {@code learner.enrolled} entry
 * @param identityCommitment the salted identity commitment, if one was written
 * @param achievements every achievement recorded for the learner, in order
 * @param conversions every conversion made for the learner, in order
 */
public record LearnerRecord(
    String learner,
    String enrolledBy,
    long seq,
    Optional<Hash> identityCommitment,
    List<AchievementRef> achievements,
    List<ConversionRef> conversions) {
  /**
   * Checks the fields and copies the lists.
   *
   * @param learner the learner id
   * @param enrolledBy the enrolling institution
   * @param seq the seq
   * @param identityCommitment the commitment
   * @param achievements the achievements
   * @param conversions the conversions
   * @throws NullPointerException if an argument is or holds null
   */
  public LearnerRecord {
    Objects.requireNonNull(learner, "learner");
    Objects.requireNonNull(enrolledBy, "enrolledBy");
    Objects.requireNonNull(identityCommitment, "identityCommitment");
    achievements = List.copyOf(achievements);
    conversions = List.copyOf(conversions);
  }
}
