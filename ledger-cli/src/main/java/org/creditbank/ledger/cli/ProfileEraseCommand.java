package org.creditbank.ledger.cli;

import java.util.concurrent.Callable;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.journal.StorageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ledger profile erase}: erases a learner's personal data. */
@Command(
    name = "erase",
    mixinStandardHelpOptions = true,
    description =
        "Erase a learner's profile, salt included; the log and every proof stay valid, and the"
            + " identity commitment on the ledger can no longer be linked to the person.")
public final class ProfileEraseCommand implements Callable<Integer>, LocalOnly {
  @Spec CommandSpec spec;
  @Mixin LedgerOptions ledger;

  @Option(names = "--learner", paramLabel = "ID", required = true, description = "the learner")
  String learner;

  @Override
  public Integer call() throws StorageException {
    try (CreditLedger l = ledger.open()) {
      boolean had = l.profiles().erase(learner);
      spec.commandLine()
          .getOut()
          .println(
              had ? "erased the profile of " + learner : "no profile of " + learner + " to erase");
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
  }
}
