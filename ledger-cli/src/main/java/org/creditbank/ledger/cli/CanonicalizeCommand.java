package org.creditbank.ledger.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.creditbank.ledger.json.Jcs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ledger canonicalize FILE}: the RFC 8785 form of a JSON file. */
@Command(
    name = "canonicalize",
    mixinStandardHelpOptions = true,
    description =
        "Print the RFC 8785 (JCS) canonical form of a JSON file, with no newline; the file must be"
            + " strict I-JSON (no duplicate names).")
public final class CanonicalizeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "the JSON file")
  Path file;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(Jcs.canonicalString(Cli.readJson(file)));
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
