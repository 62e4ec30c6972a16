package org.creditbank.ledger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.backup.BackupManifest;
import org.creditbank.ledger.backup.LedgerBackup;
import org.creditbank.ledger.cli.CliWorld.Run;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.journal.Journal;
import org.creditbank.ledger.journal.JournalOptions;
import org.creditbank.ledger.note.NoteSigner;
import org.creditbank.ledger.server.LedgerServer;
import org.creditbank.ledger.server.ServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ledger backup} and {@code ledger restore}; about 4 s. */
class BackupRestoreCommandsTest {
  static final String OPERATOR = "operator-token-0000000001";
  static final String AUDITOR = "auditor-token-00000000001";

  @TempDir Path tmp;

  private static String head(Path backup, Path into) {
    return "Restored " + CliWorld.ORIGIN + " from " + backup + " into " + into + ": OK.\n";
  }

  private CreditLedger openInProcess(CliWorld w) throws Exception {
    Ed25519PrivateKey key =
        Ed25519PrivateKey.fromPem(
            Files.readString(w.data.resolve(LedgerOptions.CHECKPOINT_KEY_FILE)));
    return CreditLedger.open(
        w.data, NoteSigner.of(Journal.readOrigin(w.data), key), JournalOptions.DEFAULT);
  }

  @Test
  void backupData_restore_auditsCleanAndTakesNewStatements() throws Exception {
    CliWorld w = new CliWorld(tmp).setUp();
    Path backup = tmp.resolve("backup");
    Run b = CliWorld.ok("backup", "--data", w.data.toString(), "--out", backup.toString());
    assertTrue(
        b.out().startsWith("Backup of " + CliWorld.ORIGIN + " in " + backup + ": OK.\n  size 3,"),
        b.out());
    assertTrue(
        b.out()
            .contains(
                "  checkpoint of the backup's head, signed before the copy:\n    "
                    + CliWorld.ORIGIN
                    + "\n    3\n"),
        b.out());

    Path again = tmp.resolve("again");
    Path restored = again.resolve("ledger");
    Run r = CliWorld.ok(restore(backup, restored, verifierKey(w)));
    assertTrue(r.out().startsWith(head(backup, restored)), r.out());
    assertTrue(r.out().contains("\n  audit: OK, 3 entries, 4 checkpoints, "), r.out());
    CliWorld.ok("audit", "--data", restored.toString());

    // The restored ledger takes the college's next statement.
    Files.copy(w.collegeKey, again.resolve("college.pem"));
    CliWorld w2 = new CliWorld(again);
    CliWorld.ok(w2.issue("VC-2026-0001", CliWorld.LEARNER));
    Run info = CliWorld.ok("info", "--data", restored.toString());
    assertTrue(info.out().contains("\nsize:          4\n"), info.out());
  }

  /** The arguments of {@code ledger restore --from FROM --data DATA --verifier-key KEY}. */
  private static String[] restore(Path from, Path data, String key) {
    return new String[] {
      "restore", "--from", from.toString(), "--data", data.toString(), "--verifier-key", key
    };
  }

  /** The ledger's verifier key, as `ledger info` prints it. */
  private static String verifierKey(CliWorld w) {
    Run info = CliWorld.ok("info", "--data", w.data.toString());
    for (String line : info.out().split("\n", -1)) {
      if (line.startsWith("verifier key:")) {
        return line.substring("verifier key:".length()).strip();
      }
    }
    throw new AssertionError("no verifier key in " + info.out());
  }

  @Test
  void restore_noVerifierKey_usageErrorAndNothingWritten() throws Exception {
    CliWorld w = new CliWorld(tmp).setUp();
    Path backup = tmp.resolve("backup");
    CliWorld.ok("backup", "--data", w.data.toString(), "--out", backup.toString());
    Path restored = tmp.resolve("restored");
    Run r = CliWorld.run("restore", "--from", backup.toString(), "--data", restored.toString());
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals(
        "ledger restore: want --verifier-key KEY, the ledger's published verifier key (`ledger"
            + " info` prints it): a backup's own checkpoint key proves nothing about whose ledger"
            + " it is\n",
        r.err());
    assertFalse(Files.exists(restored));
  }

  @Test
  void restore_backupOfAnotherOperator_refusedAgainstTheGivenKey() throws Exception {
    CliWorld w = new CliWorld(tmp).setUp();
    Path backup = tmp.resolve("backup");
    CliWorld.ok("backup", "--data", w.data.toString(), "--out", backup.toString());
    // A verifier key of the same origin but another key: what a forged backup would meet.
    String other =
        NoteSigner.generate(CliWorld.ORIGIN, new java.security.SecureRandom())
            .verifier()
            .toString();
    Path restored = tmp.resolve("restored");
    Run r = CliWorld.run(restore(backup, restored, other));
    assertEquals(ExitCodes.VERIFICATION_FAILED, r.code(), r.err());
    assertFalse(Files.exists(restored));
  }

