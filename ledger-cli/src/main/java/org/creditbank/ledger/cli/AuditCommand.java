package org.creditbank.ledger.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.creditbank.ledger.audit.AuditFailedException;
import org.creditbank.ledger.audit.AuditOptions;
import org.creditbank.ledger.audit.AuditReport;
import org.creditbank.ledger.audit.LedgerAuditor;
import org.creditbank.ledger.journal.StorageException;
import org.creditbank.ledger.note.NoteVerifier;
import org.creditbank.ledger.util.Bytes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

  @Mixin LedgerOptions ledger;

  @Option(
      names = "--verifier-key",
      paramLabel = "KEY",
      description =
          "the operator's published verifier key <origin>+<keyid>+<base64>, or @FILE (default:"
              + " the key of the ledger's own checkpoint key file)")
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
  public Integer call() throws InterruptedException, StorageException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (threads != null && threads < 1) {
      throw Cli.usage("want --threads at least 1, got " + threads);
    }
    NoteVerifier verifier = LedgerKeys.verifier("audit", verifierKey, ledger, err);
    AuditOptions options = AuditOptions.defaults();
    if (threads != null) {
      options = options.withThreads(threads);
    }
    if (since != null) {
      options = options.withSince(Bytes.copyFrom(Cli.read(since)));
    }
    AtomicLong done = new AtomicLong();
    AtomicReference<ProgressBar> bar = new AtomicReference<>();
    options =
        options.withProgress(
            (d, total) -> {
              done.set(d);
              bar.compareAndSet(null, new ProgressBar(err, "audit", "entries", total, 2000));
              bar.get().show(d);
            });
    long t0 = System.nanoTime();
    AuditReport r;
    try {
      r = LedgerAuditor.audit(ledger.data, verifier, options);
    } catch (AuditFailedException e) {
      throw new Cli.Failure(
          ExitCodes.VERIFICATION_FAILED,
          Cli.format(
              "FAILED at %s: %s (after %,d entries, %.1f s)",
              e.place(), e.reason(), done.get(), (System.nanoTime() - t0) / 1e9),
          e);
    }
    if (bar.get() != null) {
      bar.get().finish(r.entries());
    }
    out.println(
        Cli.format(
            "Audit of %s in %s: OK.%n  %,d entries, %,d checkpoints, %.1f s, %,.0f entries/s",
            verifier.name(),
            ledger.data,
            r.entries(),
            r.checkpoints(),
            r.took().toNanos() / 1e9,
            r.entriesPerSecond()));
    out.println(
        "  every leaf, hash, tree node, checkpoint, signature, decision, state key and id"
            + " checked");
    if (r.since().isPresent()) {
      out.println(
          Cli.format(
              "  the ledger extends the saved checkpoint of size %,d (%s)",
              r.since().getAsLong(), since));
    }
    if (save != null) {
      Cli.write(save, r.latest().toBytes());
      out.println(
          Cli.format("  saved the verified checkpoint of size %,d to %s", r.entries(), save));
    }
    out.flush();
    return ExitCodes.OK;
  }
}
