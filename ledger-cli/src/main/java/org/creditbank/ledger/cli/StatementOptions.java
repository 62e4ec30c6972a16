package org.creditbank.ledger.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.creditbank.ledger.Views;
import org.creditbank.ledger.bank.Bodies;
import org.creditbank.ledger.bank.Body;
import org.creditbank.ledger.bank.StatementException;
import org.creditbank.ledger.bank.StatementSigner;
import org.creditbank.ledger.bank.StatementType;
import org.creditbank.ledger.journal.Receipt;
import org.creditbank.ledger.json.Jcs;
import org.creditbank.ledger.json.JsonFormatException;
import org.creditbank.ledger.json.StrictJson;
import org.creditbank.ledger.util.Hash;
import org.creditbank.ledger.util.LedgerException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The options of every command that builds a statement — {@code --key}, {@code --actor}, {@code
 * --id}, {@code --issued-at}, {@code --dry-run} — and the one way such a command signs and submits
 * its body.
 */
final class StatementOptions {
  private static final Map<StatementType, String> PREFIX =
      Map.ofEntries(
          Map.entry(StatementType.LEDGER_GENESIS, "genesis"),
          Map.entry(StatementType.INSTITUTION_REGISTERED, "reg"),
          Map.entry(StatementType.INSTITUTION_KEY_ADDED, "key-add"),
          Map.entry(StatementType.INSTITUTION_KEY_REVOKED, "key-rev"),
          Map.entry(StatementType.LEARNER_ENROLLED, "enrol"),
          Map.entry(StatementType.ACHIEVEMENT_RECORDED, "rec"),
          Map.entry(StatementType.ACHIEVEMENT_REVOKED, "rev"),
          Map.entry(StatementType.RULE_PUBLISHED, "rule"),
          Map.entry(StatementType.RULE_RETIRED, "retire"),
          Map.entry(StatementType.CREDIT_CONVERTED, "conv"),
          Map.entry(StatementType.PROGRAM_PUBLISHED, "prog"));

  @Option(
      names = "--key",
      paramLabel = "FILE",
      required = true,
      description = "the actor's signing key, PKCS#8 PEM (it never leaves this machine)")
  Path key;

  @Option(
      names = "--actor",
      paramLabel = "ID",
      required = true,
      description = "the institution that makes the statement")
  String actor;

  @Option(
      names = "--id",
      paramLabel = "ID",
      description =
          "the statement id (default: derived from the content, so the same command again is"
              + " an idempotent repeat; see docs/cli.md)")
  String id;

  @Option(
      names = "--issued-at",
      paramLabel = "TIME",
      converter = InstantConverter.class,
      description =
          "when the statement is made, RFC 3339 UTC such as 2026-11-27T09:30:00Z"
              + " (default: now)")
  Instant issuedAt;

  @Option(names = "--dry-run", description = "print the signed statement instead of submitting it")
  boolean dryRun;

  /** Converts an RFC 3339 UTC time. */
  static final class InstantConverter implements picocli.CommandLine.ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return Instant.parse(value);
      } catch (java.time.format.DateTimeParseException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "want a time such as 2026-11-27T09:30:00Z, got '" + value + "'");
      }
    }
  }

  Instant issuedAt() {
    return issuedAt != null
        ? issuedAt
        : Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS);
  }

  /** Builds the signer for the ledger's origin from {@code --key} and {@code --actor}. */
  StatementSigner signer(String origin) {
    return new StatementSigner(origin, actor, Cli.readKey(key));
  }

  /**
   * Checks a body built from options with the ledger's own schema rules, so a bad option fails
   * here, before anything is signed.
   */
  static Body body(StatementType type, ObjectNode json) {
    try {
      return Bodies.parseBody(type, json)
          .orElseThrow(() -> new IllegalStateException("no typed body for " + type));
    } catch (StatementException e) {
      throw Cli.usage("bad " + type.wireName() + " body: " + e.getMessage());
    }
  }

  /**
   * Derives a statement id from its content: {@code <prefix>-} and the first 32 hex digits of
   * {@code SHA-256(JCS({"type", "actor", "body"}))}, so that the same statement built again gets
   * the same id and its submission is recognized as a repeat.
   */
  static String derivedId(StatementType type, String actor, Body body) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("type", type.wireName());
    o.put("actor", actor);
    o.set("body", body.toJson());
    String prefix = PREFIX.get(type);
    return prefix + "-" + Hash.sha256(Jcs.canonicalize(o)).toHex().substring(0, 32);
  }

  /**
   * Signs and submits one body (or prints it with {@code --dry-run}), and prints the receipt. The
   * origin signed for is the local ledger's, or the first line of the server's checkpoint.
   *
   * @return the exit code
   */
  int submit(CommandSpec spec, LedgerOptions ledger, OutputOptions output, Body body)
      throws LedgerException, StatementException, InterruptedException {
    try (LedgerAccess l = ledger.access()) {
      StatementSigner signer = signer(l.origin());
      String sid = id != null ? id : derivedId(body.type(), actor, body);
      if (dryRun) {
        printStatement(spec, signer.sign(sid, issuedAt(), body));
        return ExitCodes.OK;
      }
      Receipt r = l.submitOnce(signer, sid, issuedAt(), body);
      printReceipt(spec, output, body.type(), actor, sid, r);
      return ExitCodes.OK;
    }
  }

  /** Prints a signed statement, indented, for {@code --dry-run} and {@code sign}. */
  static void printStatement(CommandSpec spec, byte[] statement) {
    try {
      Cli.printJson(spec, StrictJson.withDefaults().parse(statement));
    } catch (JsonFormatException e) {
      throw new IllegalStateException("the signer wrote invalid JSON", e);
    }
  }

  /** Prints what happened to one statement: recorded, or already recorded. */
  static void printReceipt(
      CommandSpec spec,
      OutputOptions output,
      StatementType type,
      String actor,
      String id,
      Receipt r) {
    if (output.json) {
      ObjectNode v = JsonNodeFactory.instance.objectNode();
      v.put("type", type.wireName());
      v.put("actor", actor);
      v.put("id", id);
      v.setAll(Views.receipt(r));
      Cli.printJson(spec, v);
      return;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(receiptLine(type, actor, id, r));
    out.flush();
  }

  static String receiptLine(StatementType type, String actor, String id, Receipt r) {
    return Cli.format(
        "%s %s %s/%s at seq %d (leaf %s, tree size %d)",
        r.repeat() ? "already recorded" : "recorded",
        type.wireName(),
        actor,
        id,
        r.seq(),
        r.leafHash().toHex(),
        r.tree().size());
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
