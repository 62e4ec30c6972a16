package org.creditbank.ledger.cli.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.creditbank.ledger.Views;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ledger bench}: on its own, every figure of the ledger in one run of about a minute and a
 * half ({@link SummaryBench}); with a subcommand, one benchmark in depth.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure what this machine and disk carry. On its own, in about a minute and a quarter: the limits"
          + " (Ed25519 sign and verify on 1 thread and all cores, SHA-256 MB/s, RocksDB synced"
          + " single puts and synced batches on this disk); durable submissions through the"
          + " facade and over HTTP with 1, 8 and 64 submitters (p50/p99);"
          + " inclusion and consistency proof times; the audit's entries/s; each ledger figure"
          + " as a ratio to the limit it is bound by, against the targets of"
          + " docs/benchmarks.md.",
      "A subcommand measures one part in depth."
    },
    subcommands = {
      CoreBench.class,
      JournalBench.class,
      LedgerBench.class,
      AuditBench.class,
      ScaleBench.class
    })
public final class BenchCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description =
          "where to put the scratch database and the ledger (default: a new temporary"
              + " directory, deleted after)")
  Path dir;

  @Option(
      names = "--seconds",
      paramLabel = "S",
      defaultValue = "1",
      description =
          "scales each measured round: about S seconds for the limits' rounds and for"
              + " submission rounds at this machine's rates; 0.01 to 10 (default ${DEFAULT-VALUE})")
  double seconds;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description = "measured rounds of each figure, 1 to 50 (default ${DEFAULT-VALUE})")
  int rounds;

  @Option(
      names = "--entries",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "grow the ledger to N entries before the proofs and the audit, if the submissions made"
              + " fewer (default: what they made, some tens of thousands)")
  long entries;

  @Option(
      names = "--warmup",
      defaultValue = "300",
      description =
          "at most this many statements each of 64 threads sends before anything is measured,"
              + " stopping early once the JIT is done; a multiple of 100 (default ${DEFAULT-VALUE})")
  int warmup;

  @Option(
      names = "--json",
      description = "print the figures as JSON on stdout (progress to stderr)")
  boolean json;

  @Option(names = "--keep", description = "keep the ledger (in DIR/ledger) instead of deleting it")
  boolean keep;

  @Override
  public Integer call() throws Exception {
    // The run's statements are signed before it starts and held in memory: at 10 s a round,
    // about 400,000 of them.
    if (!(seconds >= 0.01 && seconds <= 10)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--seconds must be from 0.01 to 10, got " + seconds);
    }
    if (rounds < 1 || rounds > 50) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--rounds must be from 1 to 50, got " + rounds);
    }
    if (entries < 0) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--entries must be 0 or more, got " + entries);
    }
    if (warmup < 0 || warmup % 100 != 0) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--warmup must be a multiple of 100 from 0, got " + warmup);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter log = json ? spec.commandLine().getErr() : out;
    boolean temporary = dir == null;
    Path base = temporary ? Files.createTempDirectory("ledger-bench-") : dir;
    if (!temporary) {
      Files.createDirectories(base);
      if (Files.exists(base.resolve("ledger"))) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            base.resolve("ledger")
                + " exists: the bench makes a new ledger there; give another --dir");
      }
    }
    try {
      SummaryBench.Figures f = new SummaryBench(base, seconds, rounds, entries, warmup, log).run();
      if (json) {
        out.println(Views.write(f.json()));
      }
      out.flush();
      return f.exitCode();
    } finally {
      if (!keep) {
        JournalBench.deleteTree(temporary ? base : base.resolve("ledger"));
      } else {
        log.println("  kept the ledger in " + base.resolve("ledger"));
        log.flush();
      }
    }
  }
}
