package org.creditbank.ledger.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import org.creditbank.ledger.bank.StatementException;
import org.creditbank.ledger.bank.StatementType;
import org.creditbank.ledger.util.LedgerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ledger institution add-key}: a new signing key for an institution. */
@Command(
    name = "add-key",
    mixinStandardHelpOptions = true,
    description =
        "Add a signing key to an institution (institution.keyAdded; signed by the operator or the"
            + " institution).")
public final class InstitutionAddKeyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin LedgerOptions ledger;
  @Mixin StatementOptions statement;
  @Mixin OutputOptions output;

  @Mixin KeyChangeOptions keyChange;

  @Override
  public Integer call() throws LedgerException, StatementException, InterruptedException {
    ObjectNode b = keyChange.body();
    return statement.submit(
        spec, ledger, output, StatementOptions.body(StatementType.INSTITUTION_KEY_ADDED, b));
  }
}
