package org.creditbank.ledger.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.creditbank.ledger.util.Hex;
import org.junit.jupiter.api.Test;

class Ed25519KeyTest {
  private static final String TEST1_SEED =
      "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
  private static final String TEST1_PUB =
      "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
  private static final String TEST1_SIG =
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

  private static final String BAD_POINT =
      "Ed25519 public key is not a valid point of prime order"
          + " (non-canonical, off the curve, or of small or mixed order): ";

  private static Ed25519PrivateKey test1() {
    return Ed25519PrivateKey.fromSeed(Hex.decode(TEST1_SEED));
  }

  @Test
  void toString_privateKey_revealsNoSeed() {
    Ed25519PrivateKey key = test1();
    byte[] seed = Hex.decode(TEST1_SEED);
    String s = key.toString();
    assertEquals("Ed25519PrivateKey[" + key.publicKey().toDidKey() + "]", s);
    for (String form :
        new String[] {
          TEST1_SEED,
          TEST1_SEED.toUpperCase(Locale.ROOT),
          Base64.getEncoder().encodeToString(seed),
          Base64.getUrlEncoder().withoutPadding().encodeToString(seed),
          Base58.encode(seed)
        }) {
      assertFalse(s.contains(form.substring(0, 12)), form);
    }
  }

  @Test
  void equals_privateKeys_identityOnly() {
    Ed25519PrivateKey a = test1();
    Ed25519PrivateKey b = test1();
    assertNotEquals(a, b);
    assertEquals(a.publicKey(), b.publicKey());
    assertEquals(a.publicKey().hashCode(), b.publicKey().hashCode());
  }

  @Test
  void exportSeedUnsafe_copy_doesNotAliasKey() {
    Ed25519PrivateKey key = test1();
    byte[] seed = key.exportSeedUnsafe();
    assertEquals(TEST1_SEED, Hex.encode(seed));
    seed[0] ^= 1;
    assertEquals(TEST1_SEED, Hex.encode(key.exportSeedUnsafe()));
  }

  @Test
  void fromSeed_wrongLength_illegalArgument() {
    assertEquals(
        "Ed25519 seed has 31 bytes, want 32",
        assertThrows(IllegalArgumentException.class, () -> Ed25519PrivateKey.fromSeed(new byte[31]))
            .getMessage());
  }

  @Test
  void verify_wrongSignatureLength_preciseMessage() throws Exception {
    Ed25519PublicKey key = test1().publicKey();
    byte[] sig = Hex.decode(TEST1_SIG);
    byte[] shortSig = java.util.Arrays.copyOf(sig, 63);
    assertEquals(
        "signature has 63 bytes, want 64",
        assertThrows(SignatureVerificationException.class, () -> key.verify(new byte[0], shortSig))
            .getMessage());
    byte[] longSig = java.util.Arrays.copyOf(sig, 65);
    assertEquals(
        "signature has 65 bytes, want 64",
        assertThrows(SignatureVerificationException.class, () -> key.verify(new byte[0], longSig))
            .getMessage());
  }

