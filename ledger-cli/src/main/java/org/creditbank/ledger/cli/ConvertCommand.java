package org.creditbank.ledger.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
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
 * {@code ledger convert}: Convert a learner's achievements into credits of a programme course under
 * a rule (credit.converted; signed by the rule's owner).
 */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description =
        "Convert a learner's achievements into credits of a programme course under a rule (credit.converted; signed by the rule's owner).")
public final class ConvertCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin LedgerOptions ledger;
  @Mixin StatementOptions statement;
  @Mixin OutputOptions output;

  @Option(
      names = "--conversion",
      paramLabel = "ID",
      required = true,
      description = "the conversion id, unique for the owner")
  String conversion;

  @Option(names = "--learner", paramLabel = "ID", required = true, description = "the learner")
  String learner;

  @Option(names = "--rule", paramLabel = "ID", required = true, description = "the rule")
  String rule;

  @Option(
      names = "--source",
      paramLabel = "ISSUER/ID",
      required = true,
      description = "an achievement it converts (repeat for several)")
  List<String> sources = new ArrayList<>();

  @Option(
      names = "--credits",
      paramLabel = "N",
      required = true,
      description = "the credits the rule gives for the sources")
  BigDecimal credits;

  @Override
  public Integer call() throws LedgerException, StatementException, InterruptedException {
    ObjectNode b = JsonNodeFactory.instance.objectNode();
    b.put("conversion", conversion);
    b.put("learner", learner);
    b.put("rule", rule);
    ArrayNode a = b.putArray("sources");
    for (String s : sources) {
      String[] ref = Refs.split(s, "--source", "ISSUER/ID");
      a.addObject().put("issuer", ref[0]).put("achievement", ref[1]);
    }
    b.put("credits", credits);
    return statement.submit(
        spec, ledger, output, StatementOptions.body(StatementType.CREDIT_CONVERTED, b));
  }
}
