package org.creditbank.ledger.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.creditbank.ledger.audit.AuditFailedException;
import org.creditbank.ledger.audit.AuditOptions;
import org.creditbank.ledger.audit.AuditReport;
import org.creditbank.ledger.audit.RemoteAuditor;
import org.creditbank.ledger.audit.RemoteLedger;
import org.creditbank.ledger.audit.RemoteLedgerException;
import org.creditbank.ledger.journal.StorageException;
import org.creditbank.ledger.note.CheckpointVerifier;

/**
 * {@code ledger audit --server URL [--follow]}: the audit of a remote ledger, one round, or rounds
 * until the first inconsistency (or Ctrl-C, or the hidden {@code --follow-rounds}).
 */
final class RemoteAudit {
  private final AuditCommand cmd;
  private final URI server;
  private final CheckpointVerifier verifier;
  private final AuditOptions options;
  private final AtomicLong done;
  private final AtomicReference<ProgressBar> bar;
  private final PrintWriter out;

  RemoteAudit(
      AuditCommand cmd,
      URI server,
      CheckpointVerifier verifier,
      AuditOptions options,
      AtomicLong done,
      AtomicReference<ProgressBar> bar) {
    this.cmd = cmd;
    this.server = server;
    this.verifier = verifier;
    this.options = options;
    this.done = done;
    this.bar = bar;
    this.out = cmd.spec.commandLine().getOut();
  }

  int run() throws StorageException, InterruptedException {
    RemoteLedger remote;
    try {
      remote =
          RemoteLedger.of(server, Optional.ofNullable(cmd.ledger.token).filter(t -> !t.isEmpty()));
    } catch (IllegalArgumentException e) {
      throw Cli.usage("bad --server: " + e.getMessage());
    }
    long t0 = System.nanoTime();
    try (RemoteAuditor auditor = RemoteAuditor.open(remote, verifier, options)) {
      AuditReport r = auditor.audit();
      finishBar(r);
      first(r);
      long last = r.entries();
      for (long round = 2; cmd.follow && (cmd.followRounds == 0 || round <= cmd.followRounds); ) {
        Thread.sleep((long) (cmd.pollInterval * 1000));
        r = auditor.audit();
        finishBar(r);
        out.println(
            Cli.format(
                "  round %d: checkpoint of size %,d, %s; %,d new entries audited: OK",
                round,
                r.entries(),
                r.entries() == last
                    ? "the same as the last"
                    : Cli.format("consistent with size %,d", last),
                r.entries() - last));
        save(r);
        out.flush();
        last = r.entries();
        round++;
      }
      return ExitCodes.OK;
    } catch (AuditFailedException e) {
      out.flush();
      throw AuditCommand.failed(e, done.get(), t0);
    } catch (RemoteLedgerException e) {
      out.flush();
      if (e.status() == 401 || e.status() == 403) {
        throw new Cli.Failure(
            ExitCodes.IO,
            e.getMessage() + " (give an auditor's token with --token or LEDGER_TOKEN)",
            e);
      }
      throw new Cli.Failure(ExitCodes.IO, e.getMessage(), e);
    }
  }

  private void finishBar(AuditReport r) {
    ProgressBar b = bar.getAndSet(null);
    if (b != null) {
      b.finish(r.entries());
    }
  }

  private void first(AuditReport r) {
    out.println(
        Cli.format(
            "Audit of %s at %s: OK.%n  %,d entries, %,d checkpoints, %.1f s, %,.0f entries/s",
            verifier.origin(),
            server,
            r.entries(),
            r.checkpoints(),
            r.took().toNanos() / 1e9,
            r.entriesPerSecond()));
    out.println(
        "  every leaf, hash, statement signature and decision checked, and the tree root"
            + " recomputed and compared with the server's signed checkpoint");
    out.println(
        "  not compared: the server's stored state, ids and tree nodes (local-only: audit --data"
            + " on the ledger's directory)");
    if (r.since().isPresent()) {
      out.println(
          Cli.format(
              "  the ledger extends the saved checkpoint of size %,d (%s)",
              r.since().getAsLong(), cmd.since));
    }
    save(r);
    if (cmd.follow) {
      out.println(
          Cli.format(
              "Following %s every %s s; each new checkpoint must extend the last (Ctrl-C ends)",
              server, cmd.pollInterval));
    }
    out.flush();
  }

  private void save(AuditReport r) {
    if (cmd.save != null) {
      Cli.write(cmd.save, r.latest().toBytes());
      out.println(
          Cli.format("  saved the verified checkpoint of size %,d to %s", r.entries(), cmd.save));
    }
  }
}
