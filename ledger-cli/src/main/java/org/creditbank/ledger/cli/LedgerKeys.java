package org.creditbank.ledger.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.crypto.KeyFormatException;
import org.creditbank.ledger.journal.LedgerReader;
import org.creditbank.ledger.journal.StorageException;
import org.creditbank.ledger.note.NoteFormatException;
import org.creditbank.ledger.note.NoteSigner;
import org.creditbank.ledger.note.NoteVerifier;

/**
 * The keys the verifying and exporting commands need: the verifier key given on the command line (a
 * C2SP verifier key string, or {@code @FILE} holding one), else the ledger's own checkpoint key
 * file {@code DIR/checkpoint-key.pem}.
 */
final class LedgerKeys {
  /** The checkpoint key file a ledger directory holds unless {@code --checkpoint-key} is given. */
  static final String CHECKPOINT_KEY_FILE = "checkpoint-key.pem";

  /** A failure to be reported as {@code ledger <command>: <message>} with an exit code. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    final int exitCode;

    Failure(int exitCode, String message) {
      super(message);
      this.exitCode = exitCode;
    }
  }

  private LedgerKeys() {}

  /** Parses {@code --verifier-key}: the key string itself, or {@code @FILE} holding it. */
  static NoteVerifier parseVerifier(String value) throws Failure {
    String text = value;
    if (value.startsWith("@")) {
      Path file = Path.of(value.substring(1));
      try {
        text = Files.readString(file, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new Failure(ExitCodes.IO, "cannot read the verifier key file " + file + ": " + e);
      }
    }
    try {
      return NoteVerifier.parse(text.strip());
    } catch (NoteFormatException e) {
      throw new Failure(ExitCodes.USAGE, "bad --verifier-key: " + e.getMessage());
    }
  }

  /** The origin a ledger directory records. */
  static String origin(Path dir) throws Failure {
    try (LedgerReader r = LedgerReader.open(dir)) {
      return r.get(LedgerReader.Family.META, LedgerReader.META_ORIGIN)
          .map(LedgerReader::text)
          .orElseThrow(() -> new Failure(ExitCodes.IO, "the ledger in " + dir + " has no origin"));
    } catch (StorageException e) {
      throw new Failure(ExitCodes.IO, e.getMessage());
    }
  }

  /** The checkpoint signer: {@code keyFile} if given, else {@code DIR/checkpoint-key.pem}. */
  static NoteSigner signer(Path dir, Path keyFile) throws Failure {
    String origin = origin(dir);
    Path file = keyFile != null ? keyFile : dir.resolve(CHECKPOINT_KEY_FILE);
    String pem;
    try {
      pem = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new Failure(
          ExitCodes.USAGE,
          "no checkpoint key "
              + file
              + (keyFile != null ? "" : "; give --checkpoint-key FILE or --verifier-key KEY"));
    } catch (IOException e) {
      throw new Failure(ExitCodes.IO, "cannot read the checkpoint key " + file + ": " + e);
    }
    try {
      return NoteSigner.of(origin, Ed25519PrivateKey.fromPem(pem));
    } catch (KeyFormatException e) {
      throw new Failure(ExitCodes.USAGE, "bad checkpoint key " + file + ": " + e.getMessage());
    }
  }

  /**
   * The verifier for a read-only command: {@code --verifier-key} if given, else the ledger's own
   * key, saying so on stderr.
   */
  static NoteVerifier verifier(String command, String given, Path dir, PrintWriter err)
      throws Failure {
    if (given != null) {
      return parseVerifier(given);
    }
    NoteVerifier v = signer(dir, null).verifier();
    err.println(
        "ledger "
            + command
            + ": no --verifier-key given; checking against the ledger's own key in "
            + dir.resolve(CHECKPOINT_KEY_FILE)
            + ", not a published one");
    return v;
  }
}
