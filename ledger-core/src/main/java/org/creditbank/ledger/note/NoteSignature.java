package org.creditbank.ledger.note;

import java.util.Arrays;
import java.util.Base64;
import org.creditbank.ledger.util.Bytes;

/**
 * One signature line of a signed note, {@code — <name> base64(key ID ‖ signature)}
 * (c2sp.org/signed-note, "Signatures").
 *
 * @param name the key name
 * @param keyId the 4-byte key ID, big-endian (compare as unsigned)
 * @param signature the signature bytes after the key ID: 64 for Ed25519, other lengths for other
 *     signature types, which are kept but not verified
 * @param base64 the base64 text of the line as read, {@code base64(keyId ‖ signature)}: canonical
 *     for lines this library writes; a line parsed from a note may have non-zero padding bits (as
 *     Go's {@code note.Open} tolerates), which {@link SignedNote#verify} refuses for known keys
 */
public record NoteSignature(String name, int keyId, Bytes signature, String base64) {
  /**
   * Validates the parts.
   *
   * @throws IllegalArgumentException if the name is not a valid key name, the signature is empty,
   *     or {@code base64} does not decode to {@code keyId ‖ signature} (padding bits aside)
   * @param name the key name
   * @param keyId the 4-byte key ID, big-endian (compare as unsigned)
   * @param signature the signature bytes after the key ID: 64 for Ed25519, other lengths for other
   *     signature types, which are kept but not verified
   * @param base64 the base64 text of the line as read, {@code base64(keyId ‖ signature)}: canonical
   *     for lines this library writes; a line parsed from a note may have non-zero padding bits (as
   *     Go's {@code note.Open} tolerates), which {@link SignedNote#verify} refuses for known keys
   */
  public NoteSignature {
    Notes.checkName(name);
    if (signature.size() == 0) {
      throw new IllegalArgumentException("note signature is empty");
    }
    byte[] decoded = Notes.decodeBase64Lenient(base64);
    if (decoded == null || !Arrays.equals(decoded, data(keyId, signature))) {
      throw new IllegalArgumentException(
          "note signature base64 does not encode its key ID and signature");
    }
  }

  /**
   * Makes a signature line with canonical base64.
   *
   * @param name the key name
   * @param keyId the key ID
   * @param signature the signature bytes after the key ID
   * @throws IllegalArgumentException if the name is not a valid key name or the signature is empty
   */
  public NoteSignature(String name, int keyId, Bytes signature) {
    this(name, keyId, signature, Base64.getEncoder().encodeToString(data(keyId, signature)));
  }

  private static byte[] data(int keyId, Bytes signature) {
    byte[] sig = signature.toByteArray();
    byte[] data = new byte[4 + sig.length];
    data[0] = (byte) (keyId >>> 24);
    data[1] = (byte) (keyId >>> 16);
    data[2] = (byte) (keyId >>> 8);
    data[3] = (byte) keyId;
    System.arraycopy(sig, 0, data, 4, sig.length);
    return data;
  }

  /**
   * Returns whether the base64 text is canonical (zero padding bits).
   *
   * @return true if {@link #base64()} is the canonical encoding of {@code keyId ‖ signature}
   */
  public boolean canonical() {
    return base64.equals(Base64.getEncoder().encodeToString(data(keyId, signature)));
  }

  /**
   * Returns the key ID as 8 lower-case hex digits.
   *
   * @return for example {@code c74f20a3}
   */
  public String keyIdHex() {
    return Notes.hex(keyId);
  }

  /**
   * Returns the signature line without its newline, with the base64 text exactly as read.
   *
   * @return {@code "— " ‖ name ‖ " " ‖ base64}
   */
  public String toLine() {
    return "\u2014 " + name + " " + base64;
  }
}
