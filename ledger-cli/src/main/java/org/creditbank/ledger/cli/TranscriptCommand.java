package org.creditbank.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.creditbank.ledger.util.LedgerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ledger transcript}: a learner's transcript and programme progress. */
@Command(
    name = "transcript",
    mixinStandardHelpOptions = true,
    description = {
      "Print a learner's transcript as of today: every achievement with its status, every"
          + " conversion, the credits that count; with --program, the progress through that"
          + " programme's requirements too."
    })
public final class TranscriptCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin LedgerOptions ledger;
  @Mixin OutputOptions output;

  @Option(names = "--learner", paramLabel = "ID", required = true, description = "the learner")
  String learner;

  @Option(
      names = "--program",
      paramLabel = "OWNER/PROGRAM",
      description = "a programme, as its institution and id, such as CITY-OU/NURSING-AD")
  String program;

  @Override
  public Integer call() throws LedgerException {
    if (program != null) {
      Refs.split(program, "--program", "OWNER/PROGRAM");
    }
    ObjectNode t;
    try (LedgerAccess l = ledger.access()) {
      t = l.transcript(learner, Optional.ofNullable(program));
    }
    if (output.json) {
      Cli.printJson(spec, t);
    } else {
      print(spec.commandLine().getOut(), t);
    }
    return ExitCodes.OK;
  }

  private static String credits(JsonNode n) {
    return n.decimalValue().toPlainString();
  }

  /** Prints the transcript view, so a local ledger and a server print the same. */
  private static void print(PrintWriter out, JsonNode t) {
    out.printf(
        Locale.ROOT,
        "Transcript of %s (enrolled by %s) as of %s%n%n",
        t.path("learner").path("learner").asText(),
        t.path("learner").path("enrolledBy").asText(),
        t.path("asOf").asText());
    out.printf(
        Locale.ROOT,
        "%-12s %-16s %-10s %-8s %7s  %-10s %s%n",
        "issuer",
        "achievement",
        "code",
        "level",
        "credits",
        "status",
        "title");
    for (JsonNode line : t.path("achievements")) {
      JsonNode a = line.path("achievement");
      JsonNode b = a.path("body");
      out.printf(
          Locale.ROOT,
          "%-12s %-16s %-10s %-8s %7s  %-10s %s%s%n",
          a.path("issuer").asText(),
          b.path("achievement").asText(),
          b.path("code").asText(),
          b.path("level").asText(),
          credits(b.path("credits")),
          line.path("status").asText(),
          b.path("title").asText(),
          line.path("counts").asBoolean() ? "" : " (does not count)");
    }
    if (!t.path("conversions").isEmpty()) {
      out.println();
      out.println("Conversions:");
      for (JsonNode c : t.path("conversions")) {
        out.printf(
            Locale.ROOT,
            "  %s/%s under %s: %s credits for %s/%s course %s, %s%n",
            c.path("owner").asText(),
            c.path("conversion").asText(),
            c.path("body").path("rule").asText(),
            credits(c.path("body").path("credits")),
            c.path("owner").asText(),
            c.path("program").asText(),
            c.path("course").asText(),
            c.path("status").asText());
      }
    }
    out.println();
    out.println("Credits that count: " + credits(t.path("totalCredits")));
    for (Map.Entry<String, JsonNode> e : t.path("creditsByProgram").properties()) {
      out.println("  converted into " + e.getKey() + ": " + credits(e.getValue()));
    }
    JsonNode pp = t.path("progress");
    if (!pp.isMissingNode()) {
      out.println();
      out.printf(
          Locale.ROOT,
          "Progress in %s/%s (%s): %s credits count (%s own, %s of %s converted)%s%n",
          pp.path("program").path("owner").asText(),
          pp.path("program").path("program").asText(),
          pp.path("program").path("body").path("name").asText(),
          credits(pp.path("countedCredits")),
          credits(pp.path("ownCredits")),
          credits(pp.path("convertedCounted")),
          credits(pp.path("convertedCredits")),
          pp.path("complete").asBoolean() ? ", complete" : "");
      for (JsonNode r : pp.path("requirements")) {
        out.println(
            "  ["
                + (r.path("met").asBoolean() ? "x" : " ")
                + "] "
                + r.path("description").asText()
                + ": "
                + r.path("status").asText());
      }
    }
    out.flush();
  }
}
