package org.creditbank.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.creditbank.ledger.bank.AchievementRecord;
import org.creditbank.ledger.bank.AchievementRecordedBody;
import org.creditbank.ledger.bank.AchievementRef;
import org.creditbank.ledger.bank.AchievementRevocationReason;
import org.creditbank.ledger.bank.AchievementRevokedBody;
import org.creditbank.ledger.bank.ConversionRecord;
import org.creditbank.ledger.bank.ConversionRef;
import org.creditbank.ledger.bank.ConversionStatus;
import org.creditbank.ledger.bank.InstitutionKind;
import org.creditbank.ledger.bank.KeyChangeBody;
import org.creditbank.ledger.bank.KeyRevocationReason;
import org.creditbank.ledger.bank.LearnerEnrolledBody;
import org.creditbank.ledger.bank.OutcomeKind;
import org.creditbank.ledger.bank.ProgramProgress;
import org.creditbank.ledger.bank.ProgramPublishedBody;
import org.creditbank.ledger.bank.RejectCode;
import org.creditbank.ledger.bank.Result;
import org.creditbank.ledger.bank.RulePublishedBody;
import org.creditbank.ledger.bank.RuleRetiredBody;
import org.creditbank.ledger.bank.StatementException;
import org.creditbank.ledger.bank.StatementType;
import org.creditbank.ledger.bank.Transcript;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.journal.Receipt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules of {@code credit.converted}: eligibility, reuse, credits, caps, and voiding. */
class ConversionRulesTest {
  private static final String L1 = "L-000001";
  private static final String L2 = "L-000002";
  private static final RulePublishedBody.Credits ONE_TO_ONE =
      new RulePublishedBody.Factor(BigDecimal.ONE, new BigDecimal("6"));

  @TempDir Path tmp;

  /**
   * COLLEGE issues courses and certificates and enrols L1 and L2; CERT issues skill certificates;
   * UNI accepts conversions into NURSING and MIDWIFE. Today is 2026-09-01.
   */
  private BankWorld world() throws Exception {
    BankWorld w = BankWorld.create(tmp.resolve("ledger"));
    w.register(
        "COLLEGE",
        InstitutionKind.VOCATIONAL_COLLEGE,
        Set.of(OutcomeKind.COURSE, OutcomeKind.SKILL_CERTIFICATE),
        true,
        false);
    w.register(
        "CERT",
        InstitutionKind.CERTIFICATION_BODY,
        Set.of(OutcomeKind.SKILL_CERTIFICATE),
        false,
        false);
    w.register("UNI", InstitutionKind.UNIVERSITY, Set.of(OutcomeKind.COURSE), false, true);
    w.enrol("COLLEGE", L1);
    w.enrol("COLLEGE", L2);
    w.submit("UNI", BankWorld.program("NURSING", "80", List.of("NUR101")));
    w.submit("UNI", BankWorld.program("MIDWIFE", "60", List.of()));
    return w;
  }

  private static RulePublishedBody oneToOne(String id, String program, String limit) {
    return BankWorld.rule(id, program, "NUR101", ONE_TO_ONE, limit, List.of(OutcomeKind.COURSE));
  }

  private static AchievementRef col(String id) {
    return new AchievementRef("COLLEGE", id);
  }

  private static ConversionRecord conversion(BankWorld w, String id) throws Exception {
    return w.ledger.read(q -> q.conversion("UNI", id)).orElseThrow();
  }

  private static AchievementRecord achievement(BankWorld w, String id) throws Exception {
    return w.ledger.read(q -> q.achievement("COLLEGE", id)).orElseThrow();
  }

  // ---------------------------------------------------------------- accepting

