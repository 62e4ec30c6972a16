package org.creditbank.ledger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.cli.CliWorld.Run;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mistakes a new user makes on a first session, and the exact message each gets: it must say
 * what is wrong and what to do, with no Java class names. Each case was found by following the
 * README on a fresh clone. Each case sets up a small ledger: about 1 to 2 s a case, 20 s in all on
 * the busy two-core machine.
 */
class NewcomerMistakesTest {
  @TempDir Path tmp;

  private CliWorld w;

  @BeforeEach
  void setUp() {
    w = new CliWorld(tmp).setUp();
  }

  @Test
  void transcript_mistypedOption_namesTheTypoAndTheOptionMeant() {
    // picocli reported "Missing required option: '--learner=ID'" and said nothing of --lerner.
    Run r = CliWorld.run("transcript", "--data", w.data.toString(), "--lerner", CliWorld.LEARNER);
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals(
        """
        ledger transcript: Unknown option: '--lerner'
        Possible solutions: --learner
        Try 'ledger transcript --help'.
        """,
        r.err());
  }

  @Test
  void ledger_mistypedCommand_suggestsTheCommandMeant() {
    Run r = CliWorld.run("transcrpt", "--data", w.data.toString());
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals(
        "ledger: Unmatched arguments from index 0: 'transcrpt', '--data', '"
            + w.data
            + "'\n"
            + "Did you mean: ledger transcript or ledger entry or ledger program?\n"
            + "Try 'ledger --help'.\n",
        r.err());
  }

  @Test
  void transcript_ledgerOpenElsewhere_saysWhatHoldsItAndWhatToDo() throws Exception {
    LedgerOptions o = new LedgerOptions();
    o.data = w.data;
    try (CreditLedger held = o.open()) {
      assertTrue(held.journal().size() >= 3, "the world's ledger, held open here");
      Run r =
          CliWorld.run("transcript", "--data", w.data.toString(), "--learner", CliWorld.LEARNER);
      assertEquals(ExitCodes.IO, r.code());
      // It used to end in RocksDB's "While lock file: DIR/LOCK: Resource temporarily unavailable".
      assertEquals(
          "ledger transcript: ledger "
              + w.data
              + " is already open in another process (such as ledger serve), which holds its lock:"
              + " run this command once that process has stopped, or, for a command that reads or"
              + " submits, go through the running server with --server URL in place of --data\n",
          r.err());
    }
  }

  @Test
  void learnerEnrol_keyIsADirectory_saysSoWithoutClassName() {
    Run r =
        CliWorld.run(
            w.with(
                new String[] {"learner", "enrol", "--learner", "L-2026-DIRKEY"},
                "--key",
                tmp.toString(),
                "--actor",
                "NURSE-VC"));
    assertEquals(ExitCodes.IO, r.code());
    // It used to read "cannot read DIR: java.io.IOException: Is a directory".
    assertEquals("ledger learner enrol: cannot read " + tmp + ": is a directory\n", r.err());
  }

  @Test
  void transcript_dataIsAFile_saysNotADirectory() throws Exception {
    Path file = Files.writeString(tmp.resolve("rows.csv"), "a,b\n");
    Run r = CliWorld.run("transcript", "--data", file.toString(), "--learner", CliWorld.LEARNER);
    assertEquals(ExitCodes.IO, r.code());
    assertEquals("ledger transcript: no ledger at " + file + ": not a directory\n", r.err());
  }

  @Test
  void submit_unsignedAmongSeveralFiles_namesTheFileAndSaysToSignIt() throws Exception {
    Path unsigned =
        Files.writeString(
            tmp.resolve("enrol.json"),
            "{\"type\":\"learner.enrolled\",\"body\":{\"learner\":\"L-2026-UNSIGN\"}}");
    Path signed = tmp.resolve("enrol.signed.json");
    Files.writeString(signed, CliWorld.ok(w.college("sign", unsigned.toString())).out());
    Run r =
        CliWorld.run("submit", "--data", w.data.toString(), signed.toString(), unsigned.toString());
    assertEquals(ExitCodes.REJECTED, r.code());
    assertEquals(
        "ledger submit: "
            + unsigned
            + ": rejected (SCHEMA at /ledger): missing member /ledger"
            + " (it has no proof: sign it first with ledger sign FILE --key FILE --actor ID)\n",
        r.err());
  }

  @Test
  void submit_jsonLinesWithABadLine_namesTheLine() throws Exception {
    Path lines =
        Files.writeString(
            tmp.resolve("batch.jsonl"), "{\"type\":\"learner.enrolled\"}\n\n{\"type\":\n");
    Run r = CliWorld.run("submit", "--data", w.data.toString(), lines.toString());
    assertEquals(ExitCodes.REJECTED, r.code());
    assertEquals(
        "ledger submit: "
            + lines
            + " line 1: rejected (SCHEMA at /ledger): missing member /ledger\n"
            + "ledger submit: "
            + lines
            + " line 3: rejected (SCHEMA): statement is not strict JSON: document ends at byte 8"
            + " inside an object, want its closing '}'\n",
        r.err());
  }

