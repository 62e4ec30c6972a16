/**
 * The credit bank ledger library.
 *
 * <p>Packages by concern, arrows pointing down only: {@code journal} (the RocksDB log: sequencer,
 * group commit, proofs, checkpoints), {@code note} (C2SP signed notes, checkpoints, tlog-proof),
 * {@code merkle} (RFC 6962 hashing and proofs), {@code crypto} (Ed25519, keys, eddsa-jcs-2022),
 * {@code json} (RFC 8785 canonical JSON and strict parsing), {@code util} (shared value types).
 */
package org.creditbank.ledger;
