package org.creditbank.ledger.server;

import java.util.Objects;
import java.util.Optional;

/**
 * Who presented a token: a role and, for institutions and learners, the id they act as.
 *
 * @param role the role
 * @param subject the institution or learner id; empty for operators and auditors
 */
public record Principal(Role role, Optional<String> subject) {
  /**
   * Checks that the subject is there exactly when the role needs one.
   *
   * @param role the role
   * @param subject the institution or learner id; empty for operators and auditors
   * @throws IllegalArgumentException if a subject is missing or superfluous
   */
  public Principal {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(subject, "subject");
    if (role.hasSubject() != subject.isPresent()) {
      throw new IllegalArgumentException(
          "role " + role.wireName() + (role.hasSubject() ? " needs" : " takes no") + " subject");
    }
  }

  /** Names the role and subject, for the access log. */
  @Override
  public String toString() {
    return subject.map(s -> role.wireName() + ":" + s).orElse(role.wireName());
  }
}
