package org.creditbank.ledger.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.creditbank.ledger.fuzz.Mutations;
import org.creditbank.ledger.util.Bytes;
import org.creditbank.ledger.util.Hash;
import org.creditbank.ledger.util.LedgerException;

/**
 * Fuzzes proof verification with what an untrusted server may send: any unsigned index and sizes
 * (near 0, near 2^63 and near 2^64), proofs of any length, hashes of any length, and valid proofs
 * with a hash removed, added, duplicated or swapped. Nothing but {@link ProofException} comes out,
 * and a changed proof never verifies. Tries: jqwik's default (see {@link Mutations}); about 2 s.
 */
class ProofFuzzTest {
  private static final SyntheticNodeSource SRC = SyntheticNodeSource.INSTANCE;

  @Provide
  Arbitrary<Long> sizes() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(0, 70),
        Arbitraries.longs(),
        Arbitraries.longs().between(Long.MAX_VALUE - 70, Long.MAX_VALUE),
        Arbitraries.longs().between(Long.MIN_VALUE, Long.MIN_VALUE + 70),
        Arbitraries.longs().between(-70, -1));
  }

  @Provide
  Arbitrary<List<Hash>> proofs() {
    return Arbitraries.bytes().array(byte[].class).ofSize(32).map(Hash::of).list().ofMaxSize(130);
  }

  @Provide
  Arbitrary<Hash> hashes() {
    return Arbitraries.bytes().array(byte[].class).ofSize(32).map(Hash::of);
  }

  @Provide
  Arbitrary<List<Bytes>> rawProofs() {
    return Arbitraries.bytes()
        .array(byte[].class)
        .ofMaxSize(40)
        .map(Bytes::copyFrom)
        .list()
        .ofMaxSize(70);
  }

  @Property
  void verifyInclusion_anyInput_onlyProofExceptionOrTheRootItImplies(
      @ForAll("sizes") long index,
      @ForAll("sizes") long size,
      @ForAll("hashes") Hash leaf,
      @ForAll("proofs") List<Hash> proof,
      @ForAll("hashes") Hash root)
      throws ProofException {
    try {
      ProofVerifier.verifyInclusion(index, size, leaf, proof, root);
    } catch (ProofException e) {
      return;
    }
    // Passing is possible (a one-leaf tree whose root is the leaf), but only for the implied root.
    assertEquals(root, ProofVerifier.rootFromInclusionProof(index, size, leaf, proof));
  }

  @Property
  void verifyConsistency_anyInput_onlyProofExceptionOrTheRootItImplies(
      @ForAll("sizes") long size1,
      @ForAll("sizes") long size2,
      @ForAll("proofs") List<Hash> proof,
      @ForAll("hashes") Hash root1,
      @ForAll("hashes") Hash root2)
      throws ProofException {
    try {
      ProofVerifier.verifyConsistency(size1, size2, proof, root1, root2);
    } catch (ProofException e) {
      return;
    }
    assertEquals(root2, ProofVerifier.rootFromConsistencyProof(size1, size2, proof, root1));
  }

  @Property
  void decodeProof_hashesOfAnyLength_proofExceptionUnlessAll32Bytes(
      @ForAll("rawProofs") List<Bytes> raw) {
    boolean all32 = raw.stream().allMatch(b -> b.size() == 32);
    try {
      ProofVerifier.decodeProof(raw);
      if (!all32) {
        throw new AssertionError("accepted a hash that is not 32 bytes: " + raw);
      }
    } catch (ProofException e) {
      if (all32) {
        throw new AssertionError("refused hashes of 32 bytes", e);
      }
    }
  }

  @Property
  void verifyInclusion_validProofChangedInItsHashes_fails(
      @ForAll @IntRange(min = 1, max = 100_000) int size,
      @ForAll @IntRange(min = 0, max = 99_999) int rawIndex,
      @ForAll @IntRange(min = 0, max = 4) int change,
      @ForAll @IntRange(min = 0, max = 1_000) int at,
      @ForAll("hashes") Hash extra)
      throws LedgerException {
    long index = rawIndex % size;
    List<Hash> proof = MerkleTree.inclusionProof(index, size, SRC);
    Hash root = MerkleTree.root(size, SRC);
    Hash leaf = SRC.node(0, index);
    List<Hash> changed = change(proof, change, at, extra);
    if (changed.equals(proof)) {
      return; // nothing to change in an empty proof but by adding
    }
    assertThrows(
        ProofException.class,
        () -> ProofVerifier.verifyInclusion(index, size, leaf, changed, root));
  }

  @Property
  void verifyConsistency_validProofChangedInItsHashes_fails(
      @ForAll @IntRange(min = 1, max = 100_000) int size2,
      @ForAll @IntRange(min = 1, max = 100_000) int rawSize1,
      @ForAll @IntRange(min = 0, max = 4) int change,
      @ForAll @IntRange(min = 0, max = 1_000) int at,
      @ForAll("hashes") Hash extra)
      throws LedgerException {
    long size1 = 1L + (rawSize1 - 1) % size2;
    List<Hash> proof = MerkleTree.consistencyProof(size1, size2, SRC);
    Hash root1 = MerkleTree.root(size1, SRC);
    Hash root2 = MerkleTree.root(size2, SRC);
    List<Hash> changed = change(proof, change, at, extra);
    if (changed.equals(proof)) {
      return;
    }
    assertThrows(
        ProofException.class,
        () -> ProofVerifier.verifyConsistency(size1, size2, changed, root1, root2));
  }

  /** Removes, adds, duplicates, swaps with its neighbour, or replaces the hash at {@code at}. */
  private static List<Hash> change(List<Hash> proof, int change, int at, Hash extra) {
    List<Hash> p = new ArrayList<>(proof);
    int i = p.isEmpty() ? 0 : at % p.size();
    switch (change) {
      case 0 -> {
        if (!p.isEmpty()) {
          p.remove(i);
        }
      }
      case 1 -> p.add(at % (p.size() + 1), extra);
      case 2 -> {
        if (!p.isEmpty()) {
          p.add(i, p.get(i));
        }
      }
      case 3 -> {
        if (p.size() > 1) {
          int j = (i + 1) % p.size();
          Hash t = p.get(i);
          p.set(i, p.get(j));
          p.set(j, t);
        }
      }
      default -> {
        if (!p.isEmpty()) {
          p.set(i, extra);
        }
      }
    }
    return p;
  }
}
