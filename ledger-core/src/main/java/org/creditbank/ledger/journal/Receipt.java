package org.creditbank.ledger.journal;

import java.util.List;
import java.util.Objects;
import org.creditbank.ledger.note.Checkpoint;
import org.creditbank.ledger.note.SignedNote;
import org.creditbank.ledger.note.TlogProof;
import org.creditbank.ledger.util.Hash;

/**
 * Proof that a statement is in the log: its seq and leaf hash, a signed checkpoint whose tree
 * includes it, and the RFC 6962 inclusion proof from the leaf to that checkpoint's root.
 *
 * @param seq the entry's sequence number (its leaf index)
 * @param leafHash {@code SHA-256(0x00 ‖ leafBytes)}
 * @param checkpoint the signed checkpoint note
 * @param tree the checkpoint's body: origin, size, root
 * @param inclusionProof the audit path from the leaf to {@code tree.root()}
 * @param repeat true when the statement was already in the log and this is its original entry
 */
public record Receipt(
    long seq,
    Hash leafHash,
    SignedNote checkpoint,
    Checkpoint tree,
    List<Hash> inclusionProof,
    boolean repeat) {
  /**
   * Checks the fields.
   *
   * @param seq the entry's sequence number (its leaf index)
   * @param leafHash {@code SHA-256(0x00 ‖ leafBytes)}
   * @param checkpoint the signed checkpoint note
   * @param tree the checkpoint's body: origin, size, root
   * @param inclusionProof the audit path from the leaf to {@code tree.root()}
   * @param repeat true when the statement was already in the log and this is its original entry
   */
  public Receipt {
    Objects.requireNonNull(leafHash, "leafHash");
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(tree, "tree");
    inclusionProof = List.copyOf(inclusionProof);
    if (seq < 0 || Long.compareUnsigned(seq, tree.size()) >= 0) {
      throw new IllegalArgumentException("seq " + seq + " is not in a tree of size " + tree.size());
    }
  }

  /**
   * Returns this receipt as a C2SP {@code tlog-proof}.
   *
   * @return the proof, ready to write to a file
   */
  public TlogProof toTlogProof() {
    return TlogProof.of(seq, inclusionProof, checkpoint);
  }
}
