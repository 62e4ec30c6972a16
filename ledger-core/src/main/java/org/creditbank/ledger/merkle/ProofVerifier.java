package org.creditbank.ledger.merkle;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.creditbank.ledger.util.Bytes;
import org.creditbank.ledger.util.Hash;

/**
 * Verifies Merkle inclusion and consistency proofs (RFC 9162 §2.1.3.2 and §2.1.4.2).
 *
 * <p>Computing the root a proof implies ({@code rootFrom…}) is separate from checking it against a
 * trusted root ({@code verify…}). Indexes and tree sizes are <em>unsigned</em> 64-bit values held
 * in {@code long}s, as in RFC 9162, so every value a peer can send is handled. Every precondition
 * is checked before any hashing, each with its own message.
 *
 * <p>A proof says nothing about the tree size by itself: a caller must take the size from the same
 * signed checkpoint as the root. (For example the proof for leaf 0 in a tree of 3 leaves also
 * chains to the same root when the size is claimed to be 4.)
 *
 * <p>Hashes that arrive as raw bytes enter through {@link #decodeHash} and {@link #decodeProof},
 * which reject wrong lengths with a {@link ProofException}.
 */
public final class ProofVerifier {
  private ProofVerifier() {}

  /**
   * Computes the root that an inclusion proof implies (RFC 9162 §2.1.3.2).
   *
   * @param index the leaf index, unsigned, {@code index < size}
   * @param size the tree size, unsigned
   * @param leafHash the leaf's hash, {@code SHA-256(0x00 ‖ leaf)}
   * @param proof the sibling hashes from the leaf upwards
   * @return the root of the tree of {@code size} leaves, if the proof is honest
   * @throws ProofException if {@code index ≥ size} or the proof has the wrong number of hashes
   */
  public static Hash rootFromInclusionProof(long index, long size, Hash leafHash, List<Hash> proof)
      throws ProofException {
    Objects.requireNonNull(leafHash, "leafHash");
    List<Hash> p = List.copyOf(proof);
    if (Long.compareUnsigned(index, size) >= 0) {
      throw new ProofException(
          String.format(
              Locale.ROOT,
              "index %s is beyond size %s",
              Long.toUnsignedString(index),
              Long.toUnsignedString(size)));
    }
    int inner = innerProofSize(index, size);
    int border = Long.bitCount(shiftRight(index, inner));
    checkProofSize(p.size(), inner + border);
    Hash h = chainInner(leafHash, p.subList(0, inner), index);
    return chainBorderRight(h, p.subList(inner, p.size()));
  }

  /**
   * Verifies an inclusion proof against a trusted root (RFC 9162 §2.1.3.2).
   *
   * @param index the leaf index, unsigned, {@code index < size}
   * @param size the tree size, unsigned, from the same checkpoint as {@code root}
   * @param leafHash the leaf's hash, {@code SHA-256(0x00 ‖ leaf)}
   * @param proof the sibling hashes from the leaf upwards
   * @param root the trusted root of the tree of {@code size} leaves
   * @throws ProofException if {@code index ≥ size}, the proof has the wrong number of hashes, or
   *     the computed root differs from {@code root}
   */
  public static void verifyInclusion(
      long index, long size, Hash leafHash, List<Hash> proof, Hash root) throws ProofException {
    Objects.requireNonNull(root, "root");
    Hash computed = rootFromInclusionProof(index, size, leafHash, proof);
    if (!computed.equals(root)) {
      throw new ProofException(
          String.format(Locale.ROOT, "root mismatch: want %s, computed %s", root, computed));
    }
  }

  /**
   * Checks a consistency proof against the earlier root and computes the later root it implies (RFC
   * 9162 §2.1.4.2).
   *
   * @param size1 the earlier tree size, unsigned, {@code 0 < size1 ≤ size2}
   * @param size2 the later tree size, unsigned
   * @param proof the consistency proof
   * @param root1 the trusted root of the tree of {@code size1} leaves
   * @return the root of the tree of {@code size2} leaves, if the proof is honest ({@code root1}
   *     when the sizes are equal)
   * @throws ProofException if {@code size1 > size2}, {@code size1 == 0}, the proof has the wrong
   *     number of hashes (none is wanted when the sizes are equal, at least one otherwise), or the
   *     root it implies for {@code size1} differs from {@code root1}
   */
  public static Hash rootFromConsistencyProof(long size1, long size2, List<Hash> proof, Hash root1)
      throws ProofException {
    Objects.requireNonNull(root1, "root1");
    List<Hash> p = List.copyOf(proof);
    if (Long.compareUnsigned(size1, size2) > 0) {
      throw new ProofException(
          String.format(
              Locale.ROOT,
              "size1 %s is greater than size2 %s",
              Long.toUnsignedString(size1),
              Long.toUnsignedString(size2)));
    }
    if (size1 == 0) {
      throw new ProofException(
          "size1 is 0, want > 0: a consistency proof from the empty tree is meaningless");
    }
    if (size1 == size2) {
      checkProofSize(p.size(), 0);
      return root1;
    }
    // The proof is a suffix of the inclusion proof of leaf size1-1 in the tree of size2, starting
    // at the level of the largest perfect subtree that ends at size1 (its root is the seed).
    int inner = innerProofSize(size1 - 1, size2);
    int border = Long.bitCount(shiftRight(size1 - 1, inner));
    int shift = Long.numberOfTrailingZeros(size1);
    inner -= shift; // shift < inner because size1 < size2
    // When size1 is a power of two the seed is root1 itself and is left out of the proof.
    boolean seedIsRoot1 = size1 == 1L << shift;
    int start = seedIsRoot1 ? 0 : 1;
    checkProofSize(p.size(), start + inner + border);
    Hash seed = seedIsRoot1 ? root1 : p.get(0);
    List<Hash> innerPart = p.subList(start, start + inner);
    List<Hash> borderPart = p.subList(start + inner, p.size());
    long mask = (size1 - 1) >>> shift;

    Hash hash1 = chainBorderRight(chainInnerRight(seed, innerPart, mask), borderPart);
    if (!hash1.equals(root1)) {
      throw new ProofException(
          String.format(Locale.ROOT, "root1 mismatch: want %s, computed %s", root1, hash1));
    }
    return chainBorderRight(chainInner(seed, innerPart, mask), borderPart);
  }

