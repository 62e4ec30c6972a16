package org.creditbank.ledger;

import static org.creditbank.ledger.BankWorld.OPERATOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.creditbank.ledger.bank.InstitutionKind;
import org.creditbank.ledger.bank.OutcomeKind;
import org.creditbank.ledger.bank.ProgramProgress;
import org.creditbank.ledger.bank.ProgramPublishedBody;
import org.creditbank.ledger.bank.ProgramRecord;
import org.creditbank.ledger.bank.RejectCode;
import org.creditbank.ledger.bank.RulePublishedBody;
import org.creditbank.ledger.bank.RuleRecord;
import org.creditbank.ledger.bank.RuleRetiredBody;
import org.creditbank.ledger.journal.Receipt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules of {@code program.published}, {@code rule.published} and {@code rule.retired}. */
class RuleAndProgramRulesTest {
  @TempDir Path tmp;

  private static final RulePublishedBody.Credits ONE_TO_ONE =
      new RulePublishedBody.Factor(BigDecimal.ONE, new BigDecimal("6"));

  /** UNI accepts conversions and runs NURSING; COLLEGE issues courses and enrols. */
  private BankWorld world() throws Exception {
    BankWorld w = BankWorld.create(tmp.resolve("ledger"));
    w.register("UNI", InstitutionKind.UNIVERSITY, Set.of(OutcomeKind.COURSE), false, true);
    w.register(
        "COLLEGE", InstitutionKind.VOCATIONAL_COLLEGE, Set.of(OutcomeKind.COURSE), true, false);
    w.submit("UNI", BankWorld.program("NURSING", "80", List.of("NUR101")));
    return w;
  }

  private static ProgramPublishedBody program(String level, String minLevel) {
    return new ProgramPublishedBody(
        "MIDWIFE",
        "助产",
        level,
        new ProgramPublishedBody.Requirements(
            new BigDecimal("60"),
            List.of(new ProgramPublishedBody.LevelCredits(minLevel, new BigDecimal("20"))),
            List.of(),
            Optional.of(new BigDecimal("0.25"))));
  }

  // ---------------------------------------------------------------- program.published

  @Test
  void publishProgram_anyInstitution_isListedAndGivesProgress() throws Exception {
    try (BankWorld w = world()) {
      // Publishing a programme needs no permission.
      Receipt r = w.submit("COLLEGE", program("5", "4"));
      List<ProgramRecord> all = w.ledger.programs();
      assertEquals(2, all.size());
      assertEquals(new ProgramRecord("COLLEGE", program("5", "4"), r.seq()), all.get(1));
      w.enrol("COLLEGE", "L-000001");
      w.submit("COLLEGE", BankWorld.course("c1", "L-000001", "NUR101", "4"));
      ProgramProgress p = w.ledger.progress("L-000001", "COLLEGE", "MIDWIFE").orElseThrow();
      assertEquals(new BigDecimal("4"), p.ownCredits());
      assertEquals(
          List.of(
              new ProgramProgress.Requirement(
                  "60 credits in total", false, "4 credits, 56 missing"),
              new ProgramProgress.Requirement(
                  "20 credits at level 4 or above", false, "4 credits, 16 missing"),
              new ProgramProgress.Requirement(
                  "at most 25% of the total from conversion (15 credits)",
                  true, "0 converted credits count")),
          p.requirements());
      assertFalse(p.complete());
    }
  }

  @Test
  void publishProgram_existingId_rejectsDuplicateId() throws Exception {
    try (BankWorld w = world()) {
      w.reject(
          RejectCode.DUPLICATE_ID,
          "/body/program",
          "want a new programme id at /body/program, got \"NURSING\", published",
          "UNI",
          BankWorld.program("NURSING", "60", List.of()));
      // Programme ids are per institution.
      w.submit("COLLEGE", BankWorld.program("NURSING", "60", List.of()));
    }
  }

  @Test
  void publishProgram_unknownLevel_rejectsUnknownLevel() throws Exception {
    try (BankWorld w = world()) {
      w.reject(
          RejectCode.UNKNOWN_LEVEL,
          "/body/level",
          "want a level of the framework (1, 2, 3, 4, 5, 6, 7) at /body/level, got \"9\"",
          "UNI",
          program("9", "4"));
      w.reject(
          RejectCode.UNKNOWN_LEVEL,
          "/body/requirements/minCreditsAtLevel/0/level",
          "want a level of the framework (1, 2, 3, 4, 5, 6, 7) at"
              + " /body/requirements/minCreditsAtLevel/0/level, got \"0\"",
          "UNI",
          program("5", "0"));
    }
  }

  // ---------------------------------------------------------------- rule.published

  @Test
  void publishRule_acceptingInstitution_isListedInForce() throws Exception {
    try (BankWorld w = world()) {
      RulePublishedBody body =
          BankWorld.rule(
              "r1",
              new RulePublishedBody.SourceCriteria(
                  List.of(OutcomeKind.COURSE),
                  List.of("COLLEGE", "UNI"),
                  List.of("NUR*"),
                  Optional.of("0913"),
                  Optional.of("4"),
                  Optional.of(new BigDecimal("60")),
                  Optional.empty(),
                  Optional.of(24)),
              "NURSING",
              "NUR101",
              ONE_TO_ONE,
              "10",
              "2026-01-01",
              Optional.of("2027-12-31"));
      Receipt r = w.submit("UNI", body);
      assertEquals(
          List.of(new RuleRecord("UNI", body, r.seq(), OptionalLong.empty())), w.ledger.rules());
      assertTrue(w.ledger.rules().get(0).activeOn(w.ledger.today()));
    }
  }

