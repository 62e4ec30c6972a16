package org.creditbank.ledger.bank;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What kind of institution a registered institution is (`institution.registered` member `kind`).
 */
public enum InstitutionKind {
  /** An open university (国家开放大学 and its branches). */
  OPEN_UNIVERSITY("openUniversity"),
  /** A university or college awarding degrees. */
  UNIVERSITY("university"),
  /** A higher vocational college. */
  VOCATIONAL_COLLEGE("vocationalCollege"),
  /** A secondary vocational school. */
  VOCATIONAL_SCHOOL("vocationalSchool"),
  /** A body awarding vocational or skill certificates. */
  CERTIFICATION_BODY("certificationBody"),
  /** A training provider. */
  TRAINING_PROVIDER("trainingProvider"),
  /** A community school. */
  COMMUNITY_SCHOOL("communitySchool"),
  /** A school for older learners. */
  SENIOR_SCHOOL("seniorSchool"),
  /** An enterprise training its staff. */
  ENTERPRISE("enterprise");

  /** The wire names in declaration order, for messages. */
  static final List<String> WIRE = Stream.of(values()).map(InstitutionKind::wireName).toList();

  private final String wire;

  InstitutionKind(String wire) {
    this.wire = wire;
  }

  /**
   * Returns the wire name, as written in a statement body.
   *
   * @return for example {@code "openUniversity"}
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
  public static Optional<InstitutionKind> fromWire(String wire) {
    return Stream.of(values()).filter(v -> v.wire.equals(wire)).findFirst();
  }
}
