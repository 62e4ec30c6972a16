package org.creditbank.ledger.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.creditbank.ledger.bank.AchievementRef;
import org.creditbank.ledger.bundle.Bundle;
import org.creditbank.ledger.util.LedgerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ledger export}: writes a learner's bundle for offline verification. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Write a bundle of one learner (docs/bundle.md): the chosen achievements, the conversions"
          + " built only on them, and every entry needed to check them offline (issuers'"
          + " registrations and keys, rules), each with its inclusion proof to the latest"
          + " checkpoint. Nothing else of the learner is disclosed.",
      "Check it anywhere with: ledger verify FILE --verifier-key KEY"
    })
public final class ExportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin LedgerOptions ledger;

  @Option(names = "--learner", paramLabel = "ID", required = true, description = "the learner")
  String learner;

  @Option(
      names = "--achievement",
      paramLabel = "ISSUER/ID",
      description =
          "an achievement to include (repeatable; default: all of the learner's current ones)")
  List<String> achievements = new ArrayList<>();

  @Option(names = "--out", paramLabel = "FILE", required = true, description = "the bundle file")
  Path out;

  @Override
  public Integer call() throws LedgerException {
    List<AchievementRef> refs = new ArrayList<>();
    for (String a : achievements) {
      String[] ref = Refs.split(a, "--achievement", "ISSUER/ID");
      try {
        refs.add(new AchievementRef(ref[0], ref[1]));
      } catch (IllegalArgumentException e) {
        throw Cli.usage("bad --achievement " + a + ": " + e.getMessage());
      }
    }
    Bundle b;
    try (LedgerAccess l = ledger.access()) {
      b = l.export(learner, refs);
    }
    Cli.write(out, b.toJson());
    PrintWriter o = spec.commandLine().getOut();
    o.println(
        Cli.format(
            "Wrote the bundle of learner %s to %s: %d entries, proved against the checkpoint of"
                + " %s.",
            learner, out, b.entries().size(), b.origin()));
    o.flush();
    return ExitCodes.OK;
  }
}
