package org.creditbank.ledger.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ledger rule}: Conversion rules. */
@Command(
    name = "rule",
    mixinStandardHelpOptions = true,
    description = "Conversion rules.",
    subcommands = {RulePublishCommand.class, RuleRetireCommand.class})
public final class RuleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return Group.usage(spec);
  }
}