  @Test
  void convert_eligibleSources_countsInTranscriptAndProgress() throws Exception {
    try (BankWorld w = world()) {
      Receipt a1 = w.submit("COLLEGE", BankWorld.course("c1", L1, "NUR101", "4"));
      w.submit("COLLEGE", BankWorld.course("c2", L1, "NUR102", "2.25"));
      w.submit(
          "UNI",
          BankWorld.rule(
              "r1",
              "NURSING",
              "NUR101",
              new RulePublishedBody.Factor(new BigDecimal("0.5"), new BigDecimal("6")),
              "10",
              List.of(OutcomeKind.COURSE)));
      // (4 + 2.25) × 0.5 = 3.125, rounded down to 3.12.
      Receipt cv =
          w.submit("UNI", BankWorld.conversion("cv1", L1, "r1", "3.12", col("c1"), col("c2")));
      ConversionRecord c = conversion(w, "cv1");
      assertEquals(ConversionStatus.ACTIVE, c.status());
      assertEquals("NURSING", c.program());
      assertEquals("NUR101", c.course());
      assertEquals(cv.seq(), c.seq());
      assertEquals(List.of(cv.seq()), c.history());
      assertEquals(
          List.of(new ConversionRef("UNI", "cv1")),
          w.ledger.learner(L1).orElseThrow().conversions());
      AchievementRecord src = achievement(w, "c1");
      assertEquals(List.of(new ConversionRef("UNI", "cv1")), src.usedBy());
      assertEquals(List.of(a1.seq(), cv.seq()), src.history());
      assertEquals(
          List.of(StatementType.ACHIEVEMENT_RECORDED, StatementType.CREDIT_CONVERTED),
          w.ledger.history("COLLEGE", "c1").orElseThrow().entries().stream()
              .map(AchievementHistory.Entry::type)
              .toList());
      Transcript t = w.ledger.transcript(L1).orElseThrow();
      assertEquals(Map.of("UNI/NURSING", new BigDecimal("3.12")), t.creditsByProgram());
      assertEquals(new BigDecimal("6.25"), t.totalCredits());
      ProgramProgress p = w.ledger.progress(L1, "UNI", "NURSING").orElseThrow();
      assertEquals(new BigDecimal("3.12"), p.convertedCredits());
      assertEquals(new BigDecimal("3.12"), p.convertedCounted());
      assertEquals(BigDecimal.ZERO, p.ownCredits());
      assertEquals(
          List.of(
              new ProgramProgress.Requirement(
                  "80 credits in total", false, "3.12 credits, 76.88 missing"),
              new ProgramProgress.Requirement("course NUR101", true, "passed or converted"),
              new ProgramProgress.Requirement(
                  "at most 50% of the total from conversion (40 credits)",
                  true, "3.12 converted credits count")),
          p.requirements());
    }
  }

  @Test
  void progress_convertedAboveProgrammeShare_countsOnlyTheShare() throws Exception {
    try (BankWorld w = world()) {
      // 10 credits, a quarter of them at most from conversion: 2.5.
      w.submit(
          "UNI",
          new ProgramPublishedBody(
              "SHORT",
              "护理短期课程",
              "6",
              new ProgramPublishedBody.Requirements(
                  new BigDecimal("10"),
                  List.of(new ProgramPublishedBody.LevelCredits("5", new BigDecimal("5"))),
                  List.of(),
                  Optional.of(new BigDecimal("0.25")))));
      w.submit("COLLEGE", BankWorld.course("c1", L1, "NUR101", "4"));
      w.submit("UNI", oneToOne("r1", "SHORT", "6"));
      w.submit("UNI", BankWorld.conversion("cv1", L1, "r1", "4", col("c1")));

      // The conversion itself stands at 4 credits; the programme counts 2.5 of them.
      assertEquals(
          Map.of("UNI/SHORT", new BigDecimal("4")),
          w.ledger.transcript(L1).orElseThrow().creditsByProgram());
      ProgramProgress p = w.ledger.progress(L1, "UNI", "SHORT").orElseThrow();
      assertEquals(new BigDecimal("4"), p.convertedCredits());
      assertEquals(new BigDecimal("2.5"), p.convertedCounted());
      assertEquals(
          List.of(
              new ProgramProgress.Requirement(
                  "10 credits in total", false, "2.5 credits, 7.5 missing"),
              new ProgramProgress.Requirement(
                  "5 credits at level 5 or above", false, "2.5 credits, 2.5 missing"),
              new ProgramProgress.Requirement(
                  "at most 25% of the total from conversion (2.5 credits)",
                  true, "2.5 of 4 converted credits count")),
          p.requirements());
    }
  }

  @Test
  void convert_factorAboveMax_grantsMax() throws Exception {
    try (BankWorld w = world()) {
      w.submit("COLLEGE", BankWorld.course("c1", L1, "NUR101", "4"));
      w.submit(
          "UNI",
          BankWorld.rule(
              "r1",
              "NURSING",
              "NUR101",
              new RulePublishedBody.Factor(new BigDecimal("2"), new BigDecimal("6")),
              "10",
              List.of(OutcomeKind.COURSE)));
      w.reject(
          RejectCode.CREDITS_MISMATCH,
          "/body/credits",
          "want 6 credits at /body/credits (rule \"r1\" on sources worth 4), got 8",
          "UNI",
          BankWorld.conversion("cv1", L1, "r1", "8", col("c1")));
      w.submit("UNI", BankWorld.conversion("cv1", L1, "r1", "6", col("c1")));
    }
  }

  @Test
  void convert_fixedRule_grantsFixedWhateverTheSource() throws Exception {
    try (BankWorld w = world()) {
      w.submit("COLLEGE", BankWorld.course("c1", L1, "NUR101", "4"));
      w.submit(
          "UNI",
          BankWorld.rule(
              "r1",
              "NURSING",
              "NUR101",
              new RulePublishedBody.Fixed(new BigDecimal("3")),
              "10",
              List.of(OutcomeKind.COURSE)));
      w.reject(
          RejectCode.CREDITS_MISMATCH,
          "/body/credits",
          "want 3 credits at /body/credits (rule \"r1\" on sources worth 4), got 4",
          "UNI",
          BankWorld.conversion("cv1", L1, "r1", "4", col("c1")));
      w.submit("UNI", BankWorld.conversion("cv1", L1, "r1", "3.00", col("c1")));
      assertEquals(new BigDecimal("3"), conversion(w, "cv1").body().credits());
    }
  }

