package org.creditbank.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.creditbank.ledger.audit.AuditOptions;
import org.creditbank.ledger.audit.AuditReport;
import org.creditbank.ledger.audit.LedgerAuditor;
import org.creditbank.ledger.backup.BackupException;
import org.creditbank.ledger.backup.BackupManifest;
import org.creditbank.ledger.backup.LedgerBackup;
import org.creditbank.ledger.bank.InstitutionKind;
import org.creditbank.ledger.bank.LearnerEnrolledBody;
import org.creditbank.ledger.bank.OutcomeKind;
import org.creditbank.ledger.bank.Profile;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.journal.Receipt;
import org.creditbank.ledger.merkle.ProofVerifier;
import org.creditbank.ledger.note.NoteSigner;
import org.creditbank.ledger.note.NoteVerifier;
import org.creditbank.ledger.util.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Online backup and restore of a ledger; about 3 s in all. */
class LedgerBackupTest {
  @TempDir Path tmp;

  private static final Bytes SALT = Bytes.copyFrom(new byte[32]);

  /** Writes the world's checkpoint key where an operator keeps it, outside the ledger directory. */
  private Path keyFile() throws Exception {
    Path key = tmp.resolve("checkpoint-key.pem");
    Files.writeString(key, BankWorld.seeded(2).toPem(), StandardCharsets.US_ASCII);
    return key;
  }

  private static LearnerEnrolledBody enrolment(int i) {
    return new LearnerEnrolledBody(String.format("L-%05dAB", i), Optional.empty());
  }

