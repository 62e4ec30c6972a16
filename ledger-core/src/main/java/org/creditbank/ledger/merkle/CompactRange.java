package org.creditbank.ledger.merkle;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.creditbank.ledger.util.Hash;
import org.creditbank.ledger.util.LedgerException;

/**
 * The right border of a Merkle tree: the hashes of the {@code O(log n)} perfect subtrees that cover
 * the leaves {@code [0, n)}, enough to append leaves and compute the root (RFC 6962 §2.1) without
 * the rest of the tree.
 *
 * <p>The subtrees are the ones given by the binary digits of {@code n}: for each set bit {@code
 * 2^k}, from the most significant down, the perfect subtree of height {@code k} that follows the
 * previous ones. Appending a leaf merges equal-height subtrees like a binary counter carries, and
 * hands each subtree that becomes complete to a {@link NodeSink}, so that a journal stores exactly
 * the nodes that {@link NodeSource} later serves.
 *
 * <p>Mutable and not thread-safe: confine an instance to one thread (the sequencer), or {@link
 * #copy()} it.
 */
public final class CompactRange {
  private long size;
  // Perfect subtree hashes from the left (highest) to the right (lowest), one per set bit of size.
  private final List<Hash> hashes;

  private CompactRange(long size, List<Hash> hashes) {
    this.size = size;
    this.hashes = hashes;
  }

  /**
   * Returns a new range for the empty tree.
   *
   * @return a range of size 0
   */
  public static CompactRange empty() {
    return new CompactRange(0, new ArrayList<>());
  }

  /**
   * Rebuilds the range of a tree of {@code size} leaves from stored nodes, with one read per set
   * bit of {@code size}.
   *
   * @param size the number of leaves, {@code ≥ 0}
   * @param src the perfect subtree hashes of a tree of at least {@code size} leaves
   * @return a new range of that size
   * @throws IllegalArgumentException if {@code size} is negative
   * @throws LedgerException if {@code src} fails to read a node
   */
  public static CompactRange load(long size, NodeSource src) throws LedgerException {
    if (size < 0) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "size %d is negative, want ≥ 0", size));
    }
    List<Hash> hashes = new ArrayList<>(Long.bitCount(size));
    long begin = 0;
    for (int level = 62; level >= 0; level--) {
      if ((size & (1L << level)) != 0) {
        hashes.add(MerkleTree.read(src, level, begin >>> level));
        begin += 1L << level;
      }
    }
    return new CompactRange(size, hashes);
  }

  /**
   * Returns the number of leaves covered.
   *
   * @return the tree size
   */
  public long size() {
    return size;
  }

  /**
   * Returns the perfect subtree hashes, from the leftmost (highest) to the rightmost (lowest).
   *
   * @return an immutable copy, one hash per set bit of {@link #size()}
   */
  public List<Hash> hashes() {
    return List.copyOf(hashes);
  }

  /**
   * Appends a leaf and reports every perfect subtree that becomes complete: first the leaf itself
   * at {@code (0, size)}, then each parent completed by this append, level by level upwards.
   *
   * @param leafHash the leaf's hash, {@code SHA-256(0x00 ‖ leaf)}
   * @param sink receives the completed nodes, synchronously, before this method returns
   * @throws IllegalStateException if the tree already holds {@code 2^63 - 1} leaves
   */
  public void append(Hash leafHash, NodeSink sink) {
    if (size == Long.MAX_VALUE) {
      throw new IllegalStateException("compact range is full: size 2^63 - 1");
    }
    long index = size;
    Hash h = leafHash;
    int level = 0;
    sink.put(level, index, h);
    // Each trailing 1 bit of the old size is a left sibling that the new node completes.
    while (((size >>> level) & 1) == 1) {
      Hash left = hashes.remove(hashes.size() - 1);
      h = Rfc6962.nodeHash(left, h);
      level++;
      index >>>= 1;
      sink.put(level, index, h);
    }
    hashes.add(h);
    size++;
  }

  /**
   * Computes the root {@code MTH(D[size])} (RFC 6962 §2.1) by folding the subtree hashes from the
   * right.
   *
   * @return the root hash; {@link Rfc6962#emptyRoot()} for the empty tree
   */
  public Hash root() {
    if (hashes.isEmpty()) {
      return Rfc6962.emptyRoot();
    }
    Hash h = hashes.get(hashes.size() - 1);
    for (int i = hashes.size() - 2; i >= 0; i--) {
      h = Rfc6962.nodeHash(hashes.get(i), h);
    }
    return h;
  }

  /**
   * Returns an independent copy, for example to try appends that may be rolled back.
   *
   * @return a new range with the same size and hashes
   */
  public CompactRange copy() {
    return new CompactRange(size, new ArrayList<>(hashes));
  }

  /** Returns the size and the subtree hashes, for debugging. */
  @Override
  public String toString() {
    return "CompactRange{size=" + size + ", hashes=" + hashes + "}";
  }
}
