package org.creditbank.ledger.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.creditbank.ledger.util.Hash;
import org.creditbank.ledger.util.LedgerException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fast code against the naive RFC 6962 recursion ({@link NaiveMerkle}) for every (index, size)
 * up to {@value #MAX_INCLUSION_SIZE} and every (size1, size2) up to {@value #MAX_CONSISTENCY_SIZE}.
 */
class MerkleTreeReferenceTest {
  private static final int MAX_INCLUSION_SIZE = 300;
  private static final int MAX_CONSISTENCY_SIZE = 130;

  private static List<Hash> leaves;
  private static NaiveMerkle naive;
  private static ListNodeSource source;

  @BeforeAll
  static void build() {
    leaves = new ArrayList<>();
    for (int i = 0; i < MAX_INCLUSION_SIZE; i++) {
      leaves.add(Rfc6962.leafHash(("leaf " + i).getBytes(StandardCharsets.UTF_8)));
    }
    naive = new NaiveMerkle(leaves);
    source = new ListNodeSource(leaves);
  }

  /** The most node reads any generation may make for a tree of size n: O(log n). */
  private static long readBound(long n) {
    return 2L * (64 - Long.numberOfLeadingZeros(n)) + 1;
  }

  @Test
  void root_everySizeUpTo300_equalsReferenceAndCompactRange() throws LedgerException {
    List<String> failures = new ArrayList<>();
    CompactRange range = CompactRange.empty();
    int ran = 0;
    for (int size = 0; size <= MAX_INCLUSION_SIZE; size++) {
      ran++;
      source.resetReads();
      Hash got = MerkleTree.root(size, source);
      Hash want = naive.mth(0, size);
      if (!want.equals(got) || !want.equals(range.root())) {
        failures.add(String.format(Locale.ROOT, "size %d: got %s / %s", size, got, range.root()));
      }
      if (source.reads() != Long.bitCount(size)) {
        failures.add(String.format(Locale.ROOT, "size %d: %d reads", size, source.reads()));
      }
      if (size < MAX_INCLUSION_SIZE) {
        range.append(leaves.get(size), (level, index, hash) -> {});
      }
    }
    assertEquals(List.of(), failures);
    assertEquals(301, ran);
  }

  @Test
  void inclusionProof_everyIndexAndSizeUpTo300_equalsReferenceAndVerifies() throws LedgerException {
    List<String> failures = new ArrayList<>();
    int ran = 0;
    for (int size = 1; size <= MAX_INCLUSION_SIZE; size++) {
      Hash root = naive.mth(0, size);
      for (int index = 0; index < size; index++) {
        ran++;
        source.resetReads();
        List<Hash> got = MerkleTree.inclusionProof(index, size, source);
        if (source.reads() > readBound(size)) {
          failures.add(
              String.format(Locale.ROOT, "(%d,%d): %d reads", index, size, source.reads()));
        }
        if (!naive.path(index, size).equals(got)) {
          failures.add(String.format(Locale.ROOT, "(%d,%d): proof differs", index, size));
          continue;
        }
        try {
          ProofVerifier.verifyInclusion(index, size, leaves.get(index), got, root);
        } catch (ProofException e) {
          failures.add(String.format(Locale.ROOT, "(%d,%d): %s", index, size, e.getMessage()));
        }
      }
    }
    assertEquals(List.of(), failures);
    assertEquals(300 * 301 / 2, ran);
  }

  @Test
  void consistencyProof_everyPairUpTo130_equalsReferenceAndVerifies() throws LedgerException {
    List<String> failures = new ArrayList<>();
    int ran = 0;
    for (int size2 = 1; size2 <= MAX_CONSISTENCY_SIZE; size2++) {
      Hash root2 = naive.mth(0, size2);
      for (int size1 = 1; size1 <= size2; size1++) {
        ran++;
        Hash root1 = naive.mth(0, size1);
        source.resetReads();
        List<Hash> got = MerkleTree.consistencyProof(size1, size2, source);
        if (source.reads() > readBound(size2)) {
          failures.add(
              String.format(Locale.ROOT, "(%d,%d): %d reads", size1, size2, source.reads()));
        }
        if (!naive.proof(size1, size2).equals(got)) {
          failures.add(String.format(Locale.ROOT, "(%d,%d): proof differs", size1, size2));
          continue;
        }
        try {
          ProofVerifier.verifyConsistency(size1, size2, got, root1, root2);
          assertEquals(root2, ProofVerifier.rootFromConsistencyProof(size1, size2, got, root1));
        } catch (ProofException e) {
          failures.add(String.format(Locale.ROOT, "(%d,%d): %s", size1, size2, e.getMessage()));
        }
      }
    }
    assertEquals(List.of(), failures);
    assertEquals(130 * 131 / 2, ran);
  }

  @Test
  void compactRange_appendUpTo300_emitsExactlyEachPerfectNodeOnce() throws LedgerException {
    List<String> failures = new ArrayList<>();
    List<String> emitted = new ArrayList<>();
    CompactRange range = CompactRange.empty();
    for (int size = 0; size < MAX_INCLUSION_SIZE; size++) {
      int before = emitted.size();
      range.append(
          leaves.get(size),
          (level, index, hash) -> {
            emitted.add(level + "/" + index);
            try {
              if (!source.node(level, index).equals(hash)) {
                failures.add("wrong hash for node " + level + "/" + index);
              }
            } catch (LedgerException e) {
              failures.add("node " + level + "/" + index + " is not complete: " + e.getMessage());
            }
          });
      long newSize = size + 1L;
      // The new size completes one node per trailing zero bit of newSize, plus the leaf.
      int want = Long.numberOfTrailingZeros(newSize) + 1;
      if (emitted.size() - before != want) {
        failures.add(
            String.format(
                Locale.ROOT, "append #%d: %d nodes, want %d", size, emitted.size() - before, want));
      }
      CompactRange loaded = CompactRange.load(newSize, source);
      if (!loaded.hashes().equals(range.hashes()) || loaded.size() != range.size()) {
        failures.add("load(" + newSize + ") differs: " + loaded + " vs " + range);
      }
    }
    // Every perfect subtree of a 300-leaf tree: sum over levels of floor(300 / 2^level).
    List<String> wantNodes = new ArrayList<>();
    for (int level = 0; (MAX_INCLUSION_SIZE >> level) > 0; level++) {
      for (int index = 0; index < (MAX_INCLUSION_SIZE >> level); index++) {
        wantNodes.add(level + "/" + index);
      }
    }
    assertEquals(List.of(), failures);
    assertEquals(wantNodes.stream().sorted().toList(), emitted.stream().sorted().toList());
    assertEquals(MAX_INCLUSION_SIZE, range.size());
  }

  @Test
  void compactRange_copy_isIndependent() {
    CompactRange a = CompactRange.empty();
    a.append(leaves.get(0), (level, index, hash) -> {});
    CompactRange b = a.copy();
    b.append(leaves.get(1), (level, index, hash) -> {});
    assertEquals(1, a.size());
    assertEquals(leaves.get(0), a.root());
    assertEquals(2, b.size());
    assertEquals(naive.mth(0, 2), b.root());
  }

  @Test
  void generation_invalidArguments_throwWithMessages() {
    assertEquals(
        "size -1 is negative, want ≥ 0",
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.root(-1, source))
            .getMessage());
    assertEquals(
        "index 5 is beyond size 5, want 0 ≤ index < size",
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.inclusionProof(5, 5, source))
            .getMessage());
    assertEquals(
        "index -1 is beyond size 5, want 0 ≤ index < size",
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.inclusionProof(-1, 5, source))
            .getMessage());
    assertEquals(
        "size1 is 0, want > 0: a consistency proof from the empty tree is meaningless",
        assertThrows(
                IllegalArgumentException.class, () -> MerkleTree.consistencyProof(0, 0, source))
            .getMessage());
    assertEquals(
        "size1 6 is greater than size2 5",
        assertThrows(
                IllegalArgumentException.class, () -> MerkleTree.consistencyProof(6, 5, source))
            .getMessage());
    assertEquals(
        "size -3 is negative, want ≥ 0",
        assertThrows(IllegalArgumentException.class, () -> CompactRange.load(-3, source))
            .getMessage());
  }

  @Test
  void generation_sourceFails_propagatesException() {
    NodeSource failing =
        (level, index) -> {
          throw new LedgerException("disk on fire");
        };
    assertEquals(
        "disk on fire",
        assertThrows(LedgerException.class, () -> MerkleTree.inclusionProof(3, 7, failing))
            .getMessage());
    assertEquals(
        "node source returned null for node (level 2, index 0), want a hash",
        assertThrows(IllegalStateException.class, () -> MerkleTree.root(4, (level, index) -> null))
            .getMessage());
  }

  @Test
  void generation_beyondSource_readsOnlyCompleteNodes() throws LedgerException {
    // A proof for an old size must not touch nodes that are incomplete in that size: a source
    // holding exactly `size` leaves fails on any other node.
    List<String> failures = new ArrayList<>();
    for (int size = 1; size <= 40; size++) {
      ListNodeSource exact = new ListNodeSource(leaves.subList(0, size));
      for (int index = 0; index < size; index++) {
        try {
          MerkleTree.inclusionProof(index, size, exact);
          MerkleTree.consistencyProof(index + 1, size, exact);
        } catch (LedgerException e) {
          failures.add(String.format(Locale.ROOT, "(%d,%d): %s", index, size, e.getMessage()));
        }
      }
    }
    assertEquals(List.of(), failures);
  }
}
