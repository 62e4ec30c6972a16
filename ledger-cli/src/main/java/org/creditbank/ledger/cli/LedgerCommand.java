package org.creditbank.ledger.cli;

import java.io.PrintWriter;
import java.util.List;
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
      KeygenCommand.class,
      InitCommand.class,
      InfoCommand.class,
      InstitutionCommand.class,
      LearnerCommand.class,
      IssueCommand.class,
      RevokeCommand.class,
      RuleCommand.class,
      ProgramCommand.class,
      ConvertCommand.class,
      TranscriptCommand.class,
      HistoryCommand.class,
      SignCommand.class,
      SubmitCommand.class,
      EntryCommand.class,
      ProveCommand.class,
      CheckpointCommand.class,
      CheckpointKeyCommand.class,
      CanonicalizeCommand.class,
      ProfileCommand.class,
      ExportCommand.class,
      VerifyCommand.class,
      AuditCommand.class,
      ServeCommand.class,
      BackupCommand.class,
      RestoreCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
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

  @CommandLine.Option(
      names = "--verbose",
      scope = CommandLine.ScopeType.INHERIT,
      description = "on an error, print the stack trace too")
  boolean verbose;

  /**
   * Builds the configured command line: usage errors exit with {@link ExitCodes#USAGE}; any other
   * error is one line on stderr and its exit code (see {@link ExitCodes}).
   *
   * @return a command line ready to execute
   */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new LedgerCommand());
    // picocli would replace any argument @FILE by the words of FILE, before the commands see it:
    // --verifier-key @key.txt reads the file itself (a file that is not a key is then named in
    // the error, not split into stray arguments), and a value such as --title @home must stay
    // what was typed, not become the contents of a file that happens to be called home.
    cl.setExpandAtFiles(false);
    cl.setParameterExceptionHandler(LedgerCommand::usageError);
    cl.setExecutionExceptionHandler(Cli::handle);
    giveVersion(cl);
    hideRemoteOptions(cl);
    return cl;
  }

  /**
   * Gives every subcommand the top command's version provider: picocli does not pass it down, and
   * without it the {@code --version} that each subcommand's help offers printed nothing.
   */
  private static void giveVersion(CommandLine cl) {
    for (CommandLine sub : cl.getSubcommands().values()) {
      if (sub.getCommandSpec().versionProvider() == null) {
        sub.getCommandSpec().versionProvider(new VersionProvider());
      }
      giveVersion(sub);
    }
  }

  /**
   * Hides {@code --server} and {@code --token} in the help of the {@link LocalOnly} commands: they
   * come with {@link LedgerOptions}, and listing them there told users to use them.
   */
  private static void hideRemoteOptions(CommandLine cl) {
    for (CommandLine sub : cl.getSubcommands().values()) {
      if (sub.getCommand() instanceof LocalOnly) {
        CommandLine.Model.CommandSpec spec = sub.getCommandSpec();
        for (String name : List.of("--server", "--token")) {
          CommandLine.Model.OptionSpec o = spec.findOption(name);
          if (o != null && !o.hidden()) {
            spec.remove(o);
            spec.addOption(o.toBuilder().hidden(true).build());
          }
        }
      }
      hideRemoteOptions(sub);
    }
  }

  /**
   * Reports a usage error: the unknown option or command first, with picocli's suggestions of what
   * was meant, then where to find help.
   */
  private static int usageError(CommandLine.ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    CommandLine.ParameterException shown = ex;
    // A mistyped option (--lerner) leaves the real one (--learner) missing; picocli reports the
    // missing option and not the typo, which is the thing to fix.
    if (ex instanceof CommandLine.MissingParameterException
        && !cmd.getUnmatchedArguments().isEmpty()) {
      List<String> unmatched = cmd.getUnmatchedArguments();
      List<String> options = unmatched.stream().filter(a -> a.startsWith("-")).toList();
      shown =
          new CommandLine.UnmatchedArgumentException(cmd, options.isEmpty() ? unmatched : options);
    }
    // An option of an argument group (issue's fields) given twice: picocli prints the whole
    // group twice ("expected only one match but got (...)={...} and (...)={--level=9}").
    if (ex instanceof CommandLine.MaxValuesExceededException) {
      String twice = givenTwice(cmd.getCommandSpec(), args);
      if (twice != null) {
        shown =
            new CommandLine.ParameterException(
                cmd, "option '" + twice + "' should be specified only once");
      }
    }
    PrintWriter err = cmd.getErr();
    err.println(cmd.getCommandSpec().qualifiedName() + ": " + shown.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(shown, err);
    err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
    err.flush();
    return ExitCodes.USAGE;
  }

  /** The first single-valued option of {@code spec} that {@code args} give more than once. */
  private static String givenTwice(CommandLine.Model.CommandSpec spec, String[] args) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String a : args) {
      if (!a.startsWith("--")) {
        continue;
      }
      CommandLine.Model.OptionSpec o = spec.findOption(a.split("=", 2)[0]);
      if (o != null && !o.isMultiValue() && !seen.add(o.longestName())) {
        return o.longestName();
      }
    }
    return null;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