  @Test
  void help_localOnlyCommands_listNeitherServerNorToken() {
    // serve --help listed "--server=URL ... statements are still signed here" and --token.
    for (List<String> c :
        List.of(
            List.of("serve"),
            List.of("profile", "set"),
            List.of("profile", "show"),
            List.of("profile", "erase"),
            List.of("checkpoint-key", "status"),
            List.of("checkpoint-key", "rotate"),
            List.of("checkpoint-key", "promote"))) {
      List<String> args = new java.util.ArrayList<>(c);
      args.add("--help");
      String help = CliWorld.ok(args.toArray(String[]::new)).out();
      assertFalse(help.contains("--server=") || help.contains("--token="), help);
    }
    assertTrue(CliWorld.ok("transcript", "--help").out().contains("--server=URL"));
    assertTrue(CliWorld.ok("serve", "--help").out().contains("[--port=PORT]"));
  }

  @Test
  void profileShow_server_stillRefusedWithItsReason() {
    Run r =
        CliWorld.run(
            "profile", "show", "--server", "http://127.0.0.1:9", "--learner", CliWorld.LEARNER);
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals(
        "ledger profile show: this command works on a local ledger only; give --data DIR, not"
            + " --server\n",
        r.err());
  }

  @Test
  void init_originWithASpace_usageErrorAndNoLedger() {
    // It was "internal error: java.lang.IllegalArgumentException: key name contains space ..."
    // with exit 4.
    Path d = tmp.resolve("spaced");
    Run r =
        CliWorld.run(
            "init",
            "--data",
            d.toString(),
            "--origin",
            "bad origin",
            "--operator-id",
            "OP",
            "--operator-name",
            "Op",
            "--key",
            w.operatorKey.toString());
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals(
        "ledger init: want --origin a name such as creditbank.example/city, usable as a"
            + " checkpoint key name: key name contains space U+0020 at offset 3: \"bad origin\"\n",
        r.err());
    assertFalse(Files.exists(d));
  }

  @Test
  void export_outInMissingDirectory_namesTheDirectory() {
    CliWorld.ok(w.issue("VC-2026-0001", CliWorld.LEARNER));
    Path out = tmp.resolve("no-such-dir").resolve("bundle.json");
    Run r =
        CliWorld.run(
            "export",
            "--data",
            w.data.toString(),
            "--learner",
            CliWorld.LEARNER,
            "--out",
            "" + out);
    assertEquals(ExitCodes.IO, r.code());
    assertEquals(
        "ledger export: cannot write " + out + ": no such directory " + out.getParent() + "\n",
        r.err());
  }

  @Test
  void issue_optionGivenTwice_namesTheOption() {
    String[] args = w.issue("VC-2026-0002", CliWorld.LEARNER);
    String[] twice = java.util.Arrays.copyOf(args, args.length + 2);
    twice[args.length] = "--level";
    twice[args.length + 1] = "9";
    Run r = CliWorld.run(twice);
    assertEquals(ExitCodes.USAGE, r.code());
    // It printed picocli's "Error: expected only one match but got (--csv=FILE | [...])={...}"
    // with the whole option group, twice.
    assertEquals(
        """
        ledger issue: option '--level' should be specified only once
        Try 'ledger issue --help'.
        """,
        r.err());
  }

  @Test
  void verify_verifierKeyFileNotAKey_namedInTheError() throws Exception {
    Path csv = Files.writeString(tmp.resolve("rows.csv"), "achievement,learner\nA-1,L-1\n");
    Run r = CliWorld.run("verify", csv.toString(), "--verifier-key", "@" + csv);
    assertEquals(ExitCodes.USAGE, r.code());
    // picocli expanded @rows.csv into its words: "Unmatched arguments from index 4: 'A-1,L-1'".
    assertEquals(
        "ledger verify: bad --verifier-key: verifier key: want 3 '+'-separated fields"
            + " <name>+<key ID>+<key>, got 1\n",
        r.err());
  }

  @Test
  void issue_titleStartingWithAt_signedAsTyped() throws Exception {
    Files.writeString(tmp.resolve("home"), "not the title");
    String[] args = w.issue("VC-2026-0003", CliWorld.LEARNER);
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--title")) {
        args[i + 1] = "@" + tmp.resolve("home");
      }
    }
    String[] dry = java.util.Arrays.copyOf(args, args.length + 1);
    dry[args.length] = "--dry-run";
    String signed = CliWorld.ok(dry).out();
    assertTrue(signed.contains("\"title\" : \"@" + tmp.resolve("home") + "\""), signed);
  }

  @Test
  void restore_fromAFile_saysNotADirectory() throws Exception {
    Path csv = Files.writeString(tmp.resolve("rows.csv"), "a,b\n");
    String info = CliWorld.ok("info", "--data", w.data.toString()).out();
    String key = info.lines().filter(l -> l.startsWith("verifier key:")).findFirst().orElseThrow();
    Path into = tmp.resolve("restored");
    Run r =
        CliWorld.run(
            "restore",
            "--from",
            csv.toString(),
            "--data",
            into.toString(),
            "--verifier-key",
            key.substring("verifier key:".length()).strip());
    assertEquals(ExitCodes.VERIFICATION_FAILED, r.code());
    // It read "cannot read F/manifest.json: java.nio.file.FileSystemException: F/manifest.json:
    // Not a directory".
    assertEquals(
        "ledger restore: refused: cannot read "
            + csv.resolve("manifest.json")
            + ": not a directory ("
            + into
            + " left as it was)\n",
        r.err());
  }
}