  @Test
  void publishRule_notAccepting_rejectsNotPermitted() throws Exception {
    try (BankWorld w = world()) {
      w.submit("COLLEGE", BankWorld.program("NURSING", "60", List.of()));
      w.reject(
          RejectCode.NOT_PERMITTED,
          "/actor",
          "want an institution permitted to accept conversions at /actor, got \"COLLEGE\"",
          "COLLEGE",
          BankWorld.rule("r1", "NURSING", "NUR101", ONE_TO_ONE, "10", List.of(OutcomeKind.COURSE)));
    }
  }

  @Test
  void publishRule_existingId_rejectsDuplicateId() throws Exception {
    try (BankWorld w = world()) {
      w.submit(
          "UNI",
          BankWorld.rule("r1", "NURSING", "NUR101", ONE_TO_ONE, "10", List.of(OutcomeKind.COURSE)));
      w.reject(
          RejectCode.DUPLICATE_ID,
          "/body/rule",
          "want a new rule id at /body/rule, got \"r1\", published",
          "UNI",
          BankWorld.rule("r1", "NURSING", "NUR102", ONE_TO_ONE, "5", List.of(OutcomeKind.COURSE)));
    }
  }

  @Test
  void publishRule_programOfAnotherOrNone_rejectsUnknownProgram() throws Exception {
    try (BankWorld w = world()) {
      w.submit(OPERATOR, BankWorld.program("ADMIN", "60", List.of()));
      for (String program : List.of("NOPE", "ADMIN")) {
        w.reject(
            RejectCode.UNKNOWN_PROGRAM,
            "/body/target/program",
            "want a programme that \"UNI\" published at /body/target/program, got \""
                + program
                + "\"",
            "UNI",
            BankWorld.rule("r1", program, "NUR101", ONE_TO_ONE, "10", List.of(OutcomeKind.COURSE)));
      }
    }
  }

  private static RulePublishedBody.SourceCriteria criteria(
      List<String> issuers, Optional<String> minLevel) {
    return new RulePublishedBody.SourceCriteria(
        List.of(OutcomeKind.COURSE),
        issuers,
        List.of(),
        Optional.empty(),
        minLevel,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  @Test
  void publishRule_unknownIssuer_rejectsUnknownInstitution() throws Exception {
    try (BankWorld w = world()) {
      w.reject(
          RejectCode.UNKNOWN_INSTITUTION,
          "/body/source/issuers/1",
          "want a registered institution at /body/source/issuers/1, got \"NOPE\"",
          "UNI",
          BankWorld.rule(
              "r1",
              criteria(List.of("COLLEGE", "NOPE"), Optional.empty()),
              "NURSING",
              "NUR101",
              ONE_TO_ONE,
              "10",
              "2026-01-01",
              Optional.empty()));
    }
  }

  @Test
  void publishRule_unknownMinLevel_rejectsUnknownLevel() throws Exception {
    try (BankWorld w = world()) {
      w.reject(
          RejectCode.UNKNOWN_LEVEL,
          "/body/source/minLevel",
          "want a level of the framework (1, 2, 3, 4, 5, 6, 7) at /body/source/minLevel, got"
              + " \"8\"",
          "UNI",
          BankWorld.rule(
              "r1",
              criteria(List.of(), Optional.of("8")),
              "NURSING",
              "NUR101",
              ONE_TO_ONE,
              "10",
              "2026-01-01",
              Optional.empty()));
    }
  }

  // ---------------------------------------------------------------- rule.retired

  @Test
  void retireRule_inForce_recordsRetirement() throws Exception {
    try (BankWorld w = world()) {
      w.submit(
          "UNI",
          BankWorld.rule("r1", "NURSING", "NUR101", ONE_TO_ONE, "10", List.of(OutcomeKind.COURSE)));
      Receipt r = w.submit("UNI", new RuleRetiredBody("r1"));
      RuleRecord rule = w.ledger.rules().get(0);
      assertEquals(OptionalLong.of(r.seq()), rule.retiredSeq());
      assertFalse(rule.activeOn(w.ledger.today()));
    }
  }

  @Test
  void retireRule_unknownOrOthers_rejectsUnknownRule() throws Exception {
    try (BankWorld w = world()) {
      w.submit(
          "UNI",
          BankWorld.rule("r1", "NURSING", "NUR101", ONE_TO_ONE, "10", List.of(OutcomeKind.COURSE)));
      w.reject(
          RejectCode.UNKNOWN_RULE,
          "/body/rule",
          "want a rule that \"UNI\" published at /body/rule, got \"nope\"",
          "UNI",
          new RuleRetiredBody("nope"));
      // Only the owner retires its rule: for anyone else it is not there.
      w.reject(
          RejectCode.UNKNOWN_RULE,
          "/body/rule",
          "want a rule that \"CITY-OU\" published at /body/rule, got \"r1\"",
          OPERATOR,
          new RuleRetiredBody("r1"));
    }
  }

  @Test
  void retireRule_twice_rejectsNotActive() throws Exception {
    try (BankWorld w = world()) {
      w.submit(
          "UNI",
          BankWorld.rule("r1", "NURSING", "NUR101", ONE_TO_ONE, "10", List.of(OutcomeKind.COURSE)));
      Receipt r = w.submit("UNI", new RuleRetiredBody("r1"));
      w.reject(
          RejectCode.NOT_ACTIVE,
          "/body/rule",
          "want a rule in force at /body/rule, got \"r1\", retired at seq " + r.seq(),
          "UNI",
          new RuleRetiredBody("r1"));
    }
  }
}
