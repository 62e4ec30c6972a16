package org.creditbank.ledger.note;

import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import org.creditbank.ledger.crypto.Ed25519PublicKey;
import org.creditbank.ledger.crypto.KeyFormatException;
import org.creditbank.ledger.crypto.SignatureVerificationException;

/**
 * A named Ed25519 verifier key of c2sp.org/signed-note: the key name, its key ID and the public
 * key. Its string form is {@code <name>+<8 hex digits of key ID>+<base64(0x01 ‖ 32-byte public
 * key)>}, for example {@code PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW}.
 *
 * <p>The key ID is {@code SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]} read big-endian. Value
 * equality on name and key.
 */
public final class NoteVerifier {
  private final String name;
  private final int keyId;
  private final Ed25519PublicKey publicKey;

  private NoteVerifier(String name, Ed25519PublicKey publicKey) {
    this.name = name;
    this.publicKey = publicKey;
    this.keyId = Notes.keyId(name, publicKey);
  }

  /**
   * Names an Ed25519 public key.
   *
   * @param name the key name, for a log its origin
   * @param publicKey the key
   * @return the verifier
   * @throws IllegalArgumentException if the name is empty or contains a Unicode space, {@code '+'},
   *     an unpaired surrogate or a C0 control character (Go's {@code isValidName})
   */
  public static NoteVerifier of(String name, Ed25519PublicKey publicKey) {
    return new NoteVerifier(Notes.checkName(name), publicKey);
  }

  /**
   * Parses a verifier key string {@code <name>+<hex key ID>+<base64(0x01 ‖ public key)>}.
   *
   * @param vkey the verifier key
   * @return the verifier
   * @throws NoteFormatException if the string does not have three {@code '+'}-separated fields, the
   *     name is invalid, the key ID is not 8 hex digits or does not match the key, the key is not
   *     canonical base64, the algorithm byte is not {@code 0x01}, or the key is not a valid 32-byte
   *     Ed25519 public key
   */
  public static NoteVerifier parse(String vkey) throws NoteFormatException {
    String[] f = Notes.splitKey(vkey);
    if (f == null) {
      throw new NoteFormatException(
          String.format(
              Locale.ROOT,
              "verifier key: want 3 '+'-separated fields <name>+<key ID>+<key>, got %d",
              vkey.split("\\+", -1).length));
    }
    String problem = Notes.nameProblem(f[0]);
    if (problem != null) {
      throw new NoteFormatException("verifier key: " + problem);
    }
    Integer id = Notes.parseKeyId(f[1]);
    if (id == null) {
      throw new NoteFormatException(
          "verifier key: want a key ID of 8 hex digits, got " + Notes.quote(f[1]));
    }
    Ed25519PublicKey key = decodeKey("verifier key", f[2]);
    NoteVerifier v = new NoteVerifier(f[0], key);
    if (v.keyId != id) {
      throw new NoteFormatException(
          String.format(
              Locale.ROOT,
              "verifier key: want key ID %s (SHA-256 of name and key), got %s",
              Notes.hex(v.keyId),
              f[1]));
    }
    return v;
  }

  private static Ed25519PublicKey decodeKey(String what, String b64) throws NoteFormatException {
    byte[] data;
    try {
      data = Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw new NoteFormatException(what + ": want base64 key data, got " + Notes.quote(b64), e);
    }
    if (data.length == 0) {
      throw new NoteFormatException(what + ": want key data, got none");
    }
    if (data[0] != Notes.ALG_ED25519) {
      throw new NoteFormatException(
          String.format(
              Locale.ROOT,
              "%s: want signature type 0x01 (Ed25519), got 0x%02x",
              what,
              data[0] & 0xff));
    }
    if (data.length != 1 + Ed25519PublicKey.LENGTH) {
      throw new NoteFormatException(
          String.format(
              Locale.ROOT,
              "%s: want a 32-byte Ed25519 public key after the type byte, got %d bytes",
              what,
              data.length - 1));
    }
    if (Notes.decodeBase64(b64) == null) {
      throw new NoteFormatException(
          what
              + ": want canonical base64 key data (padded, zero trailing bits), got "
              + Notes.quote(b64));
    }
    try {
      return Ed25519PublicKey.fromBytes(Arrays.copyOfRange(data, 1, data.length));
    } catch (KeyFormatException e) {
      throw new NoteFormatException(what + ": " + e.getMessage(), e);
    }
  }

  /**
   * Returns the key name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the key ID, {@code SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]} big-endian.
   *
   * @return the key ID as an int (compare as unsigned)
   */
  public int keyId() {
    return keyId;
  }

  /**
   * Returns the public key.
   *
   * @return the Ed25519 key
   */
  public Ed25519PublicKey publicKey() {
    return publicKey;
  }

  /**
   * Verifies an Ed25519 signature over a note text (the text bytes including its final newline).
   *
   * @param text the UTF-8 note text
   * @param signature the 64-byte signature, without the key ID
   * @throws SignatureVerificationException if the signature is malformed or does not verify
   */
  void verify(byte[] text, byte[] signature) throws SignatureVerificationException {
    publicKey.verify(text, signature);
  }

  /**
   * Returns the verifier key string {@code <name>+<hex key ID>+<base64(0x01 ‖ public key)>}.
   *
   * @return the string form, which {@link #parse} reads back
   */
  @Override
  public String toString() {
    byte[] data = new byte[1 + Ed25519PublicKey.LENGTH];
    data[0] = Notes.ALG_ED25519;
    System.arraycopy(publicKey.toByteArray(), 0, data, 1, Ed25519PublicKey.LENGTH);
    return name + "+" + Notes.hex(keyId) + "+" + Base64.getEncoder().encodeToString(data);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NoteVerifier v && name.equals(v.name) && publicKey.equals(v.publicKey);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + publicKey.hashCode();
  }
}
