package org.creditbank.ledger.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.creditbank.ledger.util.LedgerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ledger checkpoint}: the latest signed checkpoint. */
@Command(
    name = "checkpoint",
    mixinStandardHelpOptions = true,
    description =
        "Print the latest signed checkpoint, a C2SP signed note (c2sp.org/tlog-checkpoint).")
public final class CheckpointCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin LedgerOptions ledger;

  @Override
  public Integer call() throws LedgerException {
    try (LedgerAccess l = ledger.access()) {
      PrintWriter out = spec.commandLine().getOut();
      out.print(StatementOptions.utf8(l.checkpoint()));
      out.flush();
      return ExitCodes.OK;
    }
  }
}
