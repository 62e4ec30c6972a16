package org.creditbank.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.creditbank.ledger.bank.AchievementRecordedBody;
import org.creditbank.ledger.bank.AchievementRef;
import org.creditbank.ledger.bank.InstitutionKind;
import org.creditbank.ledger.bank.OutcomeKind;
import org.creditbank.ledger.bank.ProgramProgress;
import org.creditbank.ledger.bank.RejectCode;
import org.creditbank.ledger.bank.RulePublishedBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Regression tests for what the review of the credit bank's state machine found. */
class ReviewFindingsTest {
  @TempDir Path tmp;

  /**
   * An institution converting its own achievement into its own programme: the credits count once,
   * through the conversion, not also as the institution's own.
   */
  @Test
  void progress_ownAchievementConvertedIntoOwnProgram_countsOnce() throws Exception {
    try (BankWorld w = BankWorld.create(tmp.resolve("ledger"))) {
      String op = BankWorld.OPERATOR;
      w.enrol(op, "L-OWN-0001");
      w.submit(op, BankWorld.course("own-1", "L-OWN-0001", "NUR-101", "4"));
      w.submit(op, BankWorld.course("own-2", "L-OWN-0001", "NUR-102", "3"));
      w.submit(op, BankWorld.program("P", "80", List.of()));
      w.submit(
          op,
          BankWorld.rule(
              "R",
              "P",
              "NUR-900",
              new RulePublishedBody.Fixed(new BigDecimal("4")),
              "10",
              List.of(OutcomeKind.COURSE)));
      w.submit(
          op, BankWorld.conversion("CV", "L-OWN-0001", "R", "4", new AchievementRef(op, "own-1")));
      ProgramProgress p = w.ledger.progress("L-OWN-0001", op, "P").orElseThrow();
      // own-2 counts as the institution's own (3); own-1 counts only through the conversion (4).
      assertEquals(new BigDecimal("3"), p.ownCredits());
      assertEquals(new BigDecimal("4"), p.convertedCredits());
      assertEquals(new BigDecimal("7"), p.countedCredits());
    }
  }

  /**
   * A completion date after the ledger's date is refused: it would also pass any rule's maximum
   * age, since the age would be negative.
   */
  @Test
  void record_completedAfterLedgerDate_rejectedAsDateInFuture() throws Exception {
    try (BankWorld w = BankWorld.create(tmp.resolve("ledger"))) {
      w.register("VC", InstitutionKind.VOCATIONAL_COLLEGE, Set.of(OutcomeKind.COURSE), true, false);
      w.enrol("VC", "L-FUT-0001");
      AchievementRecordedBody a = BankWorld.course("fut-1", "L-FUT-0001", "NUR-101", "4");
      w.reject(
          RejectCode.DATE_IN_FUTURE,
          "/body/completed",
          "want a completion date on or before the ledger's date 2026-09-01 at /body/completed,"
              + " got 2026-09-02",
          "VC",
          BankWorld.with(
              a, a.result(), LocalDate.parse("2026-09-02"), Optional.empty(), Optional.empty()));
      // The ledger's own date is accepted.
      w.submit(
          "VC",
          BankWorld.with(
              a, a.result(), LocalDate.parse("2026-09-01"), Optional.empty(), Optional.empty()));
    }
  }

  /**
   * Converting one achievement into many programmes adds one key per use; the achievement's own
   * stored value does not grow with its uses (it was rewritten whole, with every use, on each).
   */
  @Test
  void convert_oneSourceIntoManyPrograms_achievementValueDoesNotGrow() throws Exception {
    try (BankWorld w = BankWorld.create(tmp.resolve("ledger"))) {
      String op = BankWorld.OPERATOR;
      w.register("VC", InstitutionKind.VOCATIONAL_COLLEGE, Set.of(OutcomeKind.COURSE), true, false);
      w.enrol("VC", "L-MANY-001");
      w.submit("VC", BankWorld.course("a1", "L-MANY-001", "NUR-101", "4"));
      org.creditbank.ledger.util.Bytes key =
          org.creditbank.ledger.util.Bytes.copyFrom(
              "ach/VC/a1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      int before = w.ledger.journal().state().get(key).orElseThrow().size();
      int n = 12;
      for (int i = 0; i < n; i++) {
        w.submit(op, BankWorld.program("P" + i, "80", List.of()));
        w.submit(
            op,
            BankWorld.rule(
                "R" + i,
                "P" + i,
                "NUR-900",
                new RulePublishedBody.Fixed(new BigDecimal("4")),
                "10",
                List.of(OutcomeKind.COURSE)));
        w.submit(
            op,
            BankWorld.conversion(
                "CV" + i, "L-MANY-001", "R" + i, "4", new AchievementRef("VC", "a1")));
      }
      int after = w.ledger.journal().state().get(key).orElseThrow().size();
      // Only the counts and the last event's seq change: a few digits, not 12 uses and events.
      assertEquals(true, after - before <= 6, "grew from " + before + " to " + after + " bytes");
      org.creditbank.ledger.bank.AchievementRecord a =
          w.ledger.read(q -> q.achievement("VC", "a1")).orElseThrow();
      assertEquals(n, a.usedBy().size());
      assertEquals(n + 1, a.history().size());
    }
  }
}
