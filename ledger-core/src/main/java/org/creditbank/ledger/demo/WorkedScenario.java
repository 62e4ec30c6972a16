package org.creditbank.ledger.demo;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.bank.AchievementRecordedBody;
import org.creditbank.ledger.bank.AchievementRef;
import org.creditbank.ledger.bank.AchievementRevocationReason;
import org.creditbank.ledger.bank.AchievementRevokedBody;
import org.creditbank.ledger.bank.Body;
import org.creditbank.ledger.bank.CreditConvertedBody;
import org.creditbank.ledger.bank.GenesisBody;
import org.creditbank.ledger.bank.InstitutionKind;
import org.creditbank.ledger.bank.InstitutionRegisteredBody;
import org.creditbank.ledger.bank.LearnerEnrolledBody;
import org.creditbank.ledger.bank.OutcomeKind;
import org.creditbank.ledger.bank.ProgramPublishedBody;
import org.creditbank.ledger.bank.Result;
import org.creditbank.ledger.bank.RulePublishedBody;
import org.creditbank.ledger.bank.StatementException;
import org.creditbank.ledger.bank.StatementSigner;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.journal.Receipt;
import org.creditbank.ledger.journal.StorageException;
import org.creditbank.ledger.note.NoteSigner;
import org.creditbank.ledger.util.Bytes;

/**
 * The worked scenario: every statement it submits, in order, with a sentence a person can read.
 *
 * <p>The actors: the city open university (the operator, {@value #OPERATOR}), its district branch
 * ({@value #DISTRICT}), a nursing vocational college ({@value #COLLEGE}), a certification body
 * issuing the nurse qualification certificate ({@value #CERT}) and a community school ({@value
 * #COMMUNITY}). The learner {@value #LEARNER} is enrolled by the district branch, earns two college
 * courses, the certificate and a community course; the open university publishes its nursing
 * programme and two rules (certificate → exemption of a course; college course → course credits)
 * and converts; then the certificate is revoked and the conversion that used it goes void.
 *
 * <p>Keys come from fixed seeds: they are public demonstration material, never for real use. That
 * makes every run with the same clock produce the same log.
 */
public final class WorkedScenario {
  /** The demonstration ledger's origin. */
  public static final String ORIGIN = "demo.creditbank.example/city";

  /** The city open university, the operator. */
  public static final String OPERATOR = "CITY-OU";

  /** The district open university, a branch of the operator. */
  public static final String DISTRICT = "DIST-OU";

  /** The nursing vocational college. */
  public static final String COLLEGE = "NURSE-VC";

  /** The certification body. */
  public static final String CERT = "NURSE-CERT";

  /** The community school. */
  public static final String COMMUNITY = "COMM-SCH";

  /** The learner's pseudonymous id. */
  public static final String LEARNER = "L-2026-7Q2F9K";

  /** The nursing programme of the open university. */
  public static final String PROGRAM = "NURSING-AD";

  /** When the first statement is issued; each next one a minute later. */
  public static final Instant ISSUED_FROM = Instant.parse("2026-09-01T01:00:00Z");

  private final List<String> institutions = List.of(OPERATOR, DISTRICT, COLLEGE, CERT, COMMUNITY);
  private int next;

  /** Creates the scenario. */
  public WorkedScenario() {}

