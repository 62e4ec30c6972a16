package org.creditbank.ledger.merkle;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.creditbank.ledger.util.Bytes;
import org.creditbank.ledger.util.Hash;
import org.creditbank.ledger.util.LedgerException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Preconditions, unsigned edge cases and a corpus of tampered proofs, as in transparency-dev. */
class ProofVerifierTest {
  private static final int SIZE = 70;
  private static final Hash ZERO = Hash.of(new byte[32]);

  private static List<Hash> leaves;
  private static ListNodeSource source;

  @BeforeAll
  static void build() {
    leaves = new ArrayList<>();
    for (int i = 0; i < SIZE; i++) {
      leaves.add(Rfc6962.leafHash(("entry " + i).getBytes(StandardCharsets.UTF_8)));
    }
    source = new ListNodeSource(leaves);
  }

  private static Hash root(long size) throws LedgerException {
    return MerkleTree.root(size, source);
  }

  private static Hash flipBit(Hash h, int bit) {
    byte[] b = h.toByteArray();
    b[bit / 8] ^= (byte) (1 << (bit % 8));
    return Hash.of(b);
  }

  private static String message(ThrowingRunnable r) {
    return assertThrows(ProofException.class, r::run).getMessage();
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws ProofException;
  }

  /** Tampered variants of a proof, named, as transparency-dev's corruptInclusionProof builds. */
  private static Map<String, List<Hash>> tampered(List<Hash> proof, Hash root) {
    Map<String, List<Hash>> out = new LinkedHashMap<>();
    int n = proof.size();
    for (int i = 0; i < n; i++) {
      List<Hash> p = new ArrayList<>(proof);
      p.set(i, flipBit(p.get(i), 7 + 8 * i % 256));
      out.put("modified@" + i, p);
      List<Hash> removed = new ArrayList<>(proof);
      removed.remove(i);
      out.put("removed@" + i, removed);
      List<Hash> inserted = new ArrayList<>(proof);
      inserted.add(i, proof.get(i));
      out.put("duplicated@" + i, inserted);
      if (i + 1 < n) {
        List<Hash> swapped = new ArrayList<>(proof);
        Collections.swap(swapped, i, i + 1);
        out.put("swapped@" + i, swapped);
      }
    }
    List<Hash> appended = new ArrayList<>(proof);
    appended.add(ZERO);
    out.put("trailing-garbage", appended);
    List<Hash> prepended = new ArrayList<>(proof);
    prepended.add(0, ZERO);
    out.put("preceding-garbage", prepended);
    List<Hash> withRoot = new ArrayList<>(proof);
    withRoot.add(root);
    out.put("trailing-root", withRoot);
    if (n > 1) {
      List<Hash> reversed = new ArrayList<>(proof);
      Collections.reverse(reversed);
      out.put("reversed", reversed);
    }
    out.put("empty", List.of());
    out.remove(proof.isEmpty() ? "empty" : "");
    return out;
  }

  @Test
  void verifyInclusion_tamperedProofs_allRejected() throws LedgerException {
    List<String> failures = new ArrayList<>();
    int ran = 0;
    for (int size = 1; size <= SIZE; size++) {
      Hash root = root(size);
      for (int index = 0; index < size; index++) {
        List<Hash> proof = MerkleTree.inclusionProof(index, size, source);
        for (Map.Entry<String, List<Hash>> t : tampered(proof, root).entrySet()) {
          ran++;
          try {
            ProofVerifier.verifyInclusion(index, size, leaves.get(index), t.getValue(), root);
            failures.add(
                String.format(Locale.ROOT, "(%d,%d) %s accepted", index, size, t.getKey()));
          } catch (ProofException expected) {
            // rejected, as wanted
          }
        }
      }
    }
    assertEquals(List.of(), failures);
    assertEquals(66_447, ran);
  }

