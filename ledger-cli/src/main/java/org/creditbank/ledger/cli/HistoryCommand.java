package org.creditbank.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.creditbank.ledger.util.LedgerException;
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
  public Integer call() throws LedgerException {
    String[] ref = Refs.split(achievement, "--achievement", "ISSUER/ID");
    ObjectNode h;
    try (LedgerAccess l = ledger.access()) {
      h = l.history(ref[0], ref[1]);
    }
    if (output.json) {
      Cli.printJson(spec, h);
      return ExitCodes.OK;
    }
    // Printed from the view, so a local ledger and a server print the same.
    JsonNode a = h.path("achievement");
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        Cli.format(
            "%s: %s, %s credits, %s",
            achievement,
            a.path("body").path("title").asText(),
            a.path("body").path("credits").decimalValue().toPlainString(),
            a.path("status").asText()));
    for (JsonNode e : h.path("entries")) {
      out.println(
          Cli.format(
              "  seq %-6d %s  %-22s %s/%s",
              e.path("seq").asLong(),
              e.path("time").asText(),
              e.path("type").asText(),
              e.path("actor").asText(),
              e.path("id").asText()));
    }
    out.flush();
    return ExitCodes.OK;
  }
}
