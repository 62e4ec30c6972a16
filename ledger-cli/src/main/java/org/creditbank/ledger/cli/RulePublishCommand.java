package org.creditbank.ledger.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
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

/**
 * {@code ledger rule publish}: Publish a conversion rule: which achievements count as a course of
 * one of your programmes, for how many credits (rule.published).
 */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description =
        "Publish a conversion rule: which achievements count as a course of one of your programmes, for how many credits (rule.published).")
public final class RulePublishCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin LedgerOptions ledger;
  @Mixin StatementOptions statement;
  @Mixin OutputOptions output;

  @Option(names = "--rule", paramLabel = "ID", required = true, description = "its id")
  String rule;

  @Option(
      names = "--kinds",
      paramLabel = "KIND",
      split = ",",
      required = true,
      description = "outcome kinds it accepts, such as vocationalCertificate")
  List<String> kinds = new ArrayList<>();

  @Option(
      names = "--issuers",
      paramLabel = "ID",
      split = ",",
      description = "issuers it accepts (default: any)")
  List<String> issuers = new ArrayList<>();

  @Option(
      names = "--codes",
      paramLabel = "CODE",
      split = ",",
      description = "codes it accepts; CODE* matches a prefix (default: any)")
  List<String> codes = new ArrayList<>();

  @Option(names = "--field", paramLabel = "CODE", description = "the field of study it accepts")
  String field;

  @Option(names = "--min-level", paramLabel = "LEVEL", description = "the lowest level")
  String minLevel;

  @Option(names = "--min-score", paramLabel = "N", description = "the lowest score, 0 to 100")
  BigDecimal minScore;

  @Option(names = "--min-grade", paramLabel = "GRADE", description = "the lowest grade")
  String minGrade;

  @Option(names = "--max-age-months", paramLabel = "N", description = "the oldest, in months")
  Integer maxAgeMonths;

  @Option(
      names = "--program",
      paramLabel = "ID",
      required = true,
      description = "the target programme (yours)")
  String program;

  @Option(names = "--course", paramLabel = "CODE", required = true, description = "its course")
  String course;

  @Option(names = "--fixed", paramLabel = "N", description = "credits per source, whatever it has")
  BigDecimal fixed;

  @Option(
      names = "--factor",
      paramLabel = "F",
      description = "credits as the source's credits times F, up to --max")
  BigDecimal factor;

  @Option(names = "--max", paramLabel = "N", description = "the most credits with --factor")
  BigDecimal max;

  @Option(
      names = "--limit",
      paramLabel = "N",
      required = true,
      description = "the most credits one learner gains through the rule")
  BigDecimal limit;

  @Option(
      names = "--valid-from",
      paramLabel = "DATE",
      required = true,
      description = "the first day it applies, YYYY-MM-DD")
  String validFrom;

  @Option(names = "--valid-until", paramLabel = "DATE", description = "the last day it applies")
  String validUntil;

  @Override
  public Integer call() throws LedgerException, StatementException, InterruptedException {
    ObjectNode b = JsonNodeFactory.instance.objectNode();
    if ((fixed == null) == (factor == null)) {
      throw Cli.usage("want exactly one of --fixed N or --factor F --max N");
    }
    if (factor != null && max == null) {
      throw Cli.usage("want --max N with --factor");
    }
    b.put("rule", rule);
    ObjectNode s = b.putObject("source");
    kinds.forEach(s.putArray("kinds")::add);
    if (!issuers.isEmpty()) {
      issuers.forEach(s.putArray("issuers")::add);
    }
    if (!codes.isEmpty()) {
      codes.forEach(s.putArray("codes")::add);
    }
    putIf(s, "field", field);
    putIf(s, "minLevel", minLevel);
    if (minScore != null) {
      s.put("minScore", minScore);
    }
    putIf(s, "minGrade", minGrade);
    if (maxAgeMonths != null) {
      s.put("maxAgeMonths", maxAgeMonths);
    }
    ObjectNode t = b.putObject("target");
    t.put("program", program);
    t.put("course", course);
    ObjectNode c = t.putObject("credits");
    if (fixed != null) {
      c.put("fixed", fixed);
    } else {
      c.put("factor", factor).put("max", max);
    }
    b.put("limit", limit);
    b.put("validFrom", validFrom);
    putIf(b, "validUntil", validUntil);
    return statement.submit(
        spec, ledger, output, StatementOptions.body(StatementType.RULE_PUBLISHED, b));
  }

  private static void putIf(ObjectNode o, String name, String value) {
    if (value != null) {
      o.put(name, value);
    }
  }
}
