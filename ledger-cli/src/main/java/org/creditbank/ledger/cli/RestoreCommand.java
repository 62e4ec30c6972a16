package org.creditbank.ledger.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.creditbank.ledger.audit.AuditFailedException;
import org.creditbank.ledger.audit.AuditOptions;
import org.creditbank.ledger.backup.BackupException;
import org.creditbank.ledger.backup.BackupManifest;
import org.creditbank.ledger.backup.LedgerBackup;
import org.creditbank.ledger.journal.Journal;
import org.creditbank.ledger.note.NoteSigner;
import org.creditbank.ledger.note.NoteVerifier;
import org.creditbank.ledger.util.LedgerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ledger restore}: puts a backup back as a ledger directory, once it checks out. */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = {
      "Restore a backup made by `ledger backup` into a ledger directory. First copies every file"
          + " beside DIR, checking its length and SHA-256 against the manifest, verifies the"
          + " manifest's checkpoint with the operator's verifier key (--verifier-key; with"
          + " --replace and no --verifier-key, the key of the ledger being replaced) and audits the"
          + " copy from seq 0, as `ledger audit` does; only then renames it to DIR. A backup that"
          + " fails any check leaves DIR as it was (exit 1).",
      "DIR must be absent or empty; --replace moves a non-empty DIR aside to"
          + " DIR.replaced-<time> (never deletes it), unless a process has the ledger in it open."
    })
public final class RestoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "BACKUP",
      description = "the backup directory (holding manifest.json)")
  Path from;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "DIR",
      description = "the ledger directory to restore into")
  Path data;

  @Option(
      names = "--replace",
      description = "move a non-empty DIR aside to DIR.replaced-<time> instead of refusing")
  boolean replace;

  @Option(
      names = "--verifier-key",
      paramLabel = "KEY",
      description =
          "the operator's published verifier key <origin>+<keyid>+<base64>, or @FILE: the"
              + " backup's checkpoint key must be this one (or the next key of a rotation)."
              + " Required unless --replace names a ledger whose own key then serves: a backup's"
              + " own key proves nothing about whose ledger it is")
  String verifierKey;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "threads verifying signatures in the audit (default: the number of cores)")
  Integer threads;

  @Override
  public Integer call() throws LedgerException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (threads != null && threads < 1) {
      throw Cli.usage("want --threads at least 1, got " + threads);
    }
    Optional<NoteVerifier> expected =
        verifierKey == null ? Optional.empty() : Optional.of(LedgerKeys.parseVerifier(verifierKey));
    boolean replacingLedger = false;
    if (!Cli.absentOrEmpty(data)) {
      if (!replace) {
        throw Cli.usage(
            "want --data an absent or empty directory, got "
                + data
                + ", which is not empty (--replace moves it aside)");
      }
      if (Files.exists(data.resolve("CURRENT"))) {
        // A ledger a server or another command has open cannot be moved from under it.
        Journal.checkNotOpen(data);
        replacingLedger = true;
      }
    }
    if (expected.isEmpty()) {
      // Everything in a backup, its checkpoint key and manifest included, could have been made by
      // whoever can write where backups are kept: trust comes from a key held apart from it.
      Path key = data.resolve(BackupManifest.KEY_FILE);
      if (!replacingLedger || !Files.exists(key)) {
        throw Cli.usage(
            "want --verifier-key KEY, the ledger's published verifier key (`ledger info` prints"
                + " it): a backup's own checkpoint key proves nothing about whose ledger it is");
      }
      expected =
          Optional.of(NoteSigner.of(Journal.readOrigin(data), CheckpointKeys.read(key)).verifier());
      err.println("checking the backup against the checkpoint key of the ledger in " + data);
    }
    AtomicReference<ProgressBar> bar = new AtomicReference<>();
    AuditOptions options = AuditCommand.options(threads, err, new AtomicLong(), bar);
    LedgerBackup.Restored r;
    try {
      r = LedgerBackup.restore(from, data, replace, expected, options);
    } catch (AuditFailedException e) {
      throw new Cli.Failure(
          ExitCodes.VERIFICATION_FAILED,
          Cli.format(
              "refused: the backup's ledger does not audit: FAILED at %s: %s (%s left as it was)",
              e.place(), e.reason(), data),
          e);
    } catch (BackupException e) {
      throw new Cli.Failure(
          ExitCodes.VERIFICATION_FAILED,
          "refused: " + e.getMessage() + " (" + data + " left as it was)",
          e);
    }
    if (bar.get() != null) {
      bar.get().finish(r.audit().entries());
    }
    BackupManifest m = r.manifest();
    out.println(Cli.format("Restored %s from %s into %s: OK.", m.origin(), from, data));
    out.println(
        Cli.format(
            "  size %d, root %s (the backup of %s)", m.size(), m.root().toBase64(), m.created()));
    out.println(
        Cli.format(
            "  %,d files, %,d bytes, each matching its SHA-256 in the manifest",
            m.files().size(), m.totalBytes()));
    out.println(
        Cli.format(
            "  audit: OK, %,d entries, %,d checkpoints, %.1f s",
            r.audit().entries(), r.audit().checkpoints(), r.audit().took().toNanos() / 1e9));
    out.println(
        "  checkpoint key: "
            + data.resolve(BackupManifest.KEY_FILE)
            + ", checked against the expected operator key");
    if (r.replaced().isPresent()) {
      out.println("  the directory that was there is now " + r.replaced().get());
    }
    out.flush();
    return ExitCodes.OK;
  }
}
