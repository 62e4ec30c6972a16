package org.creditbank.ledger.merkle;

import java.util.function.LongSupplier;
import org.creditbank.ledger.util.Hash;
import org.creditbank.ledger.util.LedgerException;

/**
 * A {@link NodeSource} that keeps the upper levels of a growing tree in a fixed amount of memory,
 * in front of a slower source (the store).
 *
 * <p>Every proof walks one path from the root, so the few nodes near the top are read by nearly
 * every proof, while each node near the leaves is read by few. The cache therefore holds only
 * levels at or above {@link #minLevel(long, int)}, chosen from the tree's current size so that
 * there are fewer of them than slots: at 10<sup>7</sup> leaves and 2<sup>18</sup> slots, levels 7
 * and up (about 156,000 nodes), which hold 17 of the 24 siblings of an inclusion proof. Memory is
 * bounded by the slot count whatever the tree's size (about 100 bytes a slot).
 *
 * <p>A node is immutable once its subtree is complete, and {@link NodeSource} is only asked for
 * complete nodes, so a cached hash is never stale. Slots are direct-mapped: a node evicts whatever
 * other node shares its slot. Each slot holds an immutable record written and read as one
 * reference, so concurrent readers see either a whole entry or none, never a torn one; a slot's
 * entry is used only if its level and index match the node asked for.
 */
public final class NodeCache implements NodeSource {
  /** The default number of slots is {@code 2^18}: at most about 25 MiB of heap. */
  public static final int DEFAULT_SLOT_BITS = 18;

  private record Slot(int level, long index, Hash hash) {}

  private final NodeSource source;
  private final LongSupplier size;
  private final int bits;
  private final Slot[] slots;

  /**
   * Puts a cache of {@link #DEFAULT_SLOT_BITS} slots in front of a source.
   *
   * @param source where nodes come from on a miss
   * @param size the tree's current size (number of leaves), asked on every read to choose the
   *     cached levels
   */
  public NodeCache(NodeSource source, LongSupplier size) {
    this(source, size, DEFAULT_SLOT_BITS);
  }

  NodeCache(NodeSource source, LongSupplier size, int bits) {
    if (bits < 1 || bits > 24) {
      throw new IllegalArgumentException("slot bits " + bits + ", want 1 to 24");
    }
    this.source = source;
    this.size = size;
    this.bits = bits;
    this.slots = new Slot[1 << bits];
  }

  /**
   * The lowest level cached for a tree of {@code size} leaves with {@code 2^bits} slots: the nodes
   * at that level and above number about {@code size / 2^(level-1)}, fewer than the slots.
   *
   * @param size the number of leaves
   * @param bits log2 of the slot count
   * @return the lowest cached level, ≥ 0
   */
  static int minLevel(long size, int bits) {
    int bitLength = 64 - Long.numberOfLeadingZeros(size);
    return Math.max(0, bitLength - bits + 1);
  }

  @Override
  public Hash node(int level, long index) throws LedgerException {
    if (level < minLevel(size.getAsLong(), bits)) {
      return source.node(level, index);
    }
    int i = slot(level, index);
    // Read the slot once: another thread may replace it between two reads.
    Slot s = slots[i];
    if (s != null && s.level() == level && s.index() == index) {
      return s.hash();
    }
    Hash h = source.node(level, index);
    if (h != null) {
      slots[i] = new Slot(level, index, h);
    }
    return h;
  }

  /** The slot of (level, index): MurmurHash3's 64-bit finalizer over {@code index·64 + level}. */
  private int slot(int level, long index) {
    long k = (index << 6) | level;
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return (int) (k >>> (64 - bits));
  }
}
