package org.creditbank.ledger.bank;

/** The status of a credit conversion. */
public enum ConversionStatus {
  /** The converted credits count. */
  ACTIVE,
  /** A source achievement was revoked or superseded; the credits no longer count. */
  VOID
}
