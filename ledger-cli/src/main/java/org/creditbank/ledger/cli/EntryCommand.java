package org.creditbank.ledger.cli;

import java.util.concurrent.Callable;
import org.creditbank.ledger.Views;
import org.creditbank.ledger.journal.Leaf;
import org.creditbank.ledger.util.LedgerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ledger entry SEQ}: one log entry. */
@Command(
    name = "entry",
    mixinStandardHelpOptions = true,
    description = {
      "Print log entry SEQ as JSON: seq, prev, time, hash and the signed statement; with --raw,"
          + " its exact canonical leaf bytes (RFC 8785), whose SHA-256(0x00 || bytes) is its hash."
    })
public final class EntryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin LedgerOptions ledger;

  @Parameters(paramLabel = "SEQ", description = "the entry's seq, from 0")
  long seq;

  @Option(names = "--raw", description = "print the canonical leaf bytes, with no newline")
  boolean raw;

  @Override
  public Integer call() throws LedgerException {
    try (LedgerAccess l = ledger.access()) {
      long size = l.size();
      if (seq < 0 || seq >= size) {
        throw Cli.usage(Cli.format("no entry %d: want a seq from 0 to %d", seq, size - 1));
      }
      Leaf leaf = l.entry(seq);
      if (raw) {
        spec.commandLine().getOut().print(StatementOptions.utf8(leaf.bytes().toByteArray()));
        spec.commandLine().getOut().flush();
      } else {
        Cli.printJson(spec, Views.leaf(leaf));
      }
      return ExitCodes.OK;
    }
  }
}
