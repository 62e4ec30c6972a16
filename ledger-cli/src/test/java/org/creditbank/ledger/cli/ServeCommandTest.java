package org.creditbank.ledger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.demo.WorkedScenario;
import org.creditbank.ledger.journal.JournalOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The failures of {@code ledger serve} that stop it before it serves; serving is tested in
 * ledger-server.
 */
class ServeCommandTest {
  @TempDir Path tmp;

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

  @Test
  void serve_noLedger_exitsIo() {
    Path dir = tmp.resolve("none");
    Run r = run("serve", "--data", dir.toString(), "--port", "0");
    assertEquals(ExitCodes.IO, r.code());
    assertEquals("ledger serve: no ledger at " + dir + ": no such directory\n", r.err());
  }

  @Test
  void serve_limitsOutOfRange_exitUsage() {
    String[][] cases = {
      {"--readers", "10", "want --readers from 64 (--threads) to 16384, got 10"},
      {"--max-buffered-mib", "0", "want --max-buffered-mib from 1 to 1048576, got 0"},
      {"--header-timeout", "0", "want --header-timeout from 1 to 3600 seconds, got 0"},
      {"--body-timeout", "3601", "want --body-timeout from 1 to 3600 seconds, got 3601"},
      {"--queue-timeout", "-1", "want --queue-timeout from 0 to 3600 seconds, got -1"},
    };
    java.util.List<String> failures = new java.util.ArrayList<>();
    for (String[] c : cases) {
      Run r = run("serve", "--data", tmp.toString(), "--port", "0", "--threads", "64", c[0], c[1]);
      if (r.code() != ExitCodes.USAGE || !r.err().equals("ledger serve: " + c[2] + "\n")) {
        failures.add(String.join(" ", c) + ": " + r.code() + " " + r.err());
      }
    }
    assertEquals(java.util.List.of(), failures);
  }

  @Test
  void serve_badPort_exitsUsage() {
    Run r = run("serve", "--data", tmp.toString(), "--port", "70000");
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals("ledger serve: want --port from 0 to 65535, got 70000\n", r.err());
  }

  @Test
  void serve_malformedTokensFile_exitsIoNamingTheLine() throws Exception {
    WorkedScenario s = new WorkedScenario();
    Path dir = tmp.resolve("ledger");
    CreditLedger.create(dir, s.checkpointSigner(), s.genesis(), JournalOptions.DEFAULT).close();
    byte[] seed = new byte[32];
    java.util.Arrays.fill(seed, (byte) 0x30); // the scenario's checkpoint key
    Files.writeString(
        dir.resolve("checkpoint-key.pem"),
        org.creditbank.ledger.crypto.Ed25519PrivateKey.fromSeed(seed).toPem());
    Path tokens = tmp.resolve("tokens");
    Files.writeString(tokens, "abcdefghijklmnopqrstuvwxyz wizard\n");
    Run r = run("serve", "--data", dir.toString(), "--port", "0", "--tokens", tokens.toString());
    assertEquals(ExitCodes.IO, r.code());
    assertEquals(
        "ledger serve: "
            + tokens
            + " line 1: want role operator, auditor, institution or learner, got wizard\n",
        r.err());
  }
}
