package org.creditbank.ledger.util;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * An immutable sequence of bytes with value equality and a hex {@code toString}. The array is
 * copied in and copied out, so no holder can change it.
 */
public final class Bytes {
  private static final Bytes EMPTY = new Bytes(new byte[0]);

  private final byte[] data;
  private int hash; // 0 until computed; benign race, as in String

  private Bytes(byte[] data) {
    this.data = data;
  }

  /**
   * Copies an array into a new value.
   *
   * @param data the bytes to copy
   * @return the value
   */
  public static Bytes copyFrom(byte[] data) {
    return data.length == 0 ? EMPTY : new Bytes(data.clone());
  }

  /**
   * Copies part of an array into a new value.
   *
   * @param data the source array
   * @param offset the first byte to copy
   * @param length how many bytes to copy
   * @return the value
   * @throws IndexOutOfBoundsException if the range is outside the array
   */
  public static Bytes copyFrom(byte[] data, int offset, int length) {
    return new Bytes(Arrays.copyOfRange(data, offset, Math.addExact(offset, length)));
  }

  /**
   * Decodes a hex string into a value.
   *
   * @param hex an even number of hex digits
   * @return the value
   * @throws IllegalArgumentException if {@code hex} is not hex
   */
  public static Bytes fromHex(String hex) {
    return new Bytes(Hex.decode(hex));
  }

  /**
   * Returns the empty value.
   *
   * @return a value of length zero
   */
  public static Bytes empty() {
    return EMPTY;
  }

  /**
   * Returns a fresh copy of the bytes.
   *
   * @return a copy the caller may modify
   */
  public byte[] toByteArray() {
    return data.clone();
  }

  /**
   * Returns the number of bytes.
   *
   * @return the length
   */
  public int size() {
    return data.length;
  }

  /**
   * Returns one byte.
   *
   * @param index the position, from 0
   * @return the byte at {@code index}
   * @throws IndexOutOfBoundsException if {@code index} is outside the value
   */
  public byte get(int index) {
    return data[index];
  }

  /**
   * Feeds the bytes to a digest without copying them.
   *
   * @param digest the digest to update
   */
  public void updateDigest(MessageDigest digest) {
    digest.update(data);
  }

  /**
   * Compares with another value in time that depends only on the lengths.
   *
   * @param other the value to compare with
   * @return whether both hold the same bytes
   */
  public boolean equalsConstantTime(Bytes other) {
    return MessageDigest.isEqual(data, other.data);
  }

  /**
   * Returns the bytes as lower-case hex.
   *
   * @return the hex string
   */
  public String toHex() {
    return Hex.encode(data);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes b && Arrays.equals(data, b.data);
  }

  @Override
  public int hashCode() {
    // Cached as String does: Bytes are map keys on the ledger's hot path.
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(data);
      hash = h;
    }
    return h;
  }

  /** Returns the bytes as lower-case hex. */
  @Override
  public String toString() {
    return toHex();
  }
}
