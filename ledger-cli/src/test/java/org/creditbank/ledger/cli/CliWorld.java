package org.creditbank.ledger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs the CLI in-process and sets up a small ledger the way a user would. */
final class CliWorld {
  static final String ORIGIN = "test.creditbank.example/city";
  static final String LEARNER = "L-2026-TEST01";

  final Path dir;
  final Path data;
  final Path operatorKey;
  final Path collegeKey;
  String collegeDid;

  record Run(int code, String out, String err) {}

  CliWorld(Path dir) {
    this.dir = dir;
    this.data = dir.resolve("ledger");
    this.operatorKey = dir.resolve("operator.pem");
    this.collegeKey = dir.resolve("college.pem");
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = LedgerCommand.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  static Run ok(String... args) {
    Run r = run(args);
    assertEquals(ExitCodes.OK, r.code(), () -> String.join(" ", args) + "\n" + r.out() + r.err());
    return r;
  }

  /** keygen twice, init, register a college that may record courses and enrol, enrol a learner. */
  CliWorld setUp() {
    ok("keygen", "--out", operatorKey.toString());
    collegeDid = ok("keygen", "--out", collegeKey.toString()).out().strip();
    ok(
        "init",
        "--data",
        data.toString(),
        "--origin",
        ORIGIN,
        "--operator-id",
        "CITY-OU",
        "--operator-name",
        "City Open University",
        "--key",
        operatorKey.toString());
    ok(
        "institution",
        "register",
        "--data",
        data.toString(),
        "--key",
        operatorKey.toString(),
        "--actor",
        "CITY-OU",
        "--institution",
        "NURSE-VC",
        "--name",
        "Nursing College",
        "--kind",
        "vocationalCollege",
        "--public-key",
        collegeDid,
        "--issue",
        "course",
        "--enrol");
    ok(college("learner", "enrol", "--learner", LEARNER));
    return this;
  }

  /** Arguments of a command signed by the college. */
  String[] college(String... args) {
    return with(args, "--key", collegeKey.toString(), "--actor", "NURSE-VC");
  }

  /** Arguments of a command signed by the operator. */
  String[] operator(String... args) {
    return with(args, "--key", operatorKey.toString(), "--actor", "CITY-OU");
  }

  String[] with(String[] args, String... more) {
    String[] all = new String[args.length + more.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--data";
    all[args.length + 1] = data.toString();
    System.arraycopy(more, 0, all, args.length + 2, more.length);
    return all;
  }

  /** The arguments of {@code issue} for one course of the learner. */
  String[] issue(String achievement, String learner) {
    return college(
        "issue",
        "--achievement",
        achievement,
        "--learner",
        learner,
        "--kind",
        "course",
        "--title",
        "基础护理学",
        "--code",
        "NUR-101",
        "--field",
        "0913",
        "--level",
        "5",
        "--credits",
        "4",
        "--hours",
        "64",
        "--result",
        "score:86",
        "--completed",
        "2026-07-10");
  }

  /** The arguments of {@code program publish} for NURSING-AD, which requires course NUR-101. */
  String[] programPublish() {
    return operator(
        "program",
        "publish",
        "--program",
        "NURSING-AD",
        "--name",
        "Nursing",
        "--level",
        "5",
        "--total-credits",
        "80",
        "--min-credits-at-level",
        "5=40",
        "--required-course",
        "NUR-101");
  }

  /** The arguments of {@code rule publish} for R-VC-NUR: the college's NUR-* courses to NUR-101. */
  String[] rulePublish() {
    return operator(
        "rule",
        "publish",
        "--rule",
        "R-VC-NUR",
        "--kinds",
        "course",
        "--issuers",
        "NURSE-VC",
        "--codes",
        "NUR-*",
        "--min-score",
        "60",
        "--program",
        "NURSING-AD",
        "--course",
        "NUR-101",
        "--factor",
        "1",
        "--max",
        "4",
        "--limit",
        "4",
        "--valid-from",
        "2026-01-01");
  }

  /** The arguments of {@code convert}: NURSE-VC/VC-CONV-1 of L-2026-CONV01 under R-VC-NUR. */
  String[] convert(String conversion) {
    return operator(
        "convert",
        "--conversion",
        conversion,
        "--learner",
        "L-2026-CONV01",
        "--rule",
        "R-VC-NUR",
        "--source",
        "NURSE-VC/VC-CONV-1",
        "--credits",
        "4");
  }
}
