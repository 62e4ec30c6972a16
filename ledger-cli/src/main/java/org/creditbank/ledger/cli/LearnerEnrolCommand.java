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
 * {@code ledger learner enrol}: Open a learner's lifelong account under a pseudonymous id
 * (learner.enrolled; signed by an institution allowed to enrol).
 */
@Command(
    name = "enrol",
    mixinStandardHelpOptions = true,
    description =
        "Open a learner's lifelong account under a pseudonymous id (learner.enrolled; signed by an institution allowed to enrol).")
public final class LearnerEnrolCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin LedgerOptions ledger;
  @Mixin StatementOptions statement;
  @Mixin OutputOptions output;

  @Option(
      names = "--learner",
      paramLabel = "ID",
      required = true,
      description = "a pseudonymous id such as L-2026-7Q2F9K; never a name or identity number")
  String learner;

  @Option(
      names = "--identity-commitment",
      paramLabel = "HEX",
      description = "SHA-256 of the salt and identity, 64 hex digits (see profile set)")
  String commitment;

  @Override
  public Integer call() throws LedgerException, StatementException, InterruptedException {
    ObjectNode b = JsonNodeFactory.instance.objectNode();
    b.put("learner", learner);
    if (commitment != null) {
      b.put("identityCommitment", commitment);
    }
    return statement.submit(
        spec, ledger, output, StatementOptions.body(StatementType.LEARNER_ENROLLED, b));
  }
}
