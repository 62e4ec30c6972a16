package org.creditbank.ledger.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.creditbank.ledger.journal.Journal;
import org.creditbank.ledger.note.NoteSignature;
import org.creditbank.ledger.note.NoteSigner;
import org.creditbank.ledger.note.NoteVerifier;
import org.creditbank.ledger.note.SignedNote;
import org.creditbank.ledger.util.LedgerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ledger checkpoint-key status}: which keys there are and which signed the latest. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Print the checkpoint key files and their verifier keys (current, next during a rotation,"
          + " retired), and which of them signed the latest checkpoint. Reads the ledger"
          + " read-only, so it works while ledger serve runs."
    })
public final class CheckpointKeyStatusCommand implements Callable<Integer>, LocalOnly {
  @Spec CommandSpec spec;
  @Mixin LedgerOptions ledger;

  @Override
  public Integer call() throws LedgerException {
    String origin = ledger.origin();
    CheckpointKeys keys = ledger.keys();
    List<NoteSigner> signers = keys.signers(origin);
    Map<Integer, String> known = new LinkedHashMap<>();
    PrintWriter out = spec.commandLine().getOut();
    out.println("origin:        " + origin);
    out.println("current key:   " + keys.current());
    out.println("  verifier:    " + signers.get(0).toVerifierKey());
    known.put(signers.get(0).keyId(), "current");
    if (signers.size() > 1) {
      out.println("next key:      " + keys.next() + " (rotation under way: both keys sign)");
      out.println("  verifier:    " + signers.get(1).toVerifierKey());
      known.put(signers.get(1).keyId(), "next");
    } else {
      out.println("next key:      none (no rotation under way)");
    }
    for (Path f : keys.retiredFiles()) {
      NoteVerifier v = NoteSigner.of(origin, CheckpointKeys.read(f)).verifier();
      out.println("retired key:   " + f);
      out.println("  verifier:    " + v);
      known.putIfAbsent(v.keyId(), "retired");
    }
    SignedNote latest = Journal.readLatestCheckpoint(ledger.dir());
    StringBuilder by = new StringBuilder();
    for (NoteSignature s : latest.signatures()) {
      if (!by.isEmpty()) {
        by.append(", ");
      }
      by.append(s.keyIdHex()).append(" (").append(known.getOrDefault(s.keyId(), "unknown"));
      by.append(')');
    }
    out.println("latest checkpoint signed by key ID: " + by);
    out.flush();
    return ExitCodes.OK;
  }
}