  @Test
  void verify_sPlusOrder_rejectedAsMalleable() throws Exception {
    Ed25519PublicKey key = test1().publicKey();
    byte[] sig = Hex.decode(TEST1_SIG);
    // S + L, little-endian addition; still below 2^256 for this S.
    byte[] l = Hex.decode("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
    int carry = 0;
    for (int i = 0; i < 32; i++) {
      int sum = (sig[32 + i] & 0xff) + (l[i] & 0xff) + carry;
      sig[32 + i] = (byte) sum;
      carry = sum >> 8;
    }
    assertEquals(0, carry);
    assertEquals(
        "want signature S < L (RFC 8032 §5.1.7), got S >= L: a malleable signature",
        assertThrows(SignatureVerificationException.class, () -> key.verify(new byte[0], sig))
            .getMessage());
  }

  @Test
  void verify_wrongMessage_doesNotVerify() throws Exception {
    Ed25519PublicKey key = test1().publicKey();
    assertEquals(
        "Ed25519 signature does not verify for key " + key.toDidKey(),
        assertThrows(
                SignatureVerificationException.class,
                () -> key.verify(new byte[] {0}, Hex.decode(TEST1_SIG)))
            .getMessage());
  }

  @Test
  void fromBytes_invalidKeys_preciseMessages() {
    assertEquals(
        "Ed25519 public key has 31 bytes, want 32",
        assertThrows(KeyFormatException.class, () -> Ed25519PublicKey.fromBytes(new byte[31]))
            .getMessage());
    // y = p: not canonical.
    String yIsP = "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f";
    assertEquals(
        BAD_POINT + yIsP,
        assertThrows(KeyFormatException.class, () -> Ed25519PublicKey.fromBytes(Hex.decode(yIsP)))
            .getMessage());
    // y = 2: x^2 = 3 / (4d + 1) is not a square, so no point has it.
    String offCurve = "0200000000000000000000000000000000000000000000000000000000000000";
    assertThrows(KeyFormatException.class, () -> Ed25519PublicKey.fromBytes(Hex.decode(offCurve)));
    // The neutral element (0, 1) has order 1.
    String identity = "0100000000000000000000000000000000000000000000000000000000000000";
    assertEquals(
        BAD_POINT + identity,
        assertThrows(
                KeyFormatException.class, () -> Ed25519PublicKey.fromBytes(Hex.decode(identity)))
            .getMessage());
  }

  @Test
  void fromDidKey_roundTrip_andErrors() throws Exception {
    Ed25519PublicKey key = test1().publicKey();
    String did = key.toDidKey();
    assertTrue(did.startsWith("did:key:z6Mk"), did);
    assertEquals(key, Ed25519PublicKey.fromDidKey(did));
    assertEquals(key, Ed25519PublicKey.fromVerificationMethod(key.toVerificationMethod()));
    assertEquals(did + "#" + key.toMultibase(), key.toVerificationMethod());
    assertEquals(key, Ed25519PublicKey.fromBytes(key.bytes()));
    assertEquals(key.toDidKey(), key.toString());

    String mb = key.toMultibase();
    assertEquals(
        "did:key: want prefix \"did:key:\", got \"did:web:example.com\"",
        assertThrows(
                KeyFormatException.class, () -> Ed25519PublicKey.fromDidKey("did:web:example.com"))
            .getMessage());
    assertEquals(
        "did:key: Multikey: multibase: want base58btc prefix 'z', got 'u'",
        assertThrows(KeyFormatException.class, () -> Ed25519PublicKey.fromDidKey("did:key:u" + mb))
            .getMessage());
    assertEquals(
        "did:key: want no fragment, got \""
            + did
            + "#"
            + mb
            + "\" (use fromVerificationMethod for a DID URL)",
        assertThrows(KeyFormatException.class, () -> Ed25519PublicKey.fromDidKey(did + "#" + mb))
            .getMessage());
    // A P-256 key (multicodec 0x1200, varint 0x80 0x24).
    byte[] p256 = new byte[35];
    p256[0] = (byte) 0x80;
    p256[1] = 0x24;
    p256[2] = 0x02;
    String p256Mb = Base58.encodeMultibase(p256);
    assertEquals(
        "Multikey: want multicodec prefix 0xed01 (ed25519-pub), got 0x8024",
        assertThrows(KeyFormatException.class, () -> Ed25519PublicKey.fromMultibase(p256Mb))
            .getMessage());
    byte[] shortKey = java.util.Arrays.copyOf(Hex.decode("ed01" + TEST1_PUB), 33);
    assertEquals(
        "Multikey: want 34 bytes (0xed01 and a 32-byte key), got 33",
        assertThrows(
                KeyFormatException.class,
                () -> Ed25519PublicKey.fromMultibase(Base58.encodeMultibase(shortKey)))
            .getMessage());
    assertEquals(
        "did:key verification method: want fragment \"" + mb + "\", got \"z6MkOther\"",
        assertThrows(
                KeyFormatException.class,
                () -> Ed25519PublicKey.fromVerificationMethod(did + "#z6MkOther"))
            .getMessage());
    assertEquals(
        "did:key verification method: want \"did:key:<multikey>#<multikey>\", got no fragment in \""
            + did
            + "\"",
        assertThrows(KeyFormatException.class, () -> Ed25519PublicKey.fromVerificationMethod(did))
            .getMessage());
  }

  @Test
  void fromMultibase_privateKeyWrongCodec_rejected() {
    String mb = Base58.encodeMultibase(Hex.decode("ed01" + TEST1_SEED));
    assertEquals(
        "private Multikey: want multicodec prefix 0x8026 (ed25519-priv)",
        assertThrows(KeyFormatException.class, () -> Ed25519PrivateKey.fromMultibase(mb))
            .getMessage());
  }

  @Provide
  Arbitrary<byte[]> messages() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
  }

  @Property(tries = 60)
  void verify_anySingleBitFlip_fails(
      @ForAll @Size(max = 200) byte[] message, @ForAll @IntRange(min = 0, max = 100_000) int pick)
      throws Exception {
    Ed25519PrivateKey key = test1();
    byte[] sig = key.sign(message);
    key.publicKey().verify(message, sig);
    int bits = (message.length + sig.length) * 8;
    int bit = pick % bits;
    byte[] m = message.clone();
    byte[] s = sig.clone();
    if (bit < message.length * 8) {
      m[bit / 8] ^= (byte) (1 << (bit % 8));
    } else {
      int b = bit - message.length * 8;
      s[b / 8] ^= (byte) (1 << (b % 8));
    }
    assertThrows(SignatureVerificationException.class, () -> key.publicKey().verify(m, s));
  }

  @Property(tries = 20)
  void verify_everyBitOfSignatureFlipped_fails(@ForAll @Size(max = 64) byte[] message)
      throws Exception {
    Ed25519PrivateKey key = test1();
    byte[] sig = key.sign(message);
    for (int bit = 0; bit < 512; bit++) {
      byte[] s = sig.clone();
      s[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThrows(SignatureVerificationException.class, () -> key.publicKey().verify(message, s));
    }
  }
}