  @Test
  void convert_roundingDown_rejectsRoundedUpClaim() throws Exception {
    try (BankWorld w = world()) {
      w.submit("COLLEGE", BankWorld.course("c1", L1, "NUR101", "4"));
      w.submit("COLLEGE", BankWorld.course("c2", L1, "NUR102", "2.25"));
      w.submit(
          "UNI",
          BankWorld.rule(
              "r1",
              "NURSING",
              "NUR101",
              new RulePublishedBody.Factor(new BigDecimal("0.5"), new BigDecimal("6")),
              "10",
              List.of(OutcomeKind.COURSE)));
      w.reject(
          RejectCode.CREDITS_MISMATCH,
          "/body/credits",
          "want 3.12 credits at /body/credits (rule \"r1\" on sources worth 6.25), got 3.13",
          "UNI",
          BankWorld.conversion("cv1", L1, "r1", "3.13", col("c1"), col("c2")));
    }
  }

  // ---------------------------------------------------------------- who, what, which rule

  @Test
  void convert_notAccepting_rejectsNotPermitted() throws Exception {
    try (BankWorld w = world()) {
      w.submit("COLLEGE", BankWorld.course("c1", L1, "NUR101", "4"));
      w.reject(
          RejectCode.NOT_PERMITTED,
          "/actor",
          "want an institution permitted to accept conversions at /actor, got \"COLLEGE\"",
          "COLLEGE",
          BankWorld.conversion("cv1", L1, "r1", "4", col("c1")));
    }
  }

  @Test
  void convert_existingId_rejectsDuplicateId() throws Exception {
    try (BankWorld w = world()) {
      w.submit("COLLEGE", BankWorld.course("c1", L1, "NUR101", "4"));
      w.submit("COLLEGE", BankWorld.course("c2", L1, "NUR102", "2"));
      w.submit("UNI", oneToOne("r1", "NURSING", "10"));
      w.submit("UNI", BankWorld.conversion("cv1", L1, "r1", "4", col("c1")));
      w.reject(
          RejectCode.DUPLICATE_ID,
          "/body/conversion",
          "want a new conversion id at /body/conversion, got \"cv1\", converted",
          "UNI",
          BankWorld.conversion("cv1", L1, "r1", "2", col("c2")));
    }
  }

  @Test
  void convert_unknownLearner_rejectsUnknownLearner() throws Exception {
    try (BankWorld w = world()) {
      w.submit("UNI", oneToOne("r1", "NURSING", "10"));
      w.reject(
          RejectCode.UNKNOWN_LEARNER,
          "/body/learner",
          "want an enrolled learner at /body/learner, got \"L-999999\"",
          "UNI",
          BankWorld.conversion("cv1", "L-999999", "r1", "4", col("c1")));
    }
  }

  @Test
  void convert_unknownRule_rejectsUnknownRule() throws Exception {
    try (BankWorld w = world()) {
      w.submit("COLLEGE", BankWorld.course("c1", L1, "NUR101", "4"));
      w.reject(
          RejectCode.UNKNOWN_RULE,
          "/body/rule",
          "want a rule that \"UNI\" published at /body/rule, got \"r9\"",
          "UNI",
          BankWorld.conversion("cv1", L1, "r9", "4", col("c1")));
    }
  }

  @Test
  void convert_retiredRule_rejectsNotActive() throws Exception {
    try (BankWorld w = world()) {
      w.submit("COLLEGE", BankWorld.course("c1", L1, "NUR101", "4"));
      w.submit("UNI", oneToOne("r1", "NURSING", "10"));
      Receipt r = w.submit("UNI", new RuleRetiredBody("r1"));
      w.reject(
          RejectCode.NOT_ACTIVE,
          "/body/rule",
          "want a rule in force on 2026-09-01 at /body/rule, got \"r1\", retired at seq " + r.seq(),
          "UNI",
          BankWorld.conversion("cv1", L1, "r1", "4", col("c1")));
    }
  }

