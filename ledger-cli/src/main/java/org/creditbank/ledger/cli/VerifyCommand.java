package org.creditbank.ledger.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.creditbank.ledger.bundle.Bundle;
import org.creditbank.ledger.bundle.BundleException;
import org.creditbank.ledger.bundle.BundleReport;
import org.creditbank.ledger.bundle.BundleVerifier;
import org.creditbank.ledger.note.NoteVerifier;
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
      "Prints a verdict per entry; exits 1 if anything fails."
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
          "the ledger's published checkpoint verifier key <origin>+<keyid>+<base64>, or @FILE")
  String verifierKey;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    NoteVerifier verifier = LedgerKeys.parseVerifier(verifierKey);
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
          Cli.format("  checkpoint: ok, size %d, signed with %s", r.size(), verifier.name()));
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
    return ExitCodes.OK;
  }
}
