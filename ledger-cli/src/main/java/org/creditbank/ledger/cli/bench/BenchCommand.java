package org.creditbank.ledger.cli.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ledger bench}: groups the benchmarks. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure what this machine and disk carry.",
    subcommands = {
      CoreBench.class,
      JournalBench.class,
      LedgerBench.class,
      AuditBench.class,
      ScaleBench.class
    })
public final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
