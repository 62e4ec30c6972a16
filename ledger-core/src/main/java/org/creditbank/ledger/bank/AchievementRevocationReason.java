package org.creditbank.ledger.bank;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Why an achievement was revoked (`achievement.revoked` member `reason`). */
public enum AchievementRevocationReason {
  /** The record was made by mistake (wrong learner, wrong course, wrong result). */
  ISSUED_IN_ERROR("issuedInError"),
  /** The achievement was obtained by fraud. */
  FRAUD("fraud"),
  /** The issuer withdrew the achievement (for example a certificate was withdrawn). */
  WITHDRAWN("withdrawn");

  /** The wire names in declaration order, for messages. */
  static final List<String> WIRE =
      Stream.of(values()).map(AchievementRevocationReason::wireName).toList();

  private final String wire;

  AchievementRevocationReason(String wire) {
    this.wire = wire;
  }

  /**
   * Returns the wire name, as written in a statement body.
   *
   * @return for example {@code "issuedInError"}
   */
  public String wireName() {
    return wire;
  }

  /**
   * Looks up a value by its wire name (exact, case-sensitive).
   *
   * @param wire the name as written
   * @return the value, or empty if none has that wire name
   */
  public static Optional<AchievementRevocationReason> fromWire(String wire) {
    return Stream.of(values()).filter(v -> v.wire.equals(wire)).findFirst();
  }
}
