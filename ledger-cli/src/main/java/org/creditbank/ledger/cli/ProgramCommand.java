package org.creditbank.ledger.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ledger program}: Programmes and their requirements. */
@Command(
    name = "program",
    mixinStandardHelpOptions = true,
    description = "Programmes and their requirements.",
    subcommands = {ProgramPublishCommand.class})
public final class ProgramCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return Group.usage(spec);
  }
}
