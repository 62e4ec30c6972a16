package org.creditbank.ledger.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.journal.Leaf;
import org.creditbank.ledger.journal.StorageException;
import org.creditbank.ledger.note.NoteSigner;
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
  public Integer call() throws StorageException {
    try (CreditLedger l = ledger.open()) {
      long size = l.journal().size();
      String time = Leaf.formatTime(l.journal().leaf(size - 1).time());
      String verifier =
          NoteSigner.of(l.origin(), Cli.readKey(ledger.checkpointKeyFile())).toVerifierKey();
      if (output.json) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("origin", l.origin());
        o.put("size", size);
        o.put("root", l.journal().root().toBase64());
        o.put("latestTime", time);
        o.put("verifierKey", verifier);
        Cli.printJson(spec, o);
        return ExitCodes.OK;
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("origin:        " + l.origin());
      out.println("size:          " + size);
      out.println("root:          " + l.journal().root().toBase64());
      out.println("latest entry:  " + time);
      out.println("verifier key:  " + verifier);
      out.flush();
      return ExitCodes.OK;
    }
  }
}
