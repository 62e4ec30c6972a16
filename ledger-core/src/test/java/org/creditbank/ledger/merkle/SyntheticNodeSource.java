package org.creditbank.ledger.merkle;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import org.creditbank.ledger.util.Hash;

/**
 * A real (consistent) tree of 2^20 leaves computed on demand: leaf i is {@code leafHash(i as 8
 * bytes big-endian)}, and every perfect node is the node hash of its children. Nodes of level ≥
 * {@value #MEMO_LEVEL} are memoized (at most 2^17 of them), lower ones are recomputed (at most
 * 2^{@value #MEMO_LEVEL} leaf hashes each), so no try materializes a million leaves.
 */
final class SyntheticNodeSource implements NodeSource {
  static final int MAX_LEVEL = 20;
  static final long CAPACITY = 1L << MAX_LEVEL;
  static final SyntheticNodeSource INSTANCE = new SyntheticNodeSource();
  private static final int MEMO_LEVEL = 4;

  private final ConcurrentHashMap<Long, Hash> memo = new ConcurrentHashMap<>();

  private SyntheticNodeSource() {}

  static Hash leaf(long i) {
    return Rfc6962.leafHash(ByteBuffer.allocate(8).putLong(i).array());
  }

  @Override
  public Hash node(int level, long index) {
    if (level < 0 || level > MAX_LEVEL || index < 0 || index >= CAPACITY >>> level) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "no node (level %d, index %d)", level, index));
    }
    if (level == 0) {
      return leaf(index);
    }
    if (level < MEMO_LEVEL) {
      return Rfc6962.nodeHash(node(level - 1, 2 * index), node(level - 1, 2 * index + 1));
    }
    Long key = (long) level << 40 | index;
    Hash h = memo.get(key);
    if (h == null) {
      h = Rfc6962.nodeHash(node(level - 1, 2 * index), node(level - 1, 2 * index + 1));
      memo.put(key, h);
    }
    return h;
  }
}
