package org.creditbank.ledger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.bank.LearnerEnrolledBody;
import org.creditbank.ledger.bank.StatementSigner;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.demo.WorkedScenario;
import org.creditbank.ledger.journal.JournalOptions;
import org.creditbank.ledger.note.NoteSigner;
import org.creditbank.ledger.server.LedgerServer;
import org.creditbank.ledger.server.ServerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code verify --server} and {@code audit --server}, against ledgers of the worked scenario served
 * in-process on random loopback ports.
 */
class RemoteAuditVerifyCommandsTest {
  static final String AUDITOR = "auditor-token-00000000001";
  static final String LEARNER_TOKEN = "learner-token-00000000001";

  @TempDir static Path tmp;

  static final WorkedScenario SCENARIO = new WorkedScenario();
  static String vkey;
  static Path tokens;
  static Path bundle;
  static Path longerBundle;
  static Path rewrittenEarly;
  static long bundleSize;
  static long revokedAt;

  /** The scenario with the revocation after the bundle's export. */
  static CreditLedger ledgerA;

  static LedgerServer serverA;

  /** The same key and scenario, another history: its genesis has another time, one more entry. */
  static CreditLedger ledgerB;

  static LedgerServer serverB;

  /** The same origin, another checkpoint key. */
  static CreditLedger ledgerC;

  static LedgerServer serverC;

  static int enrolments;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = LedgerCommand.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @BeforeAll
  static void build() throws Exception {
    tokens = tmp.resolve("tokens");
    Files.writeString(
        tokens,
        AUDITOR + " auditor\n" + LEARNER_TOKEN + " learner " + WorkedScenario.LEARNER + "\n");
    vkey = SCENARIO.checkpointSigner().verifier().toString();
    ledgerA = create("a", SCENARIO.checkpointSigner());
    for (WorkedScenario.Step s : SCENARIO.steps()) {
      ledgerA.submit(s.statement().toByteArray());
    }
    bundle = tmp.resolve("bundle.json");
    Files.write(bundle, ledgerA.export(WorkedScenario.LEARNER, List.of()).toJson());
    bundleSize = ledgerA.journal().size();
    revokedAt = ledgerA.submit(SCENARIO.revocation().statement().toByteArray()).seq();
    serverA = serve(ledgerA);

    ledgerB = create("b", SCENARIO.checkpointSigner());
    rewrittenEarly = tmp.resolve("rewritten-early.checkpoint");
    Files.write(rewrittenEarly, ledgerB.journal().latestCheckpoint().toBytes());
    SCENARIO.run(ledgerB, line -> {});
    // Longer than ledger A ever gets here, so the consistency proof, not the size, tells them
    // apart.
    for (int i = 0; i < 5; i++) {
      ledgerB.submit(enrolment());
    }
    longerBundle = tmp.resolve("longer-bundle.json");
    Files.write(longerBundle, ledgerB.export(WorkedScenario.LEARNER, List.of()).toJson());
    serverB = serve(ledgerB);
    assertNotEquals(
        ledgerA.journal().leaf(0).hash(),
        ledgerB.journal().leaf(0).hash(),
        "the two histories must differ from their genesis");

    byte[] seed = new byte[32];
    java.util.Arrays.fill(seed, (byte) 0x77);
    ledgerC = create("c", NoteSigner.of(WorkedScenario.ORIGIN, Ed25519PrivateKey.fromSeed(seed)));
    SCENARIO.run(ledgerC, line -> {});
    serverC = serve(ledgerC);
  }

  private static CreditLedger create(String name, NoteSigner signer) throws Exception {
    return CreditLedger.create(
        tmp.resolve(name), signer, SCENARIO.genesis(), JournalOptions.DEFAULT);
  }

  private static LedgerServer serve(CreditLedger ledger) throws Exception {
    return LedgerServer.start(
        ledger,
        ServerOptions.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .withTokens(tokens)
            .withThreads(4));
  }

