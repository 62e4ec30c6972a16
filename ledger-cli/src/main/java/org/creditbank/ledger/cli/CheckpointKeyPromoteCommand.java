package org.creditbank.ledger.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.journal.Journal;
import org.creditbank.ledger.journal.LedgerInUseException;
import org.creditbank.ledger.journal.StorageException;
import org.creditbank.ledger.note.CheckpointVerifier;
import org.creditbank.ledger.note.NoteException;
import org.creditbank.ledger.note.NoteSigner;
import org.creditbank.ledger.util.IoErrors;
import org.creditbank.ledger.util.LedgerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ledger checkpoint-key promote}: ends a rotation; the next key signs alone. */
@Command(
    name = "promote",
    mixinStandardHelpOptions = true,
    description = {
      "End a rotation of the checkpoint key: make sure the latest checkpoint carries the next"
          + " key's signature, retire the current key to DIR/checkpoint-key.retired-<keyid>.pem"
          + " (kept, not deleted, mode 600) and make the next key DIR/checkpoint-key.pem. From"
          + " then on only the new key signs.",
      "Run it once the verifiers have the new verifier key. If ledger serve runs, restart it"
          + " afterwards: it signs with both keys until then. Run it again if it was interrupted."
    })
public final class CheckpointKeyPromoteCommand implements Callable<Integer>, LocalOnly {
  @Spec CommandSpec spec;
  @Mixin LedgerOptions ledger;

  @Override
  public Integer call() throws LedgerException {
    String origin = ledger.origin();
    CheckpointKeys keys = ledger.keys();
    Path current = keys.current();
    Path next = keys.next();
    PrintWriter out = spec.commandLine().getOut();
    if (!keys.rotating()) {
      throw Cli.usage(
          "no rotation under way: "
              + next
              + " does not exist; begin one with ledger checkpoint-key rotate");
    }
    NoteSigner nextSigner = NoteSigner.of(origin, CheckpointKeys.read(next));
    if (Files.exists(current)) {
      NoteSigner old = NoteSigner.of(origin, CheckpointKeys.read(current));
      if (!signedByNext(nextSigner)) {
        // The rotation began while the ledger was open elsewhere and it has not been reopened:
        // opening it with both keys co-signs the latest checkpoint.
        try (CreditLedger l = ledger.open()) {
          out.println(Cli.format("co-signed the latest checkpoint (size %d)", l.journal().size()));
        } catch (LedgerInUseException e) {
          throw new Cli.Failure(
              ExitCodes.IO,
              "the latest checkpoint is not signed by the next key yet and the ledger is open"
                  + " elsewhere (ledger serve?): restart it, so that it co-signs, and promote"
                  + " again",
              e);
        }
        if (!signedByNext(nextSigner)) {
          throw new Cli.Failure(
              ExitCodes.IO, "the latest checkpoint is still not signed by the next key");
        }
      }
      Path retired = keys.retired(old.keyId());
      move(current, retired);
      out.println("retired " + old.toVerifierKey() + " to " + retired);
    }
    move(next, current);
    out.println("promoted: " + nextSigner.toVerifierKey() + " now signs alone, from " + current);
    out.println(
        "keep publishing the retired verifier key: checkpoints signed before the rotation carry"
            + " only its signature; restart ledger serve if it runs");
    out.flush();
    return ExitCodes.OK;
  }

  /** Whether the latest stored checkpoint carries a valid signature of the next key. */
  private boolean signedByNext(NoteSigner next) throws StorageException {
    byte[] latest = Journal.readLatestCheckpoint(ledger.dir()).toBytes();
    try {
      CheckpointVerifier.of(next.verifier()).open(latest);
      return true;
    } catch (NoteException e) {
      return false;
    }
  }

  /** Renames a key file; the target must not exist (a retired key is never overwritten). */
  private static void move(Path from, Path to) {
    try {
      Files.move(from, to);
    } catch (FileAlreadyExistsException e) {
      throw new Cli.Failure(ExitCodes.IO, "cannot move " + from + " to " + to + ": it exists", e);
    } catch (IOException e) {
      throw new Cli.Failure(
          ExitCodes.IO, "cannot move " + from + " to " + to + ": " + IoErrors.reason(e), e);
    }
  }
}