  @Test
  void convert_outsideValidity_rejectsNotActiveByLedgerDate() throws Exception {
    try (BankWorld w = world()) {
      w.submit("COLLEGE", BankWorld.course("c1", L1, "NUR101", "4"));
      w.submit(
          "UNI",
          BankWorld.rule(
              "future",
              BankWorld.kinds(OutcomeKind.COURSE),
              "NURSING",
              "NUR101",
              ONE_TO_ONE,
              "10",
              "2026-09-02",
              Optional.empty()));
      w.submit(
          "UNI",
          BankWorld.rule(
              "ending",
              BankWorld.kinds(OutcomeKind.COURSE),
              "MIDWIFE",
              "NUR101",
              ONE_TO_ONE,
              "10",
              "2026-01-01",
              Optional.of("2026-09-02")));
      w.reject(
          RejectCode.NOT_ACTIVE,
          "/body/rule",
          "want a rule in force on 2026-09-01 at /body/rule, got \"future\", valid from"
              + " 2026-09-02",
          "UNI",
          BankWorld.conversion("cv1", L1, "future", "4", col("c1")));
      w.clock.advanceDays(1); // 2026-09-02: both in force, validity dates are inclusive
      w.submit("UNI", BankWorld.conversion("cv1", L1, "future", "4", col("c1")));
      w.clock.advanceDays(1); // 2026-09-03
      w.reject(
          RejectCode.NOT_ACTIVE,
          "/body/rule",
          "want a rule in force on 2026-09-03 at /body/rule, got \"ending\", valid from"
              + " 2026-01-01 until 2026-09-02",
          "UNI",
          BankWorld.conversion("cv2", L1, "ending", "4", col("c1")));
    }
  }

  // ---------------------------------------------------------------- sources

  @Test
  void convert_unknownSource_rejectsUnknownAchievement() throws Exception {
    try (BankWorld w = world()) {
      w.submit("COLLEGE", BankWorld.course("c1", L1, "NUR101", "4"));
      w.submit("UNI", oneToOne("r1", "NURSING", "10"));
      w.reject(
          RejectCode.UNKNOWN_ACHIEVEMENT,
          "/body/sources/1",
          "want an achievement that \"CERT\" recorded at /body/sources/1, got \"c1\"",
          "UNI",
          BankWorld.conversion("cv1", L1, "r1", "4", col("c1"), new AchievementRef("CERT", "c1")));
    }
  }

  @Test
  void convert_anotherLearnersSource_rejectsSourceNotEligible() throws Exception {
    try (BankWorld w = world()) {
      w.submit("COLLEGE", BankWorld.course("c1", L2, "NUR101", "4"));
      w.submit("UNI", oneToOne("r1", "NURSING", "10"));
      w.reject(
          RejectCode.SOURCE_NOT_ELIGIBLE,
          "/body/sources/0",
          "want an achievement of learner \"L-000001\" at /body/sources/0, got one of"
              + " \"L-000002\"",
          "UNI",
          BankWorld.conversion("cv1", L1, "r1", "4", col("c1")));
    }
  }

  @Test
  void convert_revokedOrSupersededSource_rejectsNotActive() throws Exception {
    try (BankWorld w = world()) {
      w.submit("COLLEGE", BankWorld.course("c1", L1, "NUR101", "4"));
      w.submit("COLLEGE", BankWorld.course("c2", L1, "NUR102", "4"));
      w.submit("UNI", oneToOne("r1", "NURSING", "10"));
      Receipt rev =
          w.submit(
              "COLLEGE",
              new AchievementRevokedBody("COLLEGE", "c1", AchievementRevocationReason.FRAUD));
      Receipt sup =
          w.submit(
              "COLLEGE", BankWorld.superseding(BankWorld.course("c3", L1, "NUR102", "4"), "c2"));
      w.reject(
          RejectCode.NOT_ACTIVE,
          "/body/sources/0",
          "want an active achievement at /body/sources/0, got \"c1\", revoked at seq " + rev.seq(),
          "UNI",
          BankWorld.conversion("cv1", L1, "r1", "4", col("c1")));
      w.reject(
          RejectCode.NOT_ACTIVE,
          "/body/sources/0",
          "want an active achievement at /body/sources/0, got \"c2\", superseded at seq "
              + sup.seq(),
          "UNI",
          BankWorld.conversion("cv1", L1, "r1", "4", col("c2")));
      w.submit("UNI", BankWorld.conversion("cv1", L1, "r1", "4", col("c3")));
    }
  }

  @Test
  void convert_expiredSource_rejectsNotActiveByLedgerDate() throws Exception {
    try (BankWorld w = world()) {
      AchievementRecordedBody c = BankWorld.course("c1", L1, "NUR101", "4");
      w.submit(
          "COLLEGE",
          BankWorld.with(
              c,
              c.result(),
              c.completed(),
              Optional.of(LocalDate.parse("2026-09-10")),
              Optional.empty()));
      w.submit("UNI", oneToOne("r1", "NURSING", "10"));
      w.clock.advanceDays(10); // 2026-09-11
      w.reject(
          RejectCode.NOT_ACTIVE,
          "/body/sources/0",
          "want an achievement valid on 2026-09-11 at /body/sources/0, got \"c1\", expired after"
              + " 2026-09-10",
          "UNI",
          BankWorld.conversion("cv1", L1, "r1", "4", col("c1")));
    }
  }

