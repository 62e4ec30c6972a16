package org.creditbank.ledger.cli;

import picocli.CommandLine.Model.CommandSpec;

/** What a command that only groups subcommands does when run alone: show its usage. */
final class Group {
  private Group() {}

  static int usage(CommandSpec spec) {
    spec.commandLine().usage(spec.commandLine().getErr());
    spec.commandLine().getErr().flush();
    return ExitCodes.USAGE;
  }
}