  @Test
  void verifyConsistency_tamperedProofs_allRejected() throws LedgerException {
    List<String> failures = new ArrayList<>();
    int ran = 0;
    for (int size2 = 1; size2 <= SIZE; size2++) {
      Hash root2 = root(size2);
      for (int size1 = 1; size1 <= size2; size1++) {
        Hash root1 = root(size1);
        List<Hash> proof = MerkleTree.consistencyProof(size1, size2, source);
        for (Map.Entry<String, List<Hash>> t : tampered(proof, root2).entrySet()) {
          ran++;
          try {
            ProofVerifier.verifyConsistency(size1, size2, t.getValue(), root1, root2);
            failures.add(
                String.format(Locale.ROOT, "(%d,%d) %s accepted", size1, size2, t.getKey()));
          } catch (ProofException expected) {
            // rejected, as wanted
          }
        }
        if (size1 < size2) {
          ran++;
          try {
            ProofVerifier.verifyConsistency(size1, size2, proof, root2, root1);
            failures.add(
                String.format(Locale.ROOT, "(%d,%d) swapped roots accepted", size1, size2));
          } catch (ProofException expected) {
            // rejected, as wanted
          }
        }
      }
    }
    assertEquals(List.of(), failures);
    assertEquals(67_280, ran);
  }

  @Test
  void verifyInclusion_wrongIndexOrDoubledOrHalvedSize_rejected() throws LedgerException {
    // transparency-dev's verifierCheck: index ± 1, index ^ 2, size · 2, size / 2.
    List<String> failures = new ArrayList<>();
    int ran = 0;
    for (int size = 1; size <= SIZE; size++) {
      Hash root = root(size);
      for (int index = 0; index < size; index++) {
        List<Hash> proof = MerkleTree.inclusionProof(index, size, source);
        Hash leaf = leaves.get(index);
        long[][] variants = {
          {index - 1L, size},
          {index + 1L, size},
          {index ^ 2L, size},
          {index, size * 2L},
          {index, size / 2L}
        };
        for (long[] v : variants) {
          if (v[0] == index && v[1] == size) {
            continue;
          }
          ran++;
          try {
            ProofVerifier.verifyInclusion(v[0], v[1], leaf, proof, root);
            failures.add(
                String.format(Locale.ROOT, "(%d,%d) as (%d,%d) accepted", index, size, v[0], v[1]));
          } catch (ProofException expected) {
            // rejected, as wanted
          }
        }
      }
    }
    assertEquals(List.of(), failures);
    // 2,485 (index, size) pairs, 5 variants each
    assertEquals(12_425, ran);
  }

  @Test
  void verifyInclusion_sizeNotBoundByProof_sameShapeVerifies() throws LedgerException {
    // Documents why the size must come from the checkpoint that signs the root: the proof of leaf
    // 0 in a tree of 3 leaves has the same shape as one in a tree of 4, so it chains to root(3).
    List<Hash> proof = MerkleTree.inclusionProof(0, 3, source);
    assertDoesNotThrow(() -> ProofVerifier.verifyInclusion(0, 4, leaves.get(0), proof, root(3)));
    assertThrows(
        ProofException.class,
        () -> ProofVerifier.verifyInclusion(0, 4, leaves.get(0), proof, root(4)));
  }

  @Test
  void verifyInclusion_preconditions_ownMessages() throws LedgerException {
    Hash leaf = leaves.get(5);
    List<Hash> proof = MerkleTree.inclusionProof(5, 8, source);
    Hash root = root(8);
    assertEquals(
        "index 5 is beyond size 5",
        message(() -> ProofVerifier.verifyInclusion(5, 5, leaf, proof, root)));
    assertEquals(
        "index 0 is beyond size 0",
        message(() -> ProofVerifier.verifyInclusion(0, 0, leaf, List.of(), root)));
    assertEquals(
        "index 18446744073709551615 is beyond size 18446744073709551615",
        message(() -> ProofVerifier.verifyInclusion(-1L, -1L, leaf, proof, root)));
    assertEquals(
        "wrong proof size 2, want 3",
        message(() -> ProofVerifier.verifyInclusion(5, 8, leaf, proof.subList(0, 2), root)));
    Hash other = root(7);
    assertEquals(
        "root mismatch: want " + other + ", computed " + root,
        message(() -> ProofVerifier.verifyInclusion(5, 8, leaf, proof, other)));
    assertDoesNotThrow(() -> ProofVerifier.verifyInclusion(5, 8, leaf, proof, root));
    assertEquals(
        root, assertDoesNotThrow(() -> ProofVerifier.rootFromInclusionProof(5, 8, leaf, proof)));
  }

