package org.creditbank.ledger.cli;

import org.creditbank.ledger.cli.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code ledger} command; it only groups the subcommands. */
@Command(
    name = "ledger",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "The credit bank ledger: a verifiable, append-only log of learning records.",
    subcommands = {
      DemoCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class,
      ServeCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:verification or audit failed",
      "2:usage error",
      "3:rejected by the ledger",
      "4:I/O or storage error"
    })
public final class LedgerCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * Builds the configured command line: usage errors exit with {@link ExitCodes#USAGE}.
   *
   * @return a command line ready to execute
   */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new LedgerCommand());
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine cmd = ex.getCommandLine();
          cmd.getErr().println("ledger: " + ex.getMessage());
          cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
          return ExitCodes.USAGE;
        });
    return cl;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
