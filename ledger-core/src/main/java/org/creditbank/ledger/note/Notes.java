package org.creditbank.ledger.note;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import org.creditbank.ledger.crypto.Ed25519PublicKey;
import org.creditbank.ledger.util.Hash;

/** Shared rules of the signed-note formats. */
final class Notes {
  /** The signature type byte of Ed25519 (c2sp.org/signed-note, "Signature types"). */
  static final byte ALG_ED25519 = 0x01;

  private Notes() {}

  /**
   * Returns why {@code name} is not a valid key name, or null. As Go's {@code isValidName}
   * (golang.org/x/mod/sumdb/note): non-empty, no {@code '+'}, no Unicode space, valid Unicode (no
   * unpaired surrogate); also no C0 control character, which no note line can hold.
   */
  static String nameProblem(String name) {
    if (name.isEmpty()) {
      return "key name is empty";
    }
    for (int i = 0; i < name.length(); ) {
      int c = name.codePointAt(i);
      if (c == '+') {
        return String.format(Locale.ROOT, "key name contains '+' at offset %d", i);
      }
      if (isSpace(c)) {
        return String.format(Locale.ROOT, "key name contains space U+%04X at offset %d", c, i);
      }
      // Go's isValidName allows every other character, C1 controls included; a C0 control can
      // never appear in a note, so a name with one could never sign a parseable note.
      if (c < 0x20) {
        return String.format(
            Locale.ROOT, "key name contains control character U+%04X at offset %d", c, i);
      }
      if (Character.isSurrogate((char) c)) {
        return String.format(
            Locale.ROOT, "key name contains an unpaired surrogate at offset %d", i);
      }
      i += Character.charCount(c);
    }
    return null;
  }

  /** Whether {@code c} is a Unicode space as Go's {@code unicode.IsSpace} defines it. */
  static boolean isSpace(int c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85;
  }

  /**
   * Checks a name supplied by the caller.
   *
   * @throws IllegalArgumentException if it is not a valid key name
   */
  static String checkName(String name) {
    String problem = nameProblem(name);
    if (problem != null) {
      throw new IllegalArgumentException(problem + ": \"" + name + "\"");
    }
    return name;
  }

  /**
   * Decodes standard base64 (RFC 4648 §4) that is in canonical form: padded, no line breaks, zero
   * trailing bits. Canonical input makes parse-then-write reproduce the bytes exactly.
   *
   * @return the bytes, or null if {@code text} is not canonical base64
   */
  static byte[] decodeBase64(String text) {
    byte[] data;
    try {
      data = Base64.getDecoder().decode(text.getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      return null;
    }
    return Base64.getEncoder().encodeToString(data).equals(text) ? data : null;
  }

  /**
   * Decodes standard padded base64 as Go's {@code base64.StdEncoding} does: the length must be a
   * multiple of 4 with correct padding, but the unused bits of the last character may be non-zero.
   *
   * @return the bytes, or null if {@code text} is not such base64
   */
  static byte[] decodeBase64Lenient(String text) {
    if (text.length() % 4 != 0) {
      return null;
    }
    byte[] data;
    try {
      data = Base64.getDecoder().decode(text.getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      return null;
    }
    // Only the padding bits may differ: the re-encoding has the same length and '=' positions.
    String canonical = Base64.getEncoder().encodeToString(data);
    if (canonical.length() != text.length()) {
      return null;
    }
    int diff = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) != canonical.charAt(i)) {
        diff++;
        if (i + 1 >= text.length() || text.charAt(i + 1) != '=') {
          return null;
        }
      }
    }
    return diff <= 1 ? data : null;
  }

  /** Computes the Ed25519 key ID: SHA-256(name ‖ 0x0A ‖ 0x01 ‖ 32-byte key)[:4], big-endian. */
  static int keyId(String name, Ed25519PublicKey key) {
    Hash h =
        Hash.sha256(
            name.getBytes(StandardCharsets.UTF_8),
            new byte[] {'\n', ALG_ED25519},
            key.toByteArray());
    byte[] b = h.toByteArray();
    return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
  }

  static String hex(int keyId) {
    return String.format(Locale.ROOT, "%08x", keyId);
  }

  /** Parses exactly 8 ASCII hex digits ({@code [0-9a-fA-F]}) as a key ID, or returns null. */
  static Integer parseKeyId(String text) {
    if (text.length() != 8) {
      return null;
    }
    // ASCII only: Character.digit and Integer.parseUnsignedInt also take fullwidth and other
    // Unicode digits, which Go's key parser rejects.
    int id = 0;
    for (int i = 0; i < 8; i++) {
      char c = text.charAt(i);
      int d;
      if (c >= '0' && c <= '9') {
        d = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        d = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        d = c - 'A' + 10;
      } else {
        return null;
      }
      id = (id << 4) | d;
    }
    return id;
  }

  /**
   * Splits {@code <name>+<key ID>+<key data>} at its first two {@code '+'}, as Go's {@code chop}
   * does; the base64 key data may itself contain {@code '+'}.
   *
   * @return the three fields, or null if there are fewer than two {@code '+'}
   */
  static String[] splitKey(String s) {
    int i = s.indexOf('+');
    int j = i < 0 ? -1 : s.indexOf('+', i + 1);
    if (j < 0) {
      return null;
    }
    return new String[] {s.substring(0, i), s.substring(i + 1, j), s.substring(j + 1)};
  }

  /** Quotes untrusted text for a message, shortened. */
  static String quote(String s) {
    return "\"" + (s.length() <= 80 ? s : s.substring(0, 77) + "...") + "\"";
  }
}