  /** A new enrolment by the district branch. */
  private static byte[] enrolment() {
    enrolments++;
    String learner = "L-REMOTE-" + enrolments;
    return new StatementSigner(
            WorkedScenario.ORIGIN, WorkedScenario.DISTRICT, SCENARIO.key(WorkedScenario.DISTRICT))
        .sign(
            "enrol-" + learner,
            WorkedScenario.ISSUED_FROM,
            new LearnerEnrolledBody(learner, Optional.empty()));
  }

  @AfterAll
  static void close() {
    for (LedgerServer s : new LedgerServer[] {serverA, serverB, serverC}) {
      if (s != null) {
        s.close();
      }
    }
    for (CreditLedger l : new CreditLedger[] {ledgerA, ledgerB, ledgerC}) {
      if (l != null) {
        l.close();
      }
    }
  }

  private static String url(LedgerServer s) {
    return s.uri().toString();
  }

  // ---------------------------------------------------------------- verify --server

  @Test
  void verifyServer_achievementRevokedSinceTheBundle_showsItAndExitsOne() {
    Run r = run("verify", bundle.toString(), "--verifier-key", vkey, "--server", url(serverA));
    assertEquals(ExitCodes.VERIFICATION_FAILED, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("Verified offline: all "), r.out());
    assertTrue(
        r.out()
            .contains(
                ", signed with "
                    + WorkedScenario.ORIGIN
                    + ", extends the bundle's of size "
                    + bundleSize
                    + "\n"),
        r.out());
    assertTrue(
        r.out().contains(": NURSE-CERT/NQC-2026-3301: REVOKED at seq " + revokedAt + "\n"),
        r.out());
    assertTrue(r.out().contains(": NURSE-VC/VC-2026-0001: active\n"), r.out());
    assertEquals(
        "ledger verify: live check FAILED: the bundle: 1 of its achievements were revoked or"
            + " superseded since its checkpoint",
        r.err().strip());
  }

  @Test
  void verifyServer_checkpointSignedByAnotherKey_exitsOne() {
    Run r = run("verify", bundle.toString(), "--verifier-key", vkey, "--server", url(serverC));
    assertEquals(ExitCodes.VERIFICATION_FAILED, r.code(), r.out() + r.err());
    assertTrue(
        r.err()
            .startsWith(
                "ledger verify: live check FAILED: the server's checkpoint: it is not signed with "
                    + WorkedScenario.ORIGIN
                    + ": "),
        r.err());
  }

  @Test
  void verifyServer_rewrittenHistory_consistencyProofFailsExitsOne() {
    Run r = run("verify", bundle.toString(), "--verifier-key", vkey, "--server", url(serverB));
    assertEquals(ExitCodes.VERIFICATION_FAILED, r.code(), r.out() + r.err());
    assertTrue(
        r.err()
            .startsWith(
                "ledger verify: live check FAILED: the server's checkpoint: the server's tree of"
                    + " size "
                    + ledgerB.journal().size()
                    + " is not an extension of the checkpoint of size "
                    + bundleSize
                    + " (the history was rewritten): "),
        r.err());
  }

  @Test
  void verifyServer_serverSmallerThanTheBundle_exitsOne() {
    Run r =
        run("verify", longerBundle.toString(), "--verifier-key", vkey, "--server", url(serverA));
    assertEquals(ExitCodes.VERIFICATION_FAILED, r.code(), r.out() + r.err());
    assertEquals(
        "ledger verify: live check FAILED: the server's checkpoint: the server's latest checkpoint"
            + " has size "
            + ledgerA.journal().size()
            + ", smaller than "
            + ledgerB.journal().size()
            + ": the ledger lost entries\n",
        r.err());
  }

  // ---------------------------------------------------------------- audit --server