  /** Records {@code source} for L1 by COLLEGE, publishes {@code criteria}, and converts. */
  private static void criterion(
      AchievementRecordedBody source,
      RulePublishedBody.SourceCriteria criteria,
      Optional<String> why,
      Path dir)
      throws Exception {
    try (BankWorld w = BankWorld.create(dir)) {
      w.register(
          "COLLEGE",
          InstitutionKind.VOCATIONAL_COLLEGE,
          Set.of(OutcomeKind.COURSE, OutcomeKind.SKILL_CERTIFICATE),
          true,
          false);
      w.register("CERT", InstitutionKind.CERTIFICATION_BODY, Set.of(), false, false);
      w.register("UNI", InstitutionKind.UNIVERSITY, Set.of(), false, true);
      w.enrol("COLLEGE", L1);
      w.submit("UNI", BankWorld.program("NURSING", "80", List.of()));
      w.submit("COLLEGE", source);
      w.submit(
          "UNI",
          BankWorld.rule(
              "r1",
              criteria,
              "NURSING",
              "NUR101",
              ONE_TO_ONE,
              "10",
              "2026-01-01",
              Optional.empty()));
      String credits = source.credits().toPlainString();
      if (why.isPresent()) {
        w.reject(
            RejectCode.SOURCE_NOT_ELIGIBLE,
            "/body/sources/0",
            "source COLLEGE/"
                + source.achievement()
                + " at /body/sources/0 does not meet rule"
                + " \"r1\": "
                + why.get(),
            "UNI",
            BankWorld.conversion("cv1", L1, "r1", credits, col(source.achievement())));
      } else {
        w.submit("UNI", BankWorld.conversion("cv1", L1, "r1", credits, col(source.achievement())));
      }
    }
  }

  private static RulePublishedBody.SourceCriteria where(
      List<OutcomeKind> kinds,
      List<String> issuers,
      List<String> codes,
      Optional<String> field,
      Optional<String> minLevel,
      Optional<String> minScore,
      Optional<String> minGrade,
      Optional<Integer> maxAgeMonths) {
    return new RulePublishedBody.SourceCriteria(
        kinds,
        issuers,
        codes,
        field,
        minLevel,
        minScore.map(BigDecimal::new),
        minGrade,
        maxAgeMonths);
  }

  private static final List<OutcomeKind> COURSE = List.of(OutcomeKind.COURSE);
  private static final Optional<String> NONE = Optional.empty();

  private static AchievementRecordedBody resulting(Result r, String completed) {
    return BankWorld.with(
        BankWorld.course("c1", L1, "NUR101", "4"),
        r,
        LocalDate.parse(completed),
        Optional.empty(),
        Optional.empty());
  }

  private static final Result.Grade GRADE_C = new Result.Grade("C", List.of("A", "B", "C"));

  @Test
  void convert_eachCriterionFailing_rejectsSourceNotEligible() throws Exception {
    AchievementRecordedBody nur101 = BankWorld.course("c1", L1, "NUR101", "4");
    int[] n = {0};
    java.util.function.Supplier<Path> dir = () -> tmp.resolve("c" + n[0]++);
    criterion(
        nur101,
        where(
            List.of(OutcomeKind.SKILL_CERTIFICATE, OutcomeKind.MOOC),
            List.of(),
            List.of(),
            NONE,
            NONE,
            NONE,
            NONE,
            Optional.empty()),
        Optional.of("kind course is not one of skillCertificate, mooc"),
        dir.get());
    criterion(
        nur101,
        where(COURSE, List.of("CERT", "UNI"), List.of(), NONE, NONE, NONE, NONE, Optional.empty()),
        Optional.of("issuer COLLEGE is not one of CERT, UNI"),
        dir.get());
    criterion(
        nur101,
        where(COURSE, List.of(), List.of("MED*", "NUR1"), NONE, NONE, NONE, NONE, Optional.empty()),
        Optional.of("code NUR101 matches none of MED*, NUR1"),
        dir.get());
    criterion(
        nur101,
        where(
            COURSE,
            List.of("COLLEGE"),
            List.of("MED*", "NUR*"),
            NONE,
            NONE,
            NONE,
            NONE,
            Optional.empty()),
        Optional.empty(),
        dir.get());
    criterion(
        nur101,
        where(
            COURSE, List.of(), List.of(), Optional.of("0914"), NONE, NONE, NONE, Optional.empty()),
        Optional.of("field 0913 is not 0914"),
        dir.get());
    criterion(
        nur101,
        where(COURSE, List.of(), List.of(), NONE, Optional.of("6"), NONE, NONE, Optional.empty()),
        Optional.of("level 5 is below 6"),
        dir.get());
    criterion(
        nur101,
        where(
            COURSE,
            List.of(),
            List.of(),
            NONE,
            Optional.of("5"),
            Optional.of("85"),
            NONE,
            Optional.empty()),
        Optional.empty(),
        dir.get());
    criterion(
        resulting(new Result.PassFail(false), "2026-07-01"),
        where(COURSE, List.of(), List.of(), NONE, NONE, NONE, NONE, Optional.empty()),
        Optional.of("the result is a fail"),
        dir.get());
    criterion(
        nur101,
        where(
            COURSE, List.of(), List.of(), NONE, NONE, Optional.of("85.5"), NONE, Optional.empty()),
        Optional.of("score 85 is below 85.5"),
        dir.get());
    criterion(
        resulting(new Result.PassFail(true), "2026-07-01"),
        where(COURSE, List.of(), List.of(), NONE, NONE, Optional.of("60"), NONE, Optional.empty()),
        Optional.of("the rule wants a score of at least 60, the result has none"),
        dir.get());
    criterion(
        resulting(GRADE_C, "2026-07-01"),
        where(COURSE, List.of(), List.of(), NONE, NONE, NONE, Optional.of("B"), Optional.empty()),
        Optional.of("grade C is below B"),
        dir.get());
    criterion(
        resulting(new Result.Grade("B", List.of("A", "B", "C")), "2026-07-01"),
        where(COURSE, List.of(), List.of(), NONE, NONE, NONE, Optional.of("B"), Optional.empty()),
        Optional.empty(),
        dir.get());
    criterion(
        resulting(GRADE_C, "2026-07-01"),
        where(
            COURSE, List.of(), List.of(), NONE, NONE, NONE, Optional.of("PASS"), Optional.empty()),
        Optional.of("grade PASS is not on the result's scale [A, B, C]"),
        dir.get());
    criterion(
        nur101,
        where(COURSE, List.of(), List.of(), NONE, NONE, NONE, Optional.of("B"), Optional.empty()),
        Optional.of("the rule wants a grade of at least B, the result has none"),
        dir.get());
    criterion(
        resulting(new Result.Score(new BigDecimal("85")), "2025-08-01"),
        where(COURSE, List.of(), List.of(), NONE, NONE, NONE, NONE, Optional.of(12)),
        Optional.of("completed 2025-08-01 is 13 months before 2026-09-01, more than 12"),
        dir.get());
    criterion(
        resulting(new Result.Score(new BigDecimal("85")), "2025-09-01"),
        where(COURSE, List.of(), List.of(), NONE, NONE, NONE, NONE, Optional.of(12)),
        Optional.empty(),
        dir.get());
    assertEquals(16, n[0], "criterion cases run");
  }

