package org.creditbank.ledger.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 private key: the 32-byte seed of RFC 8032 §5.1.5 and its public key.
 *
 * <p>The seed never shows: {@code toString} names only the public key, {@code equals} is identity,
 * and the seed leaves only through {@link #exportSeedUnsafe()} and {@link #toPem()}. Signing is
 * deterministic (RFC 8032 §5.1.6): the same key and message give the same signature.
 */
public final class Ed25519PrivateKey {
  /** The length of a seed in bytes. */
  public static final int SEED_LENGTH = 32;

  // The multicodec code of ed25519-priv (0x1300) as an unsigned varint.
  private static final byte CODEC_0 = (byte) 0x80;
  private static final byte CODEC_1 = 0x26;

  private final byte[] seed;
  private final byte[] publicKeyBytes;
  private final Ed25519PublicKey publicKey;

  private Ed25519PrivateKey(byte[] seed) {
    this.seed = seed;
    this.publicKey = Ed25519PublicKey.fromSeed(seed);
    this.publicKeyBytes = publicKey.toByteArray();
  }

  /**
   * Generates a fresh key.
   *
   * @param random the source of the 32 random seed bytes
   * @return the key
   */
  public static Ed25519PrivateKey generate(SecureRandom random) {
    byte[] seed = new byte[SEED_LENGTH];
    Ed25519.generatePrivateKey(random, seed);
    return new Ed25519PrivateKey(seed);
  }

  /**
   * Makes a key from a 32-byte seed, which is copied.
   *
   * @param seed the RFC 8032 private key
   * @return the key
   * @throws IllegalArgumentException if {@code seed} is not 32 bytes
   */
  public static Ed25519PrivateKey fromSeed(byte[] seed) {
    if (seed.length != SEED_LENGTH) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT, "Ed25519 seed has %d bytes, want %d", seed.length, SEED_LENGTH));
    }
    return new Ed25519PrivateKey(seed.clone());
  }

  /**
   * Reads a PKCS#8 PEM private key (RFC 8410 §7, RFC 7468 §10), as written by {@code openssl
   * genpkey -algorithm ed25519}: label {@code PRIVATE KEY}, DER {@code
   * 302e020100300506032b657004220420 ‖ seed}. The version-1 form with the optional public key
   * {@code [1]} (RFC 5958) is accepted too; that public key must match the seed.
   *
   * @param pem the PEM text
   * @return the key
   * @throws KeyFormatException if the text is not PEM, has another label, is not base64, is not a
   *     PKCS#8 Ed25519 key, has a seed of the wrong length, or carries a mismatched public key
   */
  public static Ed25519PrivateKey fromPem(String pem) throws KeyFormatException {
    byte[][] parts = Pkcs8.fromPem(pem);
    Ed25519PrivateKey key = new Ed25519PrivateKey(parts[0]);
    if (parts[1] != null && !Arrays.equals(parts[1], key.publicKeyBytes)) {
      throw new KeyFormatException(
          "PKCS#8: want the publicKey [1] of the seed, got a different public key");
    }
    return key;
  }

  /**
   * Reads a Multikey private key: {@code 'z' ‖ base58btc(0x80 0x26 ‖ 32-byte seed)} (multicodec
   * {@code ed25519-priv}), as in W3C vc-di-eddsa test vectors.
   *
   * @param multibase the multibase text
   * @return the key
   * @throws KeyFormatException if the text is not base58btc multibase, the prefix is not {@code
   *     0x8026}, or the seed is not 32 bytes
   */
  public static Ed25519PrivateKey fromMultibase(String multibase) throws KeyFormatException {
    byte[] data;
    try {
      data = Base58.decodeMultibase(multibase);
    } catch (EncodingException e) {
      // The message may quote a character of the secret; keep only its kind.
      throw new KeyFormatException("private Multikey: not base58btc multibase");
    }
    try {
      if (data.length >= 2 && (data[0] != CODEC_0 || data[1] != CODEC_1)) {
        throw new KeyFormatException(
            // The two bytes are not shown: with a wrong prefix they may be seed bytes.
            "private Multikey: want multicodec prefix 0x8026 (ed25519-priv)");
      }
      if (data.length != 2 + SEED_LENGTH) {
        throw new KeyFormatException(
            String.format(
                Locale.ROOT,
                "private Multikey: want %d bytes (0x8026 and a 32-byte seed), got %d",
                2 + SEED_LENGTH,
                data.length));
      }
      return new Ed25519PrivateKey(Arrays.copyOfRange(data, 2, 2 + SEED_LENGTH));
    } finally {
      Arrays.fill(data, (byte) 0);
    }
  }

  /**
   * Returns the public key.
   *
   * @return the public key of this seed
   */
  public Ed25519PublicKey publicKey() {
    return publicKey;
  }

  /**
   * Signs a message with pure Ed25519 (RFC 8032 §5.1.6, no context, no prehash).
   *
   * @param message the bytes to sign
   * @return the 64-byte signature {@code R ‖ S}
   */
  public byte[] sign(byte[] message) {
    byte[] sig = new byte[Ed25519PublicKey.SIGNATURE_LENGTH];
    Ed25519.sign(seed, 0, publicKeyBytes, 0, message, 0, message.length, sig, 0);
    return sig;
  }

  /**
   * Writes the key as PKCS#8 PEM exactly as {@code openssl genpkey -algorithm ed25519} does: label
   * {@code PRIVATE KEY}, DER {@code 302e020100300506032b657004220420 ‖ seed}, one 64-character
   * base64 line, a final newline. The result contains the secret.
   *
   * @return the PEM text
   */
  public String toPem() {
    return Pkcs8.toPem(seed);
  }

  /**
   * Returns a copy of the secret 32-byte seed. The one way out for the raw secret: callers must not
   * log it or keep it longer than needed.
   *
   * @return a fresh copy of the seed
   */
  public byte[] exportSeedUnsafe() {
    return seed.clone();
  }

  /** Names the public key only; the seed never appears. */
  @Override
  public String toString() {
    return "Ed25519PrivateKey[" + publicKey.toDidKey() + "]";
  }
}
