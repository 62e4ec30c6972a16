package org.creditbank.ledger.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.audit.AuditFailedException;
import org.creditbank.ledger.audit.AuditOptions;
import org.creditbank.ledger.audit.AuditReport;
import org.creditbank.ledger.audit.LedgerAuditor;
import org.creditbank.ledger.bank.AchievementRef;
import org.creditbank.ledger.bank.StatementException;
import org.creditbank.ledger.bundle.Bundle;
import org.creditbank.ledger.bundle.BundleException;
import org.creditbank.ledger.bundle.BundleReport;
import org.creditbank.ledger.bundle.BundleVerifier;
import org.creditbank.ledger.demo.WorkedScenario;
import org.creditbank.ledger.journal.JournalOptions;
import org.creditbank.ledger.journal.StorageException;
import org.creditbank.ledger.note.NoteVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ledger demo}: runs the worked scenario of the credit bank on a new ledger. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the worked scenario of the credit bank on a new embedded ledger and print each step:"
          + " a city open university, its district branch, a nursing college, a certification"
          + " body and a community school; a learner's achievements converted into a nursing"
          + " programme; a revoked certificate voiding its conversion. The keys are fixed"
          + " demonstration keys, never for real use.",
      "The scenario and its output are described in docs/scenario.md."
    })
