package org.creditbank.ledger.note;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.util.Hash;
import org.junit.jupiter.api.Test;

/** Two keys of one log, as during a rotation of its checkpoint key: same name, other key IDs. */
class CheckpointVerifierTest {
  private static final String ORIGIN = "example.org/log";
  private static final NoteSigner OLD = signer(ORIGIN, 1);
  private static final NoteSigner NEW = signer(ORIGIN, 2);
  private static final String TEXT =
      Checkpoint.of(ORIGIN, 7, Hash.sha256("x".getBytes(StandardCharsets.UTF_8))).toText();

  private static NoteSigner signer(String name, int seed) {
    byte[] s = new byte[32];
    s[0] = (byte) seed;
    return NoteSigner.of(name, Ed25519PrivateKey.fromSeed(s));
  }

  @Test
  void parse_twoSignaturesSameNameOtherIds_keepsBothLines() throws Exception {
    byte[] note = SignedNote.sign(TEXT, OLD, NEW).toBytes();
    SignedNote parsed = SignedNote.parse(note);
    assertEquals(2, parsed.signatures().size());
    assertEquals(ORIGIN, parsed.signatures().get(0).name());
    assertEquals(ORIGIN, parsed.signatures().get(1).name());
    assertNotEquals(parsed.signatures().get(0).keyId(), parsed.signatures().get(1).keyId());
    assertArrayEquals(note, parsed.toBytes());
  }

  @Test
  void open_coSignedNote_opensWithOldOnlyNewOnlyAndBoth() throws Exception {
    byte[] note = SignedNote.sign(TEXT, OLD, NEW).toBytes();
    for (CheckpointVerifier v :
        List.of(
            CheckpointVerifier.of(OLD.verifier()),
            CheckpointVerifier.of(NEW.verifier()),
            CheckpointVerifier.of(NEW.verifier(), OLD.verifier()))) {
      VerifiedCheckpoint c = v.open(note);
      assertEquals(7, c.checkpoint().size());
      assertEquals(v.keys().size(), c.note().verified().size(), v.toString());
    }
  }

  @Test
  void open_signedByOldOnly_newOnlyVerifierFails() throws Exception {
    byte[] note = SignedNote.sign(TEXT, OLD).toBytes();
    CheckpointVerifier.of(OLD.verifier(), NEW.verifier()).open(note);
    NoteVerificationException e =
        assertThrows(
            NoteVerificationException.class,
            () -> CheckpointVerifier.of(NEW.verifier()).open(note));
    assertEquals(
        "note has no verifiable signatures: signed by "
            + ORIGIN
            + "+"
            + String.format(java.util.Locale.ROOT, "%08x", OLD.keyId())
            + "; want a signature by "
            + ORIGIN
            + "+"
            + String.format(java.util.Locale.ROOT, "%08x", NEW.keyId()),
        e.getMessage());
  }

  @Test
  void open_oneOfTwoKnownSignaturesBad_fails() throws Exception {
    SignedNote good = SignedNote.sign(TEXT, OLD, NEW);
    SignedNote other = SignedNote.sign(TEXT.replace("7", "8"), NEW);
    // The old key's line as it is, the new key's line from another text.
    SignedNote bad =
        new SignedNote(TEXT, List.of(good.signatures().get(0), other.signatures().get(0)));
    CheckpointVerifier.of(OLD.verifier()).open(bad.toBytes());
    NoteVerificationException e =
        assertThrows(
            NoteVerificationException.class,
            () -> CheckpointVerifier.of(OLD.verifier(), NEW.verifier()).open(bad.toBytes()));
    assertEquals(
        "invalid signature for key " + ORIGIN + "+" + Notes.hex(NEW.keyId()), e.getMessage());
  }

  @Test
  void new_keysOfTwoNamesOrSameKeyTwice_refused() {
    IllegalArgumentException names =
        assertThrows(
            IllegalArgumentException.class,
            () -> CheckpointVerifier.of(OLD.verifier(), signer("other.org/log", 2).verifier()));
    assertEquals(
        "want every checkpoint verifier key named \"example.org/log\" (the log's origin), got"
            + " \"other.org/log\"",
        names.getMessage());
    IllegalArgumentException twice =
        assertThrows(
            IllegalArgumentException.class,
            () -> CheckpointVerifier.of(OLD.verifier(), OLD.verifier()));
    assertEquals("checkpoint verifier key given twice: " + OLD.toVerifierKey(), twice.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new CheckpointVerifier(List.of()));
  }

  @Test
  void cosign_addsOnlyMissingSigners_textAndFirstLineUnchanged() throws Exception {
    SignedNote old = SignedNote.sign(TEXT, OLD);
    SignedNote both = old.cosign(List.of(OLD, NEW));
    assertEquals(TEXT, both.text());
    assertEquals(2, both.signatures().size());
    assertEquals(old.signatures().get(0), both.signatures().get(0));
    assertEquals(NEW.keyId(), both.signatures().get(1).keyId());
    assertSame(both, both.cosign(List.of(NEW, OLD)));
    CheckpointVerifier.of(NEW.verifier()).open(both.toBytes());
  }
}
