package org.creditbank.ledger.crypto;

import java.util.Locale;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.creditbank.ledger.util.Bytes;
import org.creditbank.ledger.util.Hex;

/**
 * An Ed25519 public key (RFC 8032 §5.1.5): 32 bytes, the encoding of a point of prime order on
 * edwards25519. Immutable, value equality on the 32 bytes; {@code toString} is its {@code did:key}.
 *
 * <p>Every instance holds a validated key: the encoding is canonical ({@code y < p}, no negative
 * zero), the point is on the curve, is not the neutral element and lies in the prime-order subgroup
 * (Bouncy Castle's {@code validatePublicKeyFull}). The decoded point is cached, so verification
 * does not decode the key again. Verification is cofactorless in effect: see {@link #verify(byte[],
 * byte[])} for exactly what it checks.
 */
public final class Ed25519PublicKey {
  /** The length of an encoded public key in bytes. */
  public static final int LENGTH = 32;

  /** The length of a signature in bytes, {@code R ‖ S}. */
  public static final int SIGNATURE_LENGTH = 64;

  /** The prefix of a {@code did:key} identifier (W3C did:key method §3.1). */
  public static final String DID_KEY_PREFIX = "did:key:";

  // The multicodec code of ed25519-pub (0xed) as an unsigned varint.
  private static final byte CODEC_0 = (byte) 0xed;
  private static final byte CODEC_1 = 0x01;

  // The group order L = 2^252 + 27742317777372353535851937790883648493, little-endian.
  private static final byte[] ORDER_L =
      Hex.decode("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");

  static {
    Ed25519.precompute();
  }

  private final Bytes bytes;
  private final byte[] raw;
  private final Ed25519.PublicPoint point;
  private volatile String didKey;

  private Ed25519PublicKey(byte[] raw, Ed25519.PublicPoint point) {
    this.raw = raw;
    this.bytes = Bytes.copyFrom(raw);
    this.point = point;
  }

  /**
   * Parses and validates a raw 32-byte public key.
   *
   * @param key the RFC 8032 §5.1.2 encoding of the public point
   * @return the key
   * @throws KeyFormatException if the key is not 32 bytes, not a canonical encoding of a curve
   *     point, or not a point of prime order
   */
  public static Ed25519PublicKey fromBytes(byte[] key) throws KeyFormatException {
    if (key.length != LENGTH) {
      throw new KeyFormatException(
          String.format(
              Locale.ROOT, "Ed25519 public key has %d bytes, want %d", key.length, LENGTH));
    }
    byte[] copy = key.clone();
    Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(copy, 0);
    if (point == null) {
      throw new KeyFormatException(
          "Ed25519 public key is not a valid point of prime order"
              + " (non-canonical, off the curve, or of small or mixed order): "
              + Hex.encode(copy));
    }
    return new Ed25519PublicKey(copy, point);
  }

  /**
   * Parses and validates a raw 32-byte public key.
   *
   * @param key the RFC 8032 §5.1.2 encoding of the public point
   * @return the key
   * @throws KeyFormatException as {@link #fromBytes(byte[])}
   */
  public static Ed25519PublicKey fromBytes(Bytes key) throws KeyFormatException {
    return fromBytes(key.toByteArray());
  }

  /** Computes the public key of a 32-byte seed; the seed is trusted, so no validation is needed. */
  static Ed25519PublicKey fromSeed(byte[] seed) {
    Ed25519.PublicPoint point = Ed25519.generatePublicKey(seed, 0);
    byte[] raw = new byte[LENGTH];
    Ed25519.encodePublicPoint(point, raw, 0);
    return new Ed25519PublicKey(raw, point);
  }

  /**
   * Parses a Multikey value: {@code 'z' ‖ base58btc(0xed 0x01 ‖ 32-byte key)} (W3C Controlled
   * Identifiers §2.2.2, multicodec {@code ed25519-pub}).
   *
   * @param multibase for example {@code z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2}
   * @return the key
   * @throws KeyFormatException if the text is not base58btc multibase, the multicodec prefix is not
   *     {@code 0xed01}, the length is not 34 bytes, or the key is invalid
   */
  public static Ed25519PublicKey fromMultibase(String multibase) throws KeyFormatException {
    byte[] data;
    try {
      data = Base58.decodeMultibase(multibase);
    } catch (EncodingException e) {
      throw new KeyFormatException("Multikey: " + e.getMessage(), e);
    }
    if (data.length >= 2 && (data[0] != CODEC_0 || data[1] != CODEC_1)) {
      throw new KeyFormatException(
          String.format(
              Locale.ROOT,
              "Multikey: want multicodec prefix 0xed01 (ed25519-pub), got 0x%02x%02x",
              data[0] & 0xff,
              data[1] & 0xff));
    }
    if (data.length != 2 + LENGTH) {
      throw new KeyFormatException(
          String.format(
              Locale.ROOT,
              "Multikey: want %d bytes (0xed01 and a 32-byte key), got %d",
              2 + LENGTH,
              data.length));
    }
    byte[] key = new byte[LENGTH];
    System.arraycopy(data, 2, key, 0, LENGTH);
    try {
      return fromBytes(key);
    } catch (KeyFormatException e) {
      throw new KeyFormatException("Multikey: " + e.getMessage(), e);
    }
  }

