package org.creditbank.ledger.merkle;

import org.creditbank.ledger.util.Hash;

/**
 * Receives each perfect subtree hash that becomes complete while a {@link CompactRange} grows, with
 * the same {@code (level, index)} addressing as {@link NodeSource}.
 */
@FunctionalInterface
public interface NodeSink {
  /**
   * Accepts a newly completed perfect subtree.
   *
   * @param level the height of the subtree; 0 is a leaf
   * @param index the position of the subtree among those of its level
   * @param hash the hash of the subtree
   */
  void put(int level, long index, Hash hash);
}