  // ---------------------------------------------------------------- reuse and caps

  @Test
  void convert_sourceUsedForSameProgramme_rejectsSourceAlreadyUsed() throws Exception {
    try (BankWorld w = world()) {
      w.submit("COLLEGE", BankWorld.course("c1", L1, "NUR101", "4"));
      w.submit("COLLEGE", BankWorld.course("c2", L1, "NUR102", "2"));
      w.submit("UNI", oneToOne("r1", "NURSING", "10"));
      w.submit("UNI", oneToOne("r2", "NURSING", "10"));
      w.submit("UNI", oneToOne("r3", "MIDWIFE", "10"));
      w.submit("UNI", BankWorld.conversion("cv1", L1, "r1", "4", col("c1")));
      // Another rule into the same programme: refused.
      w.reject(
          RejectCode.SOURCE_ALREADY_USED,
          "/body/sources/1",
          "want a source not yet used for programme \"NURSING\" at /body/sources/1, got"
              + " COLLEGE/c1, used by conversion UNI/cv1",
          "UNI",
          BankWorld.conversion("cv2", L1, "r2", "6", col("c2"), col("c1")));
      // The same source into another programme: allowed.
      w.submit("UNI", BankWorld.conversion("cv3", L1, "r3", "4", col("c1")));
      assertEquals(
          List.of(new ConversionRef("UNI", "cv1"), new ConversionRef("UNI", "cv3")),
          achievement(w, "c1").usedBy());
      assertEquals(
          Map.of("UNI/NURSING", new BigDecimal("4"), "UNI/MIDWIFE", new BigDecimal("4")),
          w.ledger.transcript(L1).orElseThrow().creditsByProgram());
    }
  }

  @Test
  void convert_beyondLimit_rejectsRuleCapExceededPerLearner() throws Exception {
    try (BankWorld w = world()) {
      w.submit("COLLEGE", BankWorld.course("c1", L1, "NUR101", "4"));
      w.submit("COLLEGE", BankWorld.course("c2", L1, "NUR102", "2.5"));
      w.submit("COLLEGE", BankWorld.course("c3", L2, "NUR101", "4"));
      w.submit("UNI", oneToOne("r1", "NURSING", "6"));
      w.submit("UNI", BankWorld.conversion("cv1", L1, "r1", "4", col("c1")));
      w.reject(
          RejectCode.RULE_CAP_EXCEEDED,
          "/body/credits",
          "want at most 6 credits at /body/credits per learner through rule \"r1\", got 6.5 (4 already converted"
              + " + 2.5)",
          "UNI",
          BankWorld.conversion("cv2", L1, "r1", "2.5", col("c2")));
      // The limit is per learner.
      w.submit("UNI", BankWorld.conversion("cv3", L2, "r1", "4", col("c3")));
    }
  }

  // ---------------------------------------------------------------- voiding