  @Test
  void auditServer_cleanLedger_exitsZeroAndSaysWhatIsLocalOnly() throws Exception {
    Path save = tmp.resolve("a.checkpoint");
    Run r =
        run(
            "audit",
            "--server",
            url(serverA),
            "--token",
            AUDITOR,
            "--verifier-key",
            vkey,
            "--save-checkpoint",
            save.toString());
    assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
    long size = ledgerA.journal().size();
    assertTrue(
        r.out().startsWith("Audit of " + WorkedScenario.ORIGIN + " at " + url(serverA) + ": OK."),
        r.out());
    assertTrue(r.out().contains("  " + size + " entries, 1 checkpoints, "), r.out());
    assertTrue(
        r.out()
            .contains(
                "  not compared: the server's stored state, ids and tree nodes (local-only: audit"
                    + " --data on the ledger's directory)\n"),
        r.out());
    assertTrue(
        r.out().endsWith("  saved the verified checkpoint of size " + size + " to " + save + "\n"),
        r.out());
    assertEquals(
        ledgerA.journal().latestCheckpoint(),
        org.creditbank.ledger.note.SignedNote.parse(Files.readAllBytes(save)));
    Run again =
        run(
            "audit",
            "--server",
            url(serverA),
            "--token",
            AUDITOR,
            "--verifier-key",
            vkey,
            "--since",
            save.toString());
    assertEquals(ExitCodes.OK, again.code(), again.out() + again.err());
    assertTrue(
        again.out().contains("  the ledger extends the saved checkpoint of size " + size),
        again.out());
  }

  @Test
  void auditServer_missingOrWrongToken_saysSoClearly() {
    Run none = run("audit", "--server", url(serverA), "--verifier-key", vkey);
    assertEquals(ExitCodes.IO, none.code(), none.out() + none.err());
    assertEquals(
        "ledger audit: GET /v1/entries: the server answered 401: want an Authorization: Bearer"
            + " token, got none (give an auditor's token with --token or LEDGER_TOKEN)\n",
        none.err());
    Run unknown =
        run(
            "audit",
            "--server",
            url(serverA),
            "--token",
            "nobody-token-0000000001",
            "--verifier-key",
            vkey);
    assertEquals(ExitCodes.IO, unknown.code(), unknown.out() + unknown.err());
    assertEquals(
        "ledger audit: GET /v1/entries: the server answered 401: want a known token, got an"
            + " unknown one (give an auditor's token with --token or LEDGER_TOKEN)\n",
        unknown.err());
    Run learner =
        run("audit", "--server", url(serverA), "--token", LEARNER_TOKEN, "--verifier-key", vkey);
    assertEquals(ExitCodes.IO, learner.code(), learner.out() + learner.err());
    assertEquals(
        "ledger audit: GET /v1/entries: the server answered 403: want an auditor token, got a"
            + " token of role learner (give an auditor's token with --token or LEDGER_TOKEN)\n",
        learner.err());
  }

  @Test
  void auditServer_badArguments_exitTwo() {
    Run r = run("audit", "--verifier-key", vkey);
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals("ledger audit: want exactly one of --data DIR or --server URL\n", r.err());
    r = run("audit", "--server", url(serverA), "--token", AUDITOR);
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals(
        "ledger audit: want --verifier-key with --server: the server's own key proves nothing\n",
        r.err());
    r = run("audit", "--data", tmp.resolve("a").toString(), "--follow", "--verifier-key", vkey);
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals("ledger audit: want --server with --follow\n", r.err());
  }

  @Test
  void auditServer_sinceCheckpointOfRewrittenHistory_exitsOne() {
    Run r =
        run(
            "audit",
            "--server",
            url(serverA),
            "--token",
            AUDITOR,
            "--verifier-key",
            vkey,
            "--since",
            rewrittenEarly.toString());
    assertEquals(ExitCodes.VERIFICATION_FAILED, r.code(), r.out() + r.err());
    assertTrue(
        r.err()
            .startsWith(
                "ledger audit: FAILED at saved checkpoint: the server's tree of size "
                    + ledgerA.journal().size()
                    + " is not an extension of the checkpoint of size 1 (the history was"
                    + " rewritten): "),
        r.err());
  }

