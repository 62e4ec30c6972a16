package org.creditbank.ledger.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ledger profile}: A learner's personal data, kept off the ledger and erasable. */
@Command(
    name = "profile",
    mixinStandardHelpOptions = true,
    description = "A learner's personal data, kept off the ledger and erasable.",
    subcommands = {ProfileSetCommand.class, ProfileShowCommand.class, ProfileEraseCommand.class})
public final class ProfileCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return Group.usage(spec);
  }
}
