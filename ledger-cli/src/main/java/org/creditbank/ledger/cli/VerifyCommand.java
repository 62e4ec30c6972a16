package org.creditbank.ledger.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.creditbank.ledger.bundle.Bundle;
import org.creditbank.ledger.bundle.BundleException;
import org.creditbank.ledger.bundle.BundleReport;
import org.creditbank.ledger.bundle.BundleVerifier;
import org.creditbank.ledger.note.CheckpointVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ledger verify}: checks a learner's bundle offline. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Check a learner's bundle with no network and no ledger: the checkpoint's signature under"
          + " the operator's verifier key; each entry's leaf, inclusion proof, ledger, statement"
          + " signature and signing key; that every achievement is the bundle's learner's.",
      "Prints a verdict per entry; exits 1 if anything fails.",
      "With --server URL, then asks the live ledger what only it knows: that its latest"
          + " checkpoint, signed with the same key, extends the bundle's (consistency proof), and"
          + " the current status of each achievement (revoked or superseded since)."
    })
public final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "BUNDLE", description = "the bundle file")
  Path bundle;

  @Option(
      names = "--verifier-key",
      paramLabel = "KEY",
      required = true,
      description =
          "the ledger's published checkpoint verifier key <origin>+<keyid>+<base64>, or @FILE;"
              + " repeatable (the old and the new key of a rotation): the checkpoint must be"
              + " signed by one of them")
  List<String> verifierKeys;

  @Option(
      names = "--server",
      paramLabel = "URL",
      description =
          "after the offline checks, ask the ledger served at URL for its latest checkpoint, a"
              + " consistency proof from the bundle's, and each achievement's current status")
  URI server;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    CheckpointVerifier verifier = LedgerKeys.parseVerifiers(verifierKeys);
    Bundle b;
    try {
      b = Bundle.parse(Cli.read(bundle));
    } catch (BundleException e) {
      // A bundle is untrusted input: one that does not parse fails verification.
      throw new Cli.Failure(
          ExitCodes.VERIFICATION_FAILED, bundle + " is not a valid bundle: " + e.getMessage(), e);
    }
    BundleReport r = BundleVerifier.check(b, verifier);
    out.println(
        Cli.format(
            "Bundle of learner %s from ledger %s, %d entries.",
            b.learner(), b.origin(), b.entries().size()));
    if (r.checkpointFailure().isPresent()) {
      out.println("  checkpoint: FAILED: " + r.checkpointFailure().get());
    } else {
      out.println(
          Cli.format("  checkpoint: ok, size %d, signed with %s", r.size(), verifier.origin()));
    }
    int failed = 0;
    for (BundleReport.Verdict v : r.entries()) {
      if (v.ok()) {
        out.println(Cli.format("  seq %d: ok: %s", v.seq(), v.what()));
      } else {
        failed++;
        out.println(Cli.format("  seq %d: FAILED: %s: %s", v.seq(), v.what(), v.failure().get()));
      }
    }
    out.flush();
    if (r.failed()) {
      throw new Cli.Failure(
          ExitCodes.VERIFICATION_FAILED,
          (r.checkpointFailure().isPresent()
                  ? "the checkpoint does not verify"
                  : failed + " of " + r.entries().size() + " entries failed")
              + "; first: "
              + r.failures().get(0));
    }
    out.println(
        Cli.format(
            "Verified offline: all %d entries are in the ledger %s as of its checkpoint of size"
                + " %d.",
            r.entries().size(), r.origin(), r.size()));
    out.flush();
    if (server != null) {
      return new LiveCheck(out, server, verifier).check(b);
    }
    return ExitCodes.OK;
  }
}
