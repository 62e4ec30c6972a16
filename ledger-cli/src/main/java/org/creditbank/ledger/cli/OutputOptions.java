package org.creditbank.ledger.cli;

import picocli.CommandLine.Option;

/** {@code --json}: print results as JSON (the {@link org.creditbank.ledger.Views} forms). */
final class OutputOptions {
  @Option(
      names = "--json",
      description = "print the result as JSON instead of text (see docs/cli.md)")
  boolean json;
}
