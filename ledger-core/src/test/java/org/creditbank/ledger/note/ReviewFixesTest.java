package org.creditbank.ledger.note;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.util.Hash;
import org.creditbank.ledger.util.Hex;
import org.junit.jupiter.api.Test;

/** Regression tests for the security review of the note package. */
class ReviewFixesTest {
  private static final String PETER_VKEY =
      "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  private static final NoteSigner LOG_A =
      NoteSigner.of("example.com/a", Ed25519PrivateKey.fromSeed(new byte[32]));
  private static final NoteSigner LOG_B =
      NoteSigner.of("example.com/b", Ed25519PrivateKey.fromSeed(filled(7)));

  private static byte[] filled(int b) {
    byte[] x = new byte[32];
    java.util.Arrays.fill(x, (byte) b);
    return x;
  }

  @Test
  void fromSignerKey_keyIdMissing_messageHasNoSeed() {
    List<String> failures = new ArrayList<>();
    int ran = 0;
    for (int s = 0; s < 64 && ran < 5; s++) {
      byte[] seed = Hash.sha256(new byte[] {(byte) s}).toByteArray();
      byte[] data = new byte[33];
      data[0] = 1;
      System.arraycopy(seed, 0, data, 1, 32);
      String b64 = Base64.getEncoder().encodeToString(data);
      if (b64.indexOf('+') < 0) {
        continue;
      }
      ran++;
      String skey = "PRIVATE+KEY+example.com/log+" + b64;
      String msg =
          assertThrows(NoteFormatException.class, () -> NoteSigner.fromSignerKey(skey))
              .getMessage();
      for (int i = 0; i + 8 <= b64.length(); i++) {
        if (msg.contains(b64.substring(i, i + 8))) {
          failures.add(msg);
          break;
        }
      }
    }
    assertEquals(List.of(), failures);
    assertEquals(5, ran);
  }

  @Test
  void fromSignerKey_seedTextInKeyIdField_messageHasNoSeedText() {
    // Key ID field replaced by 8 characters of the base64 seed that look like hex digits.
    String skey = "PRIVATE+KEY+PeterNeumann+AYEKFALV+FGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    String msg =
        assertThrows(NoteFormatException.class, () -> NoteSigner.fromSignerKey(skey)).getMessage();
    assertFalse(msg.contains("AYEKFALV"), msg);
  }

  @Test
  void parseKeyId_fullwidthDigits_rejected() {
    String fullwidth = "\uff43\uff17\uff14\uff46\uff12\uff10\uff41\uff13";
    String vkey = PETER_VKEY.replace("c74f20a3", fullwidth);
    assertEquals(
        "verifier key: want a key ID of 8 hex digits, got \"\uff43\uff17\uff14\uff46\uff12\uff10\uff41\uff13\"",
        assertThrows(NoteFormatException.class, () -> NoteVerifier.parse(vkey)).getMessage());
    // Arabic-Indic digit three, which Character.digit also accepts.
    assertEquals(null, Notes.parseKeyId("c74f20a\u0663"));
    assertEquals(0xc74f20a3, Notes.parseKeyId("C74F20A3"));
  }

