package org.creditbank.ledger.bank;

/**
 * Why the ledger rejected a statement: a stable code that clients may switch on. The code's string
 * form is the constant's name, for example {@code "BAD_PROOF"}; names are never changed or reused.
 */
public enum RejectCode {
  /**
   * The statement is not well-formed: not strict JSON, a member missing or unknown, a member of the
   * wrong JSON type, or a value outside its pattern ({@code id}, {@code actor}, {@code issuedAt}),
   * or a body that breaks its type's rules (see {@link Bodies}).
   */
  SCHEMA,
  /** The {@code ledger} member names another ledger than the one receiving the statement. */
  WRONG_LEDGER,
  /**
   * The proof is malformed, its {@code proofPurpose} is not {@code assertionMethod}, or its
   * signature does not verify over the statement.
   */
  BAD_PROOF,
  /** The {@code type} member is not the wire name of any {@link StatementType}. */
  UNKNOWN_TYPE,
  /**
   * The actor already used this {@code id} for a different statement (the same statement again is
   * an idempotent repeat, not a rejection), or an id in the body that must be new is taken: an
   * institution id, a key, a learner, or the actor's achievement, rule, programme or conversion id.
   */
  DUPLICATE_ID,
  /** The statement refers to a learner id that no {@code learner.enrolled} statement created. */
  UNKNOWN_LEARNER,
  /**
   * The actor may not make this statement: its institution is not registered, or lacks the
   * permission (operator only, enrol, issue that kind of outcome, accept conversions), or the key
   * is not the actor's; or it acts on another institution's keys or achievements, signs a key's
   * revocation with that key, or supersedes another learner's achievement. (A rule the actor does
   * not own is {@link #UNKNOWN_RULE}.)
   */
  NOT_PERMITTED,
  /**
   * The proof's key was revoked by an entry before this one. What a key signed before its
   * revocation stays valid; nothing it signs is accepted after it, whatever its {@code issuedAt}.
   * Also an {@code institution.keyRevoked} of a key already revoked.
   */
  KEY_REVOKED,
  /**
   * A {@code credit.converted} statement uses a source achievement that an active conversion
   * already used for the same programme (under any rule).
   */
  SOURCE_ALREADY_USED,
  /** A {@code credit.converted} statement would take a rule beyond its cap. */
  RULE_CAP_EXCEEDED,
  /**
   * A {@code credit.converted} statement claims credits other than those its rule and sources give.
   */
  CREDITS_MISMATCH,
  /**
   * {@code ledger.genesis} out of place: the ledger's first statement must be a genesis, and there
   * is only one.
   */
  GENESIS_ORDER,
  /** The statement refers to an institution that is not registered. */
  UNKNOWN_INSTITUTION,
  /** An {@code institution.keyRevoked} names a key that was never the institution's. */
  UNKNOWN_KEY,
  /** The statement refers to an achievement that its issuer never recorded. */
  UNKNOWN_ACHIEVEMENT,
  /** The statement refers to a rule that its owner never published. */
  UNKNOWN_RULE,
  /** The statement refers to a programme that its institution never published. */
  UNKNOWN_PROGRAM,
  /** The statement names a level that the genesis framework does not have. */
  UNKNOWN_LEVEL,
  /**
   * The achievement or rule the statement acts on is no longer (or not yet) active: revoked,
   * superseded, expired, retired, or outside its validity dates.
   */
  NOT_ACTIVE,
  /**
   * A {@code credit.converted} source does not meet its rule: another learner's achievement, or a
   * criterion (kind, issuer, code, field, level, score or grade, age) not met.
   */
  SOURCE_NOT_ELIGIBLE,
  /** The statement is larger than a leaf may hold (64 KiB). */
  TOO_LARGE,
  /** An {@code achievement.recorded} names a completion date after the ledger's (UTC) date. */
  DATE_IN_FUTURE
}
