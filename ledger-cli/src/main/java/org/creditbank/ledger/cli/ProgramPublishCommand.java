package org.creditbank.ledger.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.creditbank.ledger.bank.StatementException;
import org.creditbank.ledger.bank.StatementType;
import org.creditbank.ledger.util.LedgerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ledger program publish}: Publish a programme and its requirements (program.published). */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description = "Publish a programme and its requirements (program.published).")
public final class ProgramPublishCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin LedgerOptions ledger;
  @Mixin StatementOptions statement;
  @Mixin OutputOptions output;

  @Option(names = "--program", paramLabel = "ID", required = true, description = "its id")
  String program;

  @Option(names = "--name", paramLabel = "NAME", required = true, description = "its name")
  String name;

  @Option(names = "--level", paramLabel = "LEVEL", required = true, description = "its level")
  String level;

  @Option(
      names = "--total-credits",
      paramLabel = "N",
      required = true,
      description = "credits needed in total")
  BigDecimal totalCredits;

  @Option(
      names = "--min-credits-at-level",
      paramLabel = "LEVEL=N",
      description = "at least N credits at LEVEL or above (repeat for several levels)")
  Map<String, BigDecimal> minCreditsAtLevel = new LinkedHashMap<>();

  @Option(
      names = "--required-course",
      paramLabel = "CODE",
      description = "a course that must be passed or converted (repeat for several)")
  List<String> requiredCourses = new ArrayList<>();

  @Option(
      names = "--max-conversion-share",
      paramLabel = "SHARE",
      description = "the largest share, 0 to 1, from conversion (default: the ledger's policy)")
  BigDecimal maxConversionShare;

  @Override
  public Integer call() throws LedgerException, StatementException, InterruptedException {
    ObjectNode b = JsonNodeFactory.instance.objectNode();
    b.put("program", program);
    b.put("name", name);
    b.put("level", level);
    ObjectNode r = b.putObject("requirements");
    r.put("totalCredits", totalCredits);
    if (!minCreditsAtLevel.isEmpty()) {
      ArrayNode a = r.putArray("minCreditsAtLevel");
      minCreditsAtLevel.forEach((l, c) -> a.addObject().put("level", l).put("credits", c));
    }
    if (!requiredCourses.isEmpty()) {
      requiredCourses.forEach(r.putArray("requiredCourses")::add);
    }
    if (maxConversionShare != null) {
      r.put("maxConversionShare", maxConversionShare);
    }
    return statement.submit(
        spec, ledger, output, StatementOptions.body(StatementType.PROGRAM_PUBLISHED, b));
  }
}
