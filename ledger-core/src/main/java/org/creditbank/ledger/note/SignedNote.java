package org.creditbank.ledger.note;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.creditbank.ledger.crypto.SignatureVerificationException;
import org.creditbank.ledger.util.Bytes;

/**
 * A C2SP signed note (c2sp.org/signed-note): a UTF-8 text ending in a newline, a blank line, then
 * one or more signature lines {@code — <name> base64(4-byte key ID ‖ signature)}.
 *
 * <p>Byte layout: {@code text ‖ "\n" ‖ ("— " ‖ name ‖ " " ‖ base64 ‖ "\n")+}. Each Ed25519
 * signature signs the text bytes exactly, final newline included. Parsing follows Go's {@code
 * note.Open}: valid UTF-8, no control character but {@code '\n'}, split at the last blank line.
 * Parsing and {@link #toBytes()} round-trip byte for byte.
 *
 * @param text the note text, ending in {@code '\n'}
 * @param signatures the signature lines, in order, duplicates kept
 */
public record SignedNote(String text, List<NoteSignature> signatures) {
  /** The largest note accepted, in bytes (1 MiB). */
  public static final int MAX_NOTE_BYTES = 1 << 20;

  /**
   * The most signature lines a note may have. The spec requires accepting at least 16; Go's {@code
   * note.Open} refuses more than 100.
   */
  public static final int MAX_SIGNATURES = 100;

  private static final byte[] SIG_PREFIX = "\u2014 ".getBytes(StandardCharsets.UTF_8);

