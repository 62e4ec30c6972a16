package org.creditbank.ledger.bank;

import static org.creditbank.ledger.bank.TestKeys.LEDGER;
import static org.creditbank.ledger.bank.TestKeys.seeded;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.util.Hash;

/** Valid bodies of each typed statement, shared by the body tests and the doc examples. */
final class BodyFixtures {
  static final String OPERATOR = "CB-CITY-A";
  static final Ed25519PrivateKey OPERATOR_KEY = seeded(1);
  static final Ed25519PrivateKey UNIV_KEY = seeded(2);
  static final Ed25519PrivateKey UNIV_KEY_2 = seeded(3);

  private BodyFixtures() {}

  static GenesisBody genesis() {
    List<GenesisBody.Level> levels =
        List.of(
            new GenesisBody.Level("L1", "一级"),
            new GenesisBody.Level("L2", "二级"),
            new GenesisBody.Level("L3", "三级"),
            new GenesisBody.Level("L4", "四级"),
            new GenesisBody.Level("L5", "五级"),
            new GenesisBody.Level("L6", "六级"),
            new GenesisBody.Level("L7", "七级"));
    return new GenesisBody(
        LEDGER,
        new GenesisBody.Operator(OPERATOR, "城市A学分银行", OPERATOR_KEY.publicKey()),
        new GenesisBody.Framework("城市A终身教育资历框架", levels),
        16,
        new GenesisBody.Policy(new BigDecimal("0.50")));
  }

  static InstitutionRegisteredBody institution() {
    return new InstitutionRegisteredBody(
        "UNIV-0001",
        "城市A开放大学",
        InstitutionKind.OPEN_UNIVERSITY,
        List.of(UNIV_KEY.publicKey(), UNIV_KEY_2.publicKey()),
        new InstitutionRegisteredBody.Permissions(
            Set.of(OutcomeKind.COURSE, OutcomeKind.MOOC, OutcomeKind.PRIOR_LEARNING), true, true),
        Optional.empty());
  }

  static InstitutionRegisteredBody branch() {
    return new InstitutionRegisteredBody(
        "UNIV-0001-B2",
        "城市A开放大学第二分校",
        InstitutionKind.OPEN_UNIVERSITY,
        List.of(UNIV_KEY_2.publicKey()),
        new InstitutionRegisteredBody.Permissions(Set.of(), false, false),
        Optional.of("UNIV-0001"));
  }

  static KeyChangeBody keyAdded() {
    return KeyChangeBody.added("UNIV-0001", UNIV_KEY_2.publicKey());
  }

  static KeyChangeBody keyRevoked() {
    return KeyChangeBody.revoked("UNIV-0001", UNIV_KEY_2.publicKey(), KeyRevocationReason.RETIRED);
  }

  static LearnerEnrolledBody learner() {
    return new LearnerEnrolledBody(
        "L-7Q2F9K3M",
        Optional.of(
            Hash.fromHex("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")));
  }

  static LearnerEnrolledBody learnerWithoutCommitment() {
    return new LearnerEnrolledBody("L-7Q2F9K3M", Optional.empty());
  }

  static final String CERT_BODY = "CERT-0007";
  static final Ed25519PrivateKey CERT_KEY = seeded(4);

  /** A course of a nursing programme, with a score and evidence. */
  static AchievementRecordedBody achievement() {
    return new AchievementRecordedBody(
        "ach-2026-000123",
        "L-7Q2F9K3M",
        OutcomeKind.COURSE,
        "基础护理学",
        "NUR-101",
        "0913",
        "L5",
        new BigDecimal("4.0"),
        64,
        new Result.Score(new BigDecimal("86.50")),
        LocalDate.of(2026, 7, 1),
        Optional.empty(),
        Optional.of(
            new Evidence(
                Hash.fromHex("3a6eb0790f39ac87c94f3856b2dd2c5d110e6811602261a9a923d3bb23adc8b7"),
                "application/pdf")),
        Optional.empty());
  }

