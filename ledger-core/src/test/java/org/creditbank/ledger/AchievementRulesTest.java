package org.creditbank.ledger;

import static org.creditbank.ledger.BankWorld.OPERATOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.creditbank.ledger.bank.AchievementStatus;
import org.creditbank.ledger.bank.InstitutionKind;
import org.creditbank.ledger.bank.LearnerEnrolledBody;
import org.creditbank.ledger.bank.LearnerRecord;
import org.creditbank.ledger.bank.OutcomeKind;
import org.creditbank.ledger.bank.RejectCode;
import org.creditbank.ledger.bank.Result;
import org.creditbank.ledger.bank.StatementType;
import org.creditbank.ledger.bank.Transcript;
import org.creditbank.ledger.journal.Receipt;
import org.creditbank.ledger.util.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules of {@code learner.enrolled}, {@code achievement.recorded} and {@code .revoked}. */
class AchievementRulesTest {
  private static final String L1 = "L-000001";
  private static final String L2 = "L-000002";

  @TempDir Path tmp;

  /** COLLEGE issues courses and enrols; UNI issues courses and training but does not enrol. */
  private BankWorld world() throws Exception {
    BankWorld w = BankWorld.create(tmp.resolve("ledger"));
    w.register(
        "COLLEGE", InstitutionKind.VOCATIONAL_COLLEGE, Set.of(OutcomeKind.COURSE), true, false);
    w.register(
        "UNI",
        InstitutionKind.UNIVERSITY,
        Set.of(OutcomeKind.COURSE, OutcomeKind.TRAINING),
        false,
        true);
    w.enrol("COLLEGE", L1);
    w.enrol("COLLEGE", L2);
    return w;
  }

  private static AchievementRecord achievement(BankWorld w, String issuer, String id)
      throws Exception {
    return w.ledger.read(q -> q.achievement(issuer, id)).orElseThrow();
  }

  // ---------------------------------------------------------------- learner.enrolled

  @Test
  void enrol_permitted_opensEmptyAccount() throws Exception {
    try (BankWorld w = world()) {
      Hash commitment = Hash.sha256(new byte[] {1, 2, 3});
      Receipt r = w.submit("COLLEGE", new LearnerEnrolledBody("L-000003", Optional.of(commitment)));
      assertEquals(
          new LearnerRecord(
              "L-000003", "COLLEGE", r.seq(), Optional.of(commitment), List.of(), List.of()),
          w.ledger.learner("L-000003").orElseThrow());
      Transcript t = w.ledger.transcript("L-000003").orElseThrow();
      assertEquals(List.of(), t.achievements());
      assertEquals(BigDecimal.ZERO, t.totalCredits());
    }
  }

  @Test
  void enrol_notPermitted_rejectsNotPermitted() throws Exception {
    try (BankWorld w = world()) {
      w.reject(
          RejectCode.NOT_PERMITTED,
          "/actor",
          "want an institution permitted to enrol at /actor, got \"UNI\"",
          "UNI",
          new LearnerEnrolledBody("L-000003", Optional.empty()));
    }
  }

  @Test
  void enrol_existingLearner_rejectsDuplicateId() throws Exception {
    try (BankWorld w = world()) {
      w.reject(
          RejectCode.DUPLICATE_ID,
          "/body/learner",
          "want a new learner id at /body/learner, got \"L-000001\", enrolled",
          OPERATOR,
          new LearnerEnrolledBody(L1, Optional.empty()));
    }
  }

  // ---------------------------------------------------------------- achievement.recorded

