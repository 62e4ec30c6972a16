package org.creditbank.ledger.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ledger learner}: Learner accounts. */
@Command(
    name = "learner",
    mixinStandardHelpOptions = true,
    description = "Learner accounts.",
    subcommands = {LearnerEnrolCommand.class})
public final class LearnerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return Group.usage(spec);
  }
}
