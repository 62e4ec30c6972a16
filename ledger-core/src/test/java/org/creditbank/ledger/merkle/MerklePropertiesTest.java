package org.creditbank.ledger.merkle;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.creditbank.ledger.util.Hash;
import org.creditbank.ledger.util.LedgerException;

/**
 * Properties over random trees of up to a million leaves, read from {@link SyntheticNodeSource}:
 * every generated proof verifies, and any single change to it, to the root, the leaf, the index or
 * the sizes makes verification fail.
 */
class MerklePropertiesTest {
  private static final long MAX_SIZE = 1_000_000;
  private static final SyntheticNodeSource SRC = SyntheticNodeSource.INSTANCE;

  record Inclusion(long index, long size) {}

  record Consistency(long size1, long size2) {}

  @Provide
  Arbitrary<Inclusion> inclusions() {
    return Arbitraries.longs()
        .between(1, MAX_SIZE)
        .flatMap(size -> Arbitraries.longs().between(0, size - 1).map(i -> new Inclusion(i, size)));
  }

  @Provide
  Arbitrary<Consistency> consistencies() {
    return Arbitraries.longs()
        .between(1, MAX_SIZE)
        .flatMap(
            size2 -> Arbitraries.longs().between(1, size2).map(s1 -> new Consistency(s1, size2)));
  }

  private static Hash flip(Hash h, int bit) {
    byte[] b = h.toByteArray();
    b[bit / 8] ^= (byte) (1 << (bit % 8));
    return Hash.of(b);
  }

  private static boolean validInclusion(long index, long size) {
    return index >= 0 && index < size && size <= SyntheticNodeSource.CAPACITY;
  }

  @Property(tries = 1000)
  void inclusionProof_randomTree_verifiesAndEverySingleChangeFails(
      @ForAll("inclusions") Inclusion c, @ForAll @IntRange(min = 0, max = 255) int bit)
      throws LedgerException {
    long index = c.index();
    long size = c.size();
    Hash leaf = SyntheticNodeSource.leaf(index);
    Hash root = MerkleTree.root(size, SRC);
    List<Hash> proof = MerkleTree.inclusionProof(index, size, SRC);

    assertEquals(root, CompactRange.load(size, SRC).root());
    assertDoesNotThrow(() -> ProofVerifier.verifyInclusion(index, size, leaf, proof, root));

    List<String> failures = new ArrayList<>();
    for (int i = 0; i < proof.size(); i++) {
      List<Hash> p = new ArrayList<>(proof);
      p.set(i, flip(p.get(i), bit));
      expectRejected(failures, "proof[" + i + "] bit " + bit, index, size, leaf, p, root);
    }
    expectRejected(failures, "root bit " + bit, index, size, leaf, proof, flip(root, bit));
    expectRejected(failures, "leaf bit " + bit, index, size, flip(leaf, bit), proof, root);
    for (long other :
        new long[] {index - 1, index + 1, index ^ 1, index ^ (1L << (bit % 20)), 0, size - 1, -1}) {
      if (other != index) {
        expectRejected(failures, "index " + other, other, size, leaf, proof, root);
      }
    }
    // A changed size is checked against the true root of that size: the proof must not verify
    // unless it is exactly the honest proof for it.
    for (long other : new long[] {size - 1, size + 1, size * 2, size / 2, index + 1 + bit}) {
      if (other == size || other < 0 || other > SyntheticNodeSource.CAPACITY) {
        continue;
      }
      Hash otherRoot = MerkleTree.root(other, SRC);
      boolean honest =
          validInclusion(index, other)
              && MerkleTree.inclusionProof(index, other, SRC).equals(proof);
      if (!honest) {
        expectRejected(failures, "size " + other, index, other, leaf, proof, otherRoot);
      }
    }
    assertEquals(List.of(), failures);
  }

  private static void expectRejected(
      List<String> failures,
      String what,
      long index,
      long size,
      Hash leaf,
      List<Hash> proof,
      Hash root) {
    try {
      ProofVerifier.verifyInclusion(index, size, leaf, proof, root);
      failures.add(String.format(Locale.ROOT, "(%d,%d) %s: accepted", index, size, what));
    } catch (ProofException expected) {
      // rejected, as wanted
    }
  }