  @Test
  void auditServer_entryChangedInTransit_exitsOneNamingTheSeq() throws Exception {
    try (Proxy p = new Proxy(n -> serverA, body -> body.replace("\"内科护理学\"", "\"外科护理学\""))) {
      Run r =
          run("audit", "--server", p.uri().toString(), "--token", AUDITOR, "--verifier-key", vkey);
      assertEquals(ExitCodes.VERIFICATION_FAILED, r.code(), r.out() + r.err());
      assertTrue(
          r.err().contains("ledger audit: FAILED at seq 7: the server says the leaf hash is "),
          r.err());
    }
  }

  // ---------------------------------------------------------------- audit --follow

  @Test
  void auditFollow_entriesAppendedBetweenRounds_auditsThemAndExitsZero() throws Exception {
    long before = ledgerA.journal().size();
    try (Proxy p =
        new Proxy(
            n -> {
              if (n == 2) {
                ledgerA.submit(enrolment());
                ledgerA.submit(enrolment());
              }
              return serverA;
            })) {
      Run r = follow(p, 2);
      assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
      long after = ledgerA.journal().size();
      assertEquals(before + 2, after);
      assertTrue(
          r.out()
              .endsWith(
                  "  round 2: checkpoint of size "
                      + after
                      + ", consistent with size "
                      + before
                      + "; 2 new entries audited: OK\n"),
          r.out());
    }
  }

  @Test
  void auditFollow_historyRewrittenBetweenRounds_exitsOne() throws Exception {
    try (Proxy p = new Proxy(n -> n == 1 ? serverA : serverB)) {
      Run r = follow(p, 3);
      assertEquals(ExitCodes.VERIFICATION_FAILED, r.code(), r.out() + r.err());
      assertTrue(r.out().startsWith("Audit of "), r.out());
      // The progress bar of the first round comes first on stderr.
      assertTrue(
          r.err()
              .contains(
                  "\nledger audit: FAILED at checkpoint at size "
                      + ledgerB.journal().size()
                      + ": the server's tree of size "
                      + ledgerB.journal().size()
                      + " is not an extension of the checkpoint of size "),
          r.err());
    }
  }

  private static Run follow(Proxy p, int rounds) {
    return run(
        "audit",
        "--server",
        p.uri().toString(),
        "--token",
        AUDITOR,
        "--verifier-key",
        vkey,
        "--follow",
        "--poll-interval",
        "0",
        "--follow-rounds",
        Integer.toString(rounds));
  }

  /** Which server the n-th checkpoint request (from 1) and the requests after it go to. */
  @FunctionalInterface
  interface Route {
    LedgerServer server(int checkpointRequest) throws Exception;
  }

  /**
   * A forwarding proxy on a random loopback port: lets a test act between the rounds of --follow
   * without timing, when the next checkpoint is asked for.
   */
  static final class Proxy implements AutoCloseable {
    private final HttpServer http;
    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicInteger checkpoints = new AtomicInteger();
    private volatile LedgerServer target;

    Proxy(Route route) throws IOException {
      this(route, body -> body);
    }

    Proxy(Route route, java.util.function.UnaryOperator<String> entries) throws IOException {
      http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      http.createContext(
          "/",
          ex -> {
            try (ex) {
              String path = ex.getRequestURI().toString();
              if (path.equals("/v1/checkpoint")) {
                target = route.server(checkpoints.incrementAndGet());
              }
              HttpRequest.Builder b = HttpRequest.newBuilder(target.uri().resolve(path)).GET();
              String auth = ex.getRequestHeaders().getFirst("Authorization");
              if (auth != null) {
                b.header("Authorization", auth);
              }
              HttpResponse<byte[]> r =
                  client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
              byte[] body = r.body();
              if (path.startsWith("/v1/entries?") && r.statusCode() == 200) {
                body =
                    entries
                        .apply(new String(body, java.nio.charset.StandardCharsets.UTF_8))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
              }
              ex.sendResponseHeaders(r.statusCode(), body.length == 0 ? -1 : body.length);
              ex.getResponseBody().write(body);
            } catch (Exception e) {
              ex.sendResponseHeaders(502, -1);
            }
          });
      http.start();
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/");
    }

    @Override
    public void close() {
      http.stop(0);
    }
  }
}
