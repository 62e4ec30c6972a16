package org.creditbank.ledger.bank;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The kinds of statement the credit bank accepts, each with its wire name (the {@code type}). */
public enum StatementType {
  /** The first statement of a ledger: origin, operator institution and key, policy defaults. */
  LEDGER_GENESIS("ledger.genesis"),
  /** The operator registers an institution, its keys and what it may do. */
  INSTITUTION_REGISTERED("institution.registered"),
  /** An institution (or the operator) adds a signing key. */
  INSTITUTION_KEY_ADDED("institution.keyAdded"),
  /** An institution (or the operator) revokes a signing key. */
  INSTITUTION_KEY_REVOKED("institution.keyRevoked"),
  /** An institution enrols a pseudonymous learner. */
  LEARNER_ENROLLED("learner.enrolled"),
  /** The issuing institution records a learner's achievement. */
  ACHIEVEMENT_RECORDED("achievement.recorded"),
  /** The issuer or the operator revokes an achievement. */
  ACHIEVEMENT_REVOKED("achievement.revoked"),
  /** An accepting institution publishes a credit conversion rule. */
  RULE_PUBLISHED("rule.published"),
  /** An accepting institution retires one of its rules. */
  RULE_RETIRED("rule.retired"),
  /** A rule's owner converts a learner's achievements into credits in a target programme. */
  CREDIT_CONVERTED("credit.converted"),
  /** An institution publishes the requirements of a qualification. */
  PROGRAM_PUBLISHED("program.published");

  private static final Map<String, StatementType> BY_WIRE =
      Stream.of(values()).collect(Collectors.toUnmodifiableMap(t -> t.wire, Function.identity()));

  private final String wire;

  StatementType(String wire) {
    this.wire = wire;
  }

  /**
   * Returns the wire name, the value of the statement's {@code type} member.
   *
   * @return for example {@code "achievement.recorded"}
   */
  public String wireName() {
    return wire;
  }

  /**
   * Looks up a type by its wire name (exact, case-sensitive).
   *
   * @param wire the {@code type} member as written
   * @return the type, or empty if no type has that wire name
   */
  public static Optional<StatementType> fromWire(String wire) {
    return Optional.ofNullable(BY_WIRE.get(wire));
  }
}