  /** A nurse qualification certificate that expires and replaces an earlier record. */
  static AchievementRecordedBody certificate() {
    return new AchievementRecordedBody(
        "cert-2026-0042",
        "L-7Q2F9K3M",
        OutcomeKind.VOCATIONAL_CERTIFICATE,
        "护士执业资格证书",
        "RN-2026",
        "0913",
        "L4",
        new BigDecimal("10"),
        0,
        new Result.PassFail(true),
        LocalDate.of(2026, 5, 20),
        Optional.of(LocalDate.of(2031, 5, 19)),
        Optional.empty(),
        Optional.of("cert-2026-0041"));
  }

  /** A MOOC with a letter grade. */
  static AchievementRecordedBody graded() {
    return new AchievementRecordedBody(
        "mooc-2026-7781",
        "L-7Q2F9K3M",
        OutcomeKind.MOOC,
        "人体解剖学",
        "MOOC.ANAT-01",
        "0913",
        "L5",
        new BigDecimal("2.5"),
        40,
        new Result.Grade("B+", List.of("A", "A-", "B+", "B", "C", "F")),
        LocalDate.of(2026, 1, 15),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  static AchievementRevokedBody achievementRevoked() {
    return new AchievementRevokedBody(
        "UNIV-0001", "ach-2026-000099", AchievementRevocationReason.ISSUED_IN_ERROR);
  }

  /** A rule granting a fixed 4 credits of NUR-101 for the nurse certificate. */
  static RulePublishedBody rule() {
    return new RulePublishedBody(
        "rule-nursing-rn",
        new RulePublishedBody.SourceCriteria(
            List.of(OutcomeKind.VOCATIONAL_CERTIFICATE),
            List.of(CERT_BODY),
            List.of("RN-*"),
            Optional.of("0913"),
            Optional.of("L4"),
            Optional.empty(),
            Optional.empty(),
            Optional.of(60)),
        new RulePublishedBody.Target(
            "prog-nursing-bsc", "NUR-101", new RulePublishedBody.Fixed(new BigDecimal("4"))),
        new BigDecimal("4"),
        LocalDate.of(2026, 9, 1),
        Optional.of(LocalDate.of(2029, 8, 31)));
  }

  /** A rule granting half the source's credits, capped at 6, for any scored course or MOOC. */
  static RulePublishedBody ruleFactor() {
    return new RulePublishedBody(
        "rule-mooc-half",
        new RulePublishedBody.SourceCriteria(
            List.of(OutcomeKind.MOOC, OutcomeKind.COURSE),
            List.of(),
            List.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(new BigDecimal("60.0")),
            Optional.empty(),
            Optional.empty()),
        new RulePublishedBody.Target(
            "prog-nursing-bsc",
            "ELECTIVE",
            new RulePublishedBody.Factor(new BigDecimal("0.50"), new BigDecimal("6"))),
        new BigDecimal("12"),
        LocalDate.of(2026, 9, 1),
        Optional.empty());
  }

  static RuleRetiredBody ruleRetired() {
    return new RuleRetiredBody("rule-nursing-rn-2025");
  }

  static CreditConvertedBody conversion() {
    return new CreditConvertedBody(
        "conv-2026-000007",
        "L-7Q2F9K3M",
        "rule-nursing-rn",
        List.of(new AchievementRef(CERT_BODY, "cert-2026-0042")),
        new BigDecimal("4"));
  }

  static ProgramPublishedBody program() {
    return new ProgramPublishedBody(
        "prog-nursing-bsc",
        "护理学专业（专升本）",
        "L6",
        new ProgramPublishedBody.Requirements(
            new BigDecimal("80"),
            List.of(
                new ProgramPublishedBody.LevelCredits("L6", new BigDecimal("40")),
                new ProgramPublishedBody.LevelCredits("L5", new BigDecimal("20.5"))),
            List.of("NUR-101", "NUR-201"),
            Optional.of(new BigDecimal("0.40"))));
  }

  static ProgramPublishedBody programMinimal() {
    return new ProgramPublishedBody(
        "prog-community-art",
        "社区书法研修",
        "L2",
        new ProgramPublishedBody.Requirements(
            new BigDecimal("0.5"), List.of(), List.of(), Optional.empty()));
  }
}
