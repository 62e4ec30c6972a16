package org.creditbank.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.creditbank.ledger.bank.AchievementStatus;
import org.creditbank.ledger.bank.ConversionStatus;
import org.creditbank.ledger.bank.OutcomeKind;
import org.creditbank.ledger.bank.ProgramProgress;
import org.creditbank.ledger.bank.StatementType;
import org.creditbank.ledger.bank.Transcript;
import org.creditbank.ledger.demo.WorkedScenario;
import org.creditbank.ledger.journal.Receipt;
import org.creditbank.ledger.merkle.ProofVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worked scenario of the credit bank, its checks, and its output in docs/scenario.md. */
class WorkedScenarioTest {
  private static final String START = "<!-- scenario:output -->\n";
  private static final String END = "<!-- /scenario -->";

  @TempDir Path tmp;

  private static Map<String, String> requirements(ProgramProgress p) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    p.requirements()
        .forEach(r -> m.put(r.description(), (r.met() ? "met: " : "unmet: ") + r.status()));
    return m;
  }

  @Test
  void workedScenario_run_convertsThenVoidsOnRevocation() throws Exception {
    WorkedScenario s = new WorkedScenario();
    BankWorld.TestClock clock = new BankWorld.TestClock(Instant.parse("2026-09-01T02:00:00Z"));
    List<String> out = new ArrayList<>();
    try (CreditLedger ledger =
        CreditLedger.create(
            tmp.resolve("ledger"), s.checkpointSigner(), s.genesis(), BankWorld.options(clock))) {
      List<Receipt> receipts = s.run(ledger, out::add);

      // Every step was appended in order after the genesis, with a proof to its checkpoint.
      assertEquals(s.steps().size() + 1, receipts.size());
      for (int i = 0; i < receipts.size(); i++) {
        Receipt r = receipts.get(i);
        assertEquals(i + 1, r.seq());
        ProofVerifier.verifyInclusion(
            r.seq(), r.tree().size(), r.leafHash(), r.inclusionProof(), r.tree().root());
      }

      Transcript t = ledger.transcript(WorkedScenario.LEARNER).orElseThrow();
      assertEquals(WorkedScenario.DISTRICT, t.learner().enrolledBy());
      assertEquals(
          List.of(
              AchievementStatus.ACTIVE,
              AchievementStatus.ACTIVE,
              AchievementStatus.REVOKED,
              AchievementStatus.ACTIVE),
          t.achievements().stream().map(Transcript.Line::status).toList());
      assertEquals(
          List.of(ConversionStatus.VOID, ConversionStatus.ACTIVE),
          t.conversions().stream().map(c -> c.status()).toList());
      // The revoked certificate's 8 credits no longer count; 4 + 5 + 1 do.
      assertEquals(new BigDecimal("10"), t.totalCredits());
      assertEquals(new BigDecimal("9"), t.creditsByKind().get(OutcomeKind.COURSE));
      assertEquals(
          Map.of(WorkedScenario.OPERATOR + "/" + WorkedScenario.PROGRAM, new BigDecimal("4")),
          t.creditsByProgram());

      ProgramProgress p =
          ledger
              .progress(WorkedScenario.LEARNER, WorkedScenario.OPERATOR, WorkedScenario.PROGRAM)
              .orElseThrow();
      assertEquals(new BigDecimal("4"), p.convertedCredits());
      assertFalse(p.complete());
      assertEquals(
          Map.of(
              "80 credits in total", "unmet: 4 credits, 76 missing",
              "40 credits at level 5 or above", "unmet: 4 credits, 36 missing",
              "course NUR-101", "met: passed or converted",
              "course NUR-301", "unmet: missing",
              "at most 50% of the total from conversion (40 credits)",
                  "met: 4 converted credits count"),
          requirements(p));

      AchievementHistory h = ledger.history(WorkedScenario.CERT, "NQC-2026-3301").orElseThrow();
      assertEquals(
          List.of(
              StatementType.ACHIEVEMENT_RECORDED,
              StatementType.CREDIT_CONVERTED,
              StatementType.ACHIEVEMENT_REVOKED),
          h.entries().stream().map(AchievementHistory.Entry::type).toList());
    }

    // Before the revocation the same run showed the conversion and the course NUR-301 met.
    String text = String.join("\n", out) + "\n";
    int revocation = text.indexOf("revokes it");
    assertTrue(revocation > 0, text);
    assertTrue(text.substring(0, revocation).contains("[x] course NUR-301"), text);
    assertTrue(text.substring(revocation).contains("[ ] course NUR-301"), text);
    checkDoc(text);
  }

  @Test
  void workedScenario_secondLedger_reachesTheSameState() throws Exception {
    WorkedScenario s = new WorkedScenario();
    List<org.creditbank.ledger.util.Hash> digests = new ArrayList<>();
    for (String name : List.of("a", "b")) {
      BankWorld.TestClock clock = new BankWorld.TestClock(Instant.parse("2026-09-01T02:00:00Z"));
      try (CreditLedger ledger =
          CreditLedger.create(
              tmp.resolve(name), s.checkpointSigner(), s.genesis(), BankWorld.options(clock))) {
        s.run(ledger, line -> {});
        digests.add(ledger.stateDigest());
      }
    }
    assertEquals(digests.get(0), digests.get(1));
  }

  private static void checkDoc(String output) throws Exception {
    Path p = Paths.get("..", "docs", "scenario.md").toAbsolutePath().normalize();
    String text = Files.readString(p, StandardCharsets.UTF_8);
    int a = text.indexOf(START);
    int b = text.indexOf(END);
    assertTrue(a >= 0 && b > a, "want the scenario markers in " + p);
    String wanted = "```text\n" + output + "```\n";
    String updated = text.substring(0, a + START.length()) + wanted + text.substring(b);
    if (!updated.equals(text)) {
      Files.writeString(p, updated, StandardCharsets.UTF_8);
      assertFalse(
          System.getenv("CI") != null,
          "docs/scenario.md output was stale; rewritten, commit it (" + p + ")");
    }
  }
}
