package org.creditbank.ledger.merkle;

import org.creditbank.ledger.util.Bytes;
import org.creditbank.ledger.util.Hash;

/**
 * The RFC 6962 §2.1 hasher (RFC 9162 §2.1.1) over SHA-256, with the leaf and node domain separation
 * prefixes that make a leaf hash never equal an interior node hash.
 */
public final class Rfc6962 {
  /** The prefix byte of a leaf hash input. */
  public static final byte LEAF_PREFIX = 0x00;

  /** The prefix byte of an interior node hash input. */
  public static final byte NODE_PREFIX = 0x01;

  private static final byte[] LEAF_PREFIX_BYTES = {LEAF_PREFIX};
  private static final Hash EMPTY_ROOT = Hash.sha256();

  private Rfc6962() {}

  /**
   * Returns the root of the empty tree, {@code MTH({}) = SHA-256()} (RFC 6962 §2.1), that is {@code
   * e3b0c442…b855}.
   *
   * @return SHA-256 of the empty string
   */
  public static Hash emptyRoot() {
    return EMPTY_ROOT;
  }

  /**
   * Hashes a leaf, {@code MTH({d}) = SHA-256(0x00 ‖ d)} (RFC 6962 §2.1).
   *
   * @param data the leaf data, any length (not modified)
   * @return SHA-256 over the byte {@code 0x00} followed by {@code data}
   */
  public static Hash leafHash(byte[] data) {
    return Hash.sha256(LEAF_PREFIX_BYTES, data);
  }

  /**
   * Hashes a leaf, {@code SHA-256(0x00 ‖ d)} (RFC 6962 §2.1); the same as {@link
   * #leafHash(byte[])}.
   *
   * @param data the leaf data, any length
   * @return SHA-256 over the byte {@code 0x00} followed by {@code data}
   */
  public static Hash leafHash(Bytes data) {
    return leafHash(data.toByteArray());
  }

  /**
   * Hashes an interior node, {@code SHA-256(0x01 ‖ left ‖ right)} (RFC 6962 §2.1).
   *
   * @param left the hash of the left subtree
   * @param right the hash of the right subtree
   * @return SHA-256 over the 65 bytes {@code 0x01}, the 32 bytes of {@code left}, the 32 bytes of
   *     {@code right}
   */
  public static Hash nodeHash(Hash left, Hash right) {
    byte[] buf = new byte[1 + 2 * Hash.LENGTH];
    buf[0] = NODE_PREFIX;
    left.copyTo(buf, 1);
    right.copyTo(buf, 1 + Hash.LENGTH);
    return Hash.sha256(buf);
  }

  /**
   * Hashes children of any length, {@code SHA-256(0x01 ‖ left ‖ right)}; only for reproducing
   * upstream hasher vectors whose children are not 32 bytes.
   */
  static Hash nodeHash(byte[] left, byte[] right) {
    return Hash.sha256(new byte[] {NODE_PREFIX}, left, right);
  }
}
