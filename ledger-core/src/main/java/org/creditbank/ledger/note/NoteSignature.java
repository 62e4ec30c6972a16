package org.creditbank.ledger.note;

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
 */
public record NoteSignature(String name, int keyId, Bytes signature) {
  /**
   * Validates the parts.
   *
   * @throws IllegalArgumentException if the name is not a valid key name or the signature is empty
   */
  public NoteSignature {
    Notes.checkName(name);
    if (signature.size() == 0) {
      throw new IllegalArgumentException("note signature is empty");
    }
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
   * Returns the signature line without its newline.
   *
   * @return {@code "— " ‖ name ‖ " " ‖ base64(keyId big-endian ‖ signature)}
   */
  public String toLine() {
    byte[] sig = signature.toByteArray();
    byte[] data = new byte[4 + sig.length];
    data[0] = (byte) (keyId >>> 24);
    data[1] = (byte) (keyId >>> 16);
    data[2] = (byte) (keyId >>> 8);
    data[3] = (byte) keyId;
    System.arraycopy(sig, 0, data, 4, sig.length);
    return "\u2014 " + name + " " + Base64.getEncoder().encodeToString(data);
  }
}