  /**
   * Parses a {@code did:key} identifier: {@code "did:key:" ‖ multikey} (W3C did:key method §3.1),
   * without a fragment.
   *
   * @param did for example {@code did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2}
   * @return the key
   * @throws KeyFormatException if the prefix is missing or the multikey is invalid (see {@link
   *     #fromMultibase})
   */
  public static Ed25519PublicKey fromDidKey(String did) throws KeyFormatException {
    if (!did.startsWith(DID_KEY_PREFIX)) {
      throw new KeyFormatException(
          String.format(
              Locale.ROOT, "did:key: want prefix \"%s\", got \"%s\"", DID_KEY_PREFIX, abbrev(did)));
    }
    String multibase = did.substring(DID_KEY_PREFIX.length());
    if (multibase.indexOf('#') >= 0) {
      throw new KeyFormatException(
          "did:key: want no fragment, got \""
              + abbrev(did)
              + "\" (use fromVerificationMethod for a DID URL)");
    }
    try {
      return fromMultibase(multibase);
    } catch (KeyFormatException e) {
      throw new KeyFormatException("did:key: " + e.getMessage(), e);
    }
  }

  /**
   * Parses a did:key verification method, {@code "did:key:" ‖ multikey ‖ "#" ‖ multikey}, as W3C
   * Data Integrity proofs name it in {@code verificationMethod} (did:key method §3.1.2). The
   * fragment must equal the multikey.
   *
   * @param didUrl for example {@code did:key:z6Mk…#z6Mk…}
   * @return the key
   * @throws KeyFormatException if there is no fragment, the fragment differs from the multikey, or
   *     the did:key is invalid (see {@link #fromDidKey})
   */
  public static Ed25519PublicKey fromVerificationMethod(String didUrl) throws KeyFormatException {
    int hash = didUrl.indexOf('#');
    if (hash < 0) {
      throw new KeyFormatException(
          "did:key verification method: want \"did:key:<multikey>#<multikey>\", got no fragment in \""
              + abbrev(didUrl)
              + "\"");
    }
    String did = didUrl.substring(0, hash);
    String fragment = didUrl.substring(hash + 1);
    Ed25519PublicKey key = fromDidKey(did);
    String multibase = did.substring(DID_KEY_PREFIX.length());
    if (!fragment.equals(multibase)) {
      throw new KeyFormatException(
          String.format(
              Locale.ROOT,
              "did:key verification method: want fragment \"%s\", got \"%s\"",
              multibase,
              abbrev(fragment)));
    }
    return key;
  }

  /**
   * Returns the 32-byte encoding.
   *
   * @return the key bytes
   */
  public Bytes bytes() {
    return bytes;
  }

  /**
   * Returns a fresh copy of the 32-byte encoding.
   *
   * @return a copy the caller may modify
   */
  public byte[] toByteArray() {
    return raw.clone();
  }

  /**
   * Returns the Multikey form, {@code 'z' ‖ base58btc(0xed 0x01 ‖ key)}.
   *
   * @return for example {@code z6Mk…}
   */
  public String toMultibase() {
    byte[] data = new byte[2 + LENGTH];
    data[0] = CODEC_0;
    data[1] = CODEC_1;
    System.arraycopy(raw, 0, data, 2, LENGTH);
    return Base58.encodeMultibase(data);
  }

  /**
   * Returns the {@code did:key} identifier, {@code "did:key:" ‖ multikey}.
   *
   * @return for example {@code did:key:z6Mk…}
   */
  public String toDidKey() {
    String d = didKey;
    if (d == null) {
      // Base58 is quadratic in the length; the ledger asks for a key's did:key on every statement.
      d = DID_KEY_PREFIX + toMultibase();
      didKey = d;
    }
    return d;
  }

  /**
   * Returns the did:key verification method, {@code "did:key:" ‖ multikey ‖ "#" ‖ multikey}.
   *
   * @return for example {@code did:key:z6Mk…#z6Mk…}
   */
  public String toVerificationMethod() {
    String mb = toMultibase();
    return DID_KEY_PREFIX + mb + "#" + mb;
  }

