package org.creditbank.ledger.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.journal.Journal;
import org.creditbank.ledger.journal.JournalOptions;
import org.creditbank.ledger.journal.StorageException;
import org.creditbank.ledger.note.NoteSigner;
import picocli.CommandLine.Option;

/**
 * The options that say which ledger a command acts on: a local one ({@code --data DIR} and {@code
 * --checkpoint-key FILE}, default {@code DIR/checkpoint-key.pem}) or a ledger server ({@code
 * --server URL} and {@code --token} or {@code LEDGER_TOKEN}); one of {@code --data} and {@code
 * --server}, not both. The ledger is opened for one command only.
 */
final class LedgerOptions {
  /** The file {@code ledger init} writes the checkpoint key to, inside the ledger directory. */
  static final String CHECKPOINT_KEY_FILE = "checkpoint-key.pem";

  @Option(names = "--data", paramLabel = "DIR", description = "the ledger's directory")
  Path data;

  @Option(
      names = "--checkpoint-key",
      paramLabel = "FILE",
      description =
          "the operator's checkpoint signing key, PKCS#8 PEM (default: DIR/"
              + CHECKPOINT_KEY_FILE
              + ")")
  Path checkpointKey;

  @Option(
      names = "--server",
      paramLabel = "URL",
      description =
          "a ledger server (ledger serve) such as http://localhost:8080, instead of --data;"
              + " statements are still signed here")
  String server;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      defaultValue = "${env:LEDGER_TOKEN}",
      description =
          "the bearer token for --server (default: the LEDGER_TOKEN environment variable)")
  String token;

  /** Opens the ledger named by {@code --data} or {@code --server}; the caller closes it. */
  LedgerAccess access() throws StorageException {
    if (server == null) {
      return new LocalLedger(open(), keys());
    }
    if (data != null) {
      throw Cli.usage("give --data DIR or --server URL, not both");
    }
    return new RemoteLedger(serverUri(), Optional.ofNullable(token));
  }

  /**
   * The {@code --server} URL, checked: http or https, a host, no query.
   *
   * @throws Cli.Failure a usage error if it is not such a URL
   */
  URI serverUri() {
    URI uri;
    try {
      uri = new URI(server);
    } catch (java.net.URISyntaxException e) {
      throw Cli.usage("want --server as a URL such as http://localhost:8080, got '" + server + "'");
    }
    if (uri.getHost() == null
        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getQuery() != null) {
      throw Cli.usage("want --server as a URL such as http://localhost:8080, got '" + server + "'");
    }
    return uri;
  }

  /**
   * The local ledger directory, for the commands that act on a directory only.
   *
   * @throws Cli.Failure a usage error if {@code --server} is given or {@code --data} is not
   */
  Path dir() {
    if (server != null) {
      throw Cli.usage(
          data != null
              ? "give --data DIR or --server URL, not both"
              : "this command works on a local ledger only; give --data DIR, not --server");
    }
    if (data == null) {
      throw Cli.usage("give --data DIR (a local ledger) or --server URL (a ledger server)");
    }
    return data;
  }

  /** Returns the checkpoint key file in use. */
  Path checkpointKeyFile() {
    return checkpointKey != null ? checkpointKey : dir().resolve(CHECKPOINT_KEY_FILE);
  }

  /** The checkpoint key files: the current one, the next during a rotation, the retired ones. */
  CheckpointKeys keys() {
    return new CheckpointKeys(checkpointKeyFile());
  }

  /** Reads the origin recorded in the ledger directory. */
  String origin() throws StorageException {
    Path dir = dir();
    if (!Files.isDirectory(dir)) {
      throw new Cli.Failure(
          ExitCodes.IO,
          "no ledger at "
              + dir
              + (Files.exists(dir) ? ": not a directory" : ": no such directory"));
    }
    return Journal.readOrigin(dir);
  }

  /**
   * Opens the local ledger with its checkpoint key, and the next key too while a rotation is under
   * way (both then sign each checkpoint); the caller closes it.
   */
  CreditLedger open() throws StorageException {
    String origin = origin();
    List<NoteSigner> signers = keys().signers(origin);
    return CreditLedger.open(dir(), signers, JournalOptions.DEFAULT);
  }
}
