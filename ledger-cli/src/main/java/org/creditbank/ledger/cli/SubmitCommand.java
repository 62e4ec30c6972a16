package org.creditbank.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.creditbank.ledger.bank.StatementException;
import org.creditbank.ledger.bank.StatementType;
import org.creditbank.ledger.journal.Receipt;
import org.creditbank.ledger.json.JsonFormatException;
import org.creditbank.ledger.json.StrictJson;
import org.creditbank.ledger.util.LedgerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ledger submit FILE...}: submits signed statements. */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description = {
      "Submit signed statements and print one receipt per statement. Each FILE (or - for"
          + " stdin) holds one statement, or several one per line (JSON Lines). A statement"
          + " already in the log is reported as already recorded, with its original seq.",
      "Exits 3 if the ledger rejected any statement; the others stay recorded."
    })
public final class SubmitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin LedgerOptions ledger;
  @Mixin OutputOptions output;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "statement files, or -")
  List<String> files = new ArrayList<>();

  @Override
  public Integer call() throws LedgerException, InterruptedException {
    List<byte[]> statements = new ArrayList<>();
    for (String f : files) {
      statements.addAll(statements(f));
    }
    int code = ExitCodes.OK;
    PrintWriter err = spec.commandLine().getErr();
    try (LedgerAccess l = ledger.access()) {
      for (byte[] s : statements) {
        try {
          Receipt r = l.submit(s);
          JsonNode n = StrictJson.withDefaults().parse(s);
          StatementType type =
              StatementType.fromWire(n.path("type").asText())
                  .orElseThrow(() -> new IllegalStateException("accepted an unknown type"));
          StatementOptions.printReceipt(
              spec, output, type, n.path("actor").asText(), n.path("id").asText(), r);
        } catch (StatementException e) {
          err.println("ledger submit: " + Cli.rejected(e));
          code = ExitCodes.REJECTED;
        } catch (JsonFormatException e) {
          throw new IllegalStateException("an accepted statement is not JSON", e);
        }
      }
    }
    spec.commandLine().getOut().flush();
    err.flush();
    return code;
  }

  private List<byte[]> statements(String f) {
    byte[] all;
    if (f.equals("-")) {
      try {
        all = System.in.readAllBytes();
      } catch (IOException e) {
        throw new Cli.Failure(ExitCodes.IO, "cannot read stdin: " + e, e);
      }
    } else {
      all = Cli.read(java.nio.file.Path.of(f));
    }
    try {
      StrictJson.withDefaults().parse(all);
      return List.of(all);
    } catch (JsonFormatException whole) {
      List<byte[]> lines = new ArrayList<>();
      for (String line : new String(all, StandardCharsets.UTF_8).split("\n", -1)) {
        if (!line.isBlank()) {
          lines.add(line.getBytes(StandardCharsets.UTF_8));
        }
      }
      return lines;
    }
  }
}
