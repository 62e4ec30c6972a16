package org.creditbank.ledger.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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

/**
 * {@code ledger revoke}: Revoke an achievement (achievement.revoked; signed by its issuer or the
 * operator); conversions that used it go void.
 */
@Command(
    name = "revoke",
    mixinStandardHelpOptions = true,
    description =
        "Revoke an achievement (achievement.revoked; signed by its issuer or the operator); conversions that used it go void.")
public final class RevokeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin LedgerOptions ledger;
  @Mixin StatementOptions statement;
  @Mixin OutputOptions output;

  @Option(
      names = "--achievement",
      paramLabel = "ISSUER/ID",
      required = true,
      description = "the achievement, as its issuer and id")
  String achievement;

  @Option(
      names = "--reason",
      paramLabel = "REASON",
      required = true,
      description = "issuedInError, fraud or withdrawn")
  String reason;

  @Override
  public Integer call() throws LedgerException, StatementException, InterruptedException {
    ObjectNode b = JsonNodeFactory.instance.objectNode();
    String[] ref = Refs.split(achievement, "--achievement", "ISSUER/ID");
    b.put("issuer", ref[0]);
    b.put("achievement", ref[1]);
    b.put("reason", reason);
    return statement.submit(
        spec, ledger, output, StatementOptions.body(StatementType.ACHIEVEMENT_REVOKED, b));
  }
}
