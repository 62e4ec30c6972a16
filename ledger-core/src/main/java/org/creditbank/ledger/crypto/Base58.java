package org.creditbank.ledger.crypto;

import java.util.Arrays;
import java.util.Locale;

/**
 * Base58btc (the Bitcoin alphabet) encoding and strict decoding, and its multibase form ({@code
 * 'z'} prefix, W3C Controlled Identifiers §2.4 / draft-multiformats-multibase).
 *
 * <p>Each leading zero byte is written as a leading {@code '1'} and read back as one, so the
 * encoding is a bijection between byte strings and alphabet strings without a leading zero digit
 * ambiguity.
 */
public final class Base58 {
  private static final char[] ALPHABET =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
  private static final int[] INDEXES = new int[128];

  /**
   * The longest text {@link #decode} accepts. Decoding is quadratic in the length, and no key,
   * signature or hash this ledger handles comes near it.
   */
  public static final int MAX_DECODE_LENGTH = 1024;

  static {
    Arrays.fill(INDEXES, -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      INDEXES[ALPHABET[i]] = i;
    }
  }

  private Base58() {}

  /**
   * Encodes bytes as base58btc.
   *
   * @param data the bytes
   * @return the base58btc text, empty for no bytes
   */
  public static String encode(byte[] data) {
    int zeros = 0;
    while (zeros < data.length && data[zeros] == 0) {
      zeros++;
    }
    // Base 256 to base 58 by repeated division of a big-endian number held in a copy.
    byte[] input = Arrays.copyOf(data, data.length);
    char[] out = new char[data.length * 2];
    int outStart = out.length;
    int start = zeros;
    while (start < input.length) {
      int remainder = 0;
      for (int i = start; i < input.length; i++) {
        int digit = (input[i] & 0xff) + remainder * 256;
        input[i] = (byte) (digit / 58);
        remainder = digit % 58;
      }
      out[--outStart] = ALPHABET[remainder];
      while (start < input.length && input[start] == 0) {
        start++;
      }
    }
    for (int i = 0; i < zeros; i++) {
      out[--outStart] = ALPHABET[0];
    }
    return new String(out, outStart, out.length - outStart);
  }

  /**
   * Decodes base58btc.
   *
   * @param text base58btc characters only, at most {@link #MAX_DECODE_LENGTH} of them
   * @return the bytes
   * @throws EncodingException if a character is not in the alphabet (the message names its
   *     position) or the text is too long
   */
  public static byte[] decode(String text) throws EncodingException {
    return decode(text, 0);
  }

  /** Decodes {@code text} from index {@code from}; error positions are indexes into text. */
  private static byte[] decode(String text, int from) throws EncodingException {
    if (text.length() - from > MAX_DECODE_LENGTH) {
      throw new EncodingException(
          String.format(
              Locale.ROOT,
              "base58: want at most %d characters, got %d",
              MAX_DECODE_LENGTH,
              text.length() - from));
    }
    // The text may be a private key: wipe the working buffers whatever happens.
    int[] digits = new int[text.length() - from];
    int[] limbs = new int[digits.length / 4 + 2];
    try {
      for (int i = 0; i < digits.length; i++) {
        char c = text.charAt(from + i);
        int d = c < 128 ? INDEXES[c] : -1;
        if (d < 0) {
          throw new EncodingException(
              String.format(
                  Locale.ROOT,
                  "base58: want a base58btc character at position %d, got U+%04X",
                  from + i,
                  (int) c));
        }
        digits[i] = d;
      }
      int zeros = 0;
      while (zeros < digits.length && digits[zeros] == 0) {
        zeros++;
      }
      // Base 58 to base 2^32, little-endian limbs, five digits (58^5 < 2^30) per pass:
      // a pass is limb * 58^5 + carry < 2^62 + 2^32, which fits a long.
      int used = 0;
      for (int i = zeros; i < digits.length; ) {
        int k = Math.min(5, digits.length - i);
        long mul = 1;
        long carry = 0;
        for (int e = 0; e < k; e++, i++) {
          mul *= 58;
          carry = carry * 58 + digits[i];
        }
        for (int j = 0; j < used; j++) {
          carry += (limbs[j] & 0xffffffffL) * mul;
          limbs[j] = (int) carry;
          carry >>>= 32;
        }
        while (carry > 0) {
          limbs[used++] = (int) carry;
          carry >>>= 32;
        }
      }
      int bytes = used * 4;
      while (bytes > 0 && byteOf(limbs, bytes - 1) == 0) {
        bytes--;
      }
      byte[] out = new byte[zeros + bytes];
      for (int j = 0; j < bytes; j++) {
        out[out.length - 1 - j] = byteOf(limbs, j);
      }
      return out;
    } finally {
      Arrays.fill(digits, 0);
      Arrays.fill(limbs, 0);
    }
  }

  /** Byte {@code j} (little-endian) of a little-endian array of 32-bit limbs. */
  private static byte byteOf(int[] limbs, int j) {
    return (byte) (limbs[j >>> 2] >>> (8 * (j & 3)));
  }

  /**
   * Encodes bytes as a base58btc multibase string: {@code 'z' ‖ base58btc(data)}.
   *
   * @param data the bytes
   * @return the multibase text
   */
  public static String encodeMultibase(byte[] data) {
    return "z" + encode(data);
  }

  /**
   * Decodes a base58btc multibase string ({@code 'z' ‖ base58btc(data)}).
   *
   * @param text the multibase text
   * @return the bytes
   * @throws EncodingException if the text does not start with {@code 'z'} or is not base58btc after
   *     it
   */
  public static byte[] decodeMultibase(String text) throws EncodingException {
    if (text.isEmpty() || text.charAt(0) != 'z') {
      throw new EncodingException(
          String.format(
              Locale.ROOT,
              "multibase: want base58btc prefix 'z', got %s",
              text.isEmpty() ? "an empty string" : "'" + text.charAt(0) + "'"));
    }
    return decode(text, 1);
  }
}
