/**
 * RFC 6962 / RFC 9162 Merkle trees over SHA-256: hashing, roots, inclusion and consistency proofs,
 * and a compact range for appending. Pure functions, no I/O.
 *
 * <p>The tree is the one of RFC 6962 §2.1 (RFC 9162 §2.1.1): {@link Rfc6962#leafHash leaf hash}
 * {@code SHA-256(0x00 ‖ data)}, {@link Rfc6962#nodeHash node hash} {@code SHA-256(0x01 ‖ left ‖
 * right)}, and the root of {@code n > 1} leaves splits at the largest power of two smaller than
 * {@code n}.
 *
 * <ul>
 *   <li>{@link NodeSource} and {@link NodeSink} address the <em>perfect</em> subtrees of the tree
 *       by {@code (level, index)}: those are the only nodes a log ever has to store, because they
 *       never change once complete.
 *   <li>{@link MerkleTree} generates roots and proofs from a {@link NodeSource} with {@code O(log
 *       n)} node reads each, for the current or any earlier tree size.
 *   <li>{@link ProofVerifier} computes a root from a proof (RFC 9162 §2.1.3.2, §2.1.4.2) separately
 *       from checking it, and fails with {@link ProofException}.
 *   <li>{@link CompactRange} is the right border of a tree: appending a leaf emits every perfect
 *       subtree that becomes complete, so that a journal can store them.
 * </ul>
 *
 * <p>The design and algorithms follow github.com/transparency-dev/merkle ({@code proof/verify.go},
 * {@code proof/proof.go}, {@code compact/range.go}).
 */
package org.creditbank.ledger.merkle;
