package org.creditbank.ledger.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ledger checkpoint-key}: the operator's checkpoint key and its rotation. */
@Command(
    name = "checkpoint-key",
    mixinStandardHelpOptions = true,
    description = {
      "Show and rotate the operator's checkpoint signing key (DIR/checkpoint-key.pem).",
      "A rotation: 'rotate' makes a next key that co-signs every checkpoint from then on, so"
          + " verifiers that know either key keep working; once they have the new key,"
          + " 'promote' makes it the only key and retires the old one (kept, mode 600)."
    },
    subcommands = {
      CheckpointKeyStatusCommand.class,
      CheckpointKeyRotateCommand.class,
      CheckpointKeyPromoteCommand.class
    })
public final class CheckpointKeyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return Group.usage(spec);
  }
}
