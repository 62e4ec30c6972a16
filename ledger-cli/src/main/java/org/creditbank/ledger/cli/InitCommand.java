package org.creditbank.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.bank.GenesisBody;
import org.creditbank.ledger.bank.StatementException;
import org.creditbank.ledger.bank.StatementSigner;
import org.creditbank.ledger.bank.StatementType;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.journal.JournalOptions;
import org.creditbank.ledger.journal.StorageException;
import org.creditbank.ledger.note.NoteSigner;
import org.creditbank.ledger.util.IoErrors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ledger init}: creates a ledger from a genesis the operator signs. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Create a new ledger in DIR: its genesis names the operator, its key, the qualifications"
          + " framework, the hours per credit and the conversion policy. Writes a new checkpoint"
          + " signing key to DIR/checkpoint-key.pem (mode 600) unless --checkpoint-key names an"
          + " existing one, and prints the checkpoint verifier key to publish."
    })
public final class InitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data", paramLabel = "DIR", required = true, description = "a new directory")
  Path data;

  @Option(
      names = "--checkpoint-key",
      paramLabel = "FILE",
      description = "an existing checkpoint signing key (default: a new DIR/checkpoint-key.pem)")
  Path checkpointKey;

  @Option(
      names = "--origin",
      paramLabel = "ORIGIN",
      required = true,
      description = "the ledger's origin, such as creditbank.example/city")
  String origin;

  @Option(
      names = "--operator-id",
      paramLabel = "ID",
      required = true,
      description = "the operator institution's id, such as CITY-OU")
  String operatorId;

  @Option(
      names = "--operator-name",
      paramLabel = "NAME",
      required = true,
      description = "the operator's name")
  String operatorName;

  @Option(
      names = "--key",
      paramLabel = "FILE",
      required = true,
      description = "the operator's signing key, PKCS#8 PEM; it signs the genesis")
  Path key;

  @Option(
      names = "--framework",
      paramLabel = "FILE",
      description =
          "JSON {framework, hoursPerCredit, policy} as in the genesis body (default: a seven-level"
              + " framework, 16 hours per credit, at most half from conversion)")
  Path framework;

  @Option(
      names = "--issued-at",
      paramLabel = "TIME",
      converter = StatementOptions.InstantConverter.class,
      description = "the genesis time, RFC 3339 UTC (default: now)")
  Instant issuedAt;

  @Override
  public Integer call() throws StatementException, StorageException, InterruptedException {
    if (Files.exists(data) && !isEmptyDirectory(data)) {
      throw Cli.usage(data + " is not an empty directory; give a new one");
    }
    Ed25519PrivateKey operatorKey = Cli.readKey(key);
    JsonNode f = framework != null ? Cli.readJson(framework) : defaultFramework();
    if (!f.isObject()) {
      throw Cli.usage("want a JSON object {framework, hoursPerCredit, policy} in " + framework);
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("origin", origin);
    ObjectNode op = body.putObject("operator");
    op.put("id", operatorId);
    op.put("name", operatorName);
    op.put("key", operatorKey.publicKey().toDidKey());
    body.setAll((ObjectNode) f);
    GenesisBody genesis = (GenesisBody) StatementOptions.body(StatementType.LEDGER_GENESIS, body);
    StatementSigner signer;
    try {
      signer = new StatementSigner(origin, operatorId, operatorKey);
    } catch (IllegalArgumentException e) {
      throw Cli.usage(e.getMessage());
    }
    Instant at = issuedAt != null ? issuedAt : Instant.now().truncatedTo(ChronoUnit.SECONDS);
    byte[] statement = signer.sign("genesis", at, genesis);
    Ed25519PrivateKey cpKey =
        checkpointKey != null
            ? CheckpointKeys.read(checkpointKey)
            : Ed25519PrivateKey.generate(new SecureRandom());
    NoteSigner checkpoints;
    try {
      checkpoints = NoteSigner.of(origin, cpKey);
    } catch (IllegalArgumentException e) {
      // The origin names the checkpoint key too (C2SP signed-note key name): no spaces, no '+'.
      throw Cli.usage(
          "want --origin a name such as creditbank.example/city, usable as a checkpoint key"
              + " name: "
              + e.getMessage());
    }
    try (CreditLedger ledger =
        CreditLedger.create(data, checkpoints, statement, JournalOptions.DEFAULT)) {
      if (checkpointKey == null) {
        Cli.writeKey(data.resolve(LedgerOptions.CHECKPOINT_KEY_FILE), cpKey);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          Cli.format("created ledger %s in %s (%d entry)", origin, data, ledger.journal().size()));
      out.println(
          "checkpoint key: "
              + (checkpointKey != null
                  ? checkpointKey
                  : data.resolve(LedgerOptions.CHECKPOINT_KEY_FILE)));
      out.println("verifier key (publish it): " + checkpoints.toVerifierKey());
      out.flush();
    }
    return ExitCodes.OK;
  }

  /** The seven-level framework of the worked scenario. */
  static ObjectNode defaultFramework() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    ObjectNode fw = o.putObject("framework");
    fw.put("name", "终身教育资历框架（七级）");
    var levels = fw.putArray("levels");
    List<String> names = List.of("一级", "二级", "三级", "四级", "五级", "六级", "七级");
    for (int i = 0; i < names.size(); i++) {
      ObjectNode l = levels.addObject();
      l.put("code", Integer.toString(i + 1));
      l.put("name", names.get(i));
    }
    o.put("hoursPerCredit", 16);
    o.putObject("policy").put("maxConversionShare", new BigDecimal("0.5"));
    return o;
  }

  private static boolean isEmptyDirectory(Path p) {
    if (!Files.isDirectory(p)) {
      return false;
    }
    try (Stream<Path> s = Files.list(p)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      throw new Cli.Failure(ExitCodes.IO, "cannot read " + p + ": " + IoErrors.reason(e), e);
    }
  }
}
