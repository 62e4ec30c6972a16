package org.creditbank.ledger.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.journal.Journal;
import org.creditbank.ledger.journal.JournalOptions;
import org.creditbank.ledger.journal.StorageException;
import org.creditbank.ledger.note.NoteSigner;
import picocli.CommandLine.Option;

/**
 * The options of every command that acts on a local ledger: {@code --data DIR} and {@code
 * --checkpoint-key FILE} (default {@code DIR/checkpoint-key.pem}). The ledger is opened for one
 * command only.
 */
final class LedgerOptions {
  /** The file {@code ledger init} writes the checkpoint key to, inside the ledger directory. */
  static final String CHECKPOINT_KEY_FILE = "checkpoint-key.pem";

  @Option(
      names = "--data",
      paramLabel = "DIR",
      required = true,
      description = "the ledger's directory")
  Path data;

  @Option(
      names = "--checkpoint-key",
      paramLabel = "FILE",
      description =
          "the operator's checkpoint signing key, PKCS#8 PEM (default: DIR/"
              + CHECKPOINT_KEY_FILE
              + ")")
  Path checkpointKey;

  /** Returns the checkpoint key file in use. */
  Path checkpointKeyFile() {
    return checkpointKey != null ? checkpointKey : data.resolve(CHECKPOINT_KEY_FILE);
  }

  /** Reads the origin recorded in the ledger directory. */
  String origin() throws StorageException {
    if (!Files.isDirectory(data)) {
      throw new Cli.Failure(ExitCodes.IO, "no ledger at " + data + ": no such directory");
    }
    return Journal.readOrigin(data);
  }

  /** Opens the ledger with its checkpoint key; the caller closes it. */
  CreditLedger open() throws StorageException {
    String origin = origin();
    NoteSigner signer = NoteSigner.of(origin, Cli.readKey(checkpointKeyFile()));
    return CreditLedger.open(data, signer, JournalOptions.DEFAULT);
  }
}
