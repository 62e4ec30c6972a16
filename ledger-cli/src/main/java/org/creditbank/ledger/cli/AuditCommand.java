package org.creditbank.ledger.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.creditbank.ledger.audit.AuditFailedException;
import org.creditbank.ledger.audit.AuditOptions;
import org.creditbank.ledger.audit.AuditReport;
import org.creditbank.ledger.audit.LedgerAuditor;
import org.creditbank.ledger.journal.StorageException;
import org.creditbank.ledger.note.NoteVerifier;
import org.creditbank.ledger.util.Bytes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ledger audit}: replays and checks a whole ledger. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
      "Replay the whole ledger from seq 0 and check everything stored: canonical leaves, the"
          + " prev chain, leaf hashes, tree nodes, checkpoints and their signatures, statement"
          + " signatures with the key valid at each seq, every decision of the rules, the derived"
          + " state and the id index. Streams in constant memory; signatures on all cores.",
      "Reports the first bad seq or key and exits 1 if anything is wrong. With --since, also"
          + " demands that the ledger is an extension of a checkpoint saved by an earlier audit."
    })
public final class AuditCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data", paramLabel = "DIR", required = true, description = "the ledger")
  Path data;

  @Option(
      names = "--verifier-key",
      paramLabel = "KEY",
      description =
          "the operator's published verifier key <origin>+<keyid>+<base64>, or @FILE (default:"
              + " the ledger's own DIR/checkpoint-key.pem)")
  String verifierKey;

  @Option(
      names = "--save-checkpoint",
      paramLabel = "FILE",
      description = "store the checkpoint this audit verified, for a later --since")
  Path save;

  @Option(
      names = "--since",
      paramLabel = "FILE",
      description = "a checkpoint saved by an earlier audit: the ledger must extend it")
  Path since;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "threads verifying signatures (default: the number of cores)")
  Integer threads;

  @Override
  // On Java 17 (the target) console() is null unless stdin and stdout are a terminal: then the
  // progress bar would only clutter a log or a pipe.
  @SuppressWarnings("SystemConsoleNull")
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    AtomicLong done = new AtomicLong();
    long t0 = System.nanoTime();
    try {
      if (threads != null && threads < 1) {
        throw new LedgerKeys.Failure(ExitCodes.USAGE, "want --threads at least 1, got " + threads);
      }
      NoteVerifier verifier = LedgerKeys.verifier("audit", verifierKey, data, err);
      AuditOptions options = AuditOptions.defaults();
      if (threads != null) {
        options = options.withThreads(threads);
      }
      if (since != null) {
        try {
          options = options.withSince(Bytes.copyFrom(Files.readAllBytes(since)));
        } catch (IOException e) {
          throw new LedgerKeys.Failure(ExitCodes.IO, "cannot read " + since + ": " + e);
        }
      }
      boolean bar = System.console() != null;
      options =
          options.withProgress(
              (d, total) -> {
                done.set(d);
                if (bar && total > 0) {
                  int width = 40;
                  int filled = (int) (width * d / total);
                  err.printf(
                      Locale.ROOT,
                      "\raudit [%s%s] %3d%% %,d/%,d entries",
                      "#".repeat(filled),
                      " ".repeat(width - filled),
                      100 * d / total,
                      d,
                      total);
                  err.flush();
                }
              });
      AuditReport r;
      try {
        r = LedgerAuditor.audit(data, verifier, options);
      } finally {
        if (bar) {
          err.println();
        }
      }
      double secs = r.took().toNanos() / 1e9;
      out.printf(
          Locale.ROOT,
          "Audit of %s in %s: OK.%n  %,d entries, %,d checkpoints, %.1f s, %,.0f entries/s%n",
          verifier.name(),
          data,
          r.entries(),
          r.checkpoints(),
          secs,
          r.entriesPerSecond());
      out.printf(
          Locale.ROOT,
          "  every leaf, hash, tree node, checkpoint, signature, decision, state key and id"
              + " checked%n");
      if (r.since().isPresent()) {
        out.printf(
            Locale.ROOT,
            "  the ledger extends the saved checkpoint of size %,d (%s)%n",
            r.since().getAsLong(),
            since);
      }
      if (save != null) {
        try {
          Files.write(save, r.latest().toBytes());
        } catch (IOException e) {
          throw new LedgerKeys.Failure(ExitCodes.IO, "cannot write " + save + ": " + e);
        }
        out.printf(
            Locale.ROOT, "  saved the verified checkpoint of size %,d to %s%n", r.entries(), save);
      }
      out.flush();
      return ExitCodes.OK;
    } catch (AuditFailedException e) {
      err.printf(
          Locale.ROOT,
          "ledger audit: FAILED at %s: %s (after %,d entries, %.1f s)%n",
          e.place(),
          e.reason(),
          done.get(),
          (System.nanoTime() - t0) / 1e9);
      return ExitCodes.VERIFICATION_FAILED;
    } catch (StorageException e) {
      err.println("ledger audit: " + e.getMessage());
      return ExitCodes.IO;
    } catch (LedgerKeys.Failure f) {
      err.println("ledger audit: " + f.getMessage());
      return f.exitCode;
    }
  }
}