  @Test
  void verifyConsistency_preconditions_ownMessages() throws LedgerException {
    Hash r3 = root(3);
    Hash r7 = root(7);
    List<Hash> proof = MerkleTree.consistencyProof(3, 7, source);
    assertEquals(
        "size1 7 is greater than size2 3",
        message(() -> ProofVerifier.verifyConsistency(7, 3, proof, r7, r3)));
    assertEquals(
        "size1 18446744073709551615 is greater than size2 1",
        message(() -> ProofVerifier.verifyConsistency(-1L, 1, proof, r7, r3)));
    String fromEmpty =
        "size1 is 0, want > 0: a consistency proof from the empty tree is meaningless";
    assertEquals(
        fromEmpty,
        message(
            () ->
                ProofVerifier.verifyConsistency(
                    0, 0, List.of(), Rfc6962.emptyRoot(), Rfc6962.emptyRoot())));
    assertEquals(
        fromEmpty,
        message(() -> ProofVerifier.verifyConsistency(0, 3, proof, Rfc6962.emptyRoot(), r3)));
    assertEquals(
        "wrong proof size 1, want 0",
        message(() -> ProofVerifier.verifyConsistency(3, 3, List.of(r3), r3, r3)));
    assertEquals(
        "root2 mismatch: want " + r7 + ", computed " + r3,
        message(() -> ProofVerifier.verifyConsistency(3, 3, List.of(), r3, r7)));
    assertEquals(
        "wrong proof size 0, want " + proof.size(),
        message(() -> ProofVerifier.verifyConsistency(3, 7, List.of(), r3, r7)));
    assertEquals(
        "root1 mismatch: want " + r7 + ", computed " + r3,
        message(() -> ProofVerifier.verifyConsistency(3, 7, proof, r7, r7)));
    assertEquals(
        "root2 mismatch: want " + r3 + ", computed " + r7,
        message(() -> ProofVerifier.verifyConsistency(3, 7, proof, r3, r3)));
    assertDoesNotThrow(() -> ProofVerifier.verifyConsistency(3, 7, proof, r3, r7));
    assertDoesNotThrow(() -> ProofVerifier.verifyConsistency(-1L, -1L, List.of(), r3, r3));
  }

  @Test
  void rootFromInclusionProof_unsignedSizes_expectedProofLengths() {
    // size 2^64 - 1: the path of index 5 diverges from the right border at the top (64 inner
    // levels, no border), which needs a shift by 64 that Java's >>> would wrap to a shift by 0.
    assertEquals(
        "wrong proof size 0, want 64",
        message(() -> ProofVerifier.rootFromInclusionProof(5, -1L, ZERO, List.of())));
    assertEquals(
        "wrong proof size 0, want 63",
        message(() -> ProofVerifier.rootFromInclusionProof(-2L, -1L, ZERO, List.of())));
    assertEquals(
        "wrong proof size 0, want 64",
        message(() -> ProofVerifier.rootFromInclusionProof(Long.MIN_VALUE, -1L, ZERO, List.of())));
    assertEquals(
        "wrong proof size 0, want 1",
        message(
            () -> ProofVerifier.rootFromConsistencyProof(Long.MIN_VALUE, -1L, List.of(), ZERO)));
  }

  @Test
  void rootFromInclusionProof_64LevelProof_chainsEveryLevel() {
    List<Hash> proof = new ArrayList<>();
    Hash want = ZERO;
    for (int i = 0; i < 64; i++) {
      Hash sibling = Rfc6962.leafHash(new byte[] {(byte) i});
      proof.add(sibling);
      // index 5: bits 0 and 2 set, so the path is a right child at levels 0 and 2.
      want = (i == 0 || i == 2) ? Rfc6962.nodeHash(sibling, want) : Rfc6962.nodeHash(want, sibling);
    }
    assertEquals(
        want, assertDoesNotThrow(() -> ProofVerifier.rootFromInclusionProof(5, -1L, ZERO, proof)));
  }

  @Test
  void decodeHash_wrongLength_rejectedWithMessage() {
    assertEquals(
        "root has 12 bytes, want 32",
        message(() -> ProofVerifier.decodeHash("root", Bytes.copyFrom(new byte[12]))));
    assertEquals(
        "leaf hash has 0 bytes, want 32",
        message(() -> ProofVerifier.decodeHash("leaf hash", Bytes.empty())));
    assertEquals(
        "proof hash 2 has 31 bytes, want 32",
        message(
            () ->
                ProofVerifier.decodeProof(
                    List.of(ZERO.toBytes(), ZERO.toBytes(), Bytes.copyFrom(new byte[31])))));
    assertEquals(
        List.of(ZERO, ZERO),
        assertDoesNotThrow(
            () -> ProofVerifier.decodeProof(List.of(ZERO.toBytes(), ZERO.toBytes()))));
  }
}
