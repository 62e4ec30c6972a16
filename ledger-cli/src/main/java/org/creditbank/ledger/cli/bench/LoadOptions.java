package org.creditbank.ledger.cli.bench;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options the submission benchmarks share: where, how many rounds, how many threads. */
final class LoadOptions {
  @Option(
      names = "--dir",
      description = "where to put the benchmark ledgers (default: a new temporary directory)")
  Path dir;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description = "measured rounds (default ${DEFAULT-VALUE})")
  int rounds;

  @Option(
      names = "--threads",
      split = ",",
      defaultValue = "1,8,64",
      description = "submitting thread counts (default ${DEFAULT-VALUE})")
  int[] threads;

  @Option(names = "--keep", description = "keep the benchmark ledgers instead of deleting them")
  boolean keep;
}
