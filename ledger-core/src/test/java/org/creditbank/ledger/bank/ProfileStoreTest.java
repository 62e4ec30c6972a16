package org.creditbank.ledger.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.journal.CorruptionException;
import org.creditbank.ledger.journal.Journal;
import org.creditbank.ledger.journal.JournalOptions;
import org.creditbank.ledger.journal.StateMachine;
import org.creditbank.ledger.journal.StorageException;
import org.creditbank.ledger.journal.Submission;
import org.creditbank.ledger.merkle.ProofVerifier;
import org.creditbank.ledger.note.NoteSigner;
import org.creditbank.ledger.note.SignedNote;
import org.creditbank.ledger.util.Bytes;
import org.creditbank.ledger.util.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The profile store over a real journal: round trips, erasure, reopening, and privacy. */
class ProfileStoreTest {
  static final NoteSigner SIGNER =
      NoteSigner.of("test.example/ledger", Ed25519PrivateKey.fromSeed(new byte[32]));

  static Journal<Void> create(Path dir) throws StorageException {
    return Journal.create(dir, SIGNER, StateMachine.acceptAll(), JournalOptions.DEFAULT);
  }

  static Journal<Void> open(Path dir) throws StorageException {
    return Journal.open(dir, SIGNER, StateMachine.acceptAll(), JournalOptions.DEFAULT);
  }

  static Submission<Void> stmt(int i) {
    String json = "{\"actor\":\"A\",\"id\":\"" + i + "\",\"v\":\"x" + i + "\"}";
    return new Submission<>("A", Integer.toString(i), bytes(json), null);
  }

  static Bytes bytes(String s) {
    return Bytes.copyFrom(s.getBytes(StandardCharsets.UTF_8));
  }

  static Profile profile(int i) {
    String prefix = String.format(java.util.Locale.ROOT, "%017d", 11010519491231000L + i);
    return new Profile(
        String.format(java.util.Locale.ROOT, "L-%04d-ab", i),
        "Learner Name " + i,
        Optional.of(IdentityCommitmentTest.referenceComplete(prefix)),
        i % 2 == 0 ? Optional.of("+86 138 0000 " + (1000 + i)) : Optional.empty(),
        IdentityCommitment.newSalt());
  }

  /**
   * Everything a verifier can be shown, rendered as text: size, root, and for every tree size its
   * checkpoint bytes, root, every inclusion proof and the consistency proof to the full tree.
   */
  static List<String> proofs(Journal<Void> j) throws Exception {
    List<String> out = new ArrayList<>();
    long size = j.size();
    out.add("size " + size);
    out.add("root " + j.root());
    out.add("latest " + new String(j.latestCheckpoint().toBytes(), StandardCharsets.UTF_8));
    for (long s = 0; s <= size; s++) {
      Optional<SignedNote> note = j.checkpoint(s);
      out.add(
          "checkpoint "
              + s
              + " "
              + note.map(n -> new String(n.toBytes(), StandardCharsets.UTF_8)).orElse("none"));
      out.add("rootAt " + s + " " + j.rootAt(s));
      for (long seq = 0; seq < s; seq++) {
        List<Hash> proof = j.inclusionProof(seq, s);
        ProofVerifier.verifyInclusion(seq, s, j.leaf(seq).hash(), proof, j.rootAt(s));
        out.add("inclusion " + seq + " " + s + " " + proof);
      }
      if (s > 0) {
        out.add("consistency " + s + " " + j.consistencyProof(s, size));
      }
    }
    for (long seq = 0; seq < size; seq++) {
      out.add("leaf " + seq + " " + j.leaf(seq).bytes().toHex());
    }
    return out;
  }

  @Test
  void put_thenGet_roundTrips(@TempDir Path tmp) throws Exception {
    try (Journal<Void> j = create(tmp.resolve("l"))) {
      ProfileStore store = new ProfileStore(j.erasable());
      Profile p = profile(1);
      assertEquals(Optional.empty(), store.get(p.learner()));
      store.put(p);
      assertEquals(Optional.of(p), store.get(p.learner()));
      Profile q =
          new Profile(p.learner(), "New Name", Optional.empty(), Optional.empty(), p.salt());
      store.put(q);
      assertEquals(Optional.of(q), store.get(p.learner()));
      assertEquals(Optional.empty(), store.commitment(p.learner()));
    }
  }

  @Test
  void commitment_storedProfile_isTheCommitmentOfItsNumberAndSalt(@TempDir Path tmp)
      throws Exception {
    try (Journal<Void> j = create(tmp.resolve("l"))) {
      ProfileStore store = new ProfileStore(j.erasable());
      Profile p = profile(2);
      store.put(p);
      Hash c = store.commitment(p.learner()).orElseThrow();
      assertEquals(IdentityCommitment.commit(p.salt(), p.identityNumber().orElseThrow()), c);
      IdentityCommitment.verify(c, p.salt(), p.identityNumber().orElseThrow());
      assertEquals(Optional.empty(), store.commitment("L-none-00"));
    }
  }

  @Test
  void erase_present_returnsTrueAndGetIsEmpty(@TempDir Path tmp) throws Exception {
    try (Journal<Void> j = create(tmp.resolve("l"))) {
      ProfileStore store = new ProfileStore(j.erasable());
      Profile p = profile(3);
      Profile other = profile(4);
      store.put(p);
      store.put(other);
      assertTrue(store.erase(p.learner()));
      assertEquals(Optional.empty(), store.get(p.learner()));
      assertEquals(Optional.empty(), store.commitment(p.learner()));
      assertFalse(store.erase(p.learner()));
      assertEquals(Optional.of(other), store.get(other.learner()));
    }
  }

