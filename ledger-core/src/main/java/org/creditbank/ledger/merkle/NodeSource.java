package org.creditbank.ledger.merkle;

import org.creditbank.ledger.util.Hash;
import org.creditbank.ledger.util.LedgerException;

/**
 * Reads the hashes of the perfect subtrees of a Merkle tree, so that proofs never need the whole
 * tree in memory.
 *
 * <p>Node {@code (level, index)} is the root of the complete subtree of height {@code level} over
 * the leaves {@code [index·2^level, (index+1)·2^level)}; level 0 holds the leaf hashes. Such a node
 * never changes once its last leaf is appended, which is why it is the unit of storage. The
 * functions of {@link MerkleTree} only ask for nodes that are complete in the tree size they were
 * given, {@code O(log n)} of them per call.
 */
@FunctionalInterface
public interface NodeSource {
  /**
   * Returns the hash of a perfect subtree.
   *
   * @param level the height of the subtree, {@code 0 ≤ level ≤ 62}; 0 is a leaf
   * @param index the position of the subtree among those of its level, counted from 0
   * @return the hash of the subtree, never null
   * @throws LedgerException if the node cannot be read (for example a storage failure or a node
   *     that was never written)
   */
  Hash node(int level, long index) throws LedgerException;
}
