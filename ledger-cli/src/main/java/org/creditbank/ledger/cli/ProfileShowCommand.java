package org.creditbank.ledger.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.bank.Profile;
import org.creditbank.ledger.journal.StorageException;
import org.creditbank.ledger.util.Hash;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ledger profile show}: prints a learner's personal data. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "Print a learner's stored profile (personal data) and identity commitment.")
public final class ProfileShowCommand implements Callable<Integer>, LocalOnly {
  @Spec CommandSpec spec;
  @Mixin LedgerOptions ledger;
  @Mixin OutputOptions output;

  @Option(names = "--learner", paramLabel = "ID", required = true, description = "the learner")
  String learner;

  @Override
  public Integer call() throws StorageException {
    try (CreditLedger l = ledger.open()) {
      Profile p =
          l.profiles()
              .get(learner)
              .orElseThrow(() -> new Cli.Failure(ExitCodes.USAGE, "no profile of " + learner));
      Optional<Hash> c = l.profiles().commitment(learner);
      if (output.json) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("learner", p.learner());
        o.put("name", p.name());
        o.put("identityNumber", p.identityNumber().orElse(null));
        o.put("phone", p.phone().orElse(null));
        o.put("identityCommitment", c.map(Hash::toHex).orElse(null));
        Cli.printJson(spec, o);
        return ExitCodes.OK;
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("learner:             " + p.learner());
      out.println("name:                " + p.name());
      out.println("identity number:     " + p.identityNumber().orElse("(none)"));
      out.println("phone:               " + p.phone().orElse("(none)"));
      out.println("identity commitment: " + c.map(Hash::toHex).orElse("(none)"));
      out.flush();
      return ExitCodes.OK;
    }
  }
}
