package org.creditbank.ledger.note;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.creditbank.ledger.util.Bytes;
import org.creditbank.ledger.util.Hash;

/**
 * A transparency-log proof (c2sp.org/tlog-proof): an entry's index, its RFC 6962 inclusion proof
 * and the signed checkpoint it proves inclusion in.
 *
 * <pre>
 * "c2sp.org/tlog-proof@v1\n"
 * ["extra " base64(extra) "\n"]
 * "index " decimal index "\n"
 * (base64(32-byte hash) "\n")*      from the leaf's sibling up to the root's child
 * "\n"
 * signed checkpoint note, verbatim
 * </pre>
 *
 * <p>This type checks the format only; checking the inclusion proof against the checkpoint's root
 * is the Merkle code's job, and checking the checkpoint's signatures is {@link
 * SignedNote#verify}'s.
 *
 * @param extra optional opaque data, not authenticated
 * @param index the zero-based index of the entry (unsigned 64-bit)
 * @param hashes the inclusion proof, at most {@value #MAX_HASHES} hashes
 * @param checkpoint the signed checkpoint whose text is a valid {@link Checkpoint} with {@code
 *     index < size}
 */
public record TlogProof(
    Optional<Bytes> extra, long index, List<Hash> hashes, SignedNote checkpoint) {
  /** The first line of every proof. */
  public static final String HEADER = "c2sp.org/tlog-proof@v1";

  /** The most inclusion hashes a tree of at most 2<sup>64</sup> leaves needs. */
  public static final int MAX_HASHES = 64;

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if there are more than {@value #MAX_HASHES} hashes, the
   *     checkpoint text is not a checkpoint, or {@code index} is not below its size
   * @param extra optional opaque data, not authenticated
   * @param index the zero-based index of the entry (unsigned 64-bit)
   * @param hashes the inclusion proof, at most {@value #MAX_HASHES} hashes
   * @param checkpoint the signed checkpoint whose text is a valid {@link Checkpoint} with {@code
   *     index < size}
   */
  public TlogProof {
    hashes = List.copyOf(hashes);
    if (hashes.size() > MAX_HASHES) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT, "want at most %d inclusion hashes, got %d", MAX_HASHES, hashes.size()));
    }
    Checkpoint cp;
    try {
      cp = Checkpoint.parse(checkpoint.text());
    } catch (NoteFormatException e) {
      throw new IllegalArgumentException("tlog-proof: " + e.getMessage(), e);
    }
    if (Long.compareUnsigned(index, cp.size()) >= 0) {
      throw new IllegalArgumentException(indexProblem(index, cp.size()));
    }
  }

  private static String indexProblem(long index, long size) {
    return String.format(
        Locale.ROOT,
        "tlog-proof: want index below tree size %s, got %s",
        Long.toUnsignedString(size),
        Long.toUnsignedString(index));
  }

  /**
   * Creates a proof without extra data.
   *
   * @param index the entry's index
   * @param hashes the inclusion proof
   * @param checkpoint the signed checkpoint
   * @return the proof
   * @throws IllegalArgumentException as the canonical constructor
   */
  public static TlogProof of(long index, List<Hash> hashes, SignedNote checkpoint) {
    return new TlogProof(Optional.empty(), index, hashes, checkpoint);
  }

  /**
   * Returns the parsed checkpoint text (already validated by the constructor).
   *
   * @return the checkpoint body; its signatures are not checked here
   */
  public Checkpoint checkpointBody() {
    try {
      return Checkpoint.parse(checkpoint.text());
    } catch (NoteFormatException e) {
      throw new IllegalStateException("validated in the constructor", e);
    }
  }

  /**
   * Serializes the proof in the layout above.
   *
   * @return the proof bytes, UTF-8
   */
  public byte[] toBytes() {
    StringBuilder sb = new StringBuilder();
    sb.append(HEADER).append('\n');
    extra.ifPresent(
        e ->
            sb.append("extra ")
                .append(Base64.getEncoder().encodeToString(e.toByteArray()))
                .append('\n'));
    sb.append("index ").append(Long.toUnsignedString(index)).append('\n');
    for (Hash h : hashes) {
      sb.append(h.toBase64()).append('\n');
    }
    sb.append('\n');
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
    out.writeBytes(checkpoint.toBytes());
    return out.toByteArray();
  }

  /**
   * Parses a proof strictly.
   *
   * @param proof the proof bytes
   * @return the proof
   * @throws NoteFormatException if the header line is wrong, the extra data is not canonical
   *     base64, the index line is missing or not a canonical unsigned decimal, a hash line is not
   *     canonical base64 of 32 bytes, there are more than {@value #MAX_HASHES} hashes, the blank
   *     line is missing, the checkpoint note or text is malformed, or the index is not below the
   *     tree size
   */
  public static TlogProof parse(byte[] proof) throws NoteFormatException {
    if (proof.length > SignedNote.MAX_NOTE_BYTES + 8192) {
      throw new NoteFormatException(
          String.format(
              Locale.ROOT,
              "tlog-proof has %d bytes, want at most %d",
              proof.length,
              SignedNote.MAX_NOTE_BYTES + 8192));
    }
    int[] pos = {0};
    String first = line(proof, pos, "header line");
    if (!first.equals(HEADER)) {
      throw new NoteFormatException(
          "tlog-proof: want first line \"" + HEADER + "\", got " + Notes.quote(first));
    }
    String next = line(proof, pos, "index line");
    Optional<Bytes> extra = Optional.empty();
    if (next.startsWith("extra ")) {
      String b64 = next.substring("extra ".length());
      byte[] data = Notes.decodeBase64(b64);
      if (data == null) {
        throw new NoteFormatException(
            "tlog-proof: want extra data as canonical base64, got " + Notes.quote(b64));
      }
      extra = Optional.of(Bytes.copyFrom(data));
      next = line(proof, pos, "index line");
    }
    if (!next.startsWith("index ")) {
      throw new NoteFormatException(
          "tlog-proof: want a line \"index <decimal>\", got " + Notes.quote(next));
    }
    long index = Checkpoint.parseSize("tlog-proof index", next.substring("index ".length()));
    List<Hash> hashes = new ArrayList<>();
    while (true) {
      String h = line(proof, pos, "blank line before the checkpoint");
      if (h.isEmpty()) {
        break;
      }
      byte[] data = Notes.decodeBase64(h);
      if (data == null || data.length != Hash.LENGTH) {
        throw new NoteFormatException(
            String.format(
                Locale.ROOT,
                "tlog-proof: want inclusion hash %d as canonical base64 of 32 bytes, got %s",
                hashes.size() + 1,
                Notes.quote(h)));
      }
      if (hashes.size() == MAX_HASHES) {
        throw new NoteFormatException(
            String.format(Locale.ROOT, "tlog-proof: want at most %d inclusion hashes", MAX_HASHES));
      }
      hashes.add(Hash.of(data));
    }
    SignedNote note = SignedNote.parse(Arrays.copyOfRange(proof, pos[0], proof.length));
    Checkpoint cp;
    try {
      cp = Checkpoint.parse(note.text());
    } catch (NoteFormatException e) {
      throw new NoteFormatException("tlog-proof: " + e.getMessage(), e);
    }
    if (Long.compareUnsigned(index, cp.size()) >= 0) {
      throw new NoteFormatException(indexProblem(index, cp.size()));
    }
    return new TlogProof(extra, index, hashes, note);
  }

  /** Reads one ASCII line ending in '\n' at pos[0] and advances past it. */
  private static String line(byte[] b, int[] pos, String what) throws NoteFormatException {
    int start = pos[0];
    for (int i = start; i < b.length; i++) {
      if (b[i] == '\n') {
        pos[0] = i + 1;
        for (int j = start; j < i; j++) {
          if (b[j] < 0x20 || b[j] >= 0x7f) {
            throw new NoteFormatException(
                String.format(
                    Locale.ROOT,
                    "tlog-proof: want printable ASCII before the checkpoint, got byte 0x%02x at %d",
                    b[j] & 0xff,
                    j));
          }
        }
        return new String(b, start, i - start, StandardCharsets.US_ASCII);
      }
    }
    throw new NoteFormatException("tlog-proof: want a " + what + ", got end of data");
  }
}