  @Test
  void revokeSource_voidsConversionsFreesSourcesAndCap() throws Exception {
    try (BankWorld w = world()) {
      Receipt a1 = w.submit("COLLEGE", BankWorld.course("c1", L1, "NUR101", "2"));
      Receipt a2 = w.submit("COLLEGE", BankWorld.course("c2", L1, "NUR102", "3"));
      w.submit("COLLEGE", BankWorld.course("c3", L1, "NUR103", "2"));
      w.submit("UNI", oneToOne("r1", "NURSING", "6"));
      w.submit("UNI", oneToOne("r3", "MIDWIFE", "10"));
      Receipt cv1 =
          w.submit("UNI", BankWorld.conversion("cv1", L1, "r1", "5", col("c1"), col("c2")));
      Receipt cv9 = w.submit("UNI", BankWorld.conversion("cv9", L1, "r3", "2", col("c1")));
      w.reject(
          RejectCode.RULE_CAP_EXCEEDED,
          "/body/credits",
          "want at most 6 credits at /body/credits per learner through rule \"r1\", got 7 (5 already converted +"
              + " 2)",
          "UNI",
          BankWorld.conversion("cv2", L1, "r1", "2", col("c3")));
      w.reject(
          RejectCode.SOURCE_ALREADY_USED,
          "/body/sources/1",
          "want a source not yet used for programme \"NURSING\" at /body/sources/1, got"
              + " COLLEGE/c2, used by conversion UNI/cv1",
          "UNI",
          BankWorld.conversion("cv2", L1, "r1", "5", col("c3"), col("c2")));

      Receipt rev =
          w.submit(
              "COLLEGE",
              new AchievementRevokedBody(
                  "COLLEGE", "c1", AchievementRevocationReason.ISSUED_IN_ERROR));

      for (String id : List.of("cv1", "cv9")) {
        ConversionRecord c = conversion(w, id);
        assertEquals(ConversionStatus.VOID, c.status(), id);
        assertEquals(OptionalLong.of(rev.seq()), c.voidedSeq(), id);
        assertEquals(Optional.of(col("c1")), c.voidedBy(), id);
      }
      assertEquals(List.of(cv1.seq(), rev.seq()), conversion(w, "cv1").history());
      assertEquals(List.of(cv9.seq(), rev.seq()), conversion(w, "cv9").history());
      assertEquals(
          List.of(a1.seq(), cv1.seq(), cv9.seq(), rev.seq()), achievement(w, "c1").history());
      // The other source's history shows the entry that voided its conversion.
      assertEquals(List.of(a2.seq(), cv1.seq(), rev.seq()), achievement(w, "c2").history());
      assertEquals(
          List.of(
              StatementType.ACHIEVEMENT_RECORDED,
              StatementType.CREDIT_CONVERTED,
              StatementType.ACHIEVEMENT_REVOKED),
          w.ledger.history("COLLEGE", "c2").orElseThrow().entries().stream()
              .map(AchievementHistory.Entry::type)
              .toList());
      assertEquals(Map.of(), w.ledger.transcript(L1).orElseThrow().creditsByProgram());

      // c2 is free again for NURSING and the cap has room: 0 + 5 ≤ 6.
      Receipt cv2 =
          w.submit("UNI", BankWorld.conversion("cv2", L1, "r1", "5", col("c3"), col("c2")));
      assertEquals(
          List.of(new ConversionRef("UNI", "cv1"), new ConversionRef("UNI", "cv2")),
          achievement(w, "c2").usedBy());
      assertEquals(
          Map.of("UNI/NURSING", new BigDecimal("5")),
          w.ledger.transcript(L1).orElseThrow().creditsByProgram());

      // Revoking c2 voids cv2 only; cv1, already void, keeps its first voiding.
      Receipt rev2 =
          w.submit(
              BankWorld.OPERATOR,
              new AchievementRevokedBody("COLLEGE", "c2", AchievementRevocationReason.FRAUD));
      assertEquals(ConversionStatus.VOID, conversion(w, "cv2").status());
      assertEquals(List.of(cv2.seq(), rev2.seq()), conversion(w, "cv2").history());
      assertEquals(OptionalLong.of(rev.seq()), conversion(w, "cv1").voidedSeq());
      assertEquals(List.of(cv1.seq(), rev.seq()), conversion(w, "cv1").history());

      assertEquals(w.ledger.stateDigest(), w.replayDigest(tmp.resolve("replay")));
    }
  }

