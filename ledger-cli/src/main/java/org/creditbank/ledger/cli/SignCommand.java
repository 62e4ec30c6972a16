package org.creditbank.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import org.creditbank.ledger.bank.StatementSigner;
import org.creditbank.ledger.bank.StatementType;
import org.creditbank.ledger.journal.Journal;
import org.creditbank.ledger.journal.StorageException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ledger sign FILE}: signs a statement file. */
@Command(
    name = "sign",
    mixinStandardHelpOptions = true,
    description = {
      "Sign the statement in FILE — a JSON object {\"type\", \"body\", \"id\"?, \"issuedAt\"?} —"
          + " as ACTOR with the key, for the ledger of --data DIR or --origin, and print the"
          + " signed statement (submit it with `ledger submit`). The id defaults to one derived"
          + " from the content; issuedAt to now."
    })
public final class SignCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "the unsigned statement")
  Path file;

  @Option(names = "--key", paramLabel = "FILE", required = true, description = "the signing key")
  Path key;

  @Option(names = "--actor", paramLabel = "ID", required = true, description = "the signer")
  String actor;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Ledger ledger;

  /** Where the ledger's origin comes from. */
  static final class Ledger {
    @Option(names = "--data", paramLabel = "DIR", required = true, description = "the ledger")
    Path data;

    @Option(
        names = "--origin",
        paramLabel = "ORIGIN",
        required = true,
        description = "the ledger's origin, without a local copy")
    String origin;
  }

  @Override
  public Integer call() throws StorageException {
    JsonNode in = Cli.readJson(file);
    if (!in.isObject() || !in.path("type").isTextual() || !in.path("body").isObject()) {
      throw Cli.usage("want " + file + " to hold a JSON object with a \"type\" and a \"body\"");
    }
    StatementType type =
        StatementType.fromWire(in.get("type").textValue())
            .orElseThrow(() -> Cli.usage("unknown statement type " + in.get("type")));
    var body = StatementOptions.body(type, (ObjectNode) in.get("body"));
    String id =
        in.path("id").isTextual()
            ? in.get("id").textValue()
            : StatementOptions.derivedId(type, actor, body);
    Instant at;
    try {
      at = in.path("issuedAt").isTextual() ? Instant.parse(in.get("issuedAt").textValue()) : null;
    } catch (DateTimeParseException e) {
      throw Cli.usage("want issuedAt such as 2026-11-27T09:30:00Z, got " + in.get("issuedAt"));
    }
    if (at == null) {
      at = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }
    String origin = ledger.origin != null ? ledger.origin : Journal.readOrigin(ledger.data);
    StatementSigner signer = new StatementSigner(origin, actor, Cli.readKey(key));
    try {
      StatementOptions.printStatement(spec, signer.sign(id, at, body));
    } catch (IllegalArgumentException e) {
      throw Cli.usage(e.getMessage());
    }
    return ExitCodes.OK;
  }
}
