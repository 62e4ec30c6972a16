package org.creditbank.ledger.cli;

import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.creditbank.ledger.util.LedgerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ledger prove SEQ}: a C2SP tlog-proof for one entry. */
@Command(
    name = "prove",
    mixinStandardHelpOptions = true,
    description = {
      "Print a C2SP tlog-proof (c2sp.org/tlog-proof) for entry SEQ: its index, the RFC 6962"
          + " inclusion proof and the signed checkpoint it leads to — the latest one, or with"
          + " --size the stored checkpoint of that tree size."
    })
public final class ProveCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin LedgerOptions ledger;

  @Parameters(paramLabel = "SEQ", description = "the entry's seq")
  long seq;

  @Option(
      names = "--size",
      paramLabel = "N",
      description = "prove against the checkpoint of tree size N (default: the latest)")
  Long size;

  @Override
  public Integer call() throws LedgerException {
    try (LedgerAccess l = ledger.access()) {
      long latest = l.size();
      if (seq < 0 || seq >= latest) {
        throw Cli.usage(Cli.format("no entry %d: want a seq from 0 to %d", seq, latest - 1));
      }
      if (size != null && (size <= seq || size > latest)) {
        throw Cli.usage(
            Cli.format(
                "want --size from %d to %d for entry %d, got %d", seq + 1, latest, seq, size));
      }
      byte[] proof = l.prove(seq, size == null ? OptionalLong.empty() : OptionalLong.of(size));
      spec.commandLine().getOut().print(StatementOptions.utf8(proof));
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
  }
}
