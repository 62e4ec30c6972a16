package org.creditbank.ledger.util;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * A 32-byte SHA-256 digest: immutable, value equality, hex {@code toString}.
 *
 * <p>SHA-256 runs through the JDK's {@link MessageDigest}, which on this platform uses the CPU's
 * SHA extensions and is several times faster than a pure-Java digest.
 */
public final class Hash implements Comparable<Hash> {
  /** The length of a SHA-256 digest in bytes. */
  public static final int LENGTH = 32;

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Hash::newSha256);

  private final byte[] data;

  private Hash(byte[] data) {
    this.data = data;
  }

  /**
   * Wraps a copy of a 32-byte array.
   *
   * @param data exactly 32 bytes
   * @return the hash
   * @throws IllegalArgumentException if {@code data} is not 32 bytes long
   */
  public static Hash of(byte[] data) {
    if (data.length != LENGTH) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "hash: want %d bytes, got %d", LENGTH, data.length));
    }
    return new Hash(data.clone());
  }

  /**
   * Decodes 64 hex digits.
   *
   * @param hex the digest in hex
   * @return the hash
   * @throws IllegalArgumentException if {@code hex} is not 64 hex digits
   */
  public static Hash fromHex(String hex) {
    return of(Hex.decode(hex));
  }

  /**
   * Decodes standard base64 (RFC 4648 §4, with padding) of 32 bytes.
   *
   * @param b64 the digest in base64
   * @return the hash
   * @throws IllegalArgumentException if {@code b64} is not base64 of 32 bytes
   */
  public static Hash fromBase64(String b64) {
    return of(Base64.getDecoder().decode(b64));
  }

  /**
   * Computes SHA-256 over the concatenation of the parts.
   *
   * @param parts the byte arrays, hashed in order
   * @return SHA-256(parts[0] ‖ parts[1] ‖ …)
   */
  public static Hash sha256(byte[]... parts) {
    MessageDigest md = SHA256.get();
    md.reset();
    for (byte[] p : parts) {
      md.update(p);
    }
    return new Hash(md.digest());
  }

  /**
   * Returns a new SHA-256 {@link MessageDigest}.
   *
   * @return a fresh digest
   */
  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /**
   * Returns a fresh copy of the 32 bytes.
   *
   * @return a copy the caller may modify
   */
  public byte[] toByteArray() {
    return data.clone();
  }

  /**
   * Feeds the 32 bytes to a digest without copying them.
   *
   * @param digest the digest to update
   */
  public void updateDigest(MessageDigest digest) {
    digest.update(data);
  }

  /**
   * Copies the 32 bytes into an array.
   *
   * @param dest the destination
   * @param offset where the first byte goes
   */
  public void copyTo(byte[] dest, int offset) {
    System.arraycopy(data, 0, dest, offset, LENGTH);
  }

  /**
   * Returns the digest as lower-case hex.
   *
   * @return 64 hex digits
   */
  public String toHex() {
    return Hex.encode(data);
  }

  /**
   * Returns the digest as standard base64 with padding.
   *
   * @return 44 characters
   */
  public String toBase64() {
    return Base64.getEncoder().encodeToString(data);
  }

  /**
   * Returns the digest as a {@link Bytes} value.
   *
   * @return the 32 bytes
   */
  public Bytes toBytes() {
    return Bytes.copyFrom(data);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hash h && Arrays.equals(data, h.data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data);
  }

  /** Orders hashes as unsigned big-endian numbers. */
  @Override
  public int compareTo(Hash o) {
    return Arrays.compareUnsigned(data, o.data);
  }

  /** Returns the digest as lower-case hex. */
  @Override
  public String toString() {
    return toHex();
  }
}
