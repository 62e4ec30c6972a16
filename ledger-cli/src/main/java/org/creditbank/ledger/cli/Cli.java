package org.creditbank.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import org.creditbank.ledger.Views;
import org.creditbank.ledger.bank.StatementException;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.crypto.KeyFormatException;
import org.creditbank.ledger.journal.LedgerInUseException;
import org.creditbank.ledger.json.JsonFormatException;
import org.creditbank.ledger.json.StrictJson;
import org.creditbank.ledger.util.IoErrors;
import org.creditbank.ledger.util.LedgerException;
import org.creditbank.ledger.util.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What every command shares: the one path from an exception to an exit code and a one-line error,
 * and reading and writing files with errors that name the file.
 */
final class Cli {
  private static final Logger LOG = LoggerFactory.getLogger(Cli.class);

  private Cli() {}

  /** A failure with its exit code and a message that is the whole explanation. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The exit code, one of {@link ExitCodes}. */
    final int code;

    Failure(int code, String message) {
      super(message);
      this.code = code;
    }

    Failure(int code, String message, Throwable cause) {
      super(message, cause);
      this.code = code;
    }
  }

  static Failure usage(String message) {
    return new Failure(ExitCodes.USAGE, message);
  }

  /**
   * Reports an exception a command threw, as {@code ledger <command>: <message>} on stderr (with
   * the stack trace under {@code --verbose}), and returns its exit code.
   */
  static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    int code;
    String message;
    if (e instanceof Failure f) {
      code = f.code;
      message = f.getMessage();
    } else if (e instanceof StatementException s) {
      code = ExitCodes.REJECTED;
      message = rejected(s);
    } else if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      code = ExitCodes.IO;
      message = "interrupted";
    } else if (e instanceof LedgerInUseException held) {
      code = ExitCodes.IO;
      message = inUse(held);
    } else if (e instanceof LedgerException || e instanceof IOException) {
      code = ExitCodes.IO;
      message = e.getMessage();
    } else {
      code = ExitCodes.IO;
      message = "internal error: " + e;
    }
    PrintWriter err = cl.getErr();
    err.println(cl.getCommandSpec().qualifiedName() + ": " + message);
    LOG.debug("{} failed", cl.getCommandSpec().qualifiedName(), e);
    if (parsed.originalArgs().contains("--verbose")) {
      e.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  /**
   * Says that another process holds the ledger and what to do, in place of the store's message,
   * which ends in RocksDB's words about its LOCK file.
   */
  static String inUse(LedgerInUseException e) {
    return "ledger "
        + e.dir()
        + " is already open in another process (such as ledger serve), which holds its lock:"
        + " run this command once that process has"
        + " stopped, or, for a command that reads or submits, go through the running server with"
        + " --server URL in place of --data";
  }

  /** Says what the ledger refused: {@code rejected (CODE at /field): message}. */
  static String rejected(StatementException s) {
    return "rejected ("
        + s.code().name()
        + (s.field().isEmpty() ? "" : " at " + s.field())
        + "): "
        + s.getMessage();
  }

  static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new Failure(ExitCodes.IO, "cannot read " + file + ": " + IoErrors.reason(e), e);
    }
  }

  static String readText(Path file) {
    return new String(read(file), StandardCharsets.UTF_8);
  }

  /** Reads a JSON file strictly (I-JSON, no duplicate names). */
  static JsonNode readJson(Path file) {
    try {
      return StrictJson.withDefaults().parse(read(file));
    } catch (JsonFormatException e) {
      throw new Failure(ExitCodes.USAGE, file + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  /** Reads an Ed25519 private key from a PKCS#8 PEM file. */
  static Ed25519PrivateKey readKey(Path file) {
    try {
      return Ed25519PrivateKey.fromPem(readText(file));
    } catch (KeyFormatException e) {
      throw new Failure(
          ExitCodes.IO,
          "bad key file " + file + ": want an Ed25519 PKCS#8 PEM key: " + e.getMessage(),
          e);
    }
  }

  /**
   * Writes a private key as PKCS#8 PEM to a new file that only its owner may read (POSIX mode 600
   * where the file system has modes), refusing to replace a file, and forces the file and its
   * directory entry to the disk: a checkpoint key lost to a crash just after {@code init} or {@code
   * checkpoint-key rotate} would leave a ledger nobody can sign for.
   */
  static void writeKey(Path file, Ed25519PrivateKey key) {
    try {
      PrivateFiles.write(file, key.toPem().getBytes(StandardCharsets.US_ASCII));
    } catch (FileAlreadyExistsException e) {
      throw new Failure(ExitCodes.USAGE, file + " already exists; give a new file", e);
    } catch (IOException e) {
      throw new Failure(ExitCodes.IO, "cannot write " + file + ": " + writeReason(file, e), e);
    }
  }

  /** Whether {@code path} is absent or an empty directory: where a new directory may go. */
  static boolean absentOrEmpty(Path path) {
    if (!Files.exists(path)) {
      return true;
    }
    if (!Files.isDirectory(path)) {
      return false;
    }
    try (Stream<Path> s = Files.list(path)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      throw new Failure(
          ExitCodes.IO, "cannot read directory " + path + ": " + IoErrors.reason(e), e);
    }
  }

  static void write(Path file, byte[] bytes) {
    try {
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new Failure(ExitCodes.IO, "cannot write " + file + ": " + writeReason(file, e), e);
    }
  }

  /** Why writing {@code file} failed; a missing file is, for a write, a missing directory. */
  private static String writeReason(Path file, IOException e) {
    Path parent = file.toAbsolutePath().getParent();
    if (e instanceof java.nio.file.NoSuchFileException
        && parent != null
        && !Files.isDirectory(parent)) {
      return "no such directory " + parent;
    }
    return IoErrors.reason(e);
  }

  /** Prints a JSON view on stdout, pretty, with a final newline. */
  static void printJson(CommandSpec spec, JsonNode view) {
    PrintWriter out = spec.commandLine().getOut();
    out.println(Views.write(view));
    out.flush();
  }

  static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }

  /**
   * What {@code prove --size N} says when no checkpoint is stored at N, locally or on a server: a
   * checkpoint is signed once per commit group, so a size inside a group has none.
   */
  static String noCheckpoint(long size) {
    return format(
        "no checkpoint of size %d is stored (one is signed per commit group, at the size the group"
            + " ends with; `ledger checkpoint` shows the latest, or leave out --size)",
        size);
  }
}
