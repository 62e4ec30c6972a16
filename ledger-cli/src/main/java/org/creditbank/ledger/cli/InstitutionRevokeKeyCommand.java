package org.creditbank.ledger.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import org.creditbank.ledger.bank.StatementException;
import org.creditbank.ledger.bank.StatementType;
import org.creditbank.ledger.util.LedgerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ledger institution revoke-key}: revokes an institution's signing key. */
@Command(
    name = "revoke-key",
    mixinStandardHelpOptions = true,
    description =
        "Revoke an institution's signing key (institution.keyRevoked; signed by the operator or"
            + " the institution with another key).")
public final class InstitutionRevokeKeyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin LedgerOptions ledger;
  @Mixin StatementOptions statement;
  @Mixin OutputOptions output;

  @Mixin KeyChangeOptions keyChange;

  @Option(
      names = "--reason",
      paramLabel = "REASON",
      required = true,
      description = "compromised, retired or other")
  String reason;

  @Override
  public Integer call() throws LedgerException, StatementException, InterruptedException {
    ObjectNode b = keyChange.body();
    b.put("reason", reason);
    return statement.submit(
        spec, ledger, output, StatementOptions.body(StatementType.INSTITUTION_KEY_REVOKED, b));
  }
}
