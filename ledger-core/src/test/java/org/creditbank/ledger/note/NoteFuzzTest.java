package org.creditbank.ledger.note;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.fuzz.Mutations;
import org.creditbank.ledger.fuzz.Mutations.Mutation;
import org.creditbank.ledger.util.Hash;

/**
 * Fuzzes the signed-note, checkpoint, tlog-proof and verifier-key parsers: nothing but {@link
 * NoteException} (the documented {@link NoteFormatException} and {@link NoteVerificationException})
 * comes out of them, a changed note that still verifies says the same text, and a tlog-proof that
 * parses writes back the bytes it was read from. Tries: jqwik's default (see {@link Mutations});
 * about 3 s.
 */
class NoteFuzzTest {
  private static final String ORIGIN = "example.com/fuzz-log";
  private static final NoteSigner LOG = NoteSigner.of(ORIGIN, seeded(7));
  private static final NoteSigner WITNESS = NoteSigner.of("example.com/witness", seeded(8));
  private static final Checkpoint CHECKPOINT =
      Checkpoint.of(ORIGIN, 11, Hash.sha256("root".getBytes(StandardCharsets.UTF_8)));
  private static final SignedNote NOTE = SignedNote.sign(CHECKPOINT.toText(), LOG, WITNESS);
  private static final byte[] TLOG_PROOF = tlogProof();

  private static Ed25519PrivateKey seeded(int b) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) b);
    return Ed25519PrivateKey.fromSeed(seed);
  }

  private static byte[] tlogProof() {
    List<Hash> hashes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      hashes.add(Hash.sha256(new byte[] {(byte) i}));
    }
    return TlogProof.of(6, hashes, NOTE).toBytes();
  }

  @Provide
  Arbitrary<List<Mutation>> mutations() {
    return Mutations.mutationLists();
  }

  @Provide
  Arbitrary<byte[]> soup() {
    return Mutations.soup(40);
  }

  @Provide
  Arbitrary<byte[]> anyNoteInput() {
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMaxSize(300), Mutations.soup(40));
  }

  @Property
  void signedNoteParse_randomInput_onlyNoteFormatException(@ForAll("anyNoteInput") byte[] bytes) {
    try {
      SignedNote.parse(bytes);
    } catch (NoteFormatException e) {
      // documented
    }
  }

  @Property
  void signedNoteOpen_mutatedNote_rejectedOrTheSameText(@ForAll("mutations") List<Mutation> ms) {
    byte[] m = Mutations.apply(NOTE.toBytes(), ms);
    try {
      assertEquals(CHECKPOINT.toText(), SignedNote.open(m, LOG.verifier()).text());
    } catch (NoteException e) {
      // documented: NoteFormatException or NoteVerificationException
    }
  }

  @Property
  void checkpointOpen_mutatedNote_rejectedOrTheSameCheckpoint(
      @ForAll("mutations") List<Mutation> ms) {
    byte[] m = Mutations.apply(NOTE.toBytes(), ms);
    try {
      assertEquals(CHECKPOINT, Checkpoint.open(m, LOG.verifier()).checkpoint());
    } catch (NoteException e) {
      // documented
    }
  }

  @Property
  void checkpointParse_randomText_onlyNoteFormatException(@ForAll("anyNoteInput") byte[] bytes) {
    try {
      Checkpoint.parse(new String(bytes, StandardCharsets.UTF_8));
    } catch (NoteFormatException e) {
      // documented
    }
  }

  @Property
  void checkpointParse_mutatedText_rejectedOrWritesBackTheSameText(
      @ForAll("mutations") List<Mutation> ms) {
    String m =
        new String(
            Mutations.apply(CHECKPOINT.toText().getBytes(StandardCharsets.UTF_8), ms),
            StandardCharsets.UTF_8);
    try {
      assertEquals(m, Checkpoint.parse(m).toText());
    } catch (NoteFormatException e) {
      // documented
    }
  }

  @Property
  void tlogProofParse_randomInput_onlyNoteFormatException(@ForAll("anyNoteInput") byte[] bytes) {
    try {
      TlogProof.parse(bytes);
    } catch (NoteFormatException e) {
      // documented
    }
  }

  @Property
  void tlogProofParse_mutatedProof_rejectedOrWritesBackTheSameBytes(
      @ForAll("mutations") List<Mutation> ms) {
    byte[] m = Mutations.apply(TLOG_PROOF, ms);
    try {
      assertArrayEquals(m, TlogProof.parse(m).toBytes());
    } catch (NoteFormatException e) {
      // documented
    }
  }

  /**
   * A changed verifier key is refused or is the same verifier. Not the same string: as Go's {@code
   * note.NewVerifier}, the parser takes the key ID's hex digits in either case (the long fuzz run
   * found {@code 8950B7ac} accepted for {@code 8950b7ac}), and checks the ID against the key.
   */
  @Property
  void verifierParse_mutatedKey_rejectedOrTheSameVerifier(@ForAll("mutations") List<Mutation> ms) {
    String m =
        new String(
            Mutations.apply(LOG.verifier().toString().getBytes(StandardCharsets.UTF_8), ms),
            StandardCharsets.UTF_8);
    try {
      assertEquals(LOG.verifier(), NoteVerifier.parse(m));
    } catch (NoteFormatException e) {
      // documented
    }
  }
}