  @Property(tries = 500)
  void consistencyProof_randomTree_verifiesAndEverySingleChangeFails(
      @ForAll("consistencies") Consistency c, @ForAll @IntRange(min = 0, max = 255) int bit)
      throws LedgerException {
    long size1 = c.size1();
    long size2 = c.size2();
    Hash root1 = MerkleTree.root(size1, SRC);
    Hash root2 = MerkleTree.root(size2, SRC);
    List<Hash> proof = MerkleTree.consistencyProof(size1, size2, SRC);

    assertDoesNotThrow(() -> ProofVerifier.verifyConsistency(size1, size2, proof, root1, root2));
    assertEquals(
        root2,
        assertDoesNotThrow(
            () -> ProofVerifier.rootFromConsistencyProof(size1, size2, proof, root1)));

    List<String> failures = new ArrayList<>();
    for (int i = 0; i < proof.size(); i++) {
      List<Hash> p = new ArrayList<>(proof);
      p.set(i, flip(p.get(i), bit));
      expectRejected(failures, "proof[" + i + "] bit " + bit, size1, size2, p, root1, root2);
    }
    expectRejected(failures, "root1 bit " + bit, size1, size2, proof, flip(root1, bit), root2);
    expectRejected(failures, "root2 bit " + bit, size1, size2, proof, root1, flip(root2, bit));
    long[][] others = {
      {size1 - 1, size2}, {size1 + 1, size2}, {size1, size2 - 1}, {size1, size2 + 1},
      {size1 / 2, size2}, {size1, size2 * 2}, {size1 - 1, size2 - 1}, {size1 + 1, size2 + 1}
    };
    for (long[] o : others) {
      long s1 = o[0];
      long s2 = o[1];
      if (s1 < 1 || s2 < s1 || s2 > SyntheticNodeSource.CAPACITY) {
        // Invalid sizes are rejected whatever the roots.
        if (s2 <= SyntheticNodeSource.CAPACITY) {
          expectRejected(failures, "sizes " + s1 + "," + s2, s1, s2, proof, root1, root2);
        }
        continue;
      }
      if (!MerkleTree.consistencyProof(s1, s2, SRC).equals(proof)) {
        expectRejected(
            failures,
            "sizes " + s1 + "," + s2,
            s1,
            s2,
            proof,
            MerkleTree.root(s1, SRC),
            MerkleTree.root(s2, SRC));
      }
    }
    assertEquals(List.of(), failures);
  }

  private static void expectRejected(
      List<String> failures,
      String what,
      long size1,
      long size2,
      List<Hash> proof,
      Hash root1,
      Hash root2) {
    try {
      ProofVerifier.verifyConsistency(size1, size2, proof, root1, root2);
      failures.add(String.format(Locale.ROOT, "(%d,%d) %s: accepted", size1, size2, what));
    } catch (ProofException expected) {
      // rejected, as wanted
    }
  }

  @Property(tries = 300)
  void compactRange_loadThenAppend_matchesTreeAndEmitsCompletedNodes(
      @ForAll @LongRange(min = 0, max = MAX_SIZE) long start,
      @ForAll @IntRange(min = 1, max = 40) int count)
      throws LedgerException {
    CompactRange range = CompactRange.load(start, SRC);
    assertEquals(MerkleTree.root(start, SRC), range.root());
    List<String> failures = new ArrayList<>();
    for (long i = start; i < start + count; i++) {
      List<String> emitted = new ArrayList<>();
      range.append(
          SyntheticNodeSource.leaf(i),
          (level, index, hash) -> {
            emitted.add(level + "/" + index);
            if (!SRC.node(level, index).equals(hash)) {
              failures.add("node " + level + "/" + index + " has the wrong hash");
            }
          });
      long size = i + 1;
      // Exactly the nodes whose last leaf is leaf i: (level, i >> level) for each level ≤ the
      // number of trailing zero bits of the new size.
      List<String> want = new ArrayList<>();
      for (int level = 0; level <= Long.numberOfTrailingZeros(size); level++) {
        want.add(level + "/" + (i >> level));
      }
      if (!want.equals(emitted)) {
        failures.add("append leaf " + i + ": emitted " + emitted + ", want " + want);
      }
      if (!range.root().equals(MerkleTree.root(size, SRC))) {
        failures.add("size " + size + ": root differs");
      }
      if (!CompactRange.load(size, SRC).hashes().equals(range.hashes())) {
        failures.add("size " + size + ": load differs from appended");
      }
    }
    assertEquals(start + count, range.size());
    assertEquals(List.of(), failures);
  }

  @Property(tries = 50)
  void inclusionProof_allIndexesOfSmallRandomTree_verify(
      @ForAll @LongRange(min = 1, max = 2_000) long size) throws LedgerException {
    Hash root = MerkleTree.root(size, SRC);
    List<String> failures = new ArrayList<>();
    for (long index = 0; index < size; index++) {
      try {
        ProofVerifier.verifyInclusion(
            index,
            size,
            SyntheticNodeSource.leaf(index),
            MerkleTree.inclusionProof(index, size, SRC),
            root);
      } catch (ProofException e) {
        failures.add(index + ": " + e.getMessage());
      }
    }
    assertEquals(List.of(), failures);
    assertThrows(IllegalArgumentException.class, () -> MerkleTree.inclusionProof(size, size, SRC));
  }
}
