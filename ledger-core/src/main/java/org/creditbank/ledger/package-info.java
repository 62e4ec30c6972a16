/**
 * The credit bank ledger library.
 *
 * <p>Packages by concern, arrows pointing down only: {@code json} (RFC 8785 canonical JSON and
 * strict parsing), {@code crypto} (Ed25519, keys, eddsa-jcs-2022), {@code merkle} (RFC 6962 hashing
 * and proofs), {@code note} (C2SP signed notes, checkpoints, tlog-proof).
 */
package org.creditbank.ledger;
