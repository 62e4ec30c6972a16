package org.creditbank.ledger.bank;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Why a key was revoked (`institution.keyRevoked` member `reason`). */
public enum KeyRevocationReason {
  /** The private key is, or may be, known to someone else. */
  COMPROMISED("compromised"),
  /** The key was replaced in the ordinary course. */
  RETIRED("retired"),
  /** Any other reason. */
  OTHER("other");

  /** The wire names in declaration order, for messages. */
  static final List<String> WIRE = Stream.of(values()).map(KeyRevocationReason::wireName).toList();

  private final String wire;

  KeyRevocationReason(String wire) {
    this.wire = wire;
  }

  /**
   * Returns the wire name, as written in a statement body.
   *
   * @return for example {@code "compromised"}
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
  public static Optional<KeyRevocationReason> fromWire(String wire) {
    return Stream.of(values()).filter(v -> v.wire.equals(wire)).findFirst();
  }
}
