package org.creditbank.ledger.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.creditbank.ledger.util.Hash;
import org.creditbank.ledger.util.LedgerException;
import org.junit.jupiter.api.Test;

/**
 * The node cache must never change what a proof says: with any slot count (down to two slots, where
 * nearly every node collides), proofs and roots read through it equal those read from the source;
 * it serves repeated reads from memory, and keeps the lower levels of a large tree out.
 */
class NodeCacheTest {
  private static final SyntheticNodeSource SRC = SyntheticNodeSource.INSTANCE;

  /** Counts reads that reach the source. */
  private static final class Counting implements NodeSource {
    final AtomicLong reads = new AtomicLong();
    final Set<Integer> levels = ConcurrentHashMap.newKeySet();

    @Override
    public Hash node(int level, long index) throws LedgerException {
      reads.incrementAndGet();
      levels.add(level);
      return SRC.node(level, index);
    }
  }

  @Property(tries = 300)
  void proofsThroughTheCache_equalProofsFromTheSource(
      @ForAll @LongRange(min = 1, max = 1_000_000) long size,
      @ForAll @LongRange(min = 0, max = 999_999) long rawIndex,
      @ForAll @IntRange(min = 1, max = 12) int bits)
      throws LedgerException {
    long index = rawIndex % size;
    NodeCache cache = new NodeCache(SRC, () -> size, bits);
    // Twice: the second pass is answered (in part) from the slots the first one filled.
    for (int pass = 0; pass < 2; pass++) {
      assertEquals(
          MerkleTree.inclusionProof(index, size, SRC),
          MerkleTree.inclusionProof(index, size, cache));
      assertEquals(
          MerkleTree.consistencyProof(1 + index, size, SRC),
          MerkleTree.consistencyProof(1 + index, size, cache));
      assertEquals(MerkleTree.root(size, SRC), MerkleTree.root(size, cache));
    }
  }

  @Test
  void collidingNodes_eachGetTheirOwnHash() throws LedgerException {
    // Four slots for a tree of 4,095 leaves (12 bits): levels 12 − 2 + 1 = 11 and up are cached;
    // 24 distinct nodes of levels 11 to 13 share the four slots.
    Counting src = new Counting();
    NodeCache cache = new NodeCache(src, () -> 4_095, 2);
    assertEquals(11, NodeCache.minLevel(4_095, 2));
    SplittableRandom rnd = new SplittableRandom(5);
    for (int i = 0; i < 2_000; i++) {
      int level = 11 + rnd.nextInt(3);
      long index = rnd.nextLong(8);
      assertEquals(SRC.node(level, index), cache.node(level, index), level + "/" + index);
    }
    long reads = src.reads.get();
    assertTrue(reads < 2_000, "some reads were answered from the slots: " + reads);
    assertTrue(reads > 24, "slots were shared, so some nodes were read again: " + reads);
  }

  @Test
  void repeatedProofs_readOnlyTheUncachedLevelsFromTheSource() throws LedgerException {
    long size = 1_000_000; // 20 bits: with 2^16 slots, levels 5 and up are cached
    assertEquals(5, NodeCache.minLevel(size, 16));
    Counting src = new Counting();
    NodeCache cache = new NodeCache(src, () -> size, 16);
    MerkleTree.inclusionProof(123_456, size, cache);
    long first = src.reads.get();
    src.levels.clear();
    MerkleTree.inclusionProof(123_457, size, cache);
    long second = src.reads.get() - first;
    assertTrue(second < first, "second proof read " + second + " nodes, the first " + first);
    for (int level : src.levels) {
      assertTrue(level < 5, "level " + level + " was read from the source again");
    }
    assertTrue(first - second >= 10, "first " + first + ", second " + second);
  }

