package org.creditbank.ledger.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.bank.AchievementRef;
import org.creditbank.ledger.bundle.Bundle;
import org.creditbank.ledger.bundle.BundleException;
import org.creditbank.ledger.journal.JournalOptions;
import org.creditbank.ledger.journal.StorageException;
import picocli.CommandLine.Command;
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

  @Option(names = "--data", paramLabel = "DIR", required = true, description = "the ledger")
  Path data;

  @Option(names = "--learner", paramLabel = "ID", required = true, description = "the learner")
  String learner;

  @Option(
      names = "--achievement",
      paramLabel = "ISSUER/ID",
      description = "an achievement to include (repeatable; default: all of the learner's)")
  List<String> achievements = new ArrayList<>();

  @Option(names = "--out", paramLabel = "FILE", required = true, description = "the bundle file")
  Path out;

  @Option(
      names = "--checkpoint-key",
      paramLabel = "FILE",
      description = "the operator's checkpoint key (default: DIR/checkpoint-key.pem)")
  Path checkpointKey;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      List<AchievementRef> refs = new ArrayList<>();
      for (String a : achievements) {
        int slash = a.indexOf('/');
        if (slash <= 0 || slash == a.length() - 1) {
          throw new LedgerKeys.Failure(
              ExitCodes.USAGE, "want --achievement ISSUER/ID, got \"" + a + "\"");
        }
        try {
          refs.add(new AchievementRef(a.substring(0, slash), a.substring(slash + 1)));
        } catch (IllegalArgumentException e) {
          throw new LedgerKeys.Failure(
              ExitCodes.USAGE, "bad --achievement " + a + ": " + e.getMessage());
        }
      }
      Bundle b;
      try (CreditLedger ledger =
          CreditLedger.open(data, LedgerKeys.signer(data, checkpointKey), JournalOptions.DEFAULT)) {
        b = ledger.export(learner, refs);
      } catch (BundleException e) {
        throw new LedgerKeys.Failure(ExitCodes.USAGE, e.getMessage());
      } catch (StorageException e) {
        throw new LedgerKeys.Failure(ExitCodes.IO, e.getMessage());
      }
      try {
        Files.write(out, b.toJson());
      } catch (IOException e) {
        throw new LedgerKeys.Failure(ExitCodes.IO, "cannot write " + out + ": " + e);
      }
      o.printf(
          Locale.ROOT,
          "Wrote the bundle of learner %s to %s: %d entries, proved against the checkpoint of"
              + " %s.%n",
          learner,
          out,
          b.entries().size(),
          b.origin());
      o.flush();
      return ExitCodes.OK;
    } catch (LedgerKeys.Failure f) {
      err.println("ledger export: " + f.getMessage());
      return f.exitCode;
    }
  }
}
