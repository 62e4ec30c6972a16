package org.creditbank.ledger.bank;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A recorded achievement and what happened to it since.
 *
 * @param issuer the institution that recorded it
 * @param body what it recorded
 * @param seq the seq of the {@code achievement.recorded} entry
 * @param status its stored status: {@link AchievementStatus#ACTIVE}, {@link
 *     AchievementStatus#REVOKED} or {@link AchievementStatus#SUPERSEDED} (see {@link #statusOn})
 * @param statusSeq the seq of the entry that revoked or superseded it, if any
 * @param revocationReason why it was revoked, if it was
 * @param supersededBy the id of the issuer's achievement that superseded it, if any
 * @param usedBy the conversions that used it as a source, active or void, in order
 * @param history the seqs of every entry that touched it, in order, its own first
 */
public record AchievementRecord(
    String issuer,
    AchievementRecordedBody body,
    long seq,
    AchievementStatus status,
    OptionalLong statusSeq,
    Optional<AchievementRevocationReason> revocationReason,
    Optional<String> supersededBy,
    List<ConversionRef> usedBy,
    List<Long> history) {

  /**
   * Checks the fields and copies the lists.
   *
   * @param issuer the issuer
   * @param body the body
   * @param seq the seq
   * @param status the stored status, never {@code EXPIRED}
   * @param statusSeq the seq that changed the status
   * @param revocationReason the reason
   * @param supersededBy the superseding id
   * @param usedBy the conversions
   * @param history the seqs
   * @throws IllegalArgumentException if {@code status} is {@code EXPIRED}
   * @throws NullPointerException if an argument is or holds null
   */
  public AchievementRecord {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(statusSeq, "statusSeq");
    Objects.requireNonNull(revocationReason, "revocationReason");
    Objects.requireNonNull(supersededBy, "supersededBy");
    usedBy = List.copyOf(usedBy);
    history = List.copyOf(history);
    if (status == AchievementStatus.EXPIRED) {
      throw new IllegalArgumentException("EXPIRED is computed, never stored");
    }
  }

  /**
   * Returns its reference.
   *
   * @return issuer and achievement id
   */
  public AchievementRef ref() {
    return new AchievementRef(issuer, body.achievement());
  }

  /**
   * Returns its status on a day: the stored status, or {@link AchievementStatus#EXPIRED} if it is
   * active and {@code validUntil} is before {@code day}.
   *
   * @param day the day, in UTC
   * @return the status
   */
  public AchievementStatus statusOn(LocalDate day) {
    return statusOn(status, body, day);
  }

  static AchievementStatus statusOn(
      AchievementStatus stored, AchievementRecordedBody body, LocalDate day) {
    if (stored == AchievementStatus.ACTIVE
        && body.validUntil().isPresent()
        && body.validUntil().get().isBefore(day)) {
      return AchievementStatus.EXPIRED;
    }
    return stored;
  }
}
