package org.creditbank.ledger.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import org.creditbank.ledger.util.Hex;

/**
 * Ed25519 private keys as PKCS#8 PEM (RFC 5208 / RFC 5958 OneAsymmetricKey, RFC 8410 §7, RFC 7468
 * §10), reduced to the two shapes Ed25519 keys take.
 */
final class Pkcs8 {
  static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
  static final String END = "-----END PRIVATE KEY-----";

  // SEQUENCE(46) { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING(32) } }
  private static final byte[] V1_PREFIX = Hex.decode("302e020100300506032b657004220420");
  private static final byte[] ED25519_OID = Hex.decode("2b6570");

  private Pkcs8() {}

  /**
   * Encodes a seed as the PEM OpenSSL writes: the 48-byte version-0 structure, 64-column base64.
   */
  static String toPem(byte[] seed) {
    byte[] der = Arrays.copyOf(V1_PREFIX, V1_PREFIX.length + seed.length);
    System.arraycopy(seed, 0, der, V1_PREFIX.length, seed.length);
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    Arrays.fill(der, (byte) 0);
    return BEGIN + "\n" + body + "\n" + END + "\n";
  }

  /** Decodes a PEM private key and returns the 32-byte seed and the optional public key. */
  static byte[][] fromPem(String pem) throws KeyFormatException {
    String text = pem.strip();
    if (!text.startsWith("-----BEGIN ")) {
      throw new KeyFormatException("PEM: want a line \"" + BEGIN + "\", got no PEM header");
    }
    // Never quote the input: a PEM with its newlines lost or its footer cut keeps the base64 of
    // the seed on the first or last line. Messages give only line numbers and lengths.
    int eol = text.indexOf('\n');
    String first = (eol < 0 ? text : text.substring(0, eol)).strip();
    if (!first.equals(BEGIN)) {
      throw new KeyFormatException(
          String.format(
              Locale.ROOT,
              "PEM: want first line \"%s\", got a different line of %d characters",
              BEGIN,
              first.length()));
    }
    int end = text.lastIndexOf('\n');
    if (end < 0) {
      throw new KeyFormatException(
          String.format(Locale.ROOT, "PEM: want final line \"%s\", got only the first line", END));
    }
    String last = text.substring(end + 1).strip();
    if (!last.equals(END)) {
      long lines = text.chars().filter(c -> c == '\n').count() + 1;
      throw new KeyFormatException(
          String.format(
              Locale.ROOT,
              "PEM: want final line \"%s\", got line %d of %d characters",
              END,
              lines,
              last.length()));
    }
    if (end == eol) {
      throw new KeyFormatException("PEM: want base64 between the header and footer, got none");
    }
    StringBuilder b64 = new StringBuilder();
    for (String line : text.substring(eol + 1, end).split("\n", -1)) {
      b64.append(line.strip());
    }
    byte[] der;
    try {
      der = Base64.getDecoder().decode(b64.toString().getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new KeyFormatException("PEM: want base64 between the header and footer", e);
    }
    try {
      return fromDer(der);
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }

  /** Decodes the DER OneAsymmetricKey. */
  static byte[][] fromDer(byte[] der) throws KeyFormatException {
    Der outer = new Der(der, 0, der.length);
    Der seq = outer.read(0x30, "PrivateKeyInfo SEQUENCE");
    outer.end("PrivateKeyInfo");
    byte[] version = seq.read(0x02, "version INTEGER").bytes();
    if (version.length != 1 || (version[0] != 0 && version[0] != 1)) {
      throw new KeyFormatException(
          "PKCS#8: want version 0 or 1, got INTEGER 0x" + Hex.encode(version));
    }
    Der alg = seq.read(0x30, "AlgorithmIdentifier SEQUENCE");
    byte[] oid = alg.read(0x06, "algorithm OID").bytes();
    if (!Arrays.equals(oid, ED25519_OID)) {
      throw new KeyFormatException(
          "PKCS#8: want algorithm OID 1.3.101.112 (Ed25519), got " + dottedOid(oid));
    }
    alg.end("AlgorithmIdentifier (RFC 8410 §3: parameters must be absent)");
    Der privateKey = seq.read(0x04, "privateKey OCTET STRING");
    Der inner = new Der(privateKey.bytes(), 0, privateKey.length());
    byte[] seed = inner.read(0x04, "CurvePrivateKey OCTET STRING").bytes();
    inner.end("CurvePrivateKey");
    if (seed.length != 32) {
      throw new KeyFormatException(
          String.format(
              Locale.ROOT, "PKCS#8: want a 32-byte Ed25519 seed, got %d bytes", seed.length));
    }
    if (seq.hasMore() && seq.peek() == 0xa0) {
      throw new KeyFormatException("PKCS#8: want no attributes [0], got attributes");
    }
    byte[] publicKey = null;
    if (seq.hasMore() && seq.peek() == 0x81) {
      if (version[0] != 1) {
        throw new KeyFormatException("PKCS#8: want no publicKey [1] in a version 0 key, got one");
      }
      byte[] bits = seq.read(0x81, "publicKey [1]").bytes();
      if (bits.length != 33 || bits[0] != 0) {
        throw new KeyFormatException(
            String.format(
                Locale.ROOT,
                "PKCS#8: want publicKey [1] of 32 bytes with 0 unused bits, got %d bytes",
                bits.length));
      }
      publicKey = Arrays.copyOfRange(bits, 1, 33);
    }
    seq.end("PrivateKeyInfo");
    return new byte[][] {seed, publicKey};
  }

  private static String dottedOid(byte[] oid) {
    if (oid.length == 0) {
      return "an empty OID";
    }
    StringBuilder sb = new StringBuilder();
    long value = 0;
    boolean first = true;
    for (byte b : oid) {
      value = (value << 7) | (b & 0x7f);
      if ((b & 0x80) == 0) {
        if (first) {
          long arc0 = Math.min(value / 40, 2);
          sb.append(arc0).append('.').append(value - arc0 * 40);
          first = false;
        } else {
          sb.append('.').append(value);
        }
        value = 0;
      }
      if (value > (1L << 50)) {
        return "0x" + Hex.encode(oid);
      }
    }
    return sb.toString();
  }

  /** A minimal DER cursor: definite lengths, minimal encoding, up to 65535 bytes. */
  private static final class Der {
    private final byte[] buf;
    private int pos;
    private final int limit;

    Der(byte[] buf, int pos, int limit) {
      this.buf = buf;
      this.pos = pos;
      this.limit = limit;
    }

    boolean hasMore() {
      return pos < limit;
    }

    int peek() {
      return buf[pos] & 0xff;
    }

    int length() {
      return limit - pos;
    }

    byte[] bytes() {
      return Arrays.copyOfRange(buf, pos, limit);
    }

    Der read(int tag, String what) throws KeyFormatException {
      if (pos >= limit) {
        throw new KeyFormatException(
            String.format(Locale.ROOT, "PKCS#8: want %s (tag 0x%02x), got end of data", what, tag));
      }
      int t = buf[pos] & 0xff;
      if (t != tag) {
        throw new KeyFormatException(
            String.format(
                Locale.ROOT, "PKCS#8: want %s (tag 0x%02x), got tag 0x%02x", what, tag, t));
      }
      int p = pos + 1;
      if (p >= limit) {
        throw new KeyFormatException("PKCS#8: want a length for " + what + ", got end of data");
      }
      int len = buf[p++] & 0xff;
      if (len >= 0x80) {
        int n = len & 0x7f;
        if (n == 0 || n > 2 || p + n > limit) {
          throw new KeyFormatException("PKCS#8: want a definite DER length for " + what);
        }
        len = 0;
        for (int i = 0; i < n; i++) {
          len = (len << 8) | (buf[p++] & 0xff);
        }
        if (len < 0x80 || (n == 2 && len < 0x100)) {
          throw new KeyFormatException("PKCS#8: want a minimal DER length for " + what);
        }
      }
      if (len > limit - p) {
        throw new KeyFormatException(
            String.format(
                Locale.ROOT, "PKCS#8: %s has length %d, want at most %d", what, len, limit - p));
      }
      pos = p + len;
      return new Der(buf, p, p + len);
    }

    void end(String what) throws KeyFormatException {
      if (pos != limit) {
        throw new KeyFormatException(
            String.format(
                Locale.ROOT, "PKCS#8: want end of %s, got %d more bytes", what, limit - pos));
      }
    }
  }
}
