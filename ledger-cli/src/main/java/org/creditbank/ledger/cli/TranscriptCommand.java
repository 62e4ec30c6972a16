package org.creditbank.ledger.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.Callable;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.Views;
import org.creditbank.ledger.bank.AchievementRecordedBody;
import org.creditbank.ledger.bank.ConversionRecord;
import org.creditbank.ledger.bank.ProgramProgress;
import org.creditbank.ledger.bank.Transcript;
import org.creditbank.ledger.journal.StorageException;
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
  public Integer call() throws StorageException {
    String[] p = program == null ? null : Refs.split(program, "--program", "OWNER/PROGRAM");
    try (CreditLedger l = ledger.open()) {
      Transcript t =
          l.transcript(learner)
              .orElseThrow(() -> new Cli.Failure(ExitCodes.USAGE, "no learner " + learner));
      ProgramProgress pp = null;
      if (p != null) {
        pp =
            l.progress(learner, p[0], p[1])
                .orElseThrow(() -> new Cli.Failure(ExitCodes.USAGE, "no programme " + program));
      }
      if (output.json) {
        ObjectNode o = Views.transcript(t);
        if (pp != null) {
          o.set("progress", Views.progress(pp));
        }
        Cli.printJson(spec, o);
      } else {
        print(spec.commandLine().getOut(), t, pp);
      }
      return ExitCodes.OK;
    }
  }

  private static void print(PrintWriter out, Transcript t, ProgramProgress pp) {
    out.printf(
        java.util.Locale.ROOT,
        "Transcript of %s (enrolled by %s) as of %s%n%n",
        t.learner().learner(),
        t.learner().enrolledBy(),
        t.asOf());
    out.printf(
        java.util.Locale.ROOT,
        "%-12s %-16s %-10s %-8s %7s  %-10s %s%n",
        "issuer",
        "achievement",
        "code",
        "level",
        "credits",
        "status",
        "title");
    for (Transcript.Line line : t.achievements()) {
      AchievementRecordedBody b = line.record().body();
      out.printf(
          java.util.Locale.ROOT,
          "%-12s %-16s %-10s %-8s %7s  %-10s %s%s%n",
          line.record().issuer(),
          b.achievement(),
          b.code(),
          b.level(),
          b.credits().toPlainString(),
          line.status(),
          b.title(),
          line.counts() ? "" : " (does not count)");
    }
    if (!t.conversions().isEmpty()) {
      out.println();
      out.println("Conversions:");
      for (ConversionRecord c : t.conversions()) {
        out.printf(
            java.util.Locale.ROOT,
            "  %s/%s under %s: %s credits for %s/%s course %s, %s%n",
            c.owner(),
            c.body().conversion(),
            c.body().rule(),
            c.body().credits().toPlainString(),
            c.owner(),
            c.program(),
            c.course(),
            c.status());
      }
    }
    out.println();
    out.println("Credits that count: " + t.totalCredits().toPlainString());
    for (Map.Entry<String, BigDecimal> e : t.creditsByProgram().entrySet()) {
      out.println("  converted into " + e.getKey() + ": " + e.getValue().toPlainString());
    }
    if (pp != null) {
      out.println();
      out.printf(
          java.util.Locale.ROOT,
          "Progress in %s/%s (%s): %s credits count (%s own, %s of %s converted)%s%n",
          pp.program().owner(),
          pp.program().body().program(),
          pp.program().body().name(),
          pp.countedCredits().toPlainString(),
          pp.ownCredits().toPlainString(),
          pp.convertedCounted().toPlainString(),
          pp.convertedCredits().toPlainString(),
          pp.complete() ? ", complete" : "");
      for (ProgramProgress.Requirement r : pp.requirements()) {
        out.println("  [" + (r.met() ? "x" : " ") + "] " + r.description() + ": " + r.status());
      }
    }
    out.flush();
  }
}
