package org.creditbank.ledger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.demo.WorkedScenario;
import org.creditbank.ledger.journal.JournalOptions;
import org.creditbank.ledger.note.NoteSigner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ExportVerifyAuditCommandsTest {
  @TempDir static Path shared;
  @TempDir Path tmp;

  static Path ledger;
  static Path rewritten;
  static String vkey;
  static final String LEARNER = WorkedScenario.LEARNER;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = LedgerCommand.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** The worked scenario on a ledger whose clock stands at {@code at}, with its key file. */
  private static Path scenario(Path dir, Instant at) throws Exception {
    WorkedScenario s = new WorkedScenario();
    try (CreditLedger l =
        CreditLedger.create(
            dir,
            s.checkpointSigner(),
            s.genesis(),
            JournalOptions.DEFAULT.withClock(Clock.fixed(at, ZoneOffset.UTC)))) {
      s.run(l, line -> {});
    }
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) 0x30);
    // Mode 600: a checkpoint key that others may read is refused.
    Cli.writeKey(dir.resolve("checkpoint-key.pem"), Ed25519PrivateKey.fromSeed(seed));
    return dir;
  }

  @BeforeAll
  static void build() throws Exception {
    ledger = scenario(shared.resolve("ledger"), Instant.parse("2026-09-01T08:00:00Z"));
    rewritten = scenario(shared.resolve("rewritten"), Instant.parse("2026-09-02T08:00:00Z"));
    NoteSigner signer = new WorkedScenario().checkpointSigner();
    vkey = signer.verifier().toString();
    assertTrue(vkey.startsWith(WorkedScenario.ORIGIN + "+"), vkey);
  }

  private Path export() {
    Path out = tmp.resolve("bundle.json");
    Run r =
        run("export", "--data", ledger.toString(), "--learner", LEARNER, "--out", out.toString());
    assertEquals(ExitCodes.OK, r.code(), r.err());
    assertTrue(
        r.out().startsWith("Wrote the bundle of learner " + LEARNER + " to " + out), r.out());
    return out;
  }

  @Test
  void exportThenVerify_untouchedBundle_exitsZero() throws Exception {
    Path bundle = export();
    Run v = run("verify", bundle.toString(), "--verifier-key", vkey);
    assertEquals(ExitCodes.OK, v.code(), v.err());
    assertTrue(v.out().contains("  checkpoint: ok, size 16, signed with "), v.out());
    assertTrue(v.out().contains("Verified offline: all "), v.out());
    assertEquals("", v.err());
    Path keyFile = tmp.resolve("vkey.txt");
    Files.writeString(keyFile, vkey + "\n");
    assertEquals(
        ExitCodes.OK, run("verify", bundle.toString(), "--verifier-key", "@" + keyFile).code());
  }

  @Test
  void verify_anotherKey_exitsOneNamingTheCheckpoint() throws Exception {
    Path bundle = export();
    String other =
        NoteSigner.generate(WorkedScenario.ORIGIN, new java.security.SecureRandom())
            .verifier()
            .toString();
    Run v = run("verify", bundle.toString(), "--verifier-key", other);
    assertEquals(ExitCodes.VERIFICATION_FAILED, v.code());
    assertTrue(
        v.err()
            .startsWith(
                "ledger verify: the checkpoint does not verify; first: checkpoint: does not verify"
                    + " with "),
        v.err());
  }

  @Test
  void verify_changedLeaf_exitsOneNamingTheEntry() throws Exception {
    Path bundle = export();
    String json = Files.readString(bundle);
    // The base64 of the last entry's leaf, one character changed.
    int at = json.lastIndexOf("\"leaf\": \"") + 9 + 40;
    char c = json.charAt(at);
    String bad = json.substring(0, at) + (c == 'A' ? 'B' : 'A') + json.substring(at + 1);
    Files.writeString(bundle, bad);
    Run v = run("verify", bundle.toString(), "--verifier-key", vkey);
    assertEquals(ExitCodes.VERIFICATION_FAILED, v.code());
    // The last entry (the conversion at seq 14) fails, named with its reason; the others pass.
    assertTrue(v.out().contains("\n  seq 14: FAILED: "), v.out());
    assertEquals(7, v.out().lines().filter(l -> l.matches("  seq \\d+: ok: .*")).count(), v.out());
    assertTrue(
        v.err().startsWith("ledger verify: 1 of 8 entries failed; first: seq 14: "), v.err());
  }

  @Test
  void verify_badInputs_exitWithTheirCodes() throws Exception {
    Path garbage = tmp.resolve("garbage.json");
    Files.writeString(garbage, "{\"format\": 1}");
    Run r = run("verify", garbage.toString(), "--verifier-key", vkey);
    assertEquals(ExitCodes.VERIFICATION_FAILED, r.code());
    assertEquals(
        "ledger verify: " + garbage + " is not a valid bundle: missing member /version",
        r.err().strip());

    r = run("verify", tmp.resolve("none.json").toString(), "--verifier-key", vkey);
    assertEquals(ExitCodes.IO, r.code());
    assertTrue(r.err().startsWith("ledger verify: cannot read "), r.err());

    r = run("verify", garbage.toString(), "--verifier-key", "not-a-key");
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.err().startsWith("ledger verify: bad --verifier-key: "), r.err());

    r = run("verify", garbage.toString());
    assertEquals(ExitCodes.USAGE, r.code());
  }

  @Test
  void export_badArguments_exitTwo() {
    String out = tmp.resolve("b.json").toString();
    Run r = run("export", "--data", ledger.toString(), "--learner", "L-NOBODY-1", "--out", out);
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals("ledger export: no learner L-NOBODY-1 in the ledger", r.err().strip());

    r =
        run(
            "export",
            "--data",
            ledger.toString(),
            "--learner",
            LEARNER,
            "--achievement",
            "NOSLASH",
            "--out",
            out);
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals("ledger export: want --achievement as ISSUER/ID, got 'NOSLASH'", r.err().strip());

    r = run("export", "--data", tmp.resolve("none").toString(), "--learner", LEARNER, "--out", out);
    assertEquals(ExitCodes.IO, r.code());
    assertTrue(r.err().startsWith("ledger export: no ledger at "), r.err());
  }

  @Test
  void export_oneAchievement_verifies() {
    Path out = tmp.resolve("one.json");
    Run r =
        run(
            "export",
            "--data",
            ledger.toString(),
            "--learner",
            LEARNER,
            "--achievement",
            "NURSE-VC/VC-2026-0001",
            "--out",
            out.toString());
    assertEquals(ExitCodes.OK, r.code(), r.err());
    Run v = run("verify", out.toString(), "--verifier-key", vkey);
    assertEquals(ExitCodes.OK, v.code(), v.out() + v.err());
    assertTrue(v.out().contains("achievement.recorded NURSE-VC/VC-2026-0001"), v.out());
  }

  @Test
  void audit_cleanLedger_exitsZeroAndSavesTheCheckpoint() throws Exception {
    Path saved = tmp.resolve("cp.txt");
    Run r =
        run(
            "audit",
            "--data",
            ledger.toString(),
            "--verifier-key",
            vkey,
            "--save-checkpoint",
            saved.toString());
    assertEquals(ExitCodes.OK, r.code(), r.err());
    assertTrue(
        r.out().startsWith("Audit of " + WorkedScenario.ORIGIN + " in " + ledger + ": OK."),
        r.out());
    assertTrue(r.out().contains("  16 entries, 17 checkpoints, "), r.out());
    assertTrue(r.out().contains("  saved the verified checkpoint of size 16 to " + saved), r.out());
    // Off a terminal the progress bar is a line now and then, and the last count.
    assertEquals("audit [##############################] 16/16 entries", r.err().strip());
    assertTrue(Files.readString(saved, StandardCharsets.UTF_8).startsWith(WorkedScenario.ORIGIN));

    Run since =
        run(
            "audit",
            "--data",
            ledger.toString(),
            "--verifier-key",
            vkey,
            "--since",
            saved.toString());
    assertEquals(ExitCodes.OK, since.code(), since.err());
    assertTrue(
        since
            .out()
            .contains("  the ledger extends the saved checkpoint of size 16 (" + saved + ")"),
        since.out());
  }

  @Test
  void audit_noVerifierKey_usesTheLedgersOwnKeyAndSaysSo() {
    Run r = run("audit", "--data", ledger.toString());
    assertEquals(ExitCodes.OK, r.code(), r.err());
    assertEquals(
        "ledger audit: no --verifier-key given; checking against the ledger's own key in "
            + ledger.resolve("checkpoint-key.pem")
            + ", not a published one",
        r.err().lines().findFirst().orElse(""));
  }

  @Test
  void audit_rewrittenHistorySinceSavedCheckpoint_exitsOne() {
    Path saved = tmp.resolve("cp.txt");
    assertEquals(
        ExitCodes.OK,
        run(
                "audit",
                "--data",
                ledger.toString(),
                "--verifier-key",
                vkey,
                "--save-checkpoint",
                saved.toString())
            .code());
    // Rewritten consistently: a plain audit passes.
    assertEquals(
        ExitCodes.OK, run("audit", "--data", rewritten.toString(), "--verifier-key", vkey).code());
    Run r =
        run(
            "audit",
            "--data",
            rewritten.toString(),
            "--verifier-key",
            vkey,
            "--since",
            saved.toString());
    assertEquals(ExitCodes.VERIFICATION_FAILED, r.code());
    assertTrue(
        r.err()
            .startsWith(
                "ledger audit: FAILED at saved checkpoint: the checkpoint of size 16 has root "),
        r.err());
    assertTrue(r.err().contains(": the history was rewritten"), r.err());
  }

  @Test
  void audit_badInputs_exitWithTheirCodes() {
    Run r = run("audit", "--data", tmp.resolve("none").toString(), "--verifier-key", vkey);
    assertEquals(ExitCodes.IO, r.code());
    assertTrue(r.err().startsWith("ledger audit: no ledger at "), r.err());

    r = run("audit", "--data", ledger.toString(), "--verifier-key", "garbage");
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.err().startsWith("ledger audit: bad --verifier-key: "), r.err());

    r =
        run(
            "audit",
            "--data",
            ledger.toString(),
            "--verifier-key",
            vkey,
            "--since",
            tmp.resolve("none.txt").toString());
    assertEquals(ExitCodes.IO, r.code());
    assertTrue(r.err().startsWith("ledger audit: cannot read "), r.err());

    assertEquals(ExitCodes.USAGE, run("audit").code());
  }

  @Test
  void demo_endsWithBundleVerifyAndAudit() {
    Path dir = tmp.resolve("demo");
    Run r = run("demo", "--data", dir.toString());
    assertEquals(ExitCodes.OK, r.code(), r.err());
    Path bundle = dir.toAbsolutePath().resolveSibling("demo-bundle.json");
    assertTrue(Files.isRegularFile(bundle));
    assertTrue(r.out().contains("The learner exports a bundle"), r.out());
    assertTrue(r.out().contains("entries verify against the checkpoint of size 16."), r.out());
    assertTrue(r.out().contains("  OK: 16 entries and 17 checkpoints;"), r.out());
    assertEquals("", r.err());
  }
}
