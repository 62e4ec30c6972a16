package org.creditbank.ledger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.creditbank.ledger.cli.CliWorld.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Every command, in-process, on one temporary ledger; ids are distinct per test. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliCommandsTest {
  @TempDir static Path tmp;
  CliWorld w;

  @BeforeAll
  void setUp() {
    w = new CliWorld(tmp).setUp();
  }

  private static Run run(String... args) {
    return CliWorld.run(args);
  }

  private static Run ok(String... args) {
    return CliWorld.ok(args);
  }

  private long size() {
    String info = ok("info", "--data", w.data.toString(), "--json").out();
    int i = info.indexOf("\"size\" : ") + 9;
    return Long.parseLong(info.substring(i, info.indexOf(',', i)));
  }

  // ------------------------------------------------------------ keygen, init, info

  @Test
  void keygen_newFile_printsDidKeyAndWritesMode600() throws Exception {
    Path k = tmp.resolve("k1.pem");
    Run r = ok("keygen", "--out", k.toString());
    assertTrue(r.out().matches("did:key:z6Mk[1-9A-HJ-NP-Za-km-z]+\n"), r.out());
    assertEquals("ledger keygen: wrote " + k + " (keep it secret)\n", r.err());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(k)));
    assertTrue(Files.readString(k).startsWith("-----BEGIN PRIVATE KEY-----"));
  }

  @Test
  void keygen_existingFile_usageError() {
    Run r = run("keygen", "--out", w.operatorKey.toString());
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals("ledger keygen: " + w.operatorKey + " already exists; give a new file\n", r.err());
  }

  /** Runs {@code init} with the operator key and an origin, and more arguments. */
  private Run init(Path data, String origin, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "init",
                "--data",
                data.toString(),
                "--origin",
                origin,
                "--operator-id",
                "OP",
                "--operator-name",
                "Op",
                "--key",
                w.operatorKey.toString()));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  @Test
  void init_existingLedger_usageError() {
    Run r = init(w.data, "x.example/y");
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals(
        "ledger init: " + w.data + " is not an empty directory; give a new one\n", r.err());
  }

  @Test
  void init_frameworkFile_usesItsLevels() throws Exception {
    Path f = tmp.resolve("framework.json");
    Files.writeString(
        f,
        "{\"framework\":{\"name\":\"F\",\"levels\":[{\"code\":\"L1\",\"name\":\"one\"}]},"
            + "\"hoursPerCredit\":10,\"policy\":{\"maxConversionShare\":0.25}}");
    Path d = tmp.resolve("framework-ledger");
    Run r = init(d, "f.example/x", "--framework", f.toString());
    assertEquals(ExitCodes.OK, r.code(), r.err());
    assertTrue(r.out().startsWith("created ledger f.example/x in " + d + " (1 entry)\n"), r.out());
    assertTrue(r.out().contains("verifier key (publish it): f.example/x+"), r.out());
    String genesis = ok("entry", "0", "--data", d.toString()).out();
    assertTrue(genesis.contains("\"code\" : \"L1\""), genesis);
    assertTrue(genesis.contains("\"maxConversionShare\" : 0.25"), genesis);
  }

  @Test
  void init_badFramework_usageErrorAndNoLedger() throws Exception {
    Path f = tmp.resolve("bad-framework.json");
    Files.writeString(f, "{\"framework\":{\"name\":\"F\",\"levels\":[]},\"hoursPerCredit\":10}");
    Path d = tmp.resolve("bad-framework-ledger");
    Run r = init(d, "f.example/x", "--framework", f.toString());
    assertEquals(ExitCodes.USAGE, r.code(), r.err());
    assertTrue(r.err().startsWith("ledger init: bad ledger.genesis body: "), r.err());
    assertFalse(Files.exists(d));
  }

  @Test
  void info_text_namesOriginSizeAndVerifier() {
    Run r = ok("info", "--data", w.data.toString());
    assertTrue(
        r.out().startsWith("origin:        " + CliWorld.ORIGIN + "\nsize:          "), r.out());
    assertTrue(r.out().contains("verifier key:  " + CliWorld.ORIGIN + "+"), r.out());
  }

  @Test
  void info_noLedger_ioError() {
    Run r = run("info", "--data", tmp.resolve("nowhere").toString());
    assertEquals(ExitCodes.IO, r.code());
    assertEquals(
        "ledger info: no ledger at " + tmp.resolve("nowhere") + ": no such directory\n", r.err());
  }

  // ------------------------------------------------------------ governance and learners

  @Test
  void institution_addAndRevokeKey_recorded() throws Exception {
    Path k = tmp.resolve("college2.pem");
    String did = ok("keygen", "--out", k.toString()).out().strip();
    Run add =
        ok(w.college("institution", "add-key", "--institution", "NURSE-VC", "--public-key", did));
    assertTrue(add.out().startsWith("recorded institution.keyAdded NURSE-VC/key-add-"), add.out());
    Run rev =
        ok(
            w.college(
                "institution",
                "revoke-key",
                "--institution",
                "NURSE-VC",
                "--public-key",
                did,
                "--reason",
                "retired"));
    assertTrue(
        rev.out().startsWith("recorded institution.keyRevoked NURSE-VC/key-rev-"), rev.out());
    // Signing with the revoked key is refused by the ledger.
    Run refused =
        run(
            w.with(
                new String[] {"learner", "enrol", "--learner", "L-2026-REVOKED"},
                "--key",
                k.toString(),
                "--actor",
                "NURSE-VC"));
    assertEquals(ExitCodes.REJECTED, refused.code());
    assertTrue(
        refused.err().startsWith("ledger learner enrol: rejected (KEY_REVOKED"), refused.err());
  }

  @Test
  void institutionRegister_badKind_usageError() {
    Run r =
        run(
            w.operator(
                "institution",
                "register",
                "--institution",
                "X-1",
                "--name",
                "X",
                "--kind",
                "castle",
                "--public-key",
                w.collegeDid));
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(
        r.err().startsWith("ledger institution register: bad institution.registered body: "),
        r.err());
  }

  @Test
  void learnerEnrol_again_alreadyRecordedSameSeq() {
    Run first = ok(w.college("learner", "enrol", "--learner", "L-2026-AGAIN1"));
    Run again = ok(w.college("learner", "enrol", "--learner", "L-2026-AGAIN1"));
    assertTrue(first.out().startsWith("recorded learner.enrolled NURSE-VC/enrol-"), first.out());
    assertEquals(
        first.out().replace("recorded", "already recorded").replaceAll("tree size \\d+", ""),
        again.out().replaceAll("tree size \\d+", ""));
  }

  @Test
  void learnerEnrol_sameIdOtherContent_rejectedDuplicateId() {
    ok(w.college("learner", "enrol", "--learner", "L-2026-DUP001", "--id", "enrol-fixed-1"));
    Run r =
        run(w.college("learner", "enrol", "--learner", "L-2026-DUP002", "--id", "enrol-fixed-1"));
    assertEquals(ExitCodes.REJECTED, r.code());
    assertTrue(
        r.err()
            .matches(
                "ledger learner enrol: rejected \\(DUPLICATE_ID at /id\\): NURSE-VC already used id"
                    + " enrol-fixed-1 for another statement, at seq \\d+\n"),
        r.err());
  }

  @Test
  void learnerEnrol_badKeyFile_ioError() throws Exception {
    Path bad = tmp.resolve("bad.pem");
    Files.writeString(bad, "not a key\n");
    Run r =
        run(
            w.with(
                new String[] {"learner", "enrol", "--learner", "L-2026-BADKEY"},
                "--key",
                bad.toString(),
                "--actor",
                "NURSE-VC"));
    assertEquals(ExitCodes.IO, r.code());
    // The reason in words, without the exception's class name (it used to read "...PEM key:
    // org.creditbank.ledger.crypto.KeyFormatException: PEM: ...").
    assertEquals(
        "ledger learner enrol: bad key file "
            + bad
            + ": want an Ed25519 PKCS#8 PEM key: PEM: want a line \"-----BEGIN PRIVATE KEY-----\","
            + " got no PEM header\n",
        r.err());
  }

  @Test
  void learnerEnrol_missingKeyFile_ioError() {
    Path none = tmp.resolve("none.pem");
    Run r =
        run(
            w.with(
                new String[] {"learner", "enrol", "--learner", "L-2026-NOKEY1"},
                "--key",
                none.toString(),
                "--actor",
                "NURSE-VC"));
    assertEquals(ExitCodes.IO, r.code());
    assertEquals("ledger learner enrol: cannot read " + none + ": no such file\n", r.err());
  }

  @Test
  void learnerEnrol_missingOptions_usageError() {
    Run r = run("learner", "enrol", "--data", w.data.toString());
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals(
        "ledger learner enrol: Missing required options: '--key=FILE', '--actor=ID',"
            + " '--learner=ID'\nTry 'ledger learner enrol --help'.\n",
        r.err());
  }

  @Test
  void dryRun_enrol_printsSignedStatementAndSubmitsNothing() {
    long before = size();
    Run r =
        ok(
            w.college(
                "learner",
                "enrol",
                "--learner",
                "L-2026-DRYRUN",
                "--dry-run",
                "--issued-at",
                "2026-11-27T09:30:00Z"));
    assertTrue(r.out().contains("\"type\" : \"learner.enrolled\""), r.out());
    assertTrue(r.out().contains("\"issuedAt\" : \"2026-11-27T09:30:00Z\""), r.out());
    assertTrue(r.out().contains("\"proofValue\" : \"z"), r.out());
    assertEquals(before, size());
  }

  // ------------------------------------------------------------ achievements

  @Test
  void issue_unknownLearner_rejected() {
    Run r = run(w.issue("VC-UNKNOWN-1", "L-2026-NOBODY"));
    assertEquals(ExitCodes.REJECTED, r.code());
    assertEquals(
        "ledger issue: rejected (UNKNOWN_LEARNER at /body/learner): want an enrolled learner at"
            + " /body/learner, got \"L-2026-NOBODY\"\n",
        r.err());
  }

  @Test
  void issue_thenRevoke_historyShowsBoth() {
    Run rec = ok(w.issue("VC-HIST-1", CliWorld.LEARNER));
    assertTrue(rec.out().startsWith("recorded achievement.recorded NURSE-VC/rec-"), rec.out());
    Run again = ok(w.issue("VC-HIST-1", CliWorld.LEARNER));
    assertTrue(
        again.out().startsWith("already recorded achievement.recorded NURSE-VC/rec-"), again.out());
    ok(w.college("revoke", "--achievement", "NURSE-VC/VC-HIST-1", "--reason", "withdrawn"));
    Run h = ok("history", "--data", w.data.toString(), "--achievement", "NURSE-VC/VC-HIST-1");
    List<String> lines = h.out().lines().toList();
    assertEquals("NURSE-VC/VC-HIST-1: 基础护理学, 4 credits, REVOKED", lines.get(0));
    assertEquals(3, lines.size(), h.out());
    assertTrue(lines.get(1).contains("achievement.recorded   NURSE-VC/rec-"), h.out());
    assertTrue(lines.get(2).contains("achievement.revoked    NURSE-VC/rev-"), h.out());
    Run json =
        ok("history", "--data", w.data.toString(), "--achievement", "NURSE-VC/VC-HIST-1", "--json");
    assertTrue(json.out().contains("\"status\" : \"REVOKED\""), json.out());
  }

  @Test
  void history_unknownAchievement_usageError() {
    Run r = run("history", "--data", w.data.toString(), "--achievement", "NURSE-VC/NOPE");
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals("ledger history: no achievement NURSE-VC/NOPE\n", r.err());
    Run bad = run("history", "--data", w.data.toString(), "--achievement", "NOPE");
    assertEquals(ExitCodes.USAGE, bad.code());
    assertEquals("ledger history: want --achievement as ISSUER/ID, got 'NOPE'\n", bad.err());
  }

  @Test
  void issue_badResult_usageError() {
    String[] args = w.issue("VC-BAD-1", CliWorld.LEARNER);
    args[java.util.Arrays.asList(args).indexOf("score:86")] = "great";
    Run r = run(args);
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals(
        "ledger issue: want a result such as score:86.5, passed, failed or grade:B+:A|B+|B|C,"
            + " got 'great'\n",
        r.err());
  }

  // ------------------------------------------------------------ rules, programmes, conversion

  @Test
  void convert_underPublishedRule_transcriptShowsProgress() {
    ok(w.college("learner", "enrol", "--learner", "L-2026-CONV01"));
    ok(w.issue("VC-CONV-1", "L-2026-CONV01"));
    ok(w.programPublish());
    ok(w.rulePublish());
    Run c = ok(w.convert("CV-1"));
    assertTrue(c.out().startsWith("recorded credit.converted CITY-OU/conv-"), c.out());
    Run t =
        ok(
            "transcript",
            "--data",
            w.data.toString(),
            "--learner",
            "L-2026-CONV01",
            "--program",
            "CITY-OU/NURSING-AD");
    assertTrue(
        t.out()
            .contains(
                "NURSE-VC     VC-CONV-1        NUR-101    5              4  ACTIVE     基础护理学\n"),
        t.out());
    assertTrue(
        t.out()
            .contains(
                "  CITY-OU/CV-1 under R-VC-NUR: 4 credits for CITY-OU/NURSING-AD course NUR-101, ACTIVE\n"),
        t.out());
    assertTrue(t.out().contains("  [x] course NUR-101: passed or converted\n"), t.out());
    Run json =
        ok(
            "transcript",
            "--data",
            w.data.toString(),
            "--learner",
            "L-2026-CONV01",
            "--program",
            "CITY-OU/NURSING-AD",
            "--json");
    assertTrue(json.out().contains("\"totalCredits\" : 4,"), json.out());
    assertTrue(json.out().contains("\"progress\" : {"), json.out());
    // A second conversion of the same source is refused; after retiring, the rule is inactive.
    Run twice = run(w.convert("CV-2"));
    assertEquals(ExitCodes.REJECTED, twice.code());
    assertTrue(
        twice.err().startsWith("ledger convert: rejected (SOURCE_ALREADY_USED"), twice.err());
    Run retire = ok(w.operator("rule", "retire", "--rule", "R-VC-NUR"));
    assertTrue(retire.out().startsWith("recorded rule.retired CITY-OU/retire-"), retire.out());
  }

  @Test
  void rulePublish_fixedAndFactor_usageError() {
    Run r =
        run(
            w.operator(
                "rule",
                "publish",
                "--rule",
                "R-X",
                "--kinds",
                "course",
                "--program",
                "P",
                "--course",
                "C",
                "--fixed",
                "1",
                "--factor",
                "1",
                "--max",
                "1",
                "--limit",
                "4",
                "--valid-from",
                "2026-01-01"));
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals(
        "ledger rule publish: want exactly one of --fixed N or --factor F --max N\n", r.err());
  }

  @Test
  void transcript_unknownLearner_usageError() {
    Run r = run("transcript", "--data", w.data.toString(), "--learner", "L-2026-NOBODY");
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals("ledger transcript: no learner L-2026-NOBODY\n", r.err());
  }

  // ------------------------------------------------------------ sign, submit

  @Test
  void signThenSubmit_recordsThenRepeats() throws Exception {
    Path in = tmp.resolve("enrol.json");
    Files.writeString(
        in,
        "{\"type\":\"learner.enrolled\",\"id\":\"enrol-signed-1\",\"body\":{\"learner\":\"L-2026-SIGNED\"}}");
    Run signed = ok(w.college("sign", in.toString()));
    Path st = tmp.resolve("enrol.signed.json");
    Files.writeString(st, signed.out());
    Run first = ok("submit", "--data", w.data.toString(), st.toString());
    assertTrue(
        first.out().startsWith("recorded learner.enrolled NURSE-VC/enrol-signed-1 at seq "),
        first.out());
    Run again = ok("submit", "--data", w.data.toString(), st.toString());
    assertTrue(
        again.out().startsWith("already recorded learner.enrolled NURSE-VC/enrol-signed-1 at seq "),
        again.out());
  }

  @Test
  void submit_tamperedStatement_rejected() throws Exception {
    Path in = tmp.resolve("enrol2.json");
    Files.writeString(
        in, "{\"type\":\"learner.enrolled\",\"body\":{\"learner\":\"L-2026-TAMPER\"}}");
    String signed =
        ok(w.college("sign", in.toString())).out().replace("L-2026-TAMPER", "L-2026-TAMPEX");
    Path st = tmp.resolve("enrol2.signed.json");
    Files.writeString(st, signed);
    Run r = run("submit", "--data", w.data.toString(), st.toString());
    assertEquals(ExitCodes.REJECTED, r.code());
    assertTrue(r.err().startsWith("ledger submit: " + st + ": rejected (BAD_PROOF"), r.err());
  }

  @Test
  void sign_fileWithoutBody_usageError() throws Exception {
    Path in = tmp.resolve("nobody.json");
    Files.writeString(in, "{\"type\":\"learner.enrolled\"}");
    Run r = run(w.college("sign", in.toString()));
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals(
        "ledger sign: want " + in + " to hold a JSON object with a \"type\" and a \"body\"\n",
        r.err());
  }

  // ------------------------------------------------------------ log access

  @Test
  void entryProveCheckpoint_seqOne_consistent() {
    Run e = ok("entry", "1", "--data", w.data.toString());
    assertTrue(e.out().startsWith("{\n  \"seq\" : 1,\n  \"prev\" : \""), e.out());
    Run raw = ok("entry", "1", "--raw", "--data", w.data.toString());
    assertTrue(raw.out().startsWith("{\"prev\":\""), raw.out());
    assertFalse(raw.out().endsWith("\n"));
    Run p = ok("prove", "1", "--data", w.data.toString());
    assertTrue(p.out().startsWith("c2sp.org/tlog-proof@v1\nindex 1\n"), p.out());
    Run c = ok("checkpoint", "--data", w.data.toString());
    assertTrue(c.out().startsWith(CliWorld.ORIGIN + "\n"), c.out());
    assertTrue(c.out().contains("\n\n— " + CliWorld.ORIGIN + " "), c.out());
    Run sized = ok("prove", "1", "--size", "3", "--data", w.data.toString());
    assertTrue(sized.out().contains("\n" + CliWorld.ORIGIN + "\n3\n"), sized.out());
  }

  @Test
  void entry_pastTheEnd_usageError() {
    Run r = run("entry", "999999", "--data", w.data.toString());
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.err().startsWith("ledger entry: no entry 999999: want a seq from 0 to "), r.err());
  }

  @Test
  void canonicalize_file_printsRfc8785() throws Exception {
    Path f = tmp.resolve("c.json");
    Files.writeString(f, "{ \"b\": 1.50, \"a\": [true, \"é\"] }");
    assertEquals("{\"a\":[true,\"é\"],\"b\":1.5}", ok("canonicalize", f.toString()).out());
    Files.writeString(f, "{\"a\":1,\"a\":2}");
    Run dup = run("canonicalize", f.toString());
    assertEquals(ExitCodes.USAGE, dup.code());
    assertTrue(
        dup.err().startsWith("ledger canonicalize: " + f + " is not valid JSON: "), dup.err());
  }

  // ------------------------------------------------------------ profiles

  @Test
  void profile_setShowErase_roundTrip() {
    Run set =
        ok(
            "profile",
            "set",
            "--data",
            w.data.toString(),
            "--learner",
            CliWorld.LEARNER,
            "--name",
            "张三",
            "--identity-number",
            "11010519491231002x",
            "--phone",
            "+86 138 0000 0000");
    assertTrue(
        set.out()
            .startsWith(
                "stored the profile of "
                    + CliWorld.LEARNER
                    + " (off the ledger)\nidentity commitment: "),
        set.out());
    Run show = ok("profile", "show", "--data", w.data.toString(), "--learner", CliWorld.LEARNER);
    assertTrue(show.out().contains("identity number:     11010519491231002X\n"), show.out());
    ok("profile", "erase", "--data", w.data.toString(), "--learner", CliWorld.LEARNER);
    Run gone = run("profile", "show", "--data", w.data.toString(), "--learner", CliWorld.LEARNER);
    assertEquals(ExitCodes.USAGE, gone.code());
    assertEquals("ledger profile show: no profile of " + CliWorld.LEARNER + "\n", gone.err());
  }

  // ------------------------------------------------------------ errors

  @Test
  void verbose_error_printsStackTraceOnlyThen() {
    Run quiet = run("info", "--data", tmp.resolve("nothing").toString());
    assertEquals(1, quiet.err().lines().count(), quiet.err());
    Run loud = run("info", "--data", tmp.resolve("nothing").toString(), "--verbose");
    assertTrue(loud.err().lines().count() > 1, loud.err());
    assertTrue(loud.err().contains("\tat org.creditbank.ledger.cli."), loud.err());
  }

  @Test
  void group_withoutSubcommand_usage() {
    Run r = run("rule");
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.err().startsWith("Usage: ledger rule "), r.err());
  }

  @Test
  void help_everyCommand_exitsZeroWithUsage() {
    List<String> failures = new ArrayList<>();
    int[] count = {0};
    // picocli reports a description it cannot format (a lone '%') on System.err, not in the usage.
    java.io.PrintStream stderr = System.err;
    java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(warnings, true, StandardCharsets.UTF_8));
    try {
      helpOfEveryCommand(failures, count);
    } finally {
      System.setErr(stderr);
    }
    assertEquals("", warnings.toString(StandardCharsets.UTF_8));
    assertEquals(List.of(), failures);
    // 40: demo, keygen, init, info, institution (3), learner, issue, revoke, rule (2), program,
    // convert, transcript, history, sign, submit, entry, prove, checkpoint, checkpoint-key (3),
    // canonicalize, profile (3), export, verify, audit, serve, backup, restore, bench (5), help
    assertEquals(40, count[0]);
  }

  @Test
  void version_everyCommand_printsTheVersion() {
    // Regression: only the top command had a version provider, so every subcommand's --version,
    // which its help offers, printed nothing.
    List<String> failures = new ArrayList<>();
    int count = 0;
    for (String path : commandPaths()) {
      if (path.equals("help")) {
        continue; // picocli's help command has no --version
      }
      List<String> args = new ArrayList<>(List.of(path.split(" ", -1)));
      args.add("--version");
      Run r = run(args.toArray(String[]::new));
      count++;
      if (r.code() != ExitCodes.OK || !r.out().startsWith("ledger ")) {
        failures.add(path + ": " + r.code() + " '" + r.out() + "' " + r.err());
      }
    }
    assertEquals(List.of(), failures);
    assertEquals(39, count);
  }

  /** Every command a user runs: each top command without subcommands, else each subcommand. */
  private static List<String> commandPaths() {
    List<String> paths = new ArrayList<>();
    LedgerCommand.commandLine()
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              if (sub.getSubcommands().isEmpty()) {
                paths.add(name);
              } else {
                sub.getSubcommands().keySet().forEach(s -> paths.add(name + " " + s));
              }
            });
    return paths;
  }

  private static void helpOfEveryCommand(List<String> failures, int[] count) {
    for (String path : commandPaths()) {
      List<String> args = new ArrayList<>(List.of(path.split(" ", -1)));
      args.add("--help");
      Run r = run(args.toArray(String[]::new));
      count[0]++;
      boolean usage = path.equals("help") || r.out().startsWith("Usage: ledger " + path);
      if (r.code() != ExitCodes.OK || !usage) {
        failures.add(path + ": " + r.code() + " " + r.out() + r.err());
      }
    }
  }

  @Test
  void submit_stdinJsonLines_receiptsAsJson() throws Exception {
    Path a = tmp.resolve("stdin-a.json");
    Path b = tmp.resolve("stdin-b.json");
    Files.writeString(
        a, "{\"type\":\"learner.enrolled\",\"body\":{\"learner\":\"L-2026-STDIN1\"}}");
    Files.writeString(
        b, "{\"type\":\"learner.enrolled\",\"body\":{\"learner\":\"L-2026-STDIN2\"}}");
    String lines =
        compact(ok(w.college("sign", a.toString())).out())
            + "\n"
            + compact(ok(w.college("sign", b.toString())).out())
            + "\n";
    java.io.InputStream in = System.in;
    Run r;
    try {
      System.setIn(
          new java.io.ByteArrayInputStream(
              lines.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      r = ok("submit", "--data", w.data.toString(), "--json", "-");
    } finally {
      System.setIn(in);
    }
    assertEquals(2, r.out().split("\"type\" : \"learner.enrolled\"", -1).length - 1, r.out());
    assertTrue(r.out().contains("\"repeat\" : false"), r.out());
    assertTrue(r.out().contains("\"inclusionProof\" : ["), r.out());
  }

  private static String compact(String json) throws Exception {
    return org.creditbank.ledger.json.Jcs.canonicalString(
        org.creditbank.ledger.json.StrictJson.withDefaults()
            .parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }
}
