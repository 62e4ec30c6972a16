package org.creditbank.ledger.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.cli.CliWorld.Run;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.journal.Journal;
import org.creditbank.ledger.journal.JournalOptions;
import org.creditbank.ledger.note.NoteSigner;
import org.creditbank.ledger.server.LedgerServer;
import org.creditbank.ledger.server.ServerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands with {@code --server URL}: a {@link LedgerServer} on a random port over the ledger
 * that {@link CliWorld} sets up, and the same output and exit codes as with {@code --data DIR}.
 */
class RemoteModeTest {
  static final String AUDITOR = "auditor-token-00000000001";
  static final String COLLEGE = "college-token-00000000001";
  static final String OPERATOR = "operator-token-0000000001";
  static final String LEARNER = "learner-token-00000000001";

  @TempDir Path tmp;

  private CliWorld w;
  private CreditLedger ledger;
  private LedgerServer server;

  @BeforeEach
  void setUp() throws Exception {
    w = new CliWorld(tmp).setUp();
    Files.writeString(
        tmp.resolve("tokens"),
        String.join(
            "\n",
            AUDITOR + " auditor",
            COLLEGE + " institution NURSE-VC",
            OPERATOR + " institution CITY-OU",
            LEARNER + " learner " + CliWorld.LEARNER,
            ""));
    start();
  }

  @AfterEach
  void tearDown() {
    stop();
  }

  private void start() throws Exception {
    Ed25519PrivateKey key =
        Ed25519PrivateKey.fromPem(
            Files.readString(w.data.resolve(LedgerOptions.CHECKPOINT_KEY_FILE)));
    ledger =
        CreditLedger.open(
            w.data, NoteSigner.of(Journal.readOrigin(w.data), key), JournalOptions.DEFAULT);
    server =
        LedgerServer.start(
            ledger,
            ServerOptions.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .withTokens(tmp.resolve("tokens")));
  }

  private void stop() {
    if (server != null) {
      server.close();
      ledger.close();
      server = null;
    }
  }

  private String url() {
    return server.uri().toString();
  }

  /** The arguments with {@code --data DIR} replaced by {@code --server URL} and the token. */
  private String[] remote(String token, String... args) {
    return at(url(), token, args);
  }

