/**
 * The credit bank's statements: the signed envelope every submission travels in.
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
 *       records ({@link org.creditbank.ledger.bank.GenesisBody}, {@link
 *       org.creditbank.ledger.bank.InstitutionRegisteredBody}, {@link
 *       org.creditbank.ledger.bank.KeyChangeBody}, {@link <<<<<<< HEAD
 *       org.creditbank.ledger.bank.LearnerEnrolledBody}, {@link
 *       org.creditbank.ledger.bank.AchievementRecordedBody}, {@link
 *       org.creditbank.ledger.bank.AchievementRevokedBody}, {@link
 *       org.creditbank.ledger.bank.RulePublishedBody}, {@link
 *       org.creditbank.ledger.bank.RuleRetiredBody}, {@link
 *       org.creditbank.ledger.bank.CreditConvertedBody}, {@link
 *       org.creditbank.ledger.bank.ProgramPublishedBody}): strict parsing of every type's body, and
 *       their JSON for the signer; with the values they share ({@link
 *       org.creditbank.ledger.bank.Result}, {@link org.creditbank.ledger.bank.AchievementRef},
 *       {@link org.creditbank.ledger.bank.Evidence}). =======
 *       org.creditbank.ledger.bank.LearnerEnrolledBody}): strict parsing of the bodies typed so
 *       far, and their JSON for the signer.
 *   <li>{@link org.creditbank.ledger.bank.ProfileStore}, {@link org.creditbank.ledger.bank.Profile}
 *       and {@link org.creditbank.ledger.bank.IdentityCommitment}: learners' personal data, kept
 *       erasable beside the journal and linked to it only by a salted SHA-256 commitment. >>>>>>>
 *       profiles
 * </ul>
 *
 * <p>This package checks the envelope and the shape of the typed bodies only. Whether the signing
 * key is an active key of the actor, and every rule that needs the ledger's state (is the
 * institution registered, may it enrol, is the learner enrolled, does a conversion match its rule),
 * belong to the ledger's state machine.
 */
package org.creditbank.ledger.bank;