  @Test
  void record_permitted_addsToAccountAndTranscriptTotals() throws Exception {
    try (BankWorld w = world()) {
      Receipt r1 = w.submit("COLLEGE", BankWorld.course("c1", L1, "NUR101", "4"));
      // Any issuer may record for an enrolled learner, not only the one that enrolled it.
      w.submit(
          "UNI",
          BankWorld.achievement(
              "t1",
              L1,
              OutcomeKind.TRAINING,
              "T-9",
              "0914",
              "3",
              "1.5",
              new Result.PassFail(true),
              LocalDate.parse("2026-06-01")));
      // A fail is on the transcript but its credits do not count.
      w.submit(
          "UNI",
          BankWorld.achievement(
              "t2",
              L1,
              OutcomeKind.TRAINING,
              "T-10",
              "0914",
              "3",
              "2",
              new Result.PassFail(false),
              LocalDate.parse("2026-06-01")));
      AchievementRecord a = achievement(w, "COLLEGE", "c1");
      assertEquals(AchievementStatus.ACTIVE, a.status());
      assertEquals(r1.seq(), a.seq());
      assertEquals(List.of(r1.seq()), a.history());
      assertEquals(
          List.of(
              new AchievementRef("COLLEGE", "c1"),
              new AchievementRef("UNI", "t1"),
              new AchievementRef("UNI", "t2")),
          w.ledger.learner(L1).orElseThrow().achievements());
      Transcript t = w.ledger.transcript(L1).orElseThrow();
      assertEquals(3, t.achievements().size());
      assertEquals(new BigDecimal("5.5"), t.totalCredits());
      assertEquals(
          Map.of(
              OutcomeKind.COURSE, new BigDecimal("4"), OutcomeKind.TRAINING, new BigDecimal("1.5")),
          t.creditsByKind());
      assertEquals(
          Map.of("3", new BigDecimal("1.5"), "5", new BigDecimal("4")), t.creditsByLevel());
      assertEquals(
          Map.of("0913", new BigDecimal("4"), "0914", new BigDecimal("1.5")), t.creditsByField());
      assertEquals(
          List.of(StatementType.ACHIEVEMENT_RECORDED),
          w.ledger.history("COLLEGE", "c1").orElseThrow().entries().stream()
              .map(AchievementHistory.Entry::type)
              .toList());
    }
  }

  @Test
  void record_expiring_isExpiredAfterValidUntilByLedgerDate() throws Exception {
    try (BankWorld w = world()) {
      AchievementRecordedBody c = BankWorld.course("c1", L1, "NUR101", "4");
      w.submit(
          "COLLEGE",
          BankWorld.with(
              c,
              c.result(),
              c.completed(),
              Optional.of(LocalDate.parse("2026-09-30")),
              Optional.empty()));
      assertEquals(
          AchievementStatus.ACTIVE,
          w.ledger.transcript(L1).orElseThrow().achievements().get(0).status());
      w.clock.advanceDays(29); // 2026-09-30, the last valid day
      assertEquals(new BigDecimal("4"), w.ledger.transcript(L1).orElseThrow().totalCredits());
      w.clock.advanceDays(1);
      Transcript t = w.ledger.transcript(L1).orElseThrow();
      assertEquals(AchievementStatus.EXPIRED, t.achievements().get(0).status());
      assertEquals(BigDecimal.ZERO, t.totalCredits());
    }
  }

  @Test
  void record_kindNotPermitted_rejectsNotPermitted() throws Exception {
    try (BankWorld w = world()) {
      w.reject(
          RejectCode.NOT_PERMITTED,
          "/body/kind",
          "want a kind \"COLLEGE\" may issue at /body/kind, got \"training\"",
          "COLLEGE",
          BankWorld.achievement(
              "t1",
              L1,
              OutcomeKind.TRAINING,
              "T-9",
              "0914",
              "3",
              "1.5",
              new Result.PassFail(true),
              LocalDate.parse("2026-06-01")));
    }
  }

  @Test
  void record_existingId_rejectsDuplicateId() throws Exception {
    try (BankWorld w = world()) {
      w.submit("COLLEGE", BankWorld.course("c1", L1, "NUR101", "4"));
      w.reject(
          RejectCode.DUPLICATE_ID,
          "/body/achievement",
          "want a new achievement id at /body/achievement, got \"c1\", recorded",
          "COLLEGE",
          BankWorld.course("c1", L2, "NUR102", "2"));
      // Ids are per issuer: another issuer may use the same one.
      w.submit("UNI", BankWorld.course("c1", L1, "NUR101", "4"));
    }
  }

  @Test
  void record_unknownLearner_rejectsUnknownLearner() throws Exception {
    try (BankWorld w = world()) {
      w.reject(
          RejectCode.UNKNOWN_LEARNER,
          "/body/learner",
          "want an enrolled learner at /body/learner, got \"L-999999\"",
          "COLLEGE",
          BankWorld.course("c1", "L-999999", "NUR101", "4"));
    }
  }

