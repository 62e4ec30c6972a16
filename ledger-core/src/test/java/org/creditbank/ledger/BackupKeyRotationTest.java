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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.creditbank.ledger.audit.AuditFailedException;
import org.creditbank.ledger.audit.AuditOptions;
import org.creditbank.ledger.audit.LedgerAuditor;
import org.creditbank.ledger.backup.BackupManifest;
import org.creditbank.ledger.backup.CheckpointKeyFiles;
import org.creditbank.ledger.backup.LedgerBackup;
import org.creditbank.ledger.bank.InstitutionKind;
import org.creditbank.ledger.bank.LearnerEnrolledBody;
import org.creditbank.ledger.bank.OutcomeKind;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.note.CheckpointVerifier;
import org.creditbank.ledger.note.NoteSigner;
import org.creditbank.ledger.note.NoteVerifier;
import org.creditbank.ledger.note.SignedNote;
import org.creditbank.ledger.util.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup and restore of the key files of a checkpoint key rotation: the next key during one, the
 * retired keys after it; about 2 s in all.
 */
class BackupKeyRotationTest {
  @TempDir Path tmp;

  private final Ed25519PrivateKey oldPem = BankWorld.seeded(2);
  private final Ed25519PrivateKey newPem = BankWorld.seeded(40);
  private final NoteSigner oldKey = NoteSigner.of(BankWorld.ORIGIN, oldPem);
  private final NoteSigner newKey = NoteSigner.of(BankWorld.ORIGIN, newPem);

