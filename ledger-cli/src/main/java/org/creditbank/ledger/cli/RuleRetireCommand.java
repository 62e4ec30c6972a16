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
 * {@code ledger rule retire}: Retire a rule so no new conversion uses it (rule.retired; signed by
 * its owner).
 */
@Command(
    name = "retire",
    mixinStandardHelpOptions = true,
    description = "Retire a rule so no new conversion uses it (rule.retired; signed by its owner).")
public final class RuleRetireCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin LedgerOptions ledger;
  @Mixin StatementOptions statement;
  @Mixin OutputOptions output;

  @Option(names = "--rule", paramLabel = "ID", required = true, description = "the rule id")
  String rule;

  @Override
  public Integer call() throws LedgerException, StatementException, InterruptedException {
    ObjectNode b = JsonNodeFactory.instance.objectNode();
    b.put("rule", rule);
    return statement.submit(
        spec, ledger, output, StatementOptions.body(StatementType.RULE_RETIRED, b));
  }
}
