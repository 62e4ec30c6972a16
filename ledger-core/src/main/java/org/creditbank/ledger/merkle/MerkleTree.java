package org.creditbank.ledger.merkle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.creditbank.ledger.util.Hash;
import org.creditbank.ledger.util.LedgerException;

/**
 * Generates Merkle tree roots and proofs (RFC 6962 §2.1, RFC 9162 §2.1) from the perfect subtree
 * hashes of a {@link NodeSource}, with {@code O(log n)} node reads each.
 *
 * <p>Every function works for any tree size up to the number of leaves the source holds, so proofs
 * for an earlier tree size (an older checkpoint) come from the same stored nodes: a subtree that is
 * not complete in the requested size (the "ephemeral" node on the right border) is recomputed from
 * the complete subtrees that cover it.
 *
 * <p>Reads: {@link #root} makes one read per set bit of the size; a proof makes at most {@code 2·b
 * + 1}, where {@code b} is the bit length of the tree size (one sibling per level plus the subtrees
 * that cover the ephemeral node).
 *
 * <p>Tree sizes and indexes are non-negative {@code long}s here (a log is filled by appending, so
 * it never reaches 2<sup>63</sup> leaves); {@link ProofVerifier} accepts the full unsigned 64-bit
 * range.
 */
public final class MerkleTree {
  private MerkleTree() {}

  /**
   * Computes the Merkle tree hash {@code MTH(D[size])} of the first {@code size} leaves (RFC 6962
   * §2.1, RFC 9162 §2.1.1).
   *
   * @param size the number of leaves, {@code ≥ 0}; 0 gives {@link Rfc6962#emptyRoot()}
   * @param src the perfect subtree hashes of a tree of at least {@code size} leaves
   * @return the root hash
   * @throws IllegalArgumentException if {@code size} is negative
   * @throws LedgerException if {@code src} fails to read a node
   */
  public static Hash root(long size, NodeSource src) throws LedgerException {
    if (size < 0) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "size %d is negative, want ≥ 0", size));
    }
    if (size == 0) {
      return Rfc6962.emptyRoot();
    }
    return rangeHash(0, size, src);
  }

  /**
   * Generates the inclusion proof {@code PATH(index, D[size])} of RFC 6962 §2.1.1 (RFC 9162
   * §2.1.3.1): the sibling hashes on the path from the leaf to the root, ordered from the leaf
   * upwards.
   *
   * @param index the leaf index, {@code 0 ≤ index < size}
   * @param size the tree size the proof is for, at most the number of leaves of {@code src}
   * @param src the perfect subtree hashes
   * @return the proof, immutable; empty for a tree of one leaf
   * @throws IllegalArgumentException unless {@code 0 ≤ index < size}
   * @throws LedgerException if {@code src} fails to read a node
   */
  public static List<Hash> inclusionProof(long index, long size, NodeSource src)
      throws LedgerException {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT, "index %d is beyond size %d, want 0 ≤ index < size", index, size));
    }
    // Walk down from the root; siblings are collected root-first and reversed at the end. Once the
    // path turns left, the remaining range is perfect, so only the first left turn can need an
    // ephemeral (recomputed) right sibling.
    List<Hash> path = new ArrayList<>();
    long lo = 0;
    long hi = size;
    while (hi - lo > 1) {
      long k = Long.highestOneBit(hi - lo - 1);
      if (index < lo + k) {
        path.add(rangeHash(lo + k, hi, src));
        hi = lo + k;
      } else {
        path.add(read(src, Long.numberOfTrailingZeros(k), lo / k));
        lo += k;
      }
    }
    Collections.reverse(path);
    return List.copyOf(path);
  }

  /**
   * Generates the consistency proof {@code PROOF(size1, D[size2])} of RFC 6962 §2.1.2 (RFC 9162
   * §2.1.4.1), in the order the RFC's {@code SUBPROOF} produces it.
   *
   * @param size1 the earlier tree size, {@code 0 < size1 ≤ size2}
   * @param size2 the later tree size, at most the number of leaves of {@code src}
   * @param src the perfect subtree hashes
   * @return the proof, immutable; empty if {@code size1 == size2}
   * @throws IllegalArgumentException unless {@code 0 < size1 ≤ size2}
   * @throws LedgerException if {@code src} fails to read a node
   */
  public static List<Hash> consistencyProof(long size1, long size2, NodeSource src)
      throws LedgerException {
    if (size1 <= 0) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "size1 is %d, want > 0: a consistency proof from the empty tree is meaningless",
              size1));
    }
    if (size1 > size2) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "size1 %d is greater than size2 %d", size1, size2));
    }
    // SUBPROOF(m, D[lo:hi], complete) unrolled; siblings are collected top-down and reversed.
    List<Hash> siblings = new ArrayList<>();
    Hash terminal = null;
    long lo = 0;
    long hi = size2;
    long m = size1;
    boolean complete = true;
    while (true) {
      long n = hi - lo;
      if (m == n) {
        if (!complete) {
          // A left turn was taken before, so D[lo:hi] is perfect: one read.
          terminal = rangeHash(lo, hi, src);
        }
        break;
      }
      long k = Long.highestOneBit(n - 1);
      if (m <= k) {
        siblings.add(rangeHash(lo + k, hi, src));
        hi = lo + k;
      } else {
        siblings.add(read(src, Long.numberOfTrailingZeros(k), lo / k));
        lo += k;
        m -= k;
        complete = false;
      }
    }
    List<Hash> proof = new ArrayList<>(siblings.size() + 1);
    if (terminal != null) {
      proof.add(terminal);
    }
    Collections.reverse(siblings);
    proof.addAll(siblings);
    return List.copyOf(proof);
  }

  /**
   * Computes {@code MTH(D[begin:end])} for a range that the RFC's recursion produces ({@code begin}
   * a multiple of the smallest power of two ≥ {@code end - begin}), by splitting it greedily into
   * perfect subtrees from the left and folding them from the right.
   */
  static Hash rangeHash(long begin, long end, NodeSource src) throws LedgerException {
    Hash[] parts = new Hash[64];
    int count = 0;
    long pos = begin;
    while (pos < end) {
      int byAlignment = pos == 0 ? 63 : Long.numberOfTrailingZeros(pos);
      int bySize = 63 - Long.numberOfLeadingZeros(end - pos);
      int level = Math.min(byAlignment, bySize);
      parts[count++] = read(src, level, pos >>> level);
      pos += 1L << level;
    }
    Hash h = parts[count - 1];
    for (int i = count - 2; i >= 0; i--) {
      h = Rfc6962.nodeHash(parts[i], h);
    }
    return h;
  }

  static Hash read(NodeSource src, int level, long index) throws LedgerException {
    Hash h = src.node(level, index);
    if (h == null) {
      throw new IllegalStateException(
          String.format(
              Locale.ROOT,
              "node source returned null for node (level %d, index %d), want a hash",
              level,
              index));
    }
    return h;
  }
}