  @Test
  void record_unknownLevel_rejectsUnknownLevel() throws Exception {
    try (BankWorld w = world()) {
      w.reject(
          RejectCode.UNKNOWN_LEVEL,
          "/body/level",
          "want a level of the framework (1, 2, 3, 4, 5, 6, 7) at /body/level, got \"8\"",
          "COLLEGE",
          BankWorld.achievement(
              "c1",
              L1,
              OutcomeKind.COURSE,
              "NUR101",
              "0913",
              "8",
              "4",
              new Result.PassFail(true),
              LocalDate.parse("2026-06-01")));
    }
  }

  @Test
  void record_supersedes_replacesOldInTranscriptAndHistory() throws Exception {
    try (BankWorld w = world()) {
      Receipt r1 = w.submit("COLLEGE", BankWorld.course("c1", L1, "NUR101", "4"));
      Receipt r2 =
          w.submit(
              "COLLEGE", BankWorld.superseding(BankWorld.course("c2", L1, "NUR101", "5"), "c1"));
      AchievementRecord old = achievement(w, "COLLEGE", "c1");
      assertEquals(AchievementStatus.SUPERSEDED, old.status());
      assertEquals(OptionalLong.of(r2.seq()), old.statusSeq());
      assertEquals(Optional.of("c2"), old.supersededBy());
      assertEquals(Optional.empty(), old.revocationReason());
      assertEquals(List.of(r1.seq(), r2.seq()), old.history());
      Transcript t = w.ledger.transcript(L1).orElseThrow();
      assertEquals(
          List.of(AchievementStatus.SUPERSEDED, AchievementStatus.ACTIVE),
          t.achievements().stream().map(Transcript.Line::status).toList());
      assertEquals(new BigDecimal("5"), t.totalCredits());
    }
  }

  @Test
  void record_supersedesUnknown_rejectsUnknownAchievement() throws Exception {
    try (BankWorld w = world()) {
      // UNI's c1 exists, but supersedes names the issuer's own achievements only.
      w.submit("UNI", BankWorld.course("c1", L1, "NUR101", "4"));
      w.reject(
          RejectCode.UNKNOWN_ACHIEVEMENT,
          "/body/supersedes",
          "want an achievement that \"COLLEGE\" recorded at /body/supersedes, got \"c1\"",
          "COLLEGE",
          BankWorld.superseding(BankWorld.course("c2", L1, "NUR101", "5"), "c1"));
    }
  }

  @Test
  void record_supersedesOtherLearners_rejectsNotPermitted() throws Exception {
    try (BankWorld w = world()) {
      w.submit("COLLEGE", BankWorld.course("c1", L1, "NUR101", "4"));
      w.reject(
          RejectCode.NOT_PERMITTED,
          "/body/supersedes",
          "want an achievement of learner \"L-000002\" at /body/supersedes, got one of"
              + " \"L-000001\"",
          "COLLEGE",
          BankWorld.superseding(BankWorld.course("c2", L2, "NUR101", "5"), "c1"));
    }
  }

  @Test
  void record_supersedesRevokedOrSuperseded_rejectsNotActive() throws Exception {
    try (BankWorld w = world()) {
      w.submit("COLLEGE", BankWorld.course("c1", L1, "NUR101", "4"));
      Receipt rev =
          w.submit(
              "COLLEGE",
              new AchievementRevokedBody("COLLEGE", "c1", AchievementRevocationReason.WITHDRAWN));
      w.reject(
          RejectCode.NOT_ACTIVE,
          "/body/supersedes",
          "want an active achievement at /body/supersedes, got \"c1\", revoked at seq " + rev.seq(),
          "COLLEGE",
          BankWorld.superseding(BankWorld.course("c2", L1, "NUR101", "5"), "c1"));
      w.submit("COLLEGE", BankWorld.course("c3", L1, "NUR103", "4"));
      Receipt sup =
          w.submit(
              "COLLEGE", BankWorld.superseding(BankWorld.course("c4", L1, "NUR103", "5"), "c3"));
      w.reject(
          RejectCode.NOT_ACTIVE,
          "/body/supersedes",
          "want an active achievement at /body/supersedes, got \"c3\", superseded at seq "
              + sup.seq(),
          "COLLEGE",
          BankWorld.superseding(BankWorld.course("c5", L1, "NUR103", "5"), "c3"));
    }
  }