public final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "directory for the new ledger; it must not exist or be empty (default: a new"
              + " temporary directory, printed)")
  Path data;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (data != null && Files.exists(data) && !isEmptyDirectory(data)) {
      err.println("ledger demo: " + data + " is not an empty directory; give a new one");
      return ExitCodes.USAGE;
    }
    Path dir = data != null ? data : Files.createTempDirectory("ledger-demo-");
    WorkedScenario s = new WorkedScenario();
    out.printf(Locale.ROOT, "Creating the ledger %s in %s%n", WorkedScenario.ORIGIN, dir);
    out.println(
        "[seq 0] The city open university starts the ledger: a seven-level framework, 16 hours"
            + " per credit, at most half of a programme from conversion.");
    try (CreditLedger ledger =
        CreditLedger.create(dir, s.checkpointSigner(), s.genesis(), JournalOptions.DEFAULT)) {
      // Every other command opens a ledger with DIR/checkpoint-key.pem: the demo's fixed key.
      Cli.writeKey(dir.resolve(LedgerOptions.CHECKPOINT_KEY_FILE), s.checkpointKey());
      s.run(ledger, out::println);
      out.println();
      out.printf(
          Locale.ROOT,
          "The ledger holds %d entries. Its latest checkpoint, signed by the operator:%n%n",
          ledger.journal().size());
      out.print(new String(ledger.journal().latestCheckpoint().toBytes(), StandardCharsets.UTF_8));
      out.println();
      out.println("Anyone can check it with the operator's verifier key:");
      out.println("  " + s.checkpointSigner().verifier());
      out.println("The ledger stays in " + dir + ".");
      out.flush();
      return learnerAndAuditor(ledger, dir, s, out, err);
    } catch (StatementException e) {
      err.println("ledger demo: the ledger refused a step: " + e.getMessage());
      return ExitCodes.REJECTED;
    } catch (StorageException e) {
      err.println("ledger demo: " + e.getMessage());
      return ExitCodes.IO;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("ledger demo: interrupted");
      return ExitCodes.IO;
    }
  }

  // ---------------------------------------------------------------- the learner and the auditor

  /**
   * The demo's last steps: the learner exports a bundle beside the ledger ({@code
   * <DIR>-bundle.json}) and anyone verifies it offline with the operator's verifier key; then an
   * auditor replays and checks the whole ledger.
   */
  private static int learnerAndAuditor(
      CreditLedger ledger, Path dir, WorkedScenario s, PrintWriter out, PrintWriter err)
      throws IOException, StorageException, InterruptedException {
    NoteVerifier verifier = s.checkpointSigner().verifier();
    Path file = dir.toAbsolutePath().resolveSibling(dir.getFileName() + "-bundle.json");
    out.println();
    out.println(
        "The learner exports a bundle of their current achievements, to show to anyone without"
            + " the ledger:");
    Bundle bundle;
    Bundle withRevoked;
    try {
      // By default an export holds only the current achievements; naming every achievement of
      // the learner brings in the revoked certificate (and its revocation).
      bundle = ledger.export(WorkedScenario.LEARNER, List.of());
      withRevoked = ledger.export(WorkedScenario.LEARNER, allAchievements(ledger));
    } catch (BundleException e) {
      err.println("ledger demo: the export failed: " + e.getMessage());
      return ExitCodes.VERIFICATION_FAILED;
    }
    Files.write(file, bundle.toJson());
    out.printf(
        Locale.ROOT,
        "  %s: %d entries (the learner's current achievements and their conversions, the"
            + " issuers' registrations and keys, the rules), each with its inclusion proof%n",
        file,
        bundle.entries().size());
    out.println();
    out.println("An employer checks the bundle offline, with only the operator's verifier key:");
    BundleReport report;
    try {
      report = BundleVerifier.check(Bundle.parse(Files.readAllBytes(file)), verifier);
    } catch (BundleException e) {
      err.println("ledger demo: the bundle does not parse: " + e.getMessage());
      return ExitCodes.VERIFICATION_FAILED;
    }
    for (BundleReport.Verdict v : report.entries()) {
      out.printf(
          Locale.ROOT,
          "  seq %d: %s: %s%n",
          v.seq(),
          v.ok() ? "ok" : "FAILED (" + v.failure().get() + ")",
          v.what());
    }
    if (report.failed()) {
      err.println("ledger demo: the bundle does not verify: " + report.failures().get(0));
      return ExitCodes.VERIFICATION_FAILED;
    }
    out.printf(
        Locale.ROOT,
        "  All %d entries verify against the checkpoint of size %d.%n",
        report.entries().size(),
        report.size());
    // A bundle that still holds the revoked certificate must be refused, not shown as ok.
    BundleReport refused = BundleVerifier.check(withRevoked, verifier);
    if (!refused.failed()) {
      err.println("ledger demo: a bundle with the revoked certificate verified");
      return ExitCodes.VERIFICATION_FAILED;
    }
    out.println(
        "  A bundle that also holds the revoked certificate is refused: "
            + refused.failures().get(0));
    out.println("  (The same check from the shell: ledger verify " + file + " --verifier-key KEY)");
    out.println();
    out.println("An auditor replays the whole ledger from seq 0 and checks everything stored:");
    try {
      AuditReport a = LedgerAuditor.audit(dir, verifier, AuditOptions.defaults());
      out.printf(
          Locale.ROOT,
          "  OK: %d entries and %d checkpoints; every leaf, hash, tree node, signature, decision"
              + " and state key checks out (%.1f s).%n",
          a.entries(),
          a.checkpoints(),
          a.took().toNanos() / 1e9);
    } catch (AuditFailedException e) {
      err.println("ledger demo: the audit failed at " + e.getMessage());
      return ExitCodes.VERIFICATION_FAILED;
    }
    out.println("  (The same from the shell: ledger audit --data " + dir + " --verifier-key KEY)");
    out.flush();
    return ExitCodes.OK;
  }

  /** Every achievement of the learner, the revoked certificate included. */
  private static List<AchievementRef> allAchievements(CreditLedger ledger) throws StorageException {
    return ledger.learner(WorkedScenario.LEARNER).orElseThrow().achievements();
  }

  private static boolean isEmptyDirectory(Path p) throws IOException {
    if (!Files.isDirectory(p)) {
      return false;
    }
    try (Stream<Path> s = Files.list(p)) {
      return s.findAny().isEmpty();
    }
  }
}
