package org.creditbank.ledger.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.journal.LedgerInUseException;
import org.creditbank.ledger.note.NoteSigner;
import org.creditbank.ledger.util.LedgerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ledger checkpoint-key rotate}: begins a rotation with a new, co-signing key. */
@Command(
    name = "rotate",
    mixinStandardHelpOptions = true,
    description = {
      "Begin a rotation of the checkpoint key: write a new key to DIR/checkpoint-key.next.pem"
          + " (beside the current key, mode 600), co-sign the latest checkpoint with it, and"
          + " print its verifier key to publish. From then on every checkpoint carries both"
          + " signatures, so verifiers that know either key keep working.",
      "If ledger serve has the ledger open, restart it: it co-signs from its next start."
    })
public final class CheckpointKeyRotateCommand implements Callable<Integer>, LocalOnly {
  @Spec CommandSpec spec;
  @Mixin LedgerOptions ledger;

  @Override
  public Integer call() throws LedgerException {
    String origin = ledger.origin();
    CheckpointKeys keys = ledger.keys();
    Path next = keys.next();
    if (keys.rotating()) {
      throw Cli.usage(
          "a rotation is already under way (the next key is "
              + next
              + "); finish it with ledger checkpoint-key promote");
    }
    NoteSigner current = NoteSigner.of(origin, CheckpointKeys.read(keys.current()));
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(new SecureRandom());
    NoteSigner nextSigner = NoteSigner.of(origin, key);
    Cli.writeKey(next, key);
    PrintWriter out = spec.commandLine().getOut();
    out.println("wrote the next checkpoint key to " + next + " (mode 600; keep it secret)");
    out.println("current verifier key: " + current.toVerifierKey());
    out.println(
        "next verifier key (publish it beside the current one): " + nextSigner.toVerifierKey());
    out.flush();
    try (CreditLedger l = ledger.open()) {
      out.println(
          Cli.format(
              "the latest checkpoint (size %d) is co-signed; every new checkpoint carries both"
                  + " signatures until ledger checkpoint-key promote",
              l.journal().size()));
    } catch (LedgerInUseException e) {
      out.println(
          "the ledger is open elsewhere (ledger serve?): restart it; from its next start every"
              + " checkpoint carries both signatures");
    }
    out.flush();
    return ExitCodes.OK;
  }
}
