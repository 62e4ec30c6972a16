package org.creditbank.ledger.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.creditbank.ledger.bank.StatementException;
import org.creditbank.ledger.bank.StatementType;
import org.creditbank.ledger.util.LedgerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ledger institution register}: the operator registers an institution. */
@Command(
    name = "register",
    mixinStandardHelpOptions = true,
    description = "Register an institution (institution.registered; signed by the operator).")
public final class InstitutionRegisterCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin LedgerOptions ledger;
  @Mixin StatementOptions statement;
  @Mixin OutputOptions output;

  @Option(names = "--institution", paramLabel = "ID", required = true, description = "its id")
  String institution;

  @Option(names = "--name", paramLabel = "NAME", required = true, description = "its name")
  String name;

  @Option(
      names = "--kind",
      paramLabel = "KIND",
      required = true,
      description =
          "openUniversity, university, vocationalCollege, vocationalSchool, certificationBody,"
              + " trainingProvider, communitySchool, seniorSchool or enterprise")
  String kind;

  @Option(
      names = "--public-key",
      paramLabel = "DID",
      required = true,
      description = "a signing key as did:key (repeat for several), as keygen prints it")
  List<String> keys = new ArrayList<>();

  @Option(
      names = "--issue",
      paramLabel = "KIND",
      split = ",",
      description = "outcome kinds it may record, such as course,mooc (default: none)")
  List<String> issue = new ArrayList<>();

  @Option(names = "--enrol", description = "it may enrol learners")
  boolean enrol;

  @Option(names = "--accept-conversions", description = "it may publish rules and convert")
  boolean acceptConversions;

  @Option(names = "--parent", paramLabel = "ID", description = "the institution it belongs to")
  String parent;

  @Override
  public Integer call() throws LedgerException, StatementException, InterruptedException {
    ObjectNode b = JsonNodeFactory.instance.objectNode();
    b.put("id", institution);
    b.put("name", name);
    b.put("kind", kind);
    keys.forEach(b.putArray("keys")::add);
    ObjectNode p = b.putObject("permissions");
    issue.forEach(p.putArray("issue")::add);
    p.put("enrol", enrol);
    p.put("acceptConversions", acceptConversions);
    if (parent != null) {
      b.put("parent", parent);
    }
    return statement.submit(
        spec, ledger, output, StatementOptions.body(StatementType.INSTITUTION_REGISTERED, b));
  }
}
