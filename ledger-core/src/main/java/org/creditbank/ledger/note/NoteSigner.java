package org.creditbank.ledger.note;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;

/**
 * A named Ed25519 signing key of c2sp.org/signed-note. Its Go-compatible string form is {@code
 * PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 ‖ 32-byte seed)>}; this class reads it but never
 * writes or prints it.
 */
public final class NoteSigner {
  private static final String PREFIX = "PRIVATE+KEY+";

  private final Ed25519PrivateKey key;
  private final NoteVerifier verifier;

  private NoteSigner(String name, Ed25519PrivateKey key) {
    this.key = key;
    this.verifier = NoteVerifier.of(name, key.publicKey());
  }

  /**
   * Names an Ed25519 private key.
   *
   * @param name the key name; for a log's checkpoints, its origin
   * @param key the private key
   * @return the signer
   * @throws IllegalArgumentException if the name is empty or contains a Unicode space, {@code '+'},
   *     an unpaired surrogate or a C0 control character (Go's {@code isValidName})
   */
  public static NoteSigner of(String name, Ed25519PrivateKey key) {
    return new NoteSigner(Notes.checkName(name), key);
  }

  /**
   * Generates a fresh key under a name.
   *
   * @param name the key name
   * @param random the randomness for the seed
   * @return the signer
   * @throws IllegalArgumentException if the name is invalid (see {@link #of})
   */
  public static NoteSigner generate(String name, SecureRandom random) {
    return of(name, Ed25519PrivateKey.generate(random));
  }

  /**
   * Parses a signer key string {@code PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 ‖ seed)>}, as
   * Go's {@code note.GenerateKey} writes. Messages never quote the key material.
   *
   * @param skey the signer key
   * @return the signer
   * @throws NoteFormatException if the prefix is missing, there are not five {@code '+'}-separated
   *     fields, the name is invalid, the key ID is not 8 hex digits or does not match the derived
   *     public key, the key data is not canonical base64, the type byte is not {@code 0x01}, or the
   *     seed is not 32 bytes
   */
  public static NoteSigner fromSignerKey(String skey) throws NoteFormatException {
    if (!skey.startsWith(PREFIX)) {
      throw new NoteFormatException("signer key: want prefix \"PRIVATE+KEY+\"");
    }
    String[] f = Notes.splitKey(skey.substring(PREFIX.length()));
    if (f == null) {
      throw new NoteFormatException(
          "signer key: want PRIVATE+KEY+<name>+<key ID>+<key>, got fewer than 5 '+'-separated fields");
    }
    String problem = Notes.nameProblem(f[0]);
    if (problem != null) {
      throw new NoteFormatException("signer key: " + problem);
    }
    Integer id = Notes.parseKeyId(f[1]);
    if (id == null) {
      // Not quoted: with the key ID left out, this field is part of the base64 seed.
      throw new NoteFormatException(
          String.format(
              Locale.ROOT,
              "signer key: want field 4 to be a key ID of 8 hex digits, got %d characters",
              f[1].length()));
    }
    byte[] data;
    try {
      data = Base64.getDecoder().decode(f[2]);
    } catch (IllegalArgumentException e) {
      // Not chained: the decoder's message quotes a character of the secret.
      throw new NoteFormatException("signer key: want base64 key data");
    }
    if (data.length == 0) {
      throw new NoteFormatException("signer key: want key data, got none");
    }
    try {
      if (data[0] != Notes.ALG_ED25519) {
        throw new NoteFormatException(
            String.format(
                Locale.ROOT,
                "signer key: want signature type 0x01 (Ed25519), got 0x%02x",
                data[0] & 0xff));
      }
      if (data.length != 1 + Ed25519PrivateKey.SEED_LENGTH) {
        throw new NoteFormatException(
            String.format(
                Locale.ROOT,
                "signer key: want a 32-byte Ed25519 seed after the type byte, got %d bytes",
                data.length - 1));
      }
      if (!Base64.getEncoder().encodeToString(data).equals(f[2])) {
        throw new NoteFormatException(
            "signer key: want canonical base64 key data (padded, zero trailing bits)");
      }
      NoteSigner s =
          new NoteSigner(
              f[0], Ed25519PrivateKey.fromSeed(Arrays.copyOfRange(data, 1, data.length)));
      if (s.keyId() != id) {
        throw new NoteFormatException(
            String.format(
                Locale.ROOT,
                "signer key: want key ID %s (SHA-256 of name and public key), got another",
                Notes.hex(s.keyId())));
      }
      return s;
    } finally {
      Arrays.fill(data, (byte) 0);
    }
  }

  /**
   * Returns the key name.
   *
   * @return the name
   */
  public String name() {
    return verifier.name();
  }

  /**
   * Returns the key ID.
   *
   * @return {@code SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]} big-endian
   */
  public int keyId() {
    return verifier.keyId();
  }

  /**
   * Returns the matching verifier.
   *
   * @return the verifier with the same name and public key
   */
  public NoteVerifier verifier() {
    return verifier;
  }

  /**
   * Returns the verifier key string for publication.
   *
   * @return {@code <name>+<hex key ID>+<base64(0x01 ‖ public key)>}
   */
  public String toVerifierKey() {
    return verifier.toString();
  }

  /** Signs the note text bytes (RFC 8032 pure Ed25519). */
  byte[] sign(byte[] text) {
    return key.sign(text);
  }

  /** Names the verifier key only; the private key never appears. */
  @Override
  public String toString() {
    return "NoteSigner[" + verifier + "]";
  }
}
