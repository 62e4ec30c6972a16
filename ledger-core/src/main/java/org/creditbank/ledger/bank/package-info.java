/**
 * The credit bank: its signed statements and, as a pure state machine over the journal, its rules
 * and derived state.
 *
 * <ul>
 *   <li>{@link org.creditbank.ledger.bank.Statement}: strict parsing and signature verification of
 *       an untrusted statement {@code {"type", "ledger", "id", "actor", "issuedAt", "body",
 *       "proof"}}, whose proof is a W3C Data Integrity {@code eddsa-jcs-2022} proof.
 *   <li>{@link org.creditbank.ledger.bank.StatementSigner}: the client side, which builds and signs
 *       statements for an institution's software and the CLI.
 *   <li>{@link org.creditbank.ledger.bank.StatementType} and {@link
 *       org.creditbank.ledger.bank.RejectCode}: the wire names of the statement types and the
 *       stable codes a rejection carries ({@link org.creditbank.ledger.bank.StatementException}).
 *   <li>{@link org.creditbank.ledger.bank.Bodies} and the {@link org.creditbank.ledger.bank.Body}
 *       records, one per statement type: strict parsing of every body, and their JSON for the
 *       signer; with the values they share ({@link org.creditbank.ledger.bank.Result}, {@link
 *       org.creditbank.ledger.bank.AchievementRef}, {@link org.creditbank.ledger.bank.Evidence}).
 *   <li>{@link org.creditbank.ledger.bank.BankMachine}: the rules, as the journal's state machine;
 *       it reads and writes the derived state only through the journal's state view.
 *   <li>{@link org.creditbank.ledger.bank.BankQueries}: accounts, transcripts, programme progress
 *       and registries, read from the derived state.
 *   <li>{@link org.creditbank.ledger.bank.ProfileStore}, {@link org.creditbank.ledger.bank.Profile}
 *       and {@link org.creditbank.ledger.bank.IdentityCommitment}: learners' personal data, kept
 *       erasable beside the journal and linked to it only by a salted SHA-256 commitment.
 * </ul>
 */
package org.creditbank.ledger.bank;
