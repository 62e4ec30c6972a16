package org.creditbank.ledger.bank;

/** The status of a recorded achievement in a learner's account. */
public enum AchievementStatus {
  /** Recorded and standing. */
  ACTIVE,
  /** Revoked by its issuer or the operator; conversions that used it are void. */
  REVOKED,
  /** Replaced by a later record of the same issuer that names it in {@code supersedes}. */
  SUPERSEDED,
  /**
   * Past its {@code validUntil} date. Never stored: a query reports it for an active achievement
   * whose date has passed, and a conversion refuses it.
   */
  EXPIRED
}