  @Test
  void lowerLevels_areNeverHeld() throws LedgerException {
    long size = 1_000_000;
    Counting src = new Counting();
    NodeCache cache = new NodeCache(src, () -> size, 12);
    for (int i = 0; i < 3; i++) {
      cache.node(0, 42);
      cache.node(8, 3);
    }
    assertEquals(6, src.reads.get(), "levels below 9 go to the source every time");
    cache.node(9, 1);
    cache.node(9, 1);
    assertEquals(7, src.reads.get(), "level 9 is read once, then held");
  }

  @Test
  void theCachedLevels_followTheSize() {
    assertEquals(0, NodeCache.minLevel(0, 18));
    assertEquals(0, NodeCache.minLevel(100_000, 18)); // 17 bits: everything fits
    assertEquals(7, NodeCache.minLevel(10_000_000, 18)); // 24 bits
    assertEquals(10, NodeCache.minLevel(100_000_000, 18)); // 27 bits
    assertEquals(46, NodeCache.minLevel(Long.MAX_VALUE, 18));
    assertThrows(IllegalArgumentException.class, () -> new NodeCache(SRC, () -> 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new NodeCache(SRC, () -> 1, 25));
  }

  @Test
  void aFailedRead_isNotCached() throws LedgerException {
    AtomicLong calls = new AtomicLong();
    NodeSource failsOnce =
        (level, index) -> {
          if (calls.incrementAndGet() == 1) {
            throw new LedgerException("storage failed");
          }
          return SRC.node(level, index);
        };
    NodeCache cache = new NodeCache(failsOnce, () -> 16, 4);
    assertThrows(LedgerException.class, () -> cache.node(3, 1));
    assertEquals(SRC.node(3, 1), cache.node(3, 1), "the next read goes to the source again");
    assertEquals(SRC.node(3, 1), cache.node(3, 1));
    assertEquals(2, calls.get(), "and its result is held");
  }

  /** What each of the racing threads does with its own random source; returns a count. */
  @FunctionalInterface
  private interface Task {
    long run(SplittableRandom rnd) throws Exception;
  }

  /** Runs {@code task} on four threads at once, seeded {@code seed} to {@code seed + 3}. */
  private static List<Long> onFourThreads(long seed, Task task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Long>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        SplittableRandom rnd = new SplittableRandom(seed + t);
        futures.add(pool.submit(() -> task.run(rnd)));
      }
      List<Long> results = new ArrayList<>();
      for (Future<Long> f : futures) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentReaders_allGetTheRightHashes() throws Exception {
    long size = 1_000_000;
    NodeCache cache = new NodeCache(SRC, () -> size, 6); // 64 slots: constant eviction
    List<Long> checked =
        onFourThreads(
            0,
            rnd -> {
              long n = 0;
              for (int i = 0; i < 2_000; i++) {
                long index = rnd.nextLong(size);
                assertEquals(
                    MerkleTree.inclusionProof(index, size, SRC),
                    MerkleTree.inclusionProof(index, size, cache));
                n++;
              }
              return n;
            });
    assertEquals(List.of(2_000L, 2_000L, 2_000L, 2_000L), checked);
  }

  @Test
  void racingReadersOfOneSlot_neverGetAnotherNodesHash() throws Exception {
    // Two slots and a size of 3 (2 bits): levels 2 and up are cached. Four threads read 384
    // nodes of levels 2 to 7 that share the two slots, in a tight loop.
    assertEquals(2, NodeCache.minLevel(3, 1));
    NodeCache cache = new NodeCache(SRC, () -> 3, 1);
    Hash[][] want = new Hash[8][64];
    for (int level = 2; level < 8; level++) {
      for (int index = 0; index < 64; index++) {
        want[level][index] = SRC.node(level, index);
      }
    }
    List<Long> wrong =
        onFourThreads(
            100,
            rnd -> {
              long n = 0;
              for (int i = 0; i < 200_000; i++) {
                int level = 2 + rnd.nextInt(6);
                int index = rnd.nextInt(64);
                if (!want[level][index].equals(cache.node(level, index))) {
                  n++;
                }
              }
              return n;
            });
    assertEquals(List.of(0L, 0L, 0L, 0L), wrong, "reads answered with another node's hash");
  }
}