  @Test
  void reopen_keptProfilesPersistAndErasedStayErased(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("l");
    Profile kept = profile(5);
    Profile erased = profile(6);
    try (Journal<Void> j = create(dir)) {
      ProfileStore store = new ProfileStore(j.erasable());
      store.put(kept);
      store.put(erased);
      j.append(stmt(1));
      assertTrue(store.erase(erased.learner()));
    }
    try (Journal<Void> j = open(dir)) {
      ProfileStore store = new ProfileStore(j.erasable());
      assertEquals(Optional.of(kept), store.get(kept.learner()));
      assertEquals(Optional.empty(), store.get(erased.learner()));
    }
  }

  @Test
  void erase_withoutAppendSinceThePut_leavesNoTraceOutsideTheWal(@TempDir Path tmp)
      throws Exception {
    Path dir = tmp.resolve("l");
    Profile p = profile(7);
    byte[] name = p.name().getBytes(StandardCharsets.UTF_8);
    try (Journal<Void> j = create(dir)) {
      j.append(stmt(1));
      ProfileStore store = new ProfileStore(j.erasable());
      store.put(p);
      // Forces the value into an SST file first, so the erasure has something to compact away.
      j.erasable().put(bytes("profile/zz-flush"), bytes("x"));
      assertTrue(store.erase(p.learner()));
    }
    List<String> holding = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files
          .filter(f -> !f.getFileName().toString().endsWith(".log"))
          .forEach(
              f -> {
                try {
                  if (indexOf(Files.readAllBytes(f), name) >= 0) {
                    holding.add(f.getFileName().toString());
                  }
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
    assertEquals(List.of(), holding);
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (hay[i + k] != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void get_corruptValue_throwsWithoutPersonalData(@TempDir Path tmp) throws Exception {
    try (Journal<Void> j = create(tmp.resolve("l"))) {
      ProfileStore store = new ProfileStore(j.erasable());
      j.erasable().put(bytes("profile/L-0001-ab"), bytes("not json 11010519491231002X"));
      CorruptionException e = assertThrows(CorruptionException.class, () -> store.get("L-0001-ab"));
      assertEquals("the stored profile of learner \"L-0001-ab\" is not JSON", e.getMessage());
      j.erasable()
          .put(
              bytes("profile/L-0001-ab"),
              bytes("{\"learner\":\"L-0002-ab\",\"name\":\"n\",\"salt\":\"00\"}"));
      e = assertThrows(CorruptionException.class, () -> store.get("L-0001-ab"));
      assertEquals(
          "the stored profile of learner \"L-0001-ab\" is for learner \"L-0002-ab\", want the same"
              + " learner",
          e.getMessage());
      j.erasable()
          .put(
              bytes("profile/L-0001-ab"),
              bytes("{\"learner\":\"L-0001-ab\",\"name\":\"n\",\"salt\":\"00\"}"));
      e = assertThrows(CorruptionException.class, () -> store.get("L-0001-ab"));
      assertEquals(
          "the stored profile of learner \"L-0001-ab\" is not valid: want a salt of 32 bytes, got 1"
              + " bytes",
          e.getMessage());
      j.erasable().put(bytes("profile/L-0001-ab"), bytes("{\"learner\":\"L-0001-ab\",\"name\":1}"));
      e = assertThrows(CorruptionException.class, () -> store.get("L-0001-ab"));
      assertEquals(
          "the stored profile of learner \"L-0001-ab\" wants a string member \"name\", got number",
          e.getMessage());
    }
  }

  @Test
  void put_afterClose_throwsIllegalState(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("l");
    Journal<Void> j = create(dir);
    ProfileStore store = new ProfileStore(j.erasable());
    j.close();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> store.put(profile(8)));
    assertEquals("the journal of " + dir + " is closed", e.getMessage());
    assertThrows(IllegalStateException.class, () -> store.get("L-0008-ab"));
    assertThrows(IllegalStateException.class, () -> store.erase("L-0008-ab"));
  }

  /**
   * The privacy property: writing and erasing profiles changes nothing a verifier sees — size,
   * root, every checkpoint, every inclusion and consistency proof, every leaf — now or after
   * reopening.
   */
  @Property(tries = 6)
  void profiles_writtenAndErased_leaveEveryProofByteIdentical(
      @ForAll @IntRange(min = 1, max = 6) int statements,
      @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 3) Integer> learners)
      throws Exception {
    Path tmp = Files.createTempDirectory("profiles");
    try {
      Path dir = tmp.resolve("l");
      List<String> before;
      try (Journal<Void> j = create(dir)) {
        for (int i = 0; i < statements; i++) {
          j.append(stmt(i));
        }
        before = proofs(j);
        ProfileStore store = new ProfileStore(j.erasable());
        for (int k = 0; k < learners.size(); k++) {
          Profile p = profile(learners.get(k));
          if (k % 3 == 2) {
            store.erase(p.learner());
          } else {
            store.put(p);
          }
        }
        assertEquals(before, proofs(j));
        for (int i = 0; i < 4; i++) {
          store.erase(profile(i).learner());
        }
        assertEquals(before, proofs(j));
      }
      try (Journal<Void> j = open(dir)) {
        assertEquals(before, proofs(j));
      }
    } finally {
      try (Stream<Path> walk = Files.walk(tmp)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
