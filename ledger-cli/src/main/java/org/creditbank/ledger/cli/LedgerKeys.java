package org.creditbank.ledger.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.creditbank.ledger.journal.StorageException;
import org.creditbank.ledger.note.CheckpointVerifier;
import org.creditbank.ledger.note.NoteFormatException;
import org.creditbank.ledger.note.NoteVerifier;

/**
 * The checkpoint verifier key of the verifying commands: the key given on the command line (a C2SP
 * verifier key string, or {@code @FILE} holding one), else the one of the ledger's own checkpoint
 * key file.
 */
final class LedgerKeys {
  private LedgerKeys() {}

  /**
   * Parses repeated {@code --verifier-key} options: each key string itself, or {@code @FILE}
   * holding one; all must be keys of one log.
   */
  static CheckpointVerifier parseVerifiers(List<String> values) {
    List<NoteVerifier> keys = new ArrayList<>();
    for (String v : values) {
      keys.add(parseVerifier(v));
    }
    try {
      return new CheckpointVerifier(keys);
    } catch (IllegalArgumentException e) {
      throw Cli.usage("bad --verifier-key: " + e.getMessage());
    }
  }

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
   * The verifier keys for a read-only command: the {@code --verifier-key} options if given, else
   * every key of the ledger's checkpoint key files (current, next and retired), saying on stderr
   * that they are not published keys.
   */
  static CheckpointVerifier verifier(
      String command, List<String> given, LedgerOptions ledger, PrintWriter err)
      throws StorageException {
    if (!given.isEmpty()) {
      return parseVerifiers(given);
    }
    Path file = ledger.checkpointKeyFile();
    CheckpointVerifier v = ledger.keys().verifiers(ledger.origin());
    err.println(
        "ledger "
            + command
            + ": no --verifier-key given; checking against the ledger's own key"
            + (v.keys().size() > 1 ? "s beside " : " in ")
            + file
            + ", not a published one");
    err.flush();
    return v;
  }
}
