package org.creditbank.ledger.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.creditbank.ledger.journal.StorageException;
import org.creditbank.ledger.note.NoteFormatException;
import org.creditbank.ledger.note.NoteSigner;
import org.creditbank.ledger.note.NoteVerifier;

/**
 * The checkpoint verifier key of the verifying commands: the key given on the command line (a C2SP
 * verifier key string, or {@code @FILE} holding one), else the one of the ledger's own checkpoint
 * key file.
 */
final class LedgerKeys {
  private LedgerKeys() {}

  /** Parses {@code --verifier-key}: the key string itself, or {@code @FILE} holding it. */
  static NoteVerifier parseVerifier(String value) {
    String text = value.startsWith("@") ? Cli.readText(Path.of(value.substring(1))) : value;
    try {
      return NoteVerifier.parse(text.strip());
    } catch (NoteFormatException e) {
      throw Cli.usage("bad --verifier-key: " + e.getMessage());
    }
  }

  /**
   * The verifier for a read-only command: {@code --verifier-key} if given, else the one of the
   * ledger's checkpoint key file, saying on stderr that it is not a published key.
   */
  static NoteVerifier verifier(String command, String given, LedgerOptions ledger, PrintWriter err)
      throws StorageException {
    if (given != null) {
      return parseVerifier(given);
    }
    Path file = ledger.checkpointKeyFile();
    NoteVerifier v = NoteSigner.of(ledger.origin(), Cli.readKey(file)).verifier();
    err.println(
        "ledger "
            + command
            + ": no --verifier-key given; checking against the ledger's own key in "
            + file
            + ", not a published one");
    err.flush();
    return v;
  }
}
