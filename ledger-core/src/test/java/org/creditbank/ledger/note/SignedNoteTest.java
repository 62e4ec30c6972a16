package org.creditbank.ledger.note;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.util.Hex;
import org.junit.jupiter.api.Test;

class SignedNoteTest {
  private static final String PETER_SKEY =
      "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
  private static final String PETER_VKEY =
      "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  private static final String SIG_LINE =
      "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

  private static final NoteSigner SIGNER;
  private static final NoteSigner OTHER =
      NoteSigner.of("example.com/other", Ed25519PrivateKey.fromSeed(new byte[32]));

  static {
    try {
      SIGNER = NoteSigner.fromSignerKey(PETER_SKEY);
    } catch (NoteFormatException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static String parseError(String note) {
    return parseError(note.getBytes(StandardCharsets.UTF_8));
  }

  private static String parseError(byte[] note) {
    return assertThrows(NoteFormatException.class, () -> SignedNote.parse(note)).getMessage();
  }

  @Test
  void parse_malformedNotes_preciseMessages() {
    assertEquals("note has no blank line before its signatures", parseError("hello\n" + SIG_LINE));
    assertEquals("note has no signature lines after the blank line", parseError("hello\n\n"));
    assertEquals(
        "note does not end with a newline",
        parseError("hello\n\n" + SIG_LINE.substring(0, SIG_LINE.length() - 1)));
    assertEquals(
        "note contains control character 0x09 at byte 2", parseError("he\tllo\n\n" + SIG_LINE));
    assertEquals(
        "note contains control character 0x0d at byte 5", parseError("hello\r\n\n" + SIG_LINE));
    assertEquals(
        "note is not valid UTF-8 at byte 1",
        parseError(Hex.decode("61ff0a0a" + Hex.encode(SIG_LINE.getBytes(StandardCharsets.UTF_8)))));
    assertEquals(
        "signature line 1: want prefix \"— \" (U+2014 em dash, space), got \"- PeterNeumann x\"",
        parseError("hello\n\n- PeterNeumann x\n"));
    assertEquals(
        "signature line 2: want prefix \"— \" (U+2014 em dash, space), got \"Unexpected line.\"",
        parseError("hello\n\n" + SIG_LINE + "Unexpected line.\n"));
    assertEquals(
        "signature line 1: want \"<name> <base64>\", got no space",
        parseError("hello\n\n— PeterNeumann\n"));
    assertEquals(
        "signature line 1: key name is empty", parseError("hello\n\n—  x08go/ZJkuBS9UG\n"));
    assertEquals(
        "signature line 1: key name contains '+' at offset 5",
        parseError("hello\n\n— Peter+Neumann x08go/ZJ\n"));
    assertEquals(
        "signature line 1: key name contains space U+00A0 at offset 5",
        parseError("hello\n\n— Peter\u00a0Neumann x08go/ZJ\n"));
    assertEquals(
        "signature line 1: want padded base64, got \"x08go/ZJ x\"",
        parseError("hello\n\n— PeterNeumann x08go/ZJ x\n"));
    assertEquals(
        "signature line 1: want padded base64, got \"AAAAAAB\"",
        parseError("hello\n\n— PeterNeumann AAAAAAB\n"));
    assertEquals(
        "signature line 1: want at least 5 bytes (key ID and signature), got 4",
        parseError("hello\n\n— PeterNeumann AAAAAA==\n"));
    assertEquals(
        "signature line 1: want padded base64, got \"\"", parseError("hello\n\n— PeterNeumann \n"));
  }

  @Test
  void parse_textWithBlankLines_splitsAtLastBlankLine() throws Exception {
    SignedNote note = SignedNote.sign("a\n\nb\n\n", SIGNER);
    byte[] bytes = note.toBytes();
    SignedNote parsed = SignedNote.parse(bytes);
    assertEquals("a\n\nb\n\n", parsed.text());
    parsed.verify(SIGNER.verifier());
    assertArrayEquals(bytes, parsed.toBytes());
  }

  @Test
  void parse_signatureLimit_100AcceptedAnd101Refused() throws Exception {
    String sig = SignedNote.sign("hello\n", OTHER).signatures().get(0).toLine() + "\n";
    SignedNote note =
        SignedNote.parse(("hello\n\n" + sig.repeat(100)).getBytes(StandardCharsets.UTF_8));
    assertEquals(100, note.signatures().size());
    assertEquals(1, note.verify(OTHER.verifier()).verified().size());
    assertEquals("note has more than 100 signatures", parseError("hello\n\n" + sig.repeat(101)));
  }

  @Test
  void parse_oversizeNote_refused() {
    byte[] big = new byte[SignedNote.MAX_NOTE_BYTES + 1];
    assertEquals("note has 1048577 bytes, want at most 1048576", parseError(big));
  }

  @Test
  void verify_sixteenSigners_allVerified() throws Exception {
    List<NoteSigner> signers = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      byte[] seed = new byte[32];
      seed[0] = (byte) i;
      signers.add(NoteSigner.of("witness" + i + ".example", Ed25519PrivateKey.fromSeed(seed)));
    }
    SignedNote note = SignedNote.sign("sixteen\n", signers.toArray(new NoteSigner[0]));
    List<NoteVerifier> verifiers = new ArrayList<>();
    signers.forEach(s -> verifiers.add(s.verifier()));
    VerifiedNote v = SignedNote.parse(note.toBytes()).verify(verifiers);
    assertEquals(16, v.verified().size());
  }

  @Test
  void verify_unknownKeySameNameOtherId_ignored() throws Exception {
    SignedNote note = SignedNote.sign("hello\n", SIGNER, OTHER);
    NoteVerifier impostor =
        NoteVerifier.of("PeterNeumann", Ed25519PrivateKey.fromSeed(new byte[32]).publicKey());
    VerifiedNote v = note.verify(impostor, OTHER.verifier());
    assertEquals(List.of("example.com/other"), List.of(v.verified().get(0).name()));
    assertEquals(1, v.unverified().size());
    // Same name, another key ID: the message tells the two apart by ID.
    String signedBy =
        "note has no verifiable signatures: signed by "
            + String.join(
                ", ", note.signatures().stream().map(x -> x.name() + "+" + x.keyIdHex()).toList());
    assertEquals(
        signedBy
            + "; want a signature by PeterNeumann+"
            + String.format(java.util.Locale.ROOT, "%08x", impostor.keyId()),
        assertThrows(NoteVerificationException.class, () -> note.verify(impostor)).getMessage());
    assertEquals(
        signedBy + "; no trusted key was given",
        assertThrows(NoteVerificationException.class, () -> note.verify(List.of())).getMessage());
  }

  @Test
  void verify_knownKeyBadSignature_rejectsWholeNote() throws Exception {
    SignedNote good = SignedNote.sign("hello\n", SIGNER, OTHER);
    NoteSignature s = good.signatures().get(0);
    byte[] sig = s.signature().toByteArray();
    sig[10] ^= 1;
    SignedNote bad =
        new SignedNote(
            "hello\n",
            List.of(
                new NoteSignature(
                    s.name(), s.keyId(), org.creditbank.ledger.util.Bytes.copyFrom(sig)),
                good.signatures().get(1)));
    NoteVerificationException e =
        assertThrows(
            NoteVerificationException.class, () -> bad.verify(SIGNER.verifier(), OTHER.verifier()));
    assertEquals("invalid signature for key PeterNeumann+c74f20a3", e.getMessage());
    assertTrue(e.getCause() != null);
  }

  @Test
  void sign_invalidInput_illegalArgument() {
    assertEquals(
        "note text must end with a newline",
        assertThrows(IllegalArgumentException.class, () -> SignedNote.sign("x", SIGNER))
            .getMessage());
    assertEquals(
        "note text contains control character U+0000 at offset 1",
        assertThrows(IllegalArgumentException.class, () -> SignedNote.sign("x\0\n", SIGNER))
            .getMessage());
    assertEquals(
        "want at least one signer, got none",
        assertThrows(IllegalArgumentException.class, () -> SignedNote.sign("x\n")).getMessage());
    assertEquals(
        "two signers for key PeterNeumann+c74f20a3",
        assertThrows(IllegalArgumentException.class, () -> SignedNote.sign("x\n", SIGNER, SIGNER))
            .getMessage());
  }

  @Test
  void keys_parseAndFormat_roundTrip() throws Exception {
    assertEquals(PETER_VKEY, SIGNER.toVerifierKey());
    assertEquals(PETER_VKEY, NoteVerifier.parse(PETER_VKEY).toString());
    assertEquals("NoteSigner[" + PETER_VKEY + "]", SIGNER.toString());
    assertEquals(0xc74f20a3, SIGNER.keyId());
  }

  private static String signerError(String skey) {
    return assertThrows(NoteFormatException.class, () -> NoteSigner.fromSignerKey(skey))
        .getMessage();
  }

  @Test
  void fromSignerKey_malformed_preciseMessagesWithoutSecret() {
    assertEquals(
        "signer key: want prefix \"PRIVATE+KEY+\"", signerError("PeterNeumann+c74f20a3+A"));
    assertEquals(
        "signer key: want PRIVATE+KEY+<name>+<key ID>+<key>, got fewer than 5 '+'-separated fields",
        signerError("PRIVATE+KEY+PeterNeumann+c74f20a3"));
    assertEquals(
        "signer key: want field 4 to be a key ID of 8 hex digits, got 7 characters",
        signerError(
            "PRIVATE+KEY+PeterNeumann+c74f20a+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"));
    assertEquals(
        "signer key: want key ID c74f20a3 (SHA-256 of name and public key), got another",
        signerError(
            "PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"));
    assertEquals(
        "signer key: want signature type 0x01 (Ed25519), got 0x02",
        signerError(
            "PRIVATE+KEY+PeterNeumann+c74f20a3+AoEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"));
    assertEquals(
        "signer key: want a 32-byte Ed25519 seed after the type byte, got 29 bytes",
        signerError("PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXH"));
    assertEquals(
        "signer key: key name contains space U+0020 at offset 5",
        signerError(
            "PRIVATE+KEY+Peter Neumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"));
  }

  @Test
  void of_invalidName_illegalArgument() {
    Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(new byte[32]);
    assertEquals(
        "key name is empty: \"\"",
        assertThrows(IllegalArgumentException.class, () -> NoteSigner.of("", key)).getMessage());
    assertEquals(
        "key name contains space U+3000 at offset 1: \"a\u3000b\"",
        assertThrows(IllegalArgumentException.class, () -> NoteSigner.of("a\u3000b", key))
            .getMessage());
  }

  @Provide
  Arbitrary<String> texts() {
    Arbitrary<String> line =
        Arbitraries.strings()
            .withCharRange(' ', '~')
            .withChars('é', '中', '—', '\u00a0')
            .ofMaxLength(40);
    return line.list().ofMinSize(1).ofMaxSize(6).map(lines -> String.join("\n", lines) + "\n");
  }

  @Property(tries = 100)
  void signParseVerify_randomTexts_roundTrip(@ForAll("texts") String text) throws Exception {
    SignedNote note = SignedNote.sign(text, SIGNER, OTHER);
    byte[] bytes = note.toBytes();
    SignedNote parsed = SignedNote.parse(bytes);
    assertEquals(note, parsed);
    assertArrayEquals(bytes, parsed.toBytes());
    assertEquals(text, parsed.verify(SIGNER.verifier()).text());
  }

  @Property(tries = 150)
  void verify_anySingleBitFlip_rejected(
      @ForAll("texts") String text, @ForAll @IntRange(min = 0, max = 1_000_000) int pick) {
    byte[] bytes = SignedNote.sign(text, SIGNER).toBytes();
    int bit = pick % (bytes.length * 8);
    bytes[bit / 8] ^= (byte) (1 << (bit % 8));
    assertThrows(NoteException.class, () -> SignedNote.open(bytes, SIGNER.verifier()));
  }
}
