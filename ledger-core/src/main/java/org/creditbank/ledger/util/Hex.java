package org.creditbank.ledger.util;

import java.util.Locale;

/** Lower-case hexadecimal encoding and strict decoding. */
public final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private Hex() {}

  /**
   * Encodes bytes as lower-case hex, two digits per byte.
   *
   * @param bytes the bytes
   * @return the hex string, empty for no bytes
   */
  public static String encode(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = DIGITS[bytes[i] & 0xf];
    }
    return new String(out);
  }

  /**
   * Decodes hex (upper or lower case, no separators).
   *
   * @param hex an even number of hex digits
   * @return the decoded bytes
   * @throws IllegalArgumentException if the length is odd or a character is not a hex digit
   */
  public static byte[] decode(String hex) {
    if (hex.length() % 2 != 0) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "hex: want an even number of digits, got %d", hex.length()));
    }
    byte[] out = new byte[hex.length() / 2];
    for (int i = 0; i < out.length; i++) {
      int hi = Character.digit(hex.charAt(2 * i), 16);
      int lo = Character.digit(hex.charAt(2 * i + 1), 16);
      if (hi < 0 || lo < 0) {
        int at = hi < 0 ? 2 * i : 2 * i + 1;
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT, "hex: want a hex digit at offset %d, got '%c'", at, hex.charAt(at)));
      }
      out[i] = (byte) ((hi << 4) | lo);
    }
    return out;
  }
}
