package org.creditbank.ledger.bank;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The kinds of learning outcome an institution may be permitted to issue (`institution.registered`
 * member `permissions.issue`).
 */
public enum OutcomeKind {
  /** A course of a degree or diploma programme. */
  COURSE("course"),
  /** A vocational qualification certificate. */
  VOCATIONAL_CERTIFICATE("vocationalCertificate"),
  /** A skill level certificate. */
  SKILL_CERTIFICATE("skillCertificate"),
  /** Non-formal training. */
  TRAINING("training"),
  /** A massive open online course. */
  MOOC("mooc"),
  /** Community education. */
  COMMUNITY_EDUCATION("communityEducation"),
  /** Education for older learners. */
  SENIOR_EDUCATION("seniorEducation"),
  /** Recognized prior (informal) learning. */
  PRIOR_LEARNING("priorLearning");

  /** The wire names in declaration order, for messages. */
  static final List<String> WIRE = Stream.of(values()).map(OutcomeKind::wireName).toList();

  private final String wire;

  OutcomeKind(String wire) {
    this.wire = wire;
  }

  /**
   * Returns the wire name, as written in a statement body.
   *
   * @return for example {@code "vocationalCertificate"}
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
  public static Optional<OutcomeKind> fromWire(String wire) {
    return Stream.of(values()).filter(v -> v.wire.equals(wire)).findFirst();
  }
}
