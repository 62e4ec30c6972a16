package org.creditbank.ledger.note;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.creditbank.ledger.util.Hash;

/**
 * The note text of a transparency-log checkpoint (c2sp.org/tlog-checkpoint, "Note text"):
 *
 * <pre>
 * origin "\n" decimal tree size "\n" base64(32-byte RFC 6962 root hash) "\n" (extension "\n")*
 * </pre>
 *
 * @param origin the log's identity; non-empty, one line
 * @param size the number of leaves, an unsigned 64-bit value held in a {@code long} (use {@link
 *     Long#toUnsignedString} and {@link Long#compareUnsigned} above 2<sup>63</sup> − 1)
 * @param root the RFC 6962 Merkle tree hash of the first {@code size} leaves
 * @param extensions the optional extension lines, opaque, each non-empty, kept exactly
 */
public record Checkpoint(String origin, long size, Hash root, List<String> extensions) {
  /** The longest checkpoint text accepted, in characters (the note limit). */
  private static final int MAX_TEXT = SignedNote.MAX_NOTE_BYTES;

  /**
   * Validates the lines and copies the list.
   *
   * @throws IllegalArgumentException if the origin or an extension line is empty or contains a
   *     control character
   * @param origin the log's identity; non-empty, one line
   * @param size the number of leaves, an unsigned 64-bit value held in a {@code long} (use {@link
   *     Long#toUnsignedString} and {@link Long#compareUnsigned} above 2<sup>63</sup> − 1)
   * @param root the RFC 6962 Merkle tree hash of the first {@code size} leaves
   * @param extensions the optional extension lines, opaque, each non-empty, kept exactly
   */
  public Checkpoint {
    checkLine("origin", origin);
    extensions = List.copyOf(extensions);
    for (String e : extensions) {
      checkLine("extension line", e);
    }
    if (root == null) {
      throw new IllegalArgumentException("checkpoint root is null");
    }
  }

  private static void checkLine(String what, String line) {
    String problem = lineProblem(line);
    if (problem != null) {
      throw new IllegalArgumentException("checkpoint " + what + " " + problem);
    }
  }

  private static String lineProblem(String line) {
    if (line.isEmpty()) {
      return "is empty";
    }
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) < 0x20) {
        return String.format(
            Locale.ROOT, "contains control character U+%04X at offset %d", (int) line.charAt(i), i);
      }
    }
    return null;
  }

  /**
   * Creates a checkpoint without extension lines.
   *
   * @param origin the log's identity
   * @param size the tree size (unsigned)
   * @param root the tree hash
   * @return the checkpoint
   * @throws IllegalArgumentException if the origin is empty or contains a control character
   */
  public static Checkpoint of(String origin, long size, Hash root) {
    return new Checkpoint(origin, size, root, List.of());
  }

  /**
   * Returns the note text: {@code origin ‖ "\n" ‖ size ‖ "\n" ‖ base64(root) ‖ "\n" ‖ (extension ‖
   * "\n")*}.
   *
   * @return the text to sign
   */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    sb.append(origin).append('\n');
    sb.append(Long.toUnsignedString(size)).append('\n');
    sb.append(root.toBase64()).append('\n');
    for (String e : extensions) {
      sb.append(e).append('\n');
    }
    return sb.toString();
  }

  /**
   * Parses a checkpoint note text strictly.
   *
   * @param text the note text (for example {@link SignedNote#text()} after verification)
   * @return the checkpoint
   * @throws NoteFormatException if the text does not end with a newline, has fewer than three
   *     lines, an empty line, a control character, a size that is not a canonical unsigned 64-bit
   *     decimal, or a root that is not canonical base64 of 32 bytes
   */
  public static Checkpoint parse(String text) throws NoteFormatException {
    if (text.length() > MAX_TEXT) {
      throw new NoteFormatException(
          String.format(
              Locale.ROOT,
              "checkpoint has %d characters, want at most %d",
              text.length(),
              MAX_TEXT));
    }
    if (text.isEmpty() || text.charAt(text.length() - 1) != '\n') {
      throw new NoteFormatException("checkpoint: want text ending in a newline");
    }
    String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
    if (lines.length < 3) {
      throw new NoteFormatException(
          String.format(
              Locale.ROOT,
              "checkpoint: want at least 3 lines (origin, size, root hash), got %d",
              lines.length));
    }
    String[] names = {"origin", "tree size", "root hash"};
    for (int i = 0; i < lines.length; i++) {
      String problem = lineProblem(lines[i]);
      if (problem != null) {
        throw new NoteFormatException(
            String.format(
                Locale.ROOT,
                "checkpoint line %d (%s) %s",
                i + 1,
                i < 3 ? names[i] : "extension",
                problem));
      }
    }
    long size = parseSize("checkpoint tree size", lines[1]);
    byte[] root = Notes.decodeBase64(lines[2]);
    if (root == null || root.length != Hash.LENGTH) {
      throw new NoteFormatException(
          "checkpoint: want root hash as canonical base64 of 32 bytes, got "
              + Notes.quote(lines[2]));
    }
    List<String> ext = new ArrayList<>();
    for (int i = 3; i < lines.length; i++) {
      ext.add(lines[i]);
    }
    return new Checkpoint(lines[0], size, Hash.of(root), ext);
  }

  /**
   * Opens a signed checkpoint of one log (c2sp.org/tlog-checkpoint, "Note text" and "Signed note"):
   * parses the note, verifies it with the log's key, parses the checkpoint text, and requires the
   * origin line to equal the key name, so that a checkpoint of one log cannot pass as another's.
   *
   * @param signedNote the signed note bytes
   * @param verifier the log's key, named by the log's origin
   * @return the verified note and its checkpoint
   * @throws NoteFormatException if the note or its checkpoint text is malformed (see {@link
   *     SignedNote#parse} and {@link #parse})
   * @throws NoteVerificationException if the log's signature is missing or invalid (see {@link
   *     SignedNote#verify(NoteVerifier...)}), or with message {@code checkpoint origin "<origin>",
   *     want "<name>"} if the origin is not the verifier's name
   */
  public static VerifiedCheckpoint open(byte[] signedNote, NoteVerifier verifier)
      throws NoteFormatException, NoteVerificationException {
    return CheckpointVerifier.of(verifier).open(signedNote);
  }

  /**
   * Parses an unsigned 64-bit decimal with no sign and no leading zero (except {@code "0"}).
   *
   * @throws NoteFormatException naming {@code what} if it is not one
   */
  static long parseSize(String what, String s) throws NoteFormatException {
    boolean digits = !s.isEmpty() && s.length() <= 20;
    for (int i = 0; digits && i < s.length(); i++) {
      char c = s.charAt(i);
      digits = c >= '0' && c <= '9';
    }
    if (!digits || (s.length() > 1 && s.charAt(0) == '0')) {
      throw new NoteFormatException(
          what + ": want a decimal number without leading zeros, got " + Notes.quote(s));
    }
    try {
      return Long.parseUnsignedLong(s);
    } catch (NumberFormatException e) {
      throw new NoteFormatException(what + ": want a number below 2^64, got " + Notes.quote(s), e);
    }
  }
}