  private static String[] at(String url, String token, String... args) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--data")) {
        i++;
        out.add("--server");
        out.add(url);
        if (token != null) {
          out.add("--token");
          out.add(token);
        }
      } else {
        out.add(args[i]);
      }
    }
    return out.toArray(new String[0]);
  }

  private Run onServer(String token, String... args) {
    return CliWorld.run(remote(token, args));
  }

  /** Runs with {@code --data DIR}, the server stopped meanwhile (the ledger has one opener). */
  private Run local(String... args) throws Exception {
    stop();
    try {
      return CliWorld.run(args);
    } finally {
      start();
    }
  }

  private String[] data(String... args) {
    return w.with(args);
  }

  /** {@code learner enrol} of L-2026-HTTP01, signed at {@code time}. */
  private String[] enrolAt(String time) {
    return w.college("learner", "enrol", "--learner", "L-2026-HTTP01", "--issued-at", time);
  }

  private String[] export(Path out) {
    return data(
        "export",
        "--learner",
        CliWorld.LEARNER,
        "--achievement",
        "NURSE-VC/VC-R-2",
        "--out",
        out.toString());
  }

  private static void assertSame(Run want, Run got) {
    assertEquals(want.code(), got.code(), got.err());
    assertEquals(want.out(), got.out());
    assertEquals(want.err(), got.err());
  }

  // ---------------------------------------------------------------- reading

  @Test
  void info_remote_sameOriginSizeRootNoVerifierKey() throws Exception {
    Run l = local(data("info"));
    Run r = CliWorld.ok(remote(AUDITOR, data("info")));
    List<String> want = l.out().lines().toList();
    List<String> got = r.out().lines().toList();
    assertEquals(want.subList(0, 4), got.subList(0, 4));
    assertEquals("verifier key:  (not served: take the operator's published key)", got.get(4));
    Run anon = CliWorld.ok(remote(null, data("info")));
    assertEquals(
        "latest entry:  (not shown: needs an auditor token)", anon.out().lines().toList().get(3));
  }

  @Test
  void checkpointEntryProve_remote_sameAsLocal() throws Exception {
    for (String[] args :
        List.of(
            data("checkpoint"),
            data("entry", "1"),
            data("entry", "1", "--raw"),
            data("entry", "99"),
            data("prove", "1"),
            data("prove", "1", "--size", "2"),
            data("prove", "1", "--size", "99"))) {
      assertSame(local(args), onServer(AUDITOR, args));
    }
  }

  /**
   * A size inside a commit group has no stored checkpoint: {@code prove --size} there says so with
   * the same message and exit code (2) from the server as from the directory. The rows are issued
   * locally, 32 at a time, so that groups of more than one entry form (the server's batch route
   * submits a batch's statements one after another). (About 5 s.)
   */
  @Test
  void prove_sizeInsideACommitGroup_remote_sameAsLocal() throws Exception {
    StringBuilder csv = new StringBuilder(IssueCsvTest.HEADER).append('\n');
    for (int i = 1; i <= 200; i++) {
      csv.append(IssueCsvTest.row(i)).append('\n');
    }
    Path file = tmp.resolve("rows.csv");
    Files.writeString(file, csv);
    stop();
    try {
      CliWorld.ok(w.college("issue", "--csv", file.toString()));
    } finally {
      start();
    }
    Matcher m =
        Pattern.compile("\"size\" : (\\d+)")
            .matcher(CliWorld.ok(remote(AUDITOR, data("info", "--json"))).out());
    assertTrue(m.find());
    long size = Long.parseLong(m.group(1));
    String[] inside = null;
    for (long n = size - 1; n > size - 200 && inside == null; n--) {
      String[] args = data("prove", "1", "--size", Long.toString(n));
      if (onServer(AUDITOR, args).code() != ExitCodes.OK) {
        inside = args;
      }
    }
    assertTrue(inside != null, "200 rows on 32 threads committed one by one");
    Run got = onServer(AUDITOR, inside);
    assertEquals(ExitCodes.USAGE, got.code(), got.err());
    assertSame(local(inside), got);
  }

  @Test
  void transcriptHistoryExport_remote_sameAsLocal() throws Exception {
    CliWorld.ok(remote(COLLEGE, w.issue("VC-R-1", CliWorld.LEARNER)));
    CliWorld.ok(
        remote(
            COLLEGE,
            w.college("revoke", "--achievement", "NURSE-VC/VC-R-1", "--reason", "issuedInError")));
    CliWorld.ok(remote(COLLEGE, w.issue("VC-R-2", CliWorld.LEARNER)));
    for (String[] args :
        List.of(
            data("transcript", "--learner", CliWorld.LEARNER),
            data("transcript", "--learner", CliWorld.LEARNER, "--json"),
            data("history", "--achievement", "NURSE-VC/VC-R-1"),
            data("history", "--achievement", "NURSE-VC/VC-R-1", "--json"))) {
      assertSame(local(args), onServer(LEARNER, args));
    }
    Path localFile = tmp.resolve("local.json");
    Path remoteFile = tmp.resolve("remote.json");
    Run l = local(export(localFile));
    Run r = onServer(COLLEGE, export(remoteFile));
    assertEquals(ExitCodes.OK, r.code(), r.err());
    assertEquals(
        l.out().replace(localFile.toString(), "FILE"),
        r.out().replace(remoteFile.toString(), "FILE"));
    assertArrayEquals(Files.readAllBytes(localFile), Files.readAllBytes(remoteFile));
  }

  @Test
  void transcriptHistory_unknown_usageErrorsAsLocal() throws Exception {
    for (String[] args :
        List.of(
            data("transcript", "--learner", "L-2026-NOBODY"),
            data("history", "--achievement", "NURSE-VC/NONE"))) {
      assertSame(local(args), onServer(AUDITOR, args));
    }
    Run r = onServer(AUDITOR, data("transcript", "--learner", "L-2026-NOBODY"));
    assertEquals("ledger transcript: no learner L-2026-NOBODY\n", r.err());
  }

  // ---------------------------------------------------------------- submitting

  @Test
  void enrol_again_alreadyRecordedSameSeqOverHttp() {
    String[] first = enrolAt("2026-11-27T09:00:00Z");
    Run a = CliWorld.ok(remote(COLLEGE, first));
    assertTrue(a.out().startsWith("recorded learner.enrolled NURSE-VC/enrol-"), a.out());
    // The same statement signed at another time: the server refuses the id, the CLI finds the
    // entry with the college's token and reports the repeat as the local ledger does.
    String[] again = enrolAt("2026-11-27T10:00:00Z");
    Run b = CliWorld.ok(remote(COLLEGE, again));
    assertEquals(a.out().replaceFirst("^recorded", "already recorded"), b.out());
    // Signed at the same time: the same bytes, which the server itself answers as a repeat.
    Run c = CliWorld.ok(remote(null, first));
    assertEquals(b.out(), c.out());
  }

  @Test
  void enrol_againWithoutToken_refusalSaysWhichTokenTellsARepeat() {
    CliWorld.ok(remote(COLLEGE, enrolAt("2026-11-27T09:00:00Z")));
    Run r = onServer(null, enrolAt("2026-11-27T10:00:00Z"));
    assertEquals(ExitCodes.REJECTED, r.code());
    // The refusal alone ("... for a different statement") read as if the content differed.
    assertTrue(
        r.err()
            .endsWith(
                " for a different statement (if that is this same statement signed again, the CLI"
                    + " cannot tell without a token: give the actor's institution token or an"
                    + " auditor's with --token or LEDGER_TOKEN, and it reports the statement as"
                    + " already recorded)\n"),
        r.err());
    assertTrue(
        r.err().startsWith("ledger learner enrol: rejected (DUPLICATE_ID at /id): "), r.err());
  }

  @Test
  void enrol_sameIdOtherContent_rejectedDuplicateIdAsLocal() throws Exception {
    CliWorld.ok(
        remote(COLLEGE, w.college("learner", "enrol", "--learner", "L-2026-DUPA", "--id", "E-1")));
    String[] other = w.college("learner", "enrol", "--learner", "L-2026-DUPB", "--id", "E-1");
    Run r = onServer(COLLEGE, other);
    assertSame(local(other), r);
    assertEquals(ExitCodes.REJECTED, r.code());
    Matcher m =
        Pattern.compile(
                "ledger learner enrol: rejected \\(DUPLICATE_ID at /id\\): NURSE-VC already used id"
                    + " E-1 for another statement, at seq \\d+\n")
            .matcher(r.err());
    assertTrue(m.matches(), r.err());
  }

  @Test
  void issue_unknownLearner_rejectedAsLocal() throws Exception {
    String[] args = w.issue("VC-NOBODY", "L-2026-NOBODY");
    Run r = onServer(null, args);
    assertSame(local(args), r);
    assertEquals(
        "ledger issue: rejected (UNKNOWN_LEARNER at /body/learner): want an enrolled learner at"
            + " /body/learner, got \"L-2026-NOBODY\"\n",
        r.err());
  }

  @Test
  void statementCommands_remote_recorded() {
    String did = CliWorld.ok("keygen", "--out", tmp.resolve("cert.pem").toString()).out().strip();
    String did2 = CliWorld.ok("keygen", "--out", tmp.resolve("cert2.pem").toString()).out().strip();
    List<String[]> commands =
        List.of(
            w.operator(
                "institution",
                "register",
                "--institution",
                "CERT",
                "--name",
                "Cert body",
                "--kind",
                "certificationBody",
                "--public-key",
                did),
            w.operator("institution", "add-key", "--institution", "CERT", "--public-key", did2),
            w.operator(
                "institution",
                "revoke-key",
                "--institution",
                "CERT",
                "--public-key",
                did2,
                "--reason",
                "retired"),
            w.college("learner", "enrol", "--learner", "L-2026-CONV01"),
            w.issue("VC-CONV-1", "L-2026-CONV01"),
            w.programPublish(),
            w.rulePublish(),
            w.convert("CV-1"),
            w.operator("rule", "retire", "--rule", "R-VC-NUR"));
    for (String[] c : commands) {
      Run r = CliWorld.ok(remote(null, c));
      assertTrue(r.out().startsWith("recorded "), r.out());
    }
    Run t =
        CliWorld.ok(
            remote(
                AUDITOR,
                data(
                    "transcript",
                    "--learner",
                    "L-2026-CONV01",
                    "--program",
                    "CITY-OU/NURSING-AD")));
    assertTrue(t.out().contains("  [x] course NUR-101: passed or converted\n"), t.out());
  }

  @Test
  void signThenSubmit_remote_recordsThenRepeatsTamperedRejected() throws Exception {
    Path in = tmp.resolve("enrol.json");
    Files.writeString(
        in,
        "{\"type\":\"learner.enrolled\",\"id\":\"E-SIGNED\",\"body\":{\"learner\":\"L-2026-SIGNED\"}}");
    Path stmt = tmp.resolve("s.json");
    Run s =
        CliWorld.ok(
            "sign",
            in.toString(),
            "--key",
            w.collegeKey.toString(),
            "--actor",
            "NURSE-VC",
            "--origin",
            CliWorld.ORIGIN);
    Files.writeString(stmt, s.out());
    Run a = CliWorld.ok(remote(null, data("submit", stmt.toString())));
    assertTrue(a.out().startsWith("recorded learner.enrolled NURSE-VC/E-SIGNED at seq "), a.out());
    Run b = CliWorld.ok(remote(null, data("submit", stmt.toString())));
    assertEquals(a.out().replaceFirst("^recorded", "already recorded"), b.out());
    Files.writeString(stmt, s.out().replace("L-2026-SIGNED", "L-2026-SIGNEE"));
    Run bad = onServer(null, data("submit", stmt.toString()));
    assertEquals(ExitCodes.REJECTED, bad.code());
    assertTrue(bad.err().startsWith("ledger submit: " + stmt + ": rejected (BAD_PROOF"), bad.err());
  }

  @Test
  void issueCsv_remote_malformedRowThenRerunAlreadyRecorded() throws Exception {
    Path csv = tmp.resolve("rows.csv");
    StringBuilder sb =
        new StringBuilder(
            "achievement,learner,kind,title,code,field,level,credits,hours,result,completed\n");
    for (int i = 1; i <= 250; i++) {
      sb.append("VC-B-").append(i).append(',').append(CliWorld.LEARNER);
      sb.append(",course,Course ").append(i).append(",NUR-").append(i);
      sb.append(",0913,5,1,16,passed,2026-07-10\n");
    }
    sb.append("VC-B-X,").append(CliWorld.LEARNER).append(",course,Too few\n");
    Files.writeString(csv, sb.toString());
    Run r = onServer(COLLEGE, w.college("issue", "--csv", csv.toString()));
    assertEquals(ExitCodes.REJECTED, r.code(), r.err());
    assertEquals(
        List.of("ledger issue: " + csv + " row 252: want 11 columns, got 4"),
        r.err().lines().filter(l -> l.startsWith("ledger issue: ")).toList());
    assertEquals(
        "251 rows: 250 recorded, 0 already recorded, 1 failed",
        r.out().strip().replaceAll(" \\(.*\\)$", ""));
    Run again =
        onServer(
            COLLEGE,
            w.college("issue", "--csv", csv.toString(), "--issued-at", "2027-01-01T00:00:00Z"));
    assertEquals(ExitCodes.REJECTED, again.code(), again.err());
    assertEquals(
        "251 rows: 0 recorded, 250 already recorded, 1 failed",
        again.out().strip().replaceAll(" \\(.*\\)$", ""));
  }

  // ---------------------------------------------------------------- failures

  @Test
  void transcript_missingOrWrongToken_notAuthorisedExitIo() {
    Run none = onServer(null, data("transcript", "--learner", CliWorld.LEARNER));
    assertEquals(ExitCodes.IO, none.code());
    assertEquals(
        "ledger transcript: not authorised by the server at "
            + url().replaceAll("/$", "")
            + ": want an Authorization: Bearer token, got none (give --token or set"
            + " LEDGER_TOKEN)\n",
        none.err());
    Run wrong =
        onServer("wrong-token-000000000001", data("transcript", "--learner", CliWorld.LEARNER));
    assertEquals(ExitCodes.IO, wrong.code());
    assertEquals(
        "ledger transcript: not authorised by the server at "
            + url().replaceAll("/$", "")
            + ": want a known token, got an unknown one\n",
        wrong.err());
  }

  @Test
  void anyCommand_serverNotReachable_exitIoNamingTheUrl() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String dead = "http://127.0.0.1:" + port;
    Run r = CliWorld.run("checkpoint", "--server", dead);
    assertEquals(ExitCodes.IO, r.code());
    assertEquals(
        "ledger checkpoint: cannot reach the ledger server at " + dead + ": connection refused\n",
        r.err());
    Run e =
        CliWorld.run(at(dead, null, w.college("learner", "enrol", "--learner", "L-2026-NOWHERE")));
    assertEquals(ExitCodes.IO, e.code());
    assertEquals(
        "ledger learner enrol: cannot reach the ledger server at "
            + dead
            + ": connection refused\n",
        e.err());
  }

  @Test
  void options_dataAndServerOrNeither_usageErrors() {
    Run both = CliWorld.run("info", "--data", w.data.toString(), "--server", url());
    assertEquals(ExitCodes.USAGE, both.code());
    assertEquals("ledger info: give --data DIR or --server URL, not both\n", both.err());
    Run neither = CliWorld.run("info");
    assertEquals(ExitCodes.USAGE, neither.code());
    assertEquals(
        "ledger info: give --data DIR (a local ledger) or --server URL (a ledger server)\n",
        neither.err());
    Run bad = CliWorld.run("info", "--server", "localhost:8080");
    assertEquals(ExitCodes.USAGE, bad.code());
    assertEquals(
        "ledger info: want --server as a URL such as http://localhost:8080, got"
            + " 'localhost:8080'\n",
        bad.err());
    Run localOnly =
        CliWorld.run("profile", "show", "--server", url(), "--learner", CliWorld.LEARNER);
    assertEquals(ExitCodes.USAGE, localOnly.code());
    assertEquals(
        "ledger profile show: this command works on a local ledger only; give --data DIR, not"
            + " --server\n",
        localOnly.err());
  }
}