  // ---------------------------------------------------------------- achievement.revoked

  @Test
  void revoke_byIssuerAndByOperator_revokesAndStopsCounting() throws Exception {
    try (BankWorld w = world()) {
      Receipt r1 = w.submit("COLLEGE", BankWorld.course("c1", L1, "NUR101", "4"));
      w.submit("COLLEGE", BankWorld.course("c2", L1, "NUR102", "3"));
      Receipt rev1 =
          w.submit(
              "COLLEGE",
              new AchievementRevokedBody(
                  "COLLEGE", "c1", AchievementRevocationReason.ISSUED_IN_ERROR));
      Receipt rev2 =
          w.submit(
              OPERATOR,
              new AchievementRevokedBody("COLLEGE", "c2", AchievementRevocationReason.FRAUD));
      AchievementRecord a1 = achievement(w, "COLLEGE", "c1");
      assertEquals(AchievementStatus.REVOKED, a1.status());
      assertEquals(OptionalLong.of(rev1.seq()), a1.statusSeq());
      assertEquals(Optional.of(AchievementRevocationReason.ISSUED_IN_ERROR), a1.revocationReason());
      assertEquals(List.of(r1.seq(), rev1.seq()), a1.history());
      AchievementRecord a2 = achievement(w, "COLLEGE", "c2");
      assertEquals(Optional.of(AchievementRevocationReason.FRAUD), a2.revocationReason());
      assertEquals(OptionalLong.of(rev2.seq()), a2.statusSeq());
      Transcript t = w.ledger.transcript(L1).orElseThrow();
      assertEquals(BigDecimal.ZERO, t.totalCredits());
      assertTrue(t.creditsByKind().isEmpty());
      List<AchievementHistory.Entry> h = w.ledger.history("COLLEGE", "c2").orElseThrow().entries();
      assertEquals(OPERATOR, h.get(1).actor());
      assertEquals(StatementType.ACHIEVEMENT_REVOKED, h.get(1).type());
    }
  }

  @Test
  void revoke_byThirdInstitution_rejectsNotPermitted() throws Exception {
    try (BankWorld w = world()) {
      w.submit("COLLEGE", BankWorld.course("c1", L1, "NUR101", "4"));
      w.reject(
          RejectCode.NOT_PERMITTED,
          "/body/issuer",
          "want the actor \"UNI\" at /body/issuer (only the issuer or the operator revokes), got"
              + " \"COLLEGE\"",
          "UNI",
          new AchievementRevokedBody("COLLEGE", "c1", AchievementRevocationReason.FRAUD));
    }
  }

  @Test
  void revoke_unknownAchievement_rejectsUnknownAchievement() throws Exception {
    try (BankWorld w = world()) {
      w.reject(
          RejectCode.UNKNOWN_ACHIEVEMENT,
          "/body/achievement",
          "want an achievement that \"COLLEGE\" recorded at /body/achievement, got \"nope\"",
          "COLLEGE",
          new AchievementRevokedBody("COLLEGE", "nope", AchievementRevocationReason.FRAUD));
    }
  }

  @Test
  void revoke_twice_rejectsNotActive() throws Exception {
    try (BankWorld w = world()) {
      w.submit("COLLEGE", BankWorld.course("c1", L1, "NUR101", "4"));
      Receipt rev =
          w.submit(
              "COLLEGE",
              new AchievementRevokedBody("COLLEGE", "c1", AchievementRevocationReason.FRAUD));
      w.reject(
          RejectCode.NOT_ACTIVE,
          "/body/achievement",
          "want an active achievement at /body/achievement, got \"c1\", revoked at seq "
              + rev.seq(),
          OPERATOR,
          new AchievementRevokedBody("COLLEGE", "c1", AchievementRevocationReason.FRAUD));
    }
  }
}
