package org.creditbank.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.backup.BackupManifest;
import org.creditbank.ledger.backup.LedgerBackup;
import org.creditbank.ledger.util.LedgerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ledger backup}: a consistent backup of a ledger, taken while it runs. */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Back up a ledger at one point in time: its whole database (log, tree, checkpoints, ids,"
          + " derived state and the learners' erasable profiles), its checkpoint key (mode 600) and"
          + " a manifest.json (origin, size, root, the signed checkpoint of the head, time, every"
          + " file's SHA-256), which is printed.",
      "With --data DIR --out DIR, for a ledger no other process has open. A ledger that"
          + " `ledger serve` runs is backed up by the server itself, while it takes submissions:"
          + " --server URL with an operator's token; the backup is then written on the server's"
          + " machine, in a new directory under its --backup-dir. See docs/operations.md."
    })
public final class BackupCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin LedgerOptions ledger;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "with --data: the backup directory to create (absent or empty)")
  Path out;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description =
          "with --server: the backup's directory name under the server's --backup-dir"
              + " (default: ledger-<UTC time>)")
  String name;

  @Override
  public Integer call() throws LedgerException {
    JsonNode summary;
    if (ledger.server != null) {
      if (ledger.data != null) {
        throw Cli.usage("give --data DIR or --server URL, not both");
      }
      if (out != null) {
        throw Cli.usage(
            "--out is for --data; with --server the backup is written on the server's machine"
                + " under its --backup-dir: name it with --name");
      }
      summary =
          new RemoteLedger(ledger.serverUri(), Optional.ofNullable(ledger.token))
              .backup(Optional.ofNullable(name));
    } else {
      Path dir = ledger.dir();
      if (name != null) {
        throw Cli.usage("--name is for --server; with --data give --out DIR");
      }
      if (out == null) {
        throw Cli.usage("want --out DIR, the backup directory to create");
      }
      if (!Cli.absentOrEmpty(out)) {
        throw Cli.usage("want --out a new or empty directory, got " + out + ", which is not empty");
      }
      CreditLedger l;
      try {
        l = ledger.open();
      } catch (LedgerException e) {
        if (String.valueOf(e.getMessage()).contains("already open")) {
          throw new Cli.Failure(
              ExitCodes.IO,
              "ledger "
                  + dir
                  + " is open in another process, such as `ledger serve`: one process cannot"
                  + " copy a database another one writes. Ask the server for the backup instead:"
                  + " ledger backup --server URL --token OPERATOR-TOKEN (the server needs"
                  + " --backup-dir DIR; see docs/operations.md)",
              e);
        }
        throw e;
      }
      BackupManifest m;
      try (l) {
        m = LedgerBackup.create(l, ledger.checkpointKeyFile(), out, Clock.systemUTC());
      }
      summary = m.summary().put("path", out.toString());
    }
    print(spec.commandLine().getOut(), summary);
    return ExitCodes.OK;
  }

  /** Prints a backup's summary ({@link BackupManifest#summary()} and its path). */
  static void print(PrintWriter out, JsonNode s) {
    out.println(
        Cli.format("Backup of %s in %s: OK.", s.path("origin").asText(), s.path("path").asText()));
    out.println(Cli.format("  size %d, root %s", s.path("size").asLong(), s.path("root").asText()));
    out.println(
        Cli.format(
            "  created %s; %,d files, %,d bytes",
            s.path("created").asText(), s.path("files").asLong(), s.path("bytes").asLong()));
    out.println("  checkpoint of the backup's head, signed before the copy:");
    s.path("checkpoint").asText().lines().forEach(line -> out.println("    " + line));
    out.flush();
  }
}