  /**
   * Verifies an Ed25519 signature strictly (RFC 8032 §5.1.7), rejecting everything Go's {@code
   * crypto/ed25519} and OpenSSL reject and, beyond them, any {@code R} with a small-order
   * component. In order, it checks:
   *
   * <ol>
   *   <li>the signature is exactly 64 bytes {@code R ‖ S};
   *   <li>{@code S < L} as a little-endian integer (no malleable signatures, §5.1.7 step 1);
   *   <li>{@code R} is a canonical point encoding: {@code y < p} and no negative zero (§5.1.3);
   *   <li>{@code R} decodes to a curve point of prime order {@code L}: not the neutral element, no
   *       component of order 2, 4 or 8 (Bouncy Castle's {@code validatePublicKeyFull});
   *   <li>{@code [S]B = R + [k]A} with {@code k = SHA-512(R ‖ A ‖ message) mod L}.
   * </ol>
   *
   * <p>The key {@code A} was already checked to be of prime order when this object was made. With
   * {@code A} and {@code R} both in the prime-order subgroup, the cofactored equation {@code
   * [8][S]B = [8]R + [8][k]A} that Bouncy Castle evaluates and the cofactorless one above accept
   * exactly the same signatures, so the result does not depend on which one the library uses; a
   * signature whose {@code R} carries a small-order component (accepted by cofactored verifiers,
   * rejected by cofactorless ones) fails at step 4 instead.
   *
   * @param message the signed bytes
   * @param signature the 64-byte signature
   * @throws SignatureVerificationException if the signature is malformed, {@code R} is not a point
   *     of prime order, or the equation does not hold
   */
  public void verify(byte[] message, byte[] signature) throws SignatureVerificationException {
    if (signature.length != SIGNATURE_LENGTH) {
      throw new SignatureVerificationException(
          String.format(
              Locale.ROOT, "signature has %d bytes, want %d", signature.length, SIGNATURE_LENGTH));
    }
    if (!scalarBelowOrder(signature, LENGTH)) {
      throw new SignatureVerificationException(
          "want signature S < L (RFC 8032 §5.1.7), got S >= L: a malleable signature");
    }
    String badR = nonCanonicalPoint(signature);
    if (badR != null) {
      throw new SignatureVerificationException(
          "want a canonical encoding of signature R, got " + badR);
    }
    // Bouncy Castle verifies with the cofactored equation, which accepts R = rB + T for a
    // small-order T. Requiring R of prime order makes it agree with cofactorless verifiers.
    if (!Ed25519.validatePublicKeyFull(signature, 0)) {
      throw new SignatureVerificationException(
          "want signature R to be a curve point of prime order,"
              + " got a point off the curve or of small or mixed order");
    }
    if (!Ed25519.verify(signature, 0, point, message, 0, message.length)) {
      throw new SignatureVerificationException(
          "Ed25519 signature does not verify for key " + toDidKey());
    }
  }

  /**
   * Verifies an Ed25519 signature strictly; see {@link #verify(byte[], byte[])}.
   *
   * @param message the signed bytes
   * @param signature the 64-byte signature
   * @throws SignatureVerificationException if the signature is malformed or does not verify
   */
  public void verify(byte[] message, Bytes signature) throws SignatureVerificationException {
    verify(message, signature.toByteArray());
  }

  /** Whether the little-endian 32-byte scalar at {@code off} is less than L. */
  private static boolean scalarBelowOrder(byte[] b, int off) {
    for (int i = LENGTH - 1; i >= 0; i--) {
      int x = b[off + i] & 0xff;
      int l = ORDER_L[i] & 0xff;
      if (x != l) {
        return x < l;
      }
    }
    return false;
  }

  /**
   * Explains why the 32-byte point encoding at the start of {@code b} is not canonical, or returns
   * null. Bouncy Castle rejects these too; checking here gives a precise message and does not rely
   * on the library version (RFC 8032 §5.1.3 steps 1 and 4).
   */
  private static String nonCanonicalPoint(byte[] b) {
    // y >= p = 2^255 - 19: bytes (LE, sign bit masked) ed..ec+ ff.. ff 7f.
    boolean high = (b[LENGTH - 1] & 0x7f) == 0x7f;
    for (int i = 1; high && i < LENGTH - 1; i++) {
      high = b[i] == (byte) 0xff;
    }
    if (high && (b[0] & 0xff) >= 0xed) {
      return "y >= p";
    }
    // x = 0 occurs only for y = 1 and y = p - 1; with the sign bit set it is "negative zero".
    if ((b[LENGTH - 1] & 0x80) != 0) {
      boolean yIsOne = b[0] == 1;
      boolean yIsMinusOne = b[0] == (byte) 0xec;
      for (int i = 1; i < LENGTH - 1; i++) {
        yIsOne &= b[i] == 0;
        yIsMinusOne &= b[i] == (byte) 0xff;
      }
      yIsOne &= (b[LENGTH - 1] & 0x7f) == 0;
      yIsMinusOne &= (b[LENGTH - 1] & 0x7f) == 0x7f;
      if (yIsOne || yIsMinusOne) {
        return "x = 0 with the sign bit set";
      }
    }
    return null;
  }

  private static String abbrev(String s) {
    return s.length() <= 200 ? s : s.substring(0, 197) + "...";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ed25519PublicKey k && bytes.equals(k.bytes);
  }

  @Override
  public int hashCode() {
    return bytes.hashCode();
  }

  /** Returns the {@code did:key} identifier. */
  @Override
  public String toString() {
    return toDidKey();
  }
}
