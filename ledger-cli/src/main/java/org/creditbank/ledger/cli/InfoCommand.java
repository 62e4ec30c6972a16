package org.creditbank.ledger.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.creditbank.ledger.util.LedgerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ledger info}: what the ledger is and how big. */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = "Print the ledger's origin, size, root, latest entry time and verifier key.")
public final class InfoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin LedgerOptions ledger;
  @Mixin OutputOptions output;

  @Override
  public Integer call() throws LedgerException {
    LedgerAccess.Info i;
    try (LedgerAccess l = ledger.access()) {
      i = l.info();
    }
    if (output.json) {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("origin", i.origin());
      o.put("size", i.size());
      o.put("root", i.root());
      i.latestTime().ifPresent(t -> o.put("latestTime", t));
      i.verifierKey().ifPresent(k -> o.put("verifierKey", k));
      i.nextVerifierKey().ifPresent(k -> o.put("nextVerifierKey", k));
      Cli.printJson(spec, o);
      return ExitCodes.OK;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("origin:        " + i.origin());
    out.println("size:          " + i.size());
    out.println("root:          " + i.root());
    out.println("latest entry:  " + i.latestTime().orElse("(not shown: needs an auditor token)"));
    out.println(
        "verifier key:  "
            + i.verifierKey().orElse("(not served: take the operator's published key)"));
    i.nextVerifierKey()
        .ifPresent(
            k ->
                out.println(
                    "next key:      "
                        + k
                        + " (rotation under way: both keys sign each checkpoint)"));
    out.flush();
    return ExitCodes.OK;
  }
}
