package org.creditbank.ledger.bundle;

import java.util.List;
import java.util.Objects;
import org.creditbank.ledger.util.Bytes;
import org.creditbank.ledger.util.Hash;

/**
 * One entry of a bundle: a leaf as the ledger stores it, and its inclusion proof to the bundle's
 * checkpoint.
 *
 * @param seq the entry's seq (its leaf index)
 * @param leaf the canonical leaf bytes, whose RFC 6962 leaf hash is {@code SHA-256(0x00 ‖ leaf)}
 * @param proof the RFC 6962 §2.1.1 audit path from the leaf to the checkpoint's root, bottom up
 */
public record BundleEntry(long seq, Bytes leaf, List<Hash> proof) {
  /**
   * Checks the fields and copies the proof.
   *
   * @param seq the entry's seq, not negative
   * @param leaf the canonical leaf bytes
   * @param proof the audit path
   * @throws IllegalArgumentException if {@code seq} is negative
   */
  public BundleEntry {
    if (seq < 0) {
      throw new IllegalArgumentException("seq must not be negative: " + seq);
    }
    Objects.requireNonNull(leaf, "leaf");
    proof = List.copyOf(proof);
  }
}