  private static void writeKey(Path file, Ed25519PrivateKey key) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, key.toPem(), StandardCharsets.US_ASCII);
  }

  private static NoteSigner readKey(Path file) throws Exception {
    return NoteSigner.of(
        BankWorld.ORIGIN,
        Ed25519PrivateKey.fromPem(Files.readString(file, StandardCharsets.US_ASCII)));
  }

  private static String mode(Path file) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  private static byte[] enrolment(BankWorld w, int i) {
    return w.sign(
        "COLLEGE", new LearnerEnrolledBody(String.format("L-%05dAB", i), Optional.empty()));
  }

  /** A ledger of a few entries in {@code tmp/live}, its world closed; returns the world. */
  private BankWorld smallLedger() throws Exception {
    BankWorld w = BankWorld.create(tmp.resolve("live"));
    w.register(
        "COLLEGE", InstitutionKind.VOCATIONAL_COLLEGE, Set.of(OutcomeKind.COURSE), true, false);
    w.enrol("COLLEGE", "L-0001AB");
    w.close();
    return w;
  }

  @Test
  void create_duringRotation_restoredLedgerCoSignsWithBothKeys() throws Exception {
    BankWorld w = smallLedger();
    // The operator keeps the key under another name: the backup names it checkpoint-key.pem.
    Path current = tmp.resolve("keys/ops.pem");
    writeKey(current, oldPem);
    writeKey(CheckpointKeyFiles.next(current), newPem);
    Path backup = tmp.resolve("backup");
    BackupManifest m;
    try (CreditLedger l =
        CreditLedger.open(
            tmp.resolve("live"), List.of(oldKey, newKey), BankWorld.options(w.clock))) {
      l.submit(enrolment(w, 1));
      m = LedgerBackup.create(l, current, backup, w.clock);
    }
    String next = "checkpoint-key.next.pem";
    BackupManifest.FileEntry entry =
        m.files().stream().filter(f -> f.path().equals(next)).findFirst().orElseThrow();
    byte[] pem = Files.readAllBytes(CheckpointKeyFiles.next(current));
    assertEquals(pem.length, entry.bytes());
    assertEquals(Hash.sha256(pem), entry.sha256());
    assertEquals("rw-------", mode(backup.resolve(next)));

    // A verifier that already moved to the new key accepts the backup.
    Path restored = tmp.resolve("restored");
    LedgerBackup.restore(
        backup, restored, false, Optional.of(newKey.verifier()), AuditOptions.defaults());
    Path key = restored.resolve(BackupManifest.KEY_FILE);
    Path nextFile = CheckpointKeyFiles.next(key);
    assertEquals(restored.resolve(next), nextFile);
    assertArrayEquals(pem, Files.readAllBytes(nextFile));
    assertEquals("rw-------", mode(nextFile));

    // Opened with the signers its files give, as the CLI opens it, it goes on co-signing.
    List<NoteSigner> signers = List.of(readKey(key), readKey(nextFile));
    try (CreditLedger back = CreditLedger.open(restored, signers, BankWorld.options(w.clock))) {
      back.submit(enrolment(w, 2));
      SignedNote head = back.journal().latestCheckpoint();
      assertEquals(m.size() + 1, back.journal().size());
      assertEquals(2, head.signatures().size());
      CheckpointVerifier.of(oldKey.verifier()).open(head.toBytes());
      CheckpointVerifier.of(newKey.verifier()).open(head.toBytes());
    }
  }

  @Test
  void create_afterPromote_retiredKeyRestoredAndHistoryAudits() throws Exception {
    BankWorld w = smallLedger();
    Path live = tmp.resolve("live");
    try (CreditLedger l =
        CreditLedger.open(live, List.of(oldKey, newKey), BankWorld.options(w.clock))) {
      l.submit(enrolment(w, 1));
    }
    Path current = tmp.resolve("keys/checkpoint-key.pem");
    writeKey(current, newPem);
    Path retired = CheckpointKeyFiles.retired(current, oldKey.keyId());
    writeKey(retired, oldPem);
    Path backup = tmp.resolve("backup");
    BackupManifest m;
    try (CreditLedger l = CreditLedger.open(live, newKey, BankWorld.options(w.clock))) {
      l.submit(enrolment(w, 2));
      m = LedgerBackup.create(l, current, backup, w.clock);
    }
    String name = retired.getFileName().toString();
    assertTrue(m.files().stream().anyMatch(f -> f.path().equals(name)), m.files()::toString);
    assertFalse(m.files().stream().anyMatch(f -> f.path().endsWith(".next.pem")));

    // The restore audits the history with the retired key: with the current key alone the
    // checkpoints before the promote would not verify.
    Path restored = tmp.resolve("restored");
    LedgerBackup.Restored r =
        LedgerBackup.restore(
            backup, restored, false, Optional.of(newKey.verifier()), AuditOptions.defaults());
    assertEquals(m.size(), r.audit().entries());
    Path key = restored.resolve(BackupManifest.KEY_FILE);
    List<Path> retiredFiles = CheckpointKeyFiles.retiredFiles(key);
    assertEquals(List.of(restored.resolve(name)), retiredFiles);
    assertArrayEquals(Files.readAllBytes(retired), Files.readAllBytes(retiredFiles.get(0)));
    assertEquals("rw-------", mode(retiredFiles.get(0)));
    List<NoteVerifier> all = new ArrayList<>();
    all.add(readKey(key).verifier());
    all.add(readKey(retiredFiles.get(0)).verifier());
    assertEquals(
        m.size(),
        LedgerAuditor.audit(restored, new CheckpointVerifier(all), AuditOptions.defaults())
            .entries());
    assertThrows(
        AuditFailedException.class,
        () ->
            LedgerAuditor.audit(
                restored, CheckpointVerifier.of(newKey.verifier()), AuditOptions.defaults()));
  }

  @Test
  void fileEntry_keyFileNames_onlyTheRotationNamesAccepted() {
    Hash h = Hash.sha256(new byte[0]);
    for (String ok :
        List.of(
            "checkpoint-key.pem",
            "checkpoint-key.next.pem",
            "checkpoint-key.retired-0a1b2c3d.pem",
            "db/000012.sst")) {
      assertEquals(ok, new BackupManifest.FileEntry(ok, 0, h).path());
    }
    for (String bad :
        List.of(
            "checkpoint-key.retired-0A1B2C3D.pem",
            "checkpoint-key.retired-123.pem",
            "other.next.pem",
            "db/checkpoint-key.next.pem",
            "db/checkpoint-key.pem")) {
      assertThrows(
          IllegalArgumentException.class, () -> new BackupManifest.FileEntry(bad, 0, h), bad);
    }
  }

  @Test
  void renamed_keyFilesOfAnotherStem_keepTheirRole() {
    Path ops = Path.of("/etc/ledger/ops.pem");
    Path to = Path.of("/backup/checkpoint-key.pem");
    assertEquals(
        Path.of("/backup/checkpoint-key.next.pem"),
        CheckpointKeyFiles.renamed(ops, CheckpointKeyFiles.next(ops), to));
    assertEquals(
        Path.of("/backup/checkpoint-key.retired-0000abcd.pem"),
        CheckpointKeyFiles.renamed(ops, CheckpointKeyFiles.retired(ops, 0xabcd), to));
    assertThrows(
        IllegalArgumentException.class,
        () -> CheckpointKeyFiles.renamed(ops, Path.of("/etc/ledger/ops.old.pem"), to));
  }
}
