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
   * an idempotent repeat, not a rejection).
   */
  DUPLICATE_ID,
  /** The statement refers to a learner id that no {@code learner.enrolled} statement created. */
  UNKNOWN_LEARNER,
  /**
   * The actor may not make this statement: its institution is not registered, or lacks the
   * permission (enrol, issue that kind of outcome, own that rule), or the key is not the actor's.
   */
  NOT_PERMITTED,
  /** The proof's key was revoked before the statement's {@code issuedAt}. */
  KEY_REVOKED,
  /**
   * A {@code credit.converted} statement uses a source achievement already used by a conversion.
   */
  SOURCE_ALREADY_USED,
  /** A {@code credit.converted} statement would take a rule beyond its cap. */
  RULE_CAP_EXCEEDED,
  /**
   * A {@code credit.converted} statement claims credits other than those its rule and sources give.
   */
  CREDITS_MISMATCH
}
