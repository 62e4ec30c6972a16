package org.creditbank.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.creditbank.ledger.bank.RejectCode;
import org.creditbank.ledger.bank.StatementException;
import org.creditbank.ledger.bank.StatementType;
import org.creditbank.ledger.journal.Receipt;
import org.creditbank.ledger.json.JsonFormatException;
import org.creditbank.ledger.json.StrictJson;
import org.creditbank.ledger.util.Bytes;
import org.creditbank.ledger.util.IoErrors;
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

  /** One statement to submit and where it came from: a file, or a line of a JSON Lines file. */
  private record Input(String where, Bytes statement) {
    Input(String where, byte[] statement) {
      this(where, Bytes.copyFrom(statement));
    }

    byte[] bytes() {
      return statement.toByteArray();
    }
  }

  @Override
  public Integer call() throws LedgerException, InterruptedException {
    List<Input> statements = new ArrayList<>();
    for (String f : files) {
      statements.addAll(statements(f));
    }
    int code = ExitCodes.OK;
    PrintWriter err = spec.commandLine().getErr();
    try (LedgerAccess l = ledger.access()) {
      for (Input s : statements) {
        try {
          Receipt r = l.submit(s.bytes());
          JsonNode n = StrictJson.withDefaults().parse(s.bytes());
          StatementType type =
              StatementType.fromWire(n.path("type").asText())
                  .orElseThrow(() -> new IllegalStateException("accepted an unknown type"));
          StatementOptions.printReceipt(
              spec, output, type, n.path("actor").asText(), n.path("id").asText(), r);
        } catch (StatementException e) {
          // Name the input: with several files, or lines, the refusal alone does not say which.
          err.println("ledger submit: " + s.where() + ": " + Cli.rejected(e) + unsignedHint(s, e));
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

  /**
   * A hint for the commonest mistake, submitting the unsigned input of {@code ledger sign}: an
   * object with a type and a body but no proof.
   */
  private static String unsignedHint(Input s, StatementException e) {
    if (e.code() != RejectCode.SCHEMA) {
      return "";
    }
    try {
      JsonNode n = StrictJson.withDefaults().parse(s.bytes());
      return n.isObject() && n.has("body") && !n.has("proof")
          ? " (it has no proof: sign it first with ledger sign FILE --key FILE --actor ID)"
          : "";
    } catch (JsonFormatException notJson) {
      return "";
    }
  }

  private List<Input> statements(String f) {
    byte[] all;
    String name = f.equals("-") ? "stdin" : f;
    if (f.equals("-")) {
      try {
        all = System.in.readAllBytes();
      } catch (IOException e) {
        throw new Cli.Failure(ExitCodes.IO, "cannot read stdin: " + IoErrors.reason(e), e);
      }
    } else {
      all = Cli.read(java.nio.file.Path.of(f));
    }
    try {
      StrictJson.withDefaults().parse(all);
      return List.of(new Input(name, all));
    } catch (JsonFormatException whole) {
      List<Input> lines = new ArrayList<>();
      String[] text = new String(all, StandardCharsets.UTF_8).split("\n", -1);
      for (int i = 0; i < text.length; i++) {
        if (!text[i].isBlank()) {
          lines.add(new Input(name + " line " + (i + 1), text[i].getBytes(StandardCharsets.UTF_8)));
        }
      }
      // A file of one statement that is not JSON: name the file, not its first line.
      return lines.size() == 1 ? List.of(new Input(name, lines.get(0).statement())) : lines;
    }
  }
}
