package org.creditbank.ledger.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.creditbank.ledger.util.Hex;
import org.junit.jupiter.api.Test;

/**
 * Strict verification against signatures only a cofactored verifier accepts, and the
 * ed25519-speccheck ("Taming the many EdDSAs") cases. The crafted signatures are built here with a
 * naive affine Edwards-curve implementation over BigInteger, independent of Bouncy Castle.
 */
class Ed25519StrictVerifyTest {
  private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
  private static final BigInteger L =
      BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
  private static final BigInteger D =
      BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
  private static final BigInteger SQRT_M1 =
      BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);
  private static final BigInteger[] IDENTITY = {BigInteger.ZERO, BigInteger.ONE};
  private static final BigInteger[] BASE =
      decode(Hex.decode("5866666666666666666666666666666666666666666666666666666666666666"));

  /** A point of order 8 (the encoding the speccheck cases use). */
  private static final BigInteger[] T8 =
      decode(Hex.decode("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"));

  private static final String SEED =
      "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

  private static final String R_NOT_PRIME_ORDER =
      "want signature R to be a curve point of prime order,"
          + " got a point off the curve or of small or mixed order";

  private static BigInteger[] add(BigInteger[] p, BigInteger[] q) {
    BigInteger x1 = p[0];
    BigInteger y1 = p[1];
    BigInteger x2 = q[0];
    BigInteger y2 = q[1];
    BigInteger t = D.multiply(x1).multiply(x2).multiply(y1).multiply(y2).mod(P);
    BigInteger x3 =
        x1.multiply(y2).add(x2.multiply(y1)).multiply(BigInteger.ONE.add(t).modInverse(P)).mod(P);
    BigInteger y3 =
        y1.multiply(y2)
            .add(x1.multiply(x2))
            .multiply(BigInteger.ONE.subtract(t).mod(P).modInverse(P))
            .mod(P);
    return new BigInteger[] {x3, y3};
  }

  private static BigInteger[] mul(BigInteger k, BigInteger[] p) {
    BigInteger[] q = IDENTITY;
    BigInteger[] x = p;
    for (int i = 0; i < k.bitLength(); i++) {
      if (k.testBit(i)) {
        q = add(q, x);
      }
      x = add(x, x);
    }
    return q;
  }

  private static byte[] encode(BigInteger[] p) {
    BigInteger v = p[1].or(p[0].testBit(0) ? BigInteger.ONE.shiftLeft(255) : BigInteger.ZERO);
    return littleEndian(v);
  }

  private static byte[] littleEndian(BigInteger v) {
    byte[] be = v.toByteArray();
    byte[] le = new byte[32];
    for (int i = 0; i < 32 && i < be.length; i++) {
      le[i] = be[be.length - 1 - i];
    }
    return le;
  }

  private static BigInteger fromLittleEndian(byte[] b) {
    byte[] be = new byte[b.length + 1];
    for (int i = 0; i < b.length; i++) {
      be[b.length - i] = b[i];
    }
    return new BigInteger(be);
  }

  private static BigInteger[] decode(byte[] enc) {
    BigInteger v = fromLittleEndian(enc);
    BigInteger y = v.clearBit(255);
    BigInteger yy = y.multiply(y);
    BigInteger xx =
        yy.subtract(BigInteger.ONE)
            .multiply(D.multiply(yy).add(BigInteger.ONE).modInverse(P))
            .mod(P);
    BigInteger x = xx.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
    if (!x.multiply(x).subtract(xx).mod(P).equals(BigInteger.ZERO)) {
      x = x.multiply(SQRT_M1).mod(P);
    }
    if (x.testBit(0) != v.testBit(255)) {
      x = P.subtract(x).mod(P);
    }
    return new BigInteger[] {x, y};
  }

  private static BigInteger sha512ModL(byte[]... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-512");
      for (byte[] p : parts) {
        md.update(p);
      }
      return fromLittleEndian(md.digest()).mod(L);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static BigInteger secretScalar() throws NoSuchAlgorithmException {
    byte[] h = MessageDigest.getInstance("SHA-512").digest(Hex.decode(SEED));
    byte[] a = Arrays.copyOf(h, 32);
    a[0] &= (byte) 0xf8;
    a[31] &= 0x7f;
    a[31] |= 0x40;
    return fromLittleEndian(a);
  }

  /** Signs with {@code R = [r]B + torsion}, {@code S = r + k·a}: valid only cofactored. */
  private static byte[] craft(
      BigInteger a, byte[] pub, BigInteger r, BigInteger[] torsion, byte[] m) {
    byte[] rEnc = encode(add(mul(r, BASE), torsion));
    BigInteger k = sha512ModL(rEnc, pub, m);
    BigInteger s = r.add(k.multiply(a)).mod(L);
    byte[] sig = Arrays.copyOf(rEnc, 64);
    System.arraycopy(littleEndian(s), 0, sig, 32, 32);
    return sig;
  }

  @Test
  void verify_rWithSmallOrderComponent_rejected() throws Exception {
    BigInteger a = secretScalar();
    Ed25519PublicKey key = Ed25519PrivateKey.fromSeed(Hex.decode(SEED)).publicKey();
    byte[] pub = encode(mul(a, BASE));
    // The reference arithmetic must agree with the library, or the test proves nothing.
    assertEquals(Hex.encode(key.toByteArray()), Hex.encode(pub));
    List<String> failures = new ArrayList<>();
    int cases = 0;
    for (int j = 1; j < 8; j++) {
      BigInteger[] torsion = mul(BigInteger.valueOf(j), T8);
      for (int i = 0; i < 7; i++) {
        byte[] m =
            String.format(Locale.ROOT, "torsion %d message %d\n", j, i)
                .getBytes(StandardCharsets.UTF_8);
        BigInteger r = sha512ModL(m, new byte[] {(byte) j});
        byte[] sig = craft(a, pub, r, torsion, m);
        // It satisfies the cofactored equation [8]([S]B - R - [k]A) = 0.
        BigInteger[] rPoint = decode(Arrays.copyOf(sig, 32));
        BigInteger s = fromLittleEndian(Arrays.copyOfRange(sig, 32, 64));
        BigInteger k = sha512ModL(Arrays.copyOf(sig, 32), pub, m);
        BigInteger[] lhs = mul(BigInteger.valueOf(8), mul(s, BASE));
        BigInteger[] rhs = mul(BigInteger.valueOf(8), add(rPoint, mul(k, decode(pub))));
        if (!Arrays.equals(lhs, rhs)) {
          failures.add("torsion " + j + " case " + i + ": not a cofactored-valid signature");
        }
        try {
          key.verify(m, sig);
          failures.add("torsion " + j + " case " + i + ": accepted");
        } catch (SignatureVerificationException e) {
          if (!R_NOT_PRIME_ORDER.equals(e.getMessage())) {
            failures.add("torsion " + j + " case " + i + ": " + e.getMessage());
          }
        }
        cases++;
      }
    }
    assertEquals(List.of(), failures);
    assertEquals(49, cases);
  }

  @Test
  void verify_honestSignatureFromReferenceArithmetic_accepted() throws Exception {
    BigInteger a = secretScalar();
    Ed25519PrivateKey priv = Ed25519PrivateKey.fromSeed(Hex.decode(SEED));
    byte[] pub = priv.publicKey().toByteArray();
    for (int i = 0; i < 5; i++) {
      byte[] m = ("honest " + i + "\n").getBytes(StandardCharsets.UTF_8);
      byte[] sig = craft(a, pub, sha512ModL(m), IDENTITY, m);
      priv.publicKey().verify(m, sig);
    }
  }

  @Test
  void verify_identityR_rejected() throws Exception {
    // R = neutral element, S = k·a: [S]B = R + [k]A holds, but R has order 1.
    BigInteger a = secretScalar();
    Ed25519PublicKey key = Ed25519PrivateKey.fromSeed(Hex.decode(SEED)).publicKey();
    byte[] m = "identity\n".getBytes(StandardCharsets.UTF_8);
    byte[] sig = craft(a, key.toByteArray(), BigInteger.ZERO, IDENTITY, m);
    assertEquals(
        R_NOT_PRIME_ORDER,
        assertThrows(SignatureVerificationException.class, () -> key.verify(m, sig)).getMessage());
  }

  /**
   * The ed25519-speccheck cases, transcribed from github.com/novifinancial/ed25519-speccheck {@code
   * cases.json} @ 336651ba (cases 0-9) and the two non-canonical-A and two non-canonical-R cases
   * of @ d2b2ba58 (here 10-13): message, public key, signature (hex), and our verdict: which check
   * rejects it. We accept none: small or mixed-order A (0-5, 8-13), S >= L (6, 7).
   */
  private static final String[][] SPECCHECK = {
    {
      "8c93255d71dcab10e8f379c26200f3c7bd5f09d9bc3068d3ef4edeb4853022b6",
      "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
      "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"
          + "0000000000000000000000000000000000000000000000000000000000000000",
      "key"
    },
    {
      "9bd9f44f4dcc75bd531b56b2cd280b0bb38fc1cd6d1230e14861d861de092e79",
      "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
      "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43"
          + "a5bb704786be79fc476f91d3f3f89b03984d8068dcf1bb7dfc6637b45450ac04",
      "key"
    },
    {
      "aebf3f2601a0c8c5d39cc7d8911642f740b78168218da8471772b35f9d35b9ab",
      "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43",
      "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa"
          + "8c4bd45aecaca5b24fb97bc10ac27ac8751a7dfe1baff8b953ec9f5833ca260e",
      "key"
    },
    {
      "9bd9f44f4dcc75bd531b56b2cd280b0bb38fc1cd6d1230e14861d861de092e79",
      "cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d",
      "9046a64750444938de19f227bb80485e92b83fdb4b6506c160484c016cc1852f"
          + "87909e14428a7a1d62e9f22f3d3ad7802db02eb2e688b6c52fcd6648a98bd009",
      "key"
    },
    {
      "e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec4011eaccd55b53f56c",
      "cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d",
      "160a1cb0dc9c0258cd0a7d23e94d8fa878bcb1925f2c64246b2dee1796bed512"
          + "5ec6bc982a269b723e0668e540911a9a6a58921d6925e434ab10aa7940551a09",
      "key"
    },
    {
      "e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec4011eaccd55b53f56c",
      "cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d",
      "21122a84e0b5fca4052f5b1235c80a537878b38f3142356b2c2384ebad4668b7"
          + "e40bc836dac0f71076f9abe3a53f9c03c1ceeeddb658d0030494ace586687405",
      "key"
    },
    {
      "85e241a07d148b41e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec40",
      "442aad9f089ad9e14647b1ef9099a1ff4798d78589e66f28eca69c11f582a623",
      "e96f66be976d82e60150baecff9906684aebb1ef181f67a7189ac78ea23b6c0e"
          + "547f7690a0e2ddcd04d87dbc3490dc19b3b3052f7ff0538cb68afb369ba3a514",
      "S >= L"
    },
    {
      "85e241a07d148b41e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec40",
      "442aad9f089ad9e14647b1ef9099a1ff4798d78589e66f28eca69c11f582a623",
      "8ce5b96c8f26d0ab6c47958c9e68b937104cd36e13c33566acd2fe8d38aa1942"
          + "7e71f98a473474f2f13f06f97c20d58cc3f54b8bd0d272f42b695dd7e89a8c22",
      "S >= L"
    },
    {
      "fdaebc429f4a735932a160da1301080c13280eea8bc280d1b392c6b9e6ba3a5a",
      "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43",
      "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"
          + "454d370c8d9fc323a41450f8d513eafeb5b0697390c1e505a0d4ddc71f566607",
      "key"
    },
    {
      "84b698d39be126ff55fe45079e6c8bf64a0d7db6994560b4e96b7021eb39c1a1",
      "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43",
      "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"
          + "084d5b99c2a9463d9c8bd5026916996984eeec87ddf1d3be329006ace1b37b09",
      "key"
    },
    {
      "9bedc267423725d473888631ebf45988bad3db83851ee85c85e241a07d148b41",
      "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43",
      "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
          + "03be9678ac102edcd92b0210bb34d7428d12ffc5df5f37e359941266a4e35f0f",
      "key"
    },
    {
      "9bedc267423725d473888631ebf45988bad3db83851ee85c85e241a07d148b41",
      "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43",
      "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
          + "ca8c5b64cd208982aa38d4936621a4775aa233aa0505711d8fdcfdaa943d4908",
      "key"
    },
    {
      "e96b7021eb39c1a163b6da4e3093dcd3f21387da4cc4572be588fafae23c155b",
      "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
      "a9d55260f765261eb9b84e106f665e00b867287a761990d7135963ee0a7d59dc"
          + "a5bb704786be79fc476f91d3f3f89b03984d8068dcf1bb7dfc6637b45450ac04",
      "key"
    },
    {
      "39a591f5321bbe07fd5a23dc2f39d025d74526615746727ceefd6e82ae65c06f",
      "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
      "a9d55260f765261eb9b84e106f665e00b867287a761990d7135963ee0a7d59dc"
          + "a5bb704786be79fc476f91d3f3f89b03984d8068dcf1bb7dfc6637b45450ac04",
      "key"
    },
  };

  @Test
  void verify_speccheckCases_allRejectedAtExpectedCheck() {
    List<String> failures = new ArrayList<>();
    int ran = 0;
    for (int i = 0; i < SPECCHECK.length; i++) {
      String[] c = SPECCHECK[i];
      String got;
      try {
        Ed25519PublicKey key = Ed25519PublicKey.fromBytes(Hex.decode(c[1]));
        key.verify(Hex.decode(c[0]), Hex.decode(c[2]));
        got = "accepted";
      } catch (KeyFormatException e) {
        got = "key";
      } catch (SignatureVerificationException e) {
        got = e.getMessage().startsWith("want signature S < L") ? "S >= L" : e.getMessage();
      }
      if (!got.equals(c[3])) {
        failures.add("case " + i + ": want " + c[3] + ", got " + got);
      }
      ran++;
    }
    assertEquals(List.of(), failures);
    assertEquals(14, ran);
  }

  @Test
  void referenceArithmetic_t8_hasOrderEight() {
    assertTrue(Arrays.equals(IDENTITY, mul(BigInteger.valueOf(8), T8)));
    assertTrue(!Arrays.equals(IDENTITY, mul(BigInteger.valueOf(4), T8)));
    assertTrue(Arrays.equals(IDENTITY, mul(L, BASE)));
  }
}