  private static byte[] withExtraLine(SignedNote note, String line) {
    String s = new String(note.toBytes(), StandardCharsets.UTF_8) + line + "\n";
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void verify_unknownKeyNameWithC1Control_ignored() throws Exception {
    SignedNote signed = SignedNote.sign("hello\n", LOG_A);
    byte[] bytes = withExtraLine(signed, "\u2014 witness\u0080\u009f AAAAAAAA");
    SignedNote parsed = SignedNote.parse(bytes);
    VerifiedNote v = parsed.verify(LOG_A.verifier());
    assertEquals(1, v.unverified().size());
    assertEquals("witness\u0080\u009f", v.unverified().get(0).name());
    assertArrayEquals(bytes, parsed.toBytes());
  }

  @Test
  void verify_unknownKeyNonZeroPaddingBits_ignored() throws Exception {
    SignedNote signed = SignedNote.sign("hello\n", LOG_A);
    // "AAAAAAF=" decodes to 5 bytes, but its last character carries non-zero unused bits.
    byte[] bytes = withExtraLine(signed, "\u2014 witness AAAAAAF=");
    SignedNote parsed = SignedNote.parse(bytes);
    VerifiedNote v = parsed.verify(LOG_A.verifier());
    assertEquals(1, v.unverified().size());
    assertFalse(v.unverified().get(0).canonical());
    assertArrayEquals(bytes, parsed.toBytes());
  }

  @Test
  void verify_knownKeyNonZeroPaddingBits_rejected() throws Exception {
    SignedNote signed = SignedNote.sign("hello\n", LOG_A);
    String line = signed.signatures().get(0).toLine();
    // 68 bytes: base64 ends "x=", and the last data character has 2 unused bits; set one.
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    int at = line.indexOf('=') - 1;
    char bumped = alphabet.charAt(alphabet.indexOf(line.charAt(at)) ^ 1);
    String bad = line.substring(0, at) + bumped + line.substring(at + 1);
    SignedNote parsed =
        SignedNote.parse(("hello\n\n" + bad + "\n").getBytes(StandardCharsets.UTF_8));
    assertEquals(signed.signatures().get(0).signature(), parsed.signatures().get(0).signature());
    assertEquals(
        "invalid signature for key example.com/a+"
            + Notes.hex(LOG_A.keyId())
            + ": want canonical base64, got non-zero padding bits",
        assertThrows(NoteVerificationException.class, () -> parsed.verify(LOG_A.verifier()))
            .getMessage());
  }

  @Test
  void parse_nameRules_matchGoIsValidName() {
    List<String> failures = new ArrayList<>();
    String[] valid = {"a\u007fb", "\u0080", "\u00ff", "\ud83d\ude00", "example.com/log"};
    String[] invalid = {"", "a+b", "a b", "a\u00a0b", "a\u0085b", "a\u2028b", "a\u3000b", "\ud83d"};
    for (String n : valid) {
      if (Notes.nameProblem(n) != null) {
        failures.add("rejected " + Hex.encode(n.getBytes(StandardCharsets.UTF_8)));
      }
    }
    for (String n : invalid) {
      if (Notes.nameProblem(n) == null) {
        failures.add("accepted " + Hex.encode(n.getBytes(StandardCharsets.UTF_8)));
      }
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void open_checkpointOfOtherLog_rejected() throws Exception {
    // Log B's key signs a checkpoint naming log A: the signature verifies, the origin does not.
    Checkpoint cp = Checkpoint.of("example.com/a", 5, Hash.sha256(new byte[] {1}));
    byte[] note = SignedNote.sign(cp.toText(), LOG_B).toBytes();
    assertEquals(
        "checkpoint origin \"example.com/a\", want \"example.com/b\"",
        assertThrows(NoteVerificationException.class, () -> Checkpoint.open(note, LOG_B.verifier()))
            .getMessage());
    assertEquals(
        "note has no verifiable signatures: signed by "
            + LOG_B.name()
            + "+"
            + String.format(java.util.Locale.ROOT, "%08x", LOG_B.keyId())
            + "; want a signature by "
            + LOG_A.name()
            + "+"
            + String.format(java.util.Locale.ROOT, "%08x", LOG_A.keyId()),
        assertThrows(NoteVerificationException.class, () -> Checkpoint.open(note, LOG_A.verifier()))
            .getMessage());
  }

  @Test
  void open_ownCheckpoint_returnsVerifiedCheckpoint() throws Exception {
    Checkpoint cp = Checkpoint.of("example.com/a", 5, Hash.sha256(new byte[] {1}));
    byte[] note = SignedNote.sign(cp.toText(), LOG_A).toBytes();
    VerifiedCheckpoint v = Checkpoint.open(note, LOG_A.verifier());
    assertEquals(cp, v.checkpoint());
    assertEquals(cp.toText(), v.note().text());
    assertSame(v.note().verified().size(), 1);
  }

  @Test
  void open_malformedCheckpointText_formatError() throws Exception {
    byte[] note = SignedNote.sign("example.com/a\n5\n", LOG_A).toBytes();
    assertEquals(
        "checkpoint: want at least 3 lines (origin, size, root hash), got 2",
        assertThrows(NoteFormatException.class, () -> Checkpoint.open(note, LOG_A.verifier()))
            .getMessage());
  }
}
