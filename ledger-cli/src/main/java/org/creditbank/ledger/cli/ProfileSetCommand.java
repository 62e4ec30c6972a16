package org.creditbank.ledger.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.bank.IdentityCommitment;
import org.creditbank.ledger.bank.Profile;
import org.creditbank.ledger.bank.ProfileStore;
import org.creditbank.ledger.journal.StorageException;
import org.creditbank.ledger.util.Bytes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ledger profile set}: stores a learner's personal data off the ledger. */
@Command(
    name = "set",
    mixinStandardHelpOptions = true,
    description = {
      "Store a learner's name, identity number and phone in the erasable profile store beside"
          + " the ledger (never in the log), keeping the learner's salt if a profile exists."
          + " Prints the identity commitment to give `learner enrol --identity-commitment`."
    })
public final class ProfileSetCommand implements Callable<Integer>, LocalOnly {
  @Spec CommandSpec spec;
  @Mixin LedgerOptions ledger;

  @Option(names = "--learner", paramLabel = "ID", required = true, description = "the learner")
  String learner;

  @Option(names = "--name", paramLabel = "NAME", required = true, description = "the name")
  String name;

  @Option(names = "--identity-number", paramLabel = "NUMBER", description = "resident id number")
  String identityNumber;

  @Option(names = "--phone", paramLabel = "PHONE", description = "a phone number")
  String phone;

  @Override
  public Integer call() throws StorageException {
    try (CreditLedger l = ledger.open()) {
      ProfileStore store = l.profiles();
      Bytes salt = store.get(learner).map(Profile::salt).orElseGet(IdentityCommitment::newSalt);
      Profile p;
      try {
        p =
            new Profile(
                learner,
                name,
                Optional.ofNullable(identityNumber),
                Optional.ofNullable(phone),
                salt);
      } catch (IllegalArgumentException e) {
        throw Cli.usage(e.getMessage());
      }
      store.put(p);
      PrintWriter out = spec.commandLine().getOut();
      out.println("stored the profile of " + learner + " (off the ledger)");
      store.commitment(learner).ifPresent(c -> out.println("identity commitment: " + c.toHex()));
      out.flush();
      return ExitCodes.OK;
    }
  }
}
