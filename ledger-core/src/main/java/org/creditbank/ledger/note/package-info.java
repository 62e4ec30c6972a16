/**
 * C2SP signed notes, transparency-log checkpoints and proofs.
 *
 * <ul>
 *   <li>{@link org.creditbank.ledger.note.SignedNote}: c2sp.org/signed-note (the format of Go's
 *       {@code golang.org/x/mod/sumdb/note}), Ed25519 signatures (type {@code 0x01}) with keys
 *       named by {@link org.creditbank.ledger.note.NoteVerifier} and {@link
 *       org.creditbank.ledger.note.NoteSigner} strings.
 *   <li>{@link org.creditbank.ledger.note.Checkpoint}: c2sp.org/tlog-checkpoint, the note text of a
 *       log's signed tree head.
 *   <li>{@link org.creditbank.ledger.note.TlogProof}: c2sp.org/tlog-proof, an offline proof that an
 *       entry is in a checkpointed tree.
 * </ul>
 *
 * <p>Parsing is strict and every failure is a {@link
 * org.creditbank.ledger.note.NoteFormatException} naming what was wanted and what was found; a
 * signature that fails, or a note that no known key signed, is a {@link
 * org.creditbank.ledger.note.NoteVerificationException}. Limits: a note has at most {@value
 * org.creditbank.ledger.note.SignedNote#MAX_NOTE_BYTES} bytes and at most {@value
 * org.creditbank.ledger.note.SignedNote#MAX_SIGNATURES} signature lines (the spec asks verifiers to
 * accept at least 16).
 */
package org.creditbank.ledger.note;