  /**
   * Validates the text and copies the list.
   *
   * @throws IllegalArgumentException if the text is not a valid note text (see {@link #checkText}),
   *     or there are no signatures or more than {@link #MAX_SIGNATURES}
   * @param text the note text, ending in {@code '\n'}
   * @param signatures the signature lines, in order, duplicates kept
   */
  public SignedNote {
    String problem = textProblem(text);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    signatures = List.copyOf(signatures);
    if (signatures.isEmpty() || signatures.size() > MAX_SIGNATURES) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "want 1 to %d note signatures, got %d",
              MAX_SIGNATURES,
              signatures.size()));
    }
  }

  /**
   * Checks that a string can be the text of a note: non-empty, ends with {@code '\n'}, contains no
   * control character other than {@code '\n'}, no unpaired surrogate, and is at most {@link
   * #MAX_NOTE_BYTES} bytes.
   *
   * @param text the candidate text
   * @throws IllegalArgumentException if it cannot
   */
  public static void checkText(String text) {
    String problem = textProblem(text);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  private static String textProblem(String text) {
    if (text.isEmpty() || text.charAt(text.length() - 1) != '\n') {
      return "note text must end with a newline";
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\n') {
        return String.format(
            Locale.ROOT, "note text contains control character U+%04X at offset %d", (int) c, i);
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return String.format(Locale.ROOT, "note text has an unpaired surrogate at offset %d", i);
      }
    }
    if (text.length() > MAX_NOTE_BYTES
        || text.getBytes(StandardCharsets.UTF_8).length > MAX_NOTE_BYTES) {
      return String.format(Locale.ROOT, "note text is longer than %d bytes", MAX_NOTE_BYTES);
    }
    return null;
  }

  /**
   * Signs a text with each signer, in order.
   *
   * @param text the note text, ending in a newline
   * @param signers one or more signers with distinct name and key ID pairs
   * @return the signed note
   * @throws IllegalArgumentException if the text is not a valid note text, there is no signer, or
   *     two signers share a name and key ID
   */
  public static SignedNote sign(String text, NoteSigner... signers) {
    checkText(text);
    if (signers.length == 0) {
      throw new IllegalArgumentException("want at least one signer, got none");
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    List<NoteSignature> sigs = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (NoteSigner s : signers) {
      if (!seen.add(s.name() + "+" + Notes.hex(s.keyId()))) {
        throw new IllegalArgumentException(
            "two signers for key " + s.name() + "+" + Notes.hex(s.keyId()));
      }
      sigs.add(new NoteSignature(s.name(), s.keyId(), Bytes.copyFrom(s.sign(bytes))));
    }
    return new SignedNote(text, sigs);
  }

  /**
   * Adds the signature lines of signers that have not signed this note yet: the same text, the
   * existing lines as they are, then one new line per such signer, in order. A log uses it when a
   * new checkpoint key starts to co-sign: its latest checkpoint then carries the new key's
   * signature too. It does not check the existing lines.
   *
   * @param signers the signers; one whose name and key ID already have a line adds nothing
   * @return the note with the added lines, or this note if every signer has a line
   * @throws IllegalArgumentException if the result would have more than {@link #MAX_SIGNATURES}
   *     lines
   */
  public SignedNote cosign(List<NoteSigner> signers) {
    Set<String> have = new HashSet<>();
    for (NoteSignature s : signatures) {
      have.add(s.name() + "+" + s.keyIdHex());
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    List<NoteSignature> sigs = new ArrayList<>(signatures);
    for (NoteSigner s : signers) {
      if (have.add(s.name() + "+" + Notes.hex(s.keyId()))) {
        sigs.add(new NoteSignature(s.name(), s.keyId(), Bytes.copyFrom(s.sign(bytes))));
      }
    }
    return sigs.size() == signatures.size() ? this : new SignedNote(text, sigs);
  }

  /**
   * Parses a signed note strictly, without verifying it.
   *
   * @param note the note bytes
   * @return the parsed note
   * @throws NoteFormatException if the note is larger than {@link #MAX_NOTE_BYTES}, is not UTF-8,
   *     contains a control character other than {@code '\n'}, has no blank line before the
   *     signatures, has no signature lines or more than {@link #MAX_SIGNATURES}, or a signature
   *     line is malformed (prefix, key name as Go's {@code isValidName}, padded base64 that decodes
   *     to at least 5 bytes). Non-zero padding bits are accepted here, as Go's {@code note.Open}
   *     does, so that a line of an unknown key never fails the note; {@link #verify} refuses them
   *     in the lines of known keys
   */
  public static SignedNote parse(byte[] note) throws NoteFormatException {
    if (note.length > MAX_NOTE_BYTES) {
      throw new NoteFormatException(
          String.format(
              Locale.ROOT, "note has %d bytes, want at most %d", note.length, MAX_NOTE_BYTES));
    }
    for (int i = 0; i < note.length; i++) {
      if ((note[i] & 0xff) < 0x20 && note[i] != '\n') {
        throw new NoteFormatException(
            String.format(
                Locale.ROOT,
                "note contains control character 0x%02x at byte %d",
                note[i] & 0xff,
                i));
      }
    }
    checkUtf8(note);
    int split = lastBlankLine(note);
    if (split < 0) {
      throw new NoteFormatException("note has no blank line before its signatures");
    }
    String text = new String(note, 0, split + 1, StandardCharsets.UTF_8);
    int start = split + 2;
    if (start == note.length) {
      throw new NoteFormatException("note has no signature lines after the blank line");
    }
    if (note[note.length - 1] != '\n') {
      throw new NoteFormatException("note does not end with a newline");
    }
    List<NoteSignature> sigs = new ArrayList<>();
    int lineNo = 0;
    while (start < note.length) {
      int end = indexOf(note, (byte) '\n', start);
      lineNo++;
      if (lineNo > MAX_SIGNATURES) {
        throw new NoteFormatException(
            String.format(Locale.ROOT, "note has more than %d signatures", MAX_SIGNATURES));
      }
      sigs.add(parseSignatureLine(note, start, end, lineNo));
      start = end + 1;
    }
    return new SignedNote(text, sigs);
  }

  private static NoteSignature parseSignatureLine(byte[] note, int start, int end, int lineNo)
      throws NoteFormatException {
    String where = String.format(Locale.ROOT, "signature line %d: ", lineNo);
    if (end - start < SIG_PREFIX.length
        || !Arrays.equals(
            note, start, start + SIG_PREFIX.length, SIG_PREFIX, 0, SIG_PREFIX.length)) {
      throw new NoteFormatException(
          where
              + "want prefix \"\u2014 \" (U+2014 em dash, space), got "
              + Notes.quote(new String(note, start, end - start, StandardCharsets.UTF_8)));
    }
    String line =
        new String(
            note,
            start + SIG_PREFIX.length,
            end - start - SIG_PREFIX.length,
            StandardCharsets.UTF_8);
    int space = line.indexOf(' ');
    if (space < 0) {
      throw new NoteFormatException(where + "want \"<name> <base64>\", got no space");
    }
    String name = line.substring(0, space);
    String b64 = line.substring(space + 1);
    String problem = Notes.nameProblem(name);
    if (problem != null) {
      throw new NoteFormatException(where + problem);
    }
    // Lenient like Go's note.Open: a line of an unknown key must be ignored, not fail the note.
    // verify() still requires canonical base64 for the lines of known keys.
    byte[] data = Notes.decodeBase64Lenient(b64);
    if (data == null || b64.isEmpty()) {
      throw new NoteFormatException(where + "want padded base64, got " + Notes.quote(b64));
    }
    if (data.length < 5) {
      throw new NoteFormatException(
          String.format(
              Locale.ROOT,
              "%swant at least 5 bytes (key ID and signature), got %d",
              where,
              data.length));
    }
    int keyId =
        ((data[0] & 0xff) << 24)
            | ((data[1] & 0xff) << 16)
            | ((data[2] & 0xff) << 8)
            | (data[3] & 0xff);
    return new NoteSignature(name, keyId, Bytes.copyFrom(data, 4, data.length - 4), b64);
  }

  private static void checkUtf8(byte[] note) throws NoteFormatException {
    CharsetDecoder dec =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(note);
    CharBuffer out = CharBuffer.allocate(note.length);
    CoderResult r = dec.decode(in, out, true);
    if (r.isError()) {
      throw new NoteFormatException(
          String.format(Locale.ROOT, "note is not valid UTF-8 at byte %d", in.position()));
    }
  }

  private static int lastBlankLine(byte[] b) {
    for (int i = b.length - 2; i >= 0; i--) {
      if (b[i] == '\n' && b[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static int indexOf(byte[] b, byte x, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == x) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Serializes the note: {@code text ‖ "\n" ‖ (signature line ‖ "\n")+}, UTF-8.
   *
   * @return the note bytes
   */
  public byte[] toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    out.write('\n');
    for (NoteSignature s : signatures) {
      out.writeBytes(s.toLine().getBytes(StandardCharsets.UTF_8));
      out.write('\n');
    }
    return out.toByteArray();
  }

  /**
   * Verifies the note against known verifier keys (c2sp.org/signed-note, "Signatures"): signatures
   * whose name and key ID match no known key are ignored; every signature by a known key must
   * verify (a repeated one is checked once) and be written in canonical base64 (zero padding bits);
   * at least one must be present.
   *
   * @param known the trusted verifiers
   * @return the verified note
   * @throws NoteVerificationException with message {@code invalid signature for key <name>+<id>} if
   *     a known key's signature fails or its line has non-zero base64 padding bits, or {@code note
   *     has no verifiable signatures: signed by <name>+<id>, …; want a signature by <name>+<id>, …}
   *     if no known key signed
   * @throws IllegalArgumentException if two known verifiers share a name and key ID
   */
  public VerifiedNote verify(NoteVerifier... known) throws NoteVerificationException {
    return verify(Arrays.asList(known));
  }

  /**
   * Verifies the note against known verifier keys; see {@link #verify(NoteVerifier...)}.
   *
   * @param known the trusted verifiers
   * @return the verified note
   * @throws NoteVerificationException if a known key's signature fails or no known key signed
   * @throws IllegalArgumentException if two known verifiers share a name and key ID
   */
  public VerifiedNote verify(Collection<NoteVerifier> known) throws NoteVerificationException {
    Map<String, NoteVerifier> byId = new LinkedHashMap<>();
    for (NoteVerifier v : known) {
      NoteVerifier old = byId.put(v.name() + "+" + Notes.hex(v.keyId()), v);
      if (old != null && !old.equals(v)) {
        throw new IllegalArgumentException(
            "ambiguous key " + v.name() + "+" + Notes.hex(v.keyId()));
      }
    }
    byte[] textBytes = text.getBytes(StandardCharsets.UTF_8);
    List<NoteSignature> verified = new ArrayList<>();
    List<NoteSignature> unverified = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (NoteSignature s : signatures) {
      String id = s.name() + "+" + s.keyIdHex();
      NoteVerifier v = byId.get(id);
      if (v == null) {
        unverified.add(s);
        continue;
      }
      if (!seen.add(id)) {
        continue;
      }
      if (!s.canonical()) {
        throw new NoteVerificationException(
            "invalid signature for key "
                + id
                + ": want canonical base64, got non-zero padding bits");
      }
      try {
        v.verify(textBytes, s.signature().toByteArray());
      } catch (SignatureVerificationException e) {
        throw new NoteVerificationException("invalid signature for key " + id, e);
      }
      verified.add(s);
    }
    if (verified.isEmpty()) {
      // Names (public) the keys that did sign and the ones trusted, so that a verifier given the
      // wrong key, or an old one after a rotation, sees which.
      throw new NoteVerificationException(
          "note has no verifiable signatures: signed by "
              + String.join(
                  ", ", signatures.stream().map(x -> x.name() + "+" + x.keyIdHex()).toList())
              + (byId.isEmpty()
                  ? "; no trusted key was given"
                  : "; want a signature by " + String.join(", ", byId.keySet())));
    }
    return new VerifiedNote(this, verified, unverified);
  }

  /**
   * Parses and verifies a note in one step, like Go's {@code note.Open}.
   *
   * @param note the note bytes
   * @param known the trusted verifiers
   * @return the verified note
   * @throws NoteFormatException if the note is malformed (see {@link #parse})
   * @throws NoteVerificationException if it fails verification (see {@link #verify})
   */
  public static VerifiedNote open(byte[] note, NoteVerifier... known)
      throws NoteFormatException, NoteVerificationException {
    return parse(note).verify(known);
  }
}