  @Test
  void create_whileSubmitting_restoresLedgerThatAuditsExtendsAndGrows() throws Exception {
    try (BankWorld w = BankWorld.create(tmp.resolve("live"))) {
      w.register("COLLEGE", InstitutionKind.VOCATIONAL_COLLEGE, Set.of(), true, false);
      w.ledger
          .profiles()
          .put(new Profile("L-00000AB", "Li Si", Optional.empty(), Optional.empty(), SALT));
      List<byte[]> signed = new ArrayList<>();
      for (int i = 0; i < 600; i++) {
        signed.add(w.sign("COLLEGE", enrolment(i)));
      }
      ExecutorService pool = Executors.newFixedThreadPool(8);
      BackupManifest m;
      List<Future<Receipt>> receipts = new ArrayList<>();
      try {
        for (byte[] s : signed) {
          receipts.add(pool.submit(() -> w.ledger.submit(s)));
        }
        // Back up once submissions are flowing, while most are still waiting.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (w.ledger.journal().size() < 50 && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        m = LedgerBackup.create(w.ledger, keyFile(), tmp.resolve("backup"), w.clock);
        for (Future<Receipt> f : receipts) {
          f.get(30, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      long liveSize = w.ledger.journal().size();
      assertEquals(2 + 600, liveSize);
      assertTrue(m.size() >= 2 && m.size() <= liveSize, "backup size " + m.size());
      // The live ledger extends the backup's checkpoint.
      if (m.size() < liveSize) {
        ProofVerifier.verifyConsistency(
            m.size(),
            liveSize,
            w.ledger.journal().consistencyProof(m.size(), liveSize),
            m.root(),
            w.ledger.journal().root());
      }
      BackupManifest read = LedgerBackup.readManifest(tmp.resolve("backup"));
      assertEquals(m, read);

      Path restored = tmp.resolve("restored");
      LedgerBackup.Restored r =
          LedgerBackup.restore(
              tmp.resolve("backup"),
              restored,
              false,
              Optional.of(w.checkpoints.verifier()),
              AuditOptions.defaults());
      assertEquals(m.size(), r.audit().entries());
      assertTrue(r.replaced().isEmpty());
      AuditReport again =
          LedgerAuditor.audit(restored, w.checkpoints.verifier(), AuditOptions.defaults());
      assertArrayEquals(m.checkpoint().toBytes(), again.latest().toBytes());
      Path key = restored.resolve(BackupManifest.KEY_FILE);
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));

      NoteSigner signer =
          NoteSigner.of(BankWorld.ORIGIN, Ed25519PrivateKey.fromPem(Files.readString(key)));
      try (CreditLedger back = CreditLedger.open(restored, signer, BankWorld.options(w.clock))) {
        assertEquals(m.size(), back.journal().size());
        assertEquals(m.root(), back.journal().root());
        assertEquals("Li Si", back.profiles().get("L-00000AB").orElseThrow().name());
        Receipt next = back.submit(w.sign("COLLEGE", enrolment(9999)));
        assertEquals(m.size(), next.seq());
        assertEquals(m.size() + 1, back.journal().size());
      }
    }
  }

  /** Restores {@code tmp/backup} into {@code target}, expecting a refusal. */
  private BackupException refused(Path target, Optional<NoteVerifier> expected) {
    return assertThrows(
        BackupException.class,
        () ->
            LedgerBackup.restore(
                tmp.resolve("backup"), target, false, expected, AuditOptions.defaults()));
  }

  /** A small ledger backed up to {@code tmp/backup}. */
  private BackupManifest smallBackup() throws Exception {
    try (BankWorld w = BankWorld.create(tmp.resolve("live"))) {
      w.register(
          "COLLEGE", InstitutionKind.VOCATIONAL_COLLEGE, Set.of(OutcomeKind.COURSE), true, false);
      w.enrol("COLLEGE", "L-0001AB");
      return LedgerBackup.create(w.ledger, keyFile(), tmp.resolve("backup"), w.clock);
    }
  }

  @Test
  void restore_nonEmptyTarget_refusedAndUntouched() throws Exception {
    smallBackup();
    Path target = tmp.resolve("busy");
    Files.createDirectories(target);
    Files.writeString(target.resolve("keep.txt"), "mine");
    BackupException e = refused(target, Optional.empty());
    assertEquals(
        "want an absent or empty directory to restore into, got " + target + ", which is not empty",
        e.getMessage());
    assertEquals("mine", Files.readString(target.resolve("keep.txt")));
  }

  @Test
  void restore_replace_movesOldDirectoryAside() throws Exception {
    BackupManifest m = smallBackup();
    Path target = tmp.resolve("busy");
    Files.createDirectories(target);
    Files.writeString(target.resolve("keep.txt"), "mine");
    LedgerBackup.Restored r =
        LedgerBackup.restore(
            tmp.resolve("backup"), target, true, Optional.empty(), AuditOptions.defaults());
    assertEquals(m.size(), r.audit().entries());
    assertEquals("mine", Files.readString(r.replaced().orElseThrow().resolve("keep.txt")));
    assertTrue(Files.exists(target.resolve("CURRENT")));
  }

  @Test
  void restore_damagedFile_refusedAndTargetNotCreated() throws Exception {
    BackupManifest m = smallBackup();
    // The largest file of the database: an SST file, the bulk of any backup.
    BackupManifest.FileEntry big =
        m.files().stream().max(Comparator.comparingLong(BackupManifest.FileEntry::bytes)).get();
    Path file = tmp.resolve("backup").resolve(big.path());
    byte[] b = Files.readAllBytes(file);
    b[b.length / 2] ^= 1;
    Files.write(file, b);
    Path target = tmp.resolve("restored");
    BackupException e = refused(target, Optional.empty());
    assertTrue(
        e.getMessage()
            .startsWith(
                "the backup is damaged: want "
                    + big.path()
                    + " of "
                    + big.bytes()
                    + " bytes with SHA-256 "
                    + big.sha256().toHex()),
        e.getMessage());
    assertFalse(Files.exists(target));
    try (Stream<Path> s = Files.list(tmp)) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".restoring-")));
    }
  }

  @Test
  void restore_otherOperatorKeyExpected_refused() throws Exception {
    smallBackup();
    NoteSigner other = NoteSigner.of(BankWorld.ORIGIN, BankWorld.seeded(77));
    BackupException e = refused(tmp.resolve("restored"), Optional.of(other.verifier()));
    assertTrue(e.getMessage().endsWith("not the expected operator key " + other.verifier()));
    assertFalse(Files.exists(tmp.resolve("restored")));
  }

  @Test
  void readManifest_unfinishedBackup_saysSo() throws Exception {
    smallBackup();
    Files.delete(tmp.resolve("backup").resolve(BackupManifest.FILE_NAME));
    BackupException e =
        assertThrows(BackupException.class, () -> LedgerBackup.readManifest(tmp.resolve("backup")));
    assertEquals(
        "no backup at "
            + tmp.resolve("backup")
            + ": no manifest.json (not a backup, or one that did not finish)",
        e.getMessage());
  }

  @Test
  void create_nonEmptyDirectory_refused() throws Exception {
    try (BankWorld w = BankWorld.create(tmp.resolve("live"))) {
      Path out = tmp.resolve("out");
      Files.createDirectories(out);
      Files.writeString(out.resolve("x"), "x");
      BackupException e =
          assertThrows(
              BackupException.class, () -> LedgerBackup.create(w.ledger, keyFile(), out, w.clock));
      assertEquals(
          "want a new or empty directory for the backup, got " + out + ", which is not empty",
          e.getMessage());
    }
  }

  @Test
  void create_emptyDirectoryOpenToOthers_madeTheOwnersAlone() throws Exception {
    try (BankWorld w = BankWorld.create(tmp.resolve("live"))) {
      Path out = tmp.resolve("out");
      Files.createDirectories(out);
      Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
      LedgerBackup.create(w.ledger, keyFile(), out, w.clock);
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(
              Files.getPosixFilePermissions(out.resolve(BackupManifest.KEY_FILE))));
    }
  }
}