  @Test
  void supersedeSource_voidsConversionAndFreesOtherSources() throws Exception {
    try (BankWorld w = world()) {
      w.submit("COLLEGE", BankWorld.course("c1", L1, "NUR101", "2"));
      w.submit("COLLEGE", BankWorld.course("c2", L1, "NUR102", "3"));
      w.submit("UNI", oneToOne("r1", "NURSING", "6"));
      w.submit("UNI", BankWorld.conversion("cv1", L1, "r1", "5", col("c1"), col("c2")));
      Receipt sup =
          w.submit(
              "COLLEGE", BankWorld.superseding(BankWorld.course("c1b", L1, "NUR101", "3"), "c1"));
      ConversionRecord c = conversion(w, "cv1");
      assertEquals(ConversionStatus.VOID, c.status());
      assertEquals(OptionalLong.of(sup.seq()), c.voidedSeq());
      assertEquals(Optional.of(col("c1")), c.voidedBy());
      assertTrue(achievement(w, "c2").history().contains(sup.seq()));
      // The correction and the freed source convert again, with the whole cap: 3 + 3 = 6.
      w.submit("UNI", BankWorld.conversion("cv2", L1, "r1", "6", col("c1b"), col("c2")));
      assertEquals(
          Map.of("UNI/NURSING", new BigDecimal("6")),
          w.ledger.transcript(L1).orElseThrow().creditsByProgram());
    }
  }

  // ---------------------------------------------------------------- statement ids and replay

  @Test
  void submit_sameBytesAgain_returnsOriginalReceipt() throws Exception {
    try (BankWorld w = world()) {
      byte[] s = w.sign("COLLEGE", BankWorld.course("c1", L1, "NUR101", "4"));
      Receipt first = w.ledger.submit(s);
      long size = w.ledger.journal().size();
      Receipt again = w.ledger.submit(s);
      assertTrue(again.repeat());
      assertEquals(first.seq(), again.seq());
      assertEquals(first.leafHash(), again.leafHash());
      assertEquals(size, w.ledger.journal().size());
    }
  }

  @Test
  void submit_reusedIdForOtherContent_rejectsDuplicateId() throws Exception {
    try (BankWorld w = world()) {
      Receipt first =
          w.submit(
              "COLLEGE", w.key("COLLEGE"), "same-id", BankWorld.course("c1", L1, "NUR101", "4"));
      long size = w.ledger.journal().size();
      byte[] other =
          w.sign("COLLEGE", w.key("COLLEGE"), "same-id", BankWorld.course("c2", L1, "NUR102", "4"));
      StatementException e = assertThrows(StatementException.class, () -> w.ledger.submit(other));
      assertEquals(RejectCode.DUPLICATE_ID, e.code());
      assertEquals("/id", e.field());
      assertEquals(
          "at /id: statement id same-id of actor COLLEGE is already used by seq "
              + first.seq()
              + " for a different statement",
          e.getMessage());
      assertEquals(size, w.ledger.journal().size());
      // Ids are per actor.
      w.submit("UNI", w.key("UNI"), "same-id", BankWorld.program("X", "10", List.of()));
    }
  }

  @Test
  void replay_richSequence_rebuildsSameState() throws Exception {
    try (BankWorld w = world()) {
      Ed25519PrivateKey k2 = w.newKey();
      Ed25519PrivateKey k1 = w.key("COLLEGE");
      w.submit("COLLEGE", KeyChangeBody.added("COLLEGE", k2.publicKey()));
      w.submit("COLLEGE", BankWorld.course("c1", L1, "NUR101", "4"));
      w.useKey("COLLEGE", k2);
      w.submit(
          "COLLEGE", KeyChangeBody.revoked("COLLEGE", k1.publicKey(), KeyRevocationReason.RETIRED));
      AchievementRecordedBody c = BankWorld.course("c2", L1, "NUR102", "2");
      w.submit(
          "COLLEGE",
          BankWorld.with(
              c,
              c.result(),
              c.completed(),
              Optional.of(LocalDate.parse("2026-09-05")),
              Optional.empty()));
      w.submit("COLLEGE", new LearnerEnrolledBody("L-000003", Optional.empty()));
      w.submit("UNI", oneToOne("r1", "NURSING", "10"));
      w.submit(
          "UNI",
          BankWorld.rule(
              "r2",
              BankWorld.kinds(OutcomeKind.COURSE),
              "MIDWIFE",
              "NUR101",
              new RulePublishedBody.Fixed(new BigDecimal("1.5")),
              "3",
              "2026-09-03",
              Optional.empty()));
      w.submit("UNI", BankWorld.conversion("cv1", L1, "r1", "6", col("c1"), col("c2")));
      w.clock.advanceDays(3); // 2026-09-04: r2 in force
      w.submit("UNI", BankWorld.conversion("cv2", L1, "r2", "1.5", col("c2")));
      w.clock.advanceDays(5); // 2026-09-09: c2 expired, the conversions stand
      w.submit("COLLEGE", BankWorld.superseding(BankWorld.course("c3", L1, "NUR101", "5"), "c1"));
      w.submit("UNI", new RuleRetiredBody("r2"));
      w.submit("COLLEGE", BankWorld.course("c4", L2, "NUR101", "3"));
      w.submit("UNI", BankWorld.conversion("cv3", L2, "r1", "3", col("c4")));
      assertEquals(ConversionStatus.VOID, conversion(w, "cv1").status());
      assertEquals(ConversionStatus.ACTIVE, conversion(w, "cv2").status());
      assertEquals(w.ledger.stateDigest(), w.replayDigest(tmp.resolve("replay")));
    }
  }
}
