package org.creditbank.ledger.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ledger keygen}: a new Ed25519 signing key. */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = {
      "Create a new Ed25519 signing key in a new PKCS#8 PEM file that only you may read (mode"
          + " 600), and print its public key as a did:key (the only line on stdout)."
    })
public final class KeygenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", paramLabel = "FILE", required = true, description = "the new key file")
  Path out;

  @Override
  public Integer call() {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(new SecureRandom());
    Cli.writeKey(out, key);
    spec.commandLine().getOut().println(key.publicKey().toDidKey());
    spec.commandLine().getOut().flush();
    spec.commandLine().getErr().println("ledger keygen: wrote " + out + " (keep it secret)");
    spec.commandLine().getErr().flush();
    return ExitCodes.OK;
  }
}