  @Test
  void restore_nonEmptyTarget_usageErrorAndUntouched() throws Exception {
    CliWorld w = new CliWorld(tmp).setUp();
    Path backup = tmp.resolve("backup");
    CliWorld.ok("backup", "--data", w.data.toString(), "--out", backup.toString());
    Run r = CliWorld.run("restore", "--from", backup.toString(), "--data", w.data.toString());
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals(
        "ledger restore: want --data an absent or empty directory, got "
            + w.data
            + ", which is not empty (--replace moves it aside)\n",
        r.err());
    CliWorld.ok("audit", "--data", w.data.toString());
  }

  @Test
  void restore_damagedBackup_refusedExit1AndNothingWritten() throws Exception {
    CliWorld w = new CliWorld(tmp).setUp();
    Path backup = tmp.resolve("backup");
    CliWorld.ok("backup", "--data", w.data.toString(), "--out", backup.toString());
    BackupManifest m = LedgerBackup.readManifest(backup);
    BackupManifest.FileEntry big =
        m.files().stream().max(Comparator.comparingLong(BackupManifest.FileEntry::bytes)).get();
    Path file = backup.resolve(big.path());
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 3] ^= 0x40;
    Files.write(file, bytes);

    Path restored = tmp.resolve("restored");
    Run r = CliWorld.run(restore(backup, restored, verifierKey(w)));
    assertEquals(ExitCodes.VERIFICATION_FAILED, r.code(), r.err());
    assertTrue(
        r.err().startsWith("ledger restore: refused: the backup is damaged: want " + big.path()),
        r.err());
    assertTrue(r.err().endsWith(" (" + restored + " left as it was)\n"), r.err());
    assertFalse(Files.exists(restored));
  }

  @Test
  void backupData_ledgerOpenElsewhere_namesTheServerWay() throws Exception {
    CliWorld w = new CliWorld(tmp).setUp();
    try (CreditLedger open = openInProcess(w)) {
      assertEquals(CliWorld.ORIGIN, open.origin());
      Run r =
          CliWorld.run("backup", "--data", w.data.toString(), "--out", tmp.resolve("b").toString());
      assertEquals(ExitCodes.IO, r.code());
      assertTrue(
          r.err()
              .startsWith(
                  "ledger backup: ledger "
                      + w.data
                      + " is open in another process, such as `ledger serve`"),
          r.err());
      assertTrue(r.err().contains("ledger backup --server URL --token OPERATOR-TOKEN"), r.err());
      assertFalse(Files.exists(tmp.resolve("b")));
    }
  }

  @Test
  void backupServer_operatorToken_writesOnTheServerAndRestores() throws Exception {
    CliWorld w = new CliWorld(tmp).setUp();
    Files.writeString(tmp.resolve("tokens"), OPERATOR + " operator\n" + AUDITOR + " auditor\n");
    Path backups = tmp.resolve("backups");
    String verifierKey = verifierKey(w);
    try (CreditLedger ledger = openInProcess(w);
        LedgerServer server =
            LedgerServer.start(
                ledger,
                ServerOptions.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .withTokens(tmp.resolve("tokens"))
                    .withBackups(backups, w.data.resolve(LedgerOptions.CHECKPOINT_KEY_FILE)))) {
      String url = server.uri().toString();
      Run denied = CliWorld.run("backup", "--server", url, "--token", AUDITOR);
      assertEquals(ExitCodes.IO, denied.code());
      assertTrue(denied.err().startsWith("ledger backup: not authorised by the server"));

      Run b = CliWorld.ok("backup", "--server", url, "--token", OPERATOR, "--name", "nightly");
      Path out = backups.resolve("nightly").toAbsolutePath();
      assertTrue(
          b.out().startsWith("Backup of " + CliWorld.ORIGIN + " in " + out + ": OK.\n  size 3,"),
          b.out());
      Path restored = tmp.resolve("restored");
      Run r = CliWorld.ok(restore(out, restored, verifierKey));
      assertTrue(r.out().startsWith(head(out, restored)), r.out());
    }
  }

  @Test
  void backup_mixedOptions_usageErrors() throws Exception {
    Run out = CliWorld.run("backup", "--server", "http://localhost:1", "--out", "x");
    assertEquals(ExitCodes.USAGE, out.code());
    assertTrue(out.err().startsWith("ledger backup: --out is for --data;"), out.err());
    Run name = CliWorld.run("backup", "--data", tmp.toString(), "--name", "n", "--out", "x");
    assertEquals(ExitCodes.USAGE, name.code());
    assertEquals("ledger backup: --name is for --server; with --data give --out DIR\n", name.err());
    Run none = CliWorld.run("backup", "--data", tmp.toString());
    assertEquals(ExitCodes.USAGE, none.code());
    assertEquals("ledger backup: want --out DIR, the backup directory to create\n", none.err());
  }
}
