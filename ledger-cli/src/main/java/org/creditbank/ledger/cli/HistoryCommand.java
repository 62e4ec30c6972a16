package org.creditbank.ledger.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.creditbank.ledger.AchievementHistory;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.Views;
import org.creditbank.ledger.journal.Leaf;
import org.creditbank.ledger.journal.StorageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ledger history}: every entry that touched one achievement. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description =
        "Print every log entry that touched an achievement: its recording, the conversions that"
            + " used it, its revocation or supersession, and conversions voided by it.")
public final class HistoryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin LedgerOptions ledger;
  @Mixin OutputOptions output;

  @Option(
      names = "--achievement",
      paramLabel = "ISSUER/ID",
      required = true,
      description = "the achievement, as its issuer and id, such as NURSE-CERT/NQC-2026-3301")
  String achievement;

  @Override
  public Integer call() throws StorageException {
    String[] ref = Refs.split(achievement, "--achievement", "ISSUER/ID");
    try (CreditLedger l = ledger.open()) {
      AchievementHistory h =
          l.history(ref[0], ref[1])
              .orElseThrow(() -> new Cli.Failure(ExitCodes.USAGE, "no achievement " + achievement));
      if (output.json) {
        Cli.printJson(spec, Views.history(h));
        return ExitCodes.OK;
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          Cli.format(
              "%s: %s, %s credits, %s",
              achievement,
              h.achievement().body().title(),
              h.achievement().body().credits().toPlainString(),
              h.achievement().status()));
      for (AchievementHistory.Entry e : h.entries()) {
        out.println(
            Cli.format(
                "  seq %-6d %s  %-22s %s/%s",
                e.seq(), Leaf.formatTime(e.time()), e.type().wireName(), e.actor(), e.id()));
      }
      out.flush();
      return ExitCodes.OK;
    }
  }
}
