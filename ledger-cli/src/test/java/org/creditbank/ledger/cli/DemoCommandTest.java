package org.creditbank.ledger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @TempDir Path tmp;

  private static CliWorld.Run run(String... args) {
    return CliWorld.run(args);
  }

  @Test
  void demo_newDirectory_runsTheScenarioAndExitsZero() {
    CliWorld.Run r = run("demo", "--data", tmp.resolve("a").toString());
    assertEquals(ExitCodes.OK, r.code(), r.err());
    assertTrue(r.out().contains("[seq 15] The certification body finds the certificate"), r.out());
    assertTrue(r.out().contains("[ ] course NUR-301: missing"), r.out());
    assertTrue(r.out().contains("VOID (NURSE-CERT/NQC-2026-3301 no longer active)"), r.out());
    assertTrue(r.out().contains("The ledger holds 16 entries."), r.out());
    assertTrue(r.out().contains("demo.creditbank.example/city+"), r.out());
    assertTrue(
        r.out().contains("  All 8 entries verify against the checkpoint of size 16."), r.out());
    // The learner's own bundle holds only current achievements: nothing of it fails.
    assertTrue(r.out().contains("  seq 14: ok: credit.converted CITY-OU/CV-2026-0002"), r.out());
    assertFalse(r.out().contains("FAILED"), r.out());
    assertTrue(
        r.out()
            .contains(
                "  A bundle that also holds the revoked certificate is refused: seq 8: revoked at"
                    + " seq 15 by NURSE-CERT\n"),
        r.out());
    assertTrue(Files.isDirectory(tmp.resolve("a")));
    // A second run, into another directory, works too.
    assertEquals(ExitCodes.OK, run("demo", "--data", tmp.resolve("b").toString()).code());
  }

  @Test
  void demo_directoryWithALedger_refusedWithUsageError() {
    assertEquals(ExitCodes.OK, run("demo", "--data", tmp.resolve("a").toString()).code());
    CliWorld.Run again = run("demo", "--data", tmp.resolve("a").toString());
    assertEquals(ExitCodes.USAGE, again.code());
    assertEquals(
        "ledger demo: " + tmp.resolve("a") + " is not an empty directory; give a new one",
        again.err().strip());
  }
}
