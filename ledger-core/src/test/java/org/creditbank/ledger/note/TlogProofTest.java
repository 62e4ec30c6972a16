package org.creditbank.ledger.note;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.util.Bytes;
import org.creditbank.ledger.util.Hash;
import org.junit.jupiter.api.Test;

class TlogProofTest {
  private static final NoteSigner LOG =
      NoteSigner.of("example.com/log", Ed25519PrivateKey.fromSeed(new byte[32]));
  private static final Hash H1 = Hash.sha256("one".getBytes(StandardCharsets.UTF_8));
  private static final Hash H2 = Hash.sha256("two".getBytes(StandardCharsets.UTF_8));

  private static SignedNote checkpoint(long size) {
    return SignedNote.sign(Checkpoint.of("example.com/log", size, H1).toText(), LOG);
  }

  private static String text(TlogProof p) {
    return new String(p.toBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void toBytes_specLayout_exact() {
    SignedNote cp = checkpoint(5);
    TlogProof p =
        new TlogProof(
            Optional.of(Bytes.copyFrom("age".getBytes(StandardCharsets.UTF_8))),
            3,
            List.of(H1, H2),
            cp);
    String want =
        "c2sp.org/tlog-proof@v1\nextra YWdl\nindex 3\n"
            + H1.toBase64()
            + "\n"
            + H2.toBase64()
            + "\n\n"
            + new String(cp.toBytes(), StandardCharsets.UTF_8);
    assertEquals(want, text(p));
  }

  @Test
  void parse_written_roundTrips() throws Exception {
    TlogProof p = TlogProof.of(0, List.of(), checkpoint(1));
    TlogProof parsed = TlogProof.parse(p.toBytes());
    assertEquals(p, parsed);
    assertArrayEquals(p.toBytes(), parsed.toBytes());
    assertEquals(1, parsed.checkpointBody().size());
    parsed.checkpoint().verify(LOG.verifier());
  }

  private static String error(String proof) {
    return assertThrows(
            NoteFormatException.class,
            () -> TlogProof.parse(proof.getBytes(StandardCharsets.UTF_8)))
        .getMessage();
  }

  @Test
  void parse_malformed_preciseMessages() {
    String cp = new String(checkpoint(5).toBytes(), StandardCharsets.UTF_8);
    String h = H1.toBase64() + "\n";
    assertEquals(
        "tlog-proof: want first line \"c2sp.org/tlog-proof@v1\", got \"c2sp.org/tlog-proof@v2\"",
        error("c2sp.org/tlog-proof@v2\nindex 1\n\n" + cp));
    assertEquals(
        "tlog-proof: want a line \"index <decimal>\", got \"" + H1.toBase64() + "\"",
        error("c2sp.org/tlog-proof@v1\n" + h + "\n" + cp));
    assertEquals(
        "tlog-proof index: want a decimal number without leading zeros, got \"01\"",
        error("c2sp.org/tlog-proof@v1\nindex 01\n\n" + cp));
    assertEquals(
        "tlog-proof: want extra data as canonical base64, got \"YWd\"",
        error("c2sp.org/tlog-proof@v1\nextra YWd\nindex 1\n\n" + cp));
    assertEquals(
        "tlog-proof: want inclusion hash 2 as canonical base64 of 32 bytes, got \"AAAA\"",
        error("c2sp.org/tlog-proof@v1\nindex 1\n" + h + "AAAA\n\n" + cp));
    assertEquals(
        "tlog-proof: want a blank line before the checkpoint, got end of data",
        error("c2sp.org/tlog-proof@v1\nindex 1\n" + h));
    assertEquals(
        "tlog-proof: want index below tree size 5, got 5",
        error("c2sp.org/tlog-proof@v1\nindex 5\n\n" + cp));
    assertEquals(
        "tlog-proof: want at most 64 inclusion hashes",
        error("c2sp.org/tlog-proof@v1\nindex 1\n" + h.repeat(65) + "\n" + cp));
    assertEquals(
        "note has no blank line before its signatures",
        error("c2sp.org/tlog-proof@v1\nindex 1\n\nexample.com/log\n"));
    String notCheckpoint =
        new String(SignedNote.sign("hello\n", LOG).toBytes(), StandardCharsets.UTF_8);
    assertEquals(
        "tlog-proof: checkpoint: want at least 3 lines (origin, size, root hash), got 1",
        error("c2sp.org/tlog-proof@v1\nindex 0\n\n" + notCheckpoint));
  }

  @Test
  void constructor_indexNotBelowSize_illegalArgument() {
    assertEquals(
        "tlog-proof: want index below tree size 2, got 2",
        assertThrows(
                IllegalArgumentException.class, () -> TlogProof.of(2, List.of(), checkpoint(2)))
            .getMessage());
  }

  @Property(tries = 30)
  void parse_anyProof_roundTrips(
      @ForAll @IntRange(min = 1, max = 1000) int size,
      @ForAll @IntRange(min = 0, max = 999) int rawIndex,
      @ForAll @IntRange(min = 0, max = 64) int hashCount)
      throws Exception {
    List<Hash> hashes = new ArrayList<>();
    for (int i = 0; i < hashCount; i++) {
      hashes.add(Hash.sha256(new byte[] {(byte) i}));
    }
    TlogProof p = TlogProof.of(rawIndex % size, hashes, checkpoint(size));
    assertEquals(p, TlogProof.parse(p.toBytes()));
  }
}
