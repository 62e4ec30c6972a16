package org.creditbank.ledger.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.bank.StatementException;
import org.creditbank.ledger.demo.WorkedScenario;
import org.creditbank.ledger.journal.JournalOptions;
import org.creditbank.ledger.journal.StorageException;
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
      return ExitCodes.OK;
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

  private static boolean isEmptyDirectory(Path p) throws IOException {
    if (!Files.isDirectory(p)) {
      return false;
    }
    try (Stream<Path> s = Files.list(p)) {
      return s.findAny().isEmpty();
    }
  }
}