  /**
   * Returns the demonstration key of an institution of the scenario (a fixed seed).
   *
   * @param institution one of the scenario's institution ids
   * @return its signing key
   * @throws IllegalArgumentException if the institution is not in the scenario
   */
  public Ed25519PrivateKey key(String institution) {
    int i = institutions.indexOf(institution);
    if (i < 0) {
      throw new IllegalArgumentException("no institution " + institution + " in the scenario");
    }
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) (0x41 + i));
    return Ed25519PrivateKey.fromSeed(seed);
  }

  /**
   * Returns the operator's checkpoint signer for {@link #ORIGIN}.
   *
   * @return the signer (a fixed seed of its own)
   */
  public NoteSigner checkpointSigner() {
    return NoteSigner.of(ORIGIN, checkpointKey());
  }

  /**
   * Returns the operator's checkpoint key (a fixed seed of its own), for tools that keep it in a
   * file beside the demonstration ledger.
   *
   * @return the checkpoint signing key
   */
  public Ed25519PrivateKey checkpointKey() {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) 0x30);
    return Ed25519PrivateKey.fromSeed(seed);
  }

  /**
   * Returns the genesis statement, signed by the operator: a seven-level framework, 16 hours per
   * credit, at most half of a programme's credits from conversion.
   *
   * @return the signed genesis
   */
  public byte[] genesis() {
    String[] names = {"一级", "二级", "三级", "四级", "五级", "六级", "七级"};
    List<GenesisBody.Level> levels = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      levels.add(new GenesisBody.Level(Integer.toString(i + 1), names[i]));
    }
    GenesisBody g =
        new GenesisBody(
            ORIGIN,
            new GenesisBody.Operator(OPERATOR, "市开放大学", key(OPERATOR).publicKey()),
            new GenesisBody.Framework("终身教育资历框架（七级）", levels),
            16,
            new GenesisBody.Policy(new BigDecimal("0.5")));
    return sign(OPERATOR, "genesis", ISSUED_FROM, g);
  }

  private static byte[] sign(String actor, String id, Instant at, Body body) {
    return new StatementSigner(ORIGIN, actor, new WorkedScenario().key(actor)).sign(id, at, body);
  }

  /**
   * One step: a sentence, and the signed statement it submits.
   *
   * @param say what happens, for a person to read
   * @param actor the institution making the statement
   * @param statement the signed statement
   */
  public record Step(String say, String actor, Bytes statement) {}

  /**
   * Returns the scenario's statements after the genesis, in order.
   *
   * @return the steps
   */
  public List<Step> steps() {
    next = 0;
    List<Step> s = new ArrayList<>();
    s.add(
        step(
            "The city open university registers its district branch, which may enrol learners"
                + " and record courses.",
            OPERATOR,
            register(
                DISTRICT,
                "区开放大学",
                InstitutionKind.OPEN_UNIVERSITY,
                Set.of(OutcomeKind.COURSE),
                true,
                Optional.of(OPERATOR))));
    s.add(
        step(
            "It registers a nursing vocational college, which may record courses.",
            OPERATOR,
            register(
                COLLEGE,
                "卫生职业技术学院",
                InstitutionKind.VOCATIONAL_COLLEGE,
                Set.of(OutcomeKind.COURSE),
                false,
                Optional.empty())));
    s.add(
        step(
            "It registers the certification body that issues nurse qualification certificates.",
            OPERATOR,
            register(
                CERT,
                "护士执业资格考试中心",
                InstitutionKind.CERTIFICATION_BODY,
                Set.of(OutcomeKind.VOCATIONAL_CERTIFICATE),
                false,
                Optional.empty())));
    s.add(
        step(
            "It registers a community school, which may record community education.",
            OPERATOR,
            register(
                COMMUNITY,
                "街道社区学校",
                InstitutionKind.COMMUNITY_SCHOOL,
                Set.of(OutcomeKind.COMMUNITY_EDUCATION),
                false,
                Optional.empty())));
    s.add(
        step(
            "The district branch opens a lifelong learning account for learner "
                + LEARNER
                + " (a pseudonym; no name or identity number goes on the ledger).",
            DISTRICT,
            new LearnerEnrolledBody(LEARNER, Optional.empty())));
    s.add(
        step(
            "The nursing college records 基础护理学 (NUR-101): 4 credits, level 5, score 86.",
            COLLEGE,
            achievement(
                "VC-2026-0001",
                OutcomeKind.COURSE,
                "基础护理学",
                "NUR-101",
                "5",
                "4",
                new Result.Score(new BigDecimal("86")),
                "2026-07-10")));
    s.add(
        step(
            "The nursing college records 内科护理学 (NUR-201): 5 credits, level 5, score 78.",
            COLLEGE,
            achievement(
                "VC-2026-0002",
                OutcomeKind.COURSE,
                "内科护理学",
                "NUR-201",
                "5",
                "5",
                new Result.Score(new BigDecimal("78")),
                "2026-07-12")));
    s.add(
        step(
            "The certification body records the nurse qualification certificate 护士执业资格证书"
                + " (NQC): 8 credits, level 4, passed.",
            CERT,
            achievement(
                "NQC-2026-3301",
                OutcomeKind.VOCATIONAL_CERTIFICATE,
                "护士执业资格证书",
                "NQC",
                "4",
                "8",
                new Result.PassFail(true),
                "2026-06-20")));
    s.add(
        step(
            "The community school records 社区健康照护讲座 (CH-12): 1 credit, level 2, passed.",
            COMMUNITY,
            achievement(
                "CS-2026-0456",
                OutcomeKind.COMMUNITY_EDUCATION,
                "社区健康照护讲座",
                "CH-12",
                "2",
                "1",
                new Result.PassFail(true),
                "2026-05-18")));
    s.add(
        step(
            "The open university publishes its nursing programme "
                + PROGRAM
                + ": 80 credits, 40 of them at level 5 or above, courses NUR-101 and NUR-301"
                + " required, at most half from conversion.",
            OPERATOR,
            new ProgramPublishedBody(
                PROGRAM,
                "护理（专科）",
                "5",
                new ProgramPublishedBody.Requirements(
                    new BigDecimal("80"),
                    List.of(new ProgramPublishedBody.LevelCredits("5", new BigDecimal("40"))),
                    List.of("NUR-101", "NUR-301"),
                    Optional.of(new BigDecimal("0.5"))))));
    s.add(
        step(
            "It publishes rule R-NQC: the nurse qualification certificate exempts course"
                + " NUR-301 (护理综合实训) for 6 credits, at most 6 per learner.",
            OPERATOR,
            rule(
                "R-NQC",
                List.of(OutcomeKind.VOCATIONAL_CERTIFICATE),
                List.of(CERT),
                List.of("NQC"),
                Optional.empty(),
                "NUR-301",
                new RulePublishedBody.Fixed(new BigDecimal("6")),
                "6")));
    s.add(
        step(
            "It publishes rule R-VC-NUR: a nursing college course NUR-* with a score of 60 or"
                + " more counts as course NUR-101 at its own credits, at most 4.",
            OPERATOR,
            rule(
                "R-VC-NUR",
                List.of(OutcomeKind.COURSE),
                List.of(COLLEGE),
                List.of("NUR-*"),
                Optional.of(new BigDecimal("60")),
                "NUR-101",
                new RulePublishedBody.Factor(BigDecimal.ONE, new BigDecimal("4")),
                "4")));
    s.add(
        step(
            "The open university converts the certificate under R-NQC: 6 credits for NUR-301.",
            OPERATOR,
            new CreditConvertedBody(
                "CV-2026-0001",
                LEARNER,
                "R-NQC",
                List.of(new AchievementRef(CERT, "NQC-2026-3301")),
                new BigDecimal("6"))));
    s.add(
        step(
            "It converts 基础护理学 under R-VC-NUR: 4 credits for NUR-101.",
            OPERATOR,
            new CreditConvertedBody(
                "CV-2026-0002",
                LEARNER,
                "R-VC-NUR",
                List.of(new AchievementRef(COLLEGE, "VC-2026-0001")),
                new BigDecimal("4"))));
    return s;
  }

  /**
   * Returns one more course that the nursing college records for the scenario's learner, once the
   * scenario has run: statement id and achievement id are both {@code id}. Tests that need many
   * valid submissions (load, crashes, storage failures) make them with it; the same id gives the
   * same bytes, so a resubmission is an idempotent repeat.
   *
   * @param id the statement's and the achievement's id, unique among these courses
   * @return the signed {@code achievement.recorded} statement
   */
  public byte[] extraCourse(String id) {
    return sign(
        COLLEGE,
        id,
        ISSUED_FROM.plus(Duration.ofDays(1)),
        achievement(
            id,
            OutcomeKind.COURSE,
            "护理技能实训",
            "NUR-301",
            "5",
            "2",
            new Result.Score(new BigDecimal("90")),
            "2026-07-10"));
  }

  /**
   * Returns the final step: the certification body revokes the certificate, which voids the
   * conversion that used it.
   *
   * @return the step
   */
  public Step revocation() {
    return step(
        "The certification body finds the certificate was issued in error and revokes it; the"
            + " conversion that used it goes void and its 6 credits stop counting.",
        CERT,
        new AchievementRevokedBody(
            CERT, "NQC-2026-3301", AchievementRevocationReason.ISSUED_IN_ERROR));
  }

  private Step step(String say, String actor, Body body) {
    int n = ++next;
    String id = String.format(Locale.ROOT, "demo-%02d", n);
    return new Step(
        say, actor, Bytes.copyFrom(sign(actor, id, ISSUED_FROM.plus(Duration.ofMinutes(n)), body)));
  }

  private InstitutionRegisteredBody register(
      String id,
      String name,
      InstitutionKind kind,
      Set<OutcomeKind> issue,
      boolean enrol,
      Optional<String> parent) {
    return new InstitutionRegisteredBody(
        id,
        name,
        kind,
        List.of(key(id).publicKey()),
        new InstitutionRegisteredBody.Permissions(issue, enrol, false),
        parent);
  }

  private static AchievementRecordedBody achievement(
      String id,
      OutcomeKind kind,
      String title,
      String code,
      String level,
      String credits,
      Result result,
      String completed) {
    BigDecimal c = new BigDecimal(credits);
    return new AchievementRecordedBody(
        id,
        LEARNER,
        kind,
        title,
        code,
        "0913",
        level,
        c,
        c.multiply(BigDecimal.valueOf(16)).intValueExact(),
        result,
        LocalDate.parse(completed),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  private static RulePublishedBody rule(
      String id,
      List<OutcomeKind> kinds,
      List<String> issuers,
      List<String> codes,
      Optional<BigDecimal> minScore,
      String course,
      RulePublishedBody.Credits credits,
      String limit) {
    return new RulePublishedBody(
        id,
        new RulePublishedBody.SourceCriteria(
            kinds,
            issuers,
            codes,
            Optional.of("0913"),
            Optional.empty(),
            minScore,
            Optional.empty(),
            Optional.empty()),
        new RulePublishedBody.Target(PROGRAM, course, credits),
        new BigDecimal(limit),
        LocalDate.parse("2026-01-01"),
        Optional.empty());
  }

  /**
   * Runs the scenario on a ledger created from {@link #genesis()}: every step, then the learner's
   * transcript and programme progress, the revocation, and both again.
   *
   * @param ledger the ledger
   * @param out where each line of the narration goes
   * @return the receipts of the steps, in order
   * @throws StatementException if the ledger refuses a step (it never should)
   * @throws StorageException if the ledger cannot write or read
   * @throws InterruptedException if interrupted while waiting for a receipt
   */
  public List<Receipt> run(CreditLedger ledger, Consumer<String> out)
      throws StatementException, StorageException, InterruptedException {
    List<Receipt> receipts = new ArrayList<>();
    List<Step> steps = new ArrayList<>(steps());
    for (Step s : steps) {
      receipts.add(submit(ledger, s, out));
    }
    out.accept("");
    report(ledger, out);
    out.accept("");
    receipts.add(submit(ledger, revocation(), out));
    out.accept("");
    report(ledger, out);
    return receipts;
  }

  private static Receipt submit(CreditLedger ledger, Step s, Consumer<String> out)
      throws StatementException, StorageException, InterruptedException {
    Receipt r = ledger.submit(s.statement().toByteArray());
    out.accept(String.format(Locale.ROOT, "[seq %d] %s", r.seq(), s.say()));
    return r;
  }

  private static void report(CreditLedger ledger, Consumer<String> out) throws StorageException {
    Reports.transcript(ledger.transcript(LEARNER).orElseThrow()).lines().forEach(out);
    out.accept("");
    Reports.progress(ledger.progress(LEARNER, OPERATOR, PROGRAM).orElseThrow())
        .lines()
        .forEach(out);
  }
}
