package org.creditbank.ledger.server;

import java.util.Locale;
import java.util.Optional;

/** What a bearer token may do on the server; see {@code docs/api.md} for the routes of each. */
public enum Role {
  /**
   * Runs the server: may read {@code /metrics} and take backups ({@code POST /v1/admin/backup}).
   */
  OPERATOR,
  /** Audits the log: may read entries and any learner's records. */
  AUDITOR,
  /** An institution (subject: its id): may read the learners it enrolled or issued to. */
  INSTITUTION,
  /** A learner (subject: the learner id): may read their own records. */
  LEARNER;

  /**
   * Returns the role's name in a tokens file: its constant's name in lower case.
   *
   * @return for example {@code "auditor"}
   */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Looks a role up by its name in a tokens file.
   *
   * @param wire a name such as {@code "learner"}
   * @return the role, or empty if there is none of that name
   */
  public static Optional<Role> fromWire(String wire) {
    for (Role r : values()) {
      if (r.wireName().equals(wire)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** Whether a token of this role names a subject (an institution or learner id). */
  boolean hasSubject() {
    return this == INSTITUTION || this == LEARNER;
  }
}
