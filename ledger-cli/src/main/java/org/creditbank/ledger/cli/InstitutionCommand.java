package org.creditbank.ledger.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ledger institution}: governance statements about institutions. */
@Command(
    name = "institution",
    mixinStandardHelpOptions = true,
    description = "Register institutions and manage their keys.",
    subcommands = {
      InstitutionRegisterCommand.class,
      InstitutionAddKeyCommand.class,
      InstitutionRevokeKeyCommand.class
    })
public final class InstitutionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return Group.usage(spec);
  }
}