  /**
   * Verifies a consistency proof between two trusted roots (RFC 9162 §2.1.4.2): the tree of {@code
   * size1} leaves is a prefix of the tree of {@code size2} leaves.
   *
   * @param size1 the earlier tree size, unsigned, {@code 0 < size1 ≤ size2}
   * @param size2 the later tree size, unsigned
   * @param proof the consistency proof
   * @param root1 the trusted root of the tree of {@code size1} leaves
   * @param root2 the trusted root of the tree of {@code size2} leaves
   * @throws ProofException if {@code size1 > size2}, {@code size1 == 0}, the proof has the wrong
   *     number of hashes, or either root computed from the proof differs from the given one
   */
  public static void verifyConsistency(
      long size1, long size2, List<Hash> proof, Hash root1, Hash root2) throws ProofException {
    Objects.requireNonNull(root2, "root2");
    Hash computed = rootFromConsistencyProof(size1, size2, proof, root1);
    if (!computed.equals(root2)) {
      throw new ProofException(
          String.format(Locale.ROOT, "root2 mismatch: want %s, computed %s", root2, computed));
    }
  }

  /**
   * Turns untrusted bytes into a hash.
   *
   * @param what names the value in the message, for example {@code "root"} or {@code "leaf hash"}
   * @param bytes the bytes received
   * @return the hash
   * @throws ProofException if {@code bytes} is not 32 bytes long, with a message such as "root has
   *     12 bytes, want 32"
   */
  public static Hash decodeHash(String what, Bytes bytes) throws ProofException {
    if (bytes.size() != Hash.LENGTH) {
      throw new ProofException(
          String.format(Locale.ROOT, "%s has %d bytes, want %d", what, bytes.size(), Hash.LENGTH));
    }
    return Hash.of(bytes.toByteArray());
  }

  /**
   * Turns an untrusted list of proof hashes into hashes.
   *
   * @param proof the bytes received, in proof order
   * @return the hashes, immutable
   * @throws ProofException if an element is not 32 bytes long, with a message such as "proof hash 2
   *     has 31 bytes, want 32" (counted from 0)
   */
  public static List<Hash> decodeProof(List<Bytes> proof) throws ProofException {
    List<Hash> out = new ArrayList<>(proof.size());
    for (int i = 0; i < proof.size(); i++) {
      out.add(decodeHash("proof hash " + i, proof.get(i)));
    }
    return List.copyOf(out);
  }

  private static void checkProofSize(int got, int want) throws ProofException {
    if (got != want) {
      throw new ProofException(
          String.format(Locale.ROOT, "wrong proof size %d, want %d", got, want));
    }
  }

  /** The number of levels below the point where the paths to {@code index} and size-1 diverge. */
  private static int innerProofSize(long index, long size) {
    return 64 - Long.numberOfLeadingZeros(index ^ (size - 1));
  }

  /** Unsigned right shift where a shift by 64 gives 0, unlike Java's {@code >>>}. */
  private static long shiftRight(long value, int bits) {
    return bits >= 64 ? 0 : value >>> bits;
  }

  /** Chains a seed up through siblings; bit i of index says whether the seed is a right child. */
  private static Hash chainInner(Hash seed, List<Hash> proof, long index) {
    Hash h = seed;
    for (int i = 0; i < proof.size(); i++) {
      h =
          ((index >>> i) & 1) == 0
              ? Rfc6962.nodeHash(h, proof.get(i))
              : Rfc6962.nodeHash(proof.get(i), h);
    }
    return h;
  }

  /**
   * Like {@link #chainInner} but only with left siblings: the result is the hash of the same
   * subtree as it was before the leaves to the right of the path were appended.
   */
  private static Hash chainInnerRight(Hash seed, List<Hash> proof, long index) {
    Hash h = seed;
    for (int i = 0; i < proof.size(); i++) {
      if (((index >>> i) & 1) == 1) {
        h = Rfc6962.nodeHash(proof.get(i), h);
      }
    }
    return h;
  }

  /** Above the divergence point every sibling on the right border is a left sibling. */
  private static Hash chainBorderRight(Hash seed, List<Hash> proof) {
    Hash h = seed;
    for (Hash sibling : proof) {
      h = Rfc6962.nodeHash(sibling, h);
    }
    return h;
  }
}
