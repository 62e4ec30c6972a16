package org.creditbank.ledger.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.creditbank.ledger.audit.AuditFailedException;
import org.creditbank.ledger.audit.AuditOptions;
import org.creditbank.ledger.audit.AuditReport;
import org.creditbank.ledger.audit.LedgerAuditor;
import org.creditbank.ledger.journal.StorageException;
import org.creditbank.ledger.note.CheckpointVerifier;
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
          + " demands that the ledger is an extension of a checkpoint saved by an earlier audit.",
      "With --server URL instead of --data, audits a remote ledger the same way from its entries"
          + " (an auditor's token): the stored state, ids and tree nodes are local-only and not"
          + " compared. --follow then keeps polling and auditing each new checkpoint."
    })
public final class AuditCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin LedgerOptions ledger;

  @Option(
      names = "--follow",
      description =
          "with --server: keep polling the checkpoint, verify each new one and its consistency"
              + " with the last, audit the new entries; exit 1 at the first inconsistency")
  boolean follow;

  @Option(
      names = "--poll-interval",
      paramLabel = "SECONDS",
      defaultValue = "10",
      description = "with --follow: seconds between polls (default: ${DEFAULT-VALUE})")
  double pollInterval;

  @Option(names = "--follow-rounds", hidden = true, defaultValue = "0")
  long followRounds;

  @Option(
      names = "--verifier-key",
      paramLabel = "KEY",
      description =
          "the operator's published verifier key <origin>+<keyid>+<base64>, or @FILE;"
              + " repeat it for a history that spans a key rotation: each checkpoint must be"
              + " signed by one of them (default: the keys of the ledger's own checkpoint key"
              + " files, current, next and retired)")
  List<String> verifierKeys = new ArrayList<>();

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
    if ((ledger.data == null) == (ledger.server == null)) {
      throw Cli.usage("want exactly one of --data DIR or --server URL");
    }
    // --token is not refused without --server: it may come from $LEDGER_TOKEN.
    if (ledger.server == null && follow) {
      throw Cli.usage("want --server with --follow");
    }
    if (follow && (pollInterval < 0 || followRounds < 0)) {
      throw Cli.usage("want --poll-interval and --follow-rounds at least 0");
    }
    CheckpointVerifier verifier;
    if (ledger.server != null) {
      if (verifierKeys.isEmpty()) {
        throw Cli.usage("want --verifier-key with --server: the server's own key proves nothing");
      }
      verifier = LedgerKeys.parseVerifiers(verifierKeys);
    } else {
      verifier = LedgerKeys.verifier("audit", verifierKeys, ledger, err);
    }
    AtomicLong done = new AtomicLong();
    AtomicReference<ProgressBar> bar = new AtomicReference<>();
    AuditOptions options = options(threads, err, done, bar);
    if (since != null) {
      options = options.withSince(Bytes.copyFrom(Cli.read(since)));
    }
    long t0 = System.nanoTime();
    if (ledger.server != null) {
      return new RemoteAudit(this, ledger.serverUri(), verifier, options, done, bar).run();
    }
    AuditReport r;
    try {
      r = LedgerAuditor.audit(ledger.dir(), verifier, options);
    } catch (AuditFailedException e) {
      throw failed(e, done.get(), t0);
    }
    if (bar.get() != null) {
      bar.get().finish(r.entries());
    }
    out.println(
        Cli.format(
            "Audit of %s in %s: OK.%n  %,d entries, %,d checkpoints, %.1f s, %,.0f entries/s",
            verifier.origin(),
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

  /**
   * The audit options of {@code --threads} (null: the default), with progress counted into {@code
   * done} and shown on a progress bar on stderr, made at the first report.
   */
  static AuditOptions options(
      Integer threads, PrintWriter err, AtomicLong done, AtomicReference<ProgressBar> bar) {
    AuditOptions options = AuditOptions.defaults();
    if (threads != null) {
      options = options.withThreads(threads);
    }
    return options.withProgress(
        (d, total) -> {
          done.set(d);
          bar.compareAndSet(null, new ProgressBar(err, "audit", "entries", total, 2000));
          bar.get().show(d);
        });
  }

  /** The failure of an audit: exit 1, naming the place and the reason. */
  static Cli.Failure failed(AuditFailedException e, long done, long t0) {
    return new Cli.Failure(
        ExitCodes.VERIFICATION_FAILED,
        Cli.format(
            "FAILED at %s: %s (after %,d entries, %.1f s)",
            e.place(), e.reason(), done, (System.nanoTime() - t0) / 1e9),
        e);
  }
}
