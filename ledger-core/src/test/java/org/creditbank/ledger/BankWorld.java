package org.creditbank.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.creditbank.ledger.bank.AchievementRecordedBody;
import org.creditbank.ledger.bank.AchievementRef;
import org.creditbank.ledger.bank.Body;
import org.creditbank.ledger.bank.CreditConvertedBody;
import org.creditbank.ledger.bank.GenesisBody;
import org.creditbank.ledger.bank.InstitutionKind;
import org.creditbank.ledger.bank.InstitutionRegisteredBody;
import org.creditbank.ledger.bank.LearnerEnrolledBody;
import org.creditbank.ledger.bank.OutcomeKind;
import org.creditbank.ledger.bank.ProgramPublishedBody;
import org.creditbank.ledger.bank.RejectCode;
import org.creditbank.ledger.bank.Result;
import org.creditbank.ledger.bank.RulePublishedBody;
import org.creditbank.ledger.bank.StatementException;
import org.creditbank.ledger.bank.StatementSigner;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.journal.Durability;
import org.creditbank.ledger.journal.JournalOptions;
import org.creditbank.ledger.journal.Receipt;
import org.creditbank.ledger.journal.StorageException;
import org.creditbank.ledger.note.NoteSigner;
import org.creditbank.ledger.util.Hash;

/**
 * A test credit bank: a ledger in a temporary directory with a settable clock, keys for each
 * institution, and builders for the bodies tests need. Statement ids are generated.
 */
final class BankWorld implements AutoCloseable {
  static final String ORIGIN = "creditbank.example/test-city";
  static final String OPERATOR = "CITY-OU";
  static final Instant START = Instant.parse("2026-09-01T08:00:00Z");

  /** A clock tests move forward. */
  static final class TestClock extends Clock {
    private volatile Instant now;

    TestClock(Instant start) {
      this.now = start;
    }

    void set(Instant t) {
      now = t;
    }

    void advanceDays(long days) {
      now = now.plusSeconds(days * 86_400);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  final Path dir;
  final TestClock clock;
  final NoteSigner checkpoints;
  final CreditLedger ledger;
  private final Map<String, Ed25519PrivateKey> keys = new HashMap<>();
  private int nextId;
  private int nextSeed = 10;

  private BankWorld(Path dir, TestClock clock, NoteSigner checkpoints, CreditLedger ledger) {
    this.dir = dir;
    this.clock = clock;
    this.checkpoints = checkpoints;
    this.ledger = ledger;
  }

  static Ed25519PrivateKey seeded(int b) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) b);
    return Ed25519PrivateKey.fromSeed(seed);
  }

  static JournalOptions options(Clock clock) {
    return JournalOptions.DEFAULT.withDurability(Durability.ASYNC).withClock(clock);
  }

  static GenesisBody genesisBody(Ed25519PrivateKey operatorKey) {
    List<GenesisBody.Level> levels = new ArrayList<>();
    String[] names = {"一级", "二级", "三级", "四级", "五级", "六级", "七级"};
    for (int i = 0; i < names.length; i++) {
      levels.add(new GenesisBody.Level(Integer.toString(i + 1), names[i]));
    }
    return new GenesisBody(
        ORIGIN,
        new GenesisBody.Operator(OPERATOR, "城市开放大学", operatorKey.publicKey()),
        new GenesisBody.Framework("终身教育资历框架（七级）", levels),
        16,
        new GenesisBody.Policy(new BigDecimal("0.5")));
  }

  /** Creates a ledger whose genesis names {@link #OPERATOR} with the key of seed 1. */
  static BankWorld create(Path dir) throws Exception {
    TestClock clock = new TestClock(START);
    Ed25519PrivateKey op = seeded(1);
    NoteSigner checkpoints = NoteSigner.of(ORIGIN, seeded(2));
    byte[] genesis =
        new StatementSigner(ORIGIN, OPERATOR, op).sign("genesis", START, genesisBody(op));
    CreditLedger ledger = CreditLedger.create(dir, checkpoints, genesis, options(clock));
    BankWorld w = new BankWorld(dir, clock, checkpoints, ledger);
    w.keys.put(OPERATOR, op);
    return w;
  }

  /** Opens the same ledger directory again (after {@link #close()}), keeping keys and clock. */
  BankWorld reopen() throws StorageException {
    BankWorld w =
        new BankWorld(dir, clock, checkpoints, CreditLedger.open(dir, checkpoints, options(clock)));
    w.keys.putAll(keys);
    w.nextId = nextId;
    w.nextSeed = nextSeed;
    return w;
  }

  Ed25519PrivateKey key(String institution) {
    Ed25519PrivateKey k = keys.get(institution);
    if (k == null) {
      throw new IllegalArgumentException("no key for " + institution);
    }
    return k;
  }

  /** A fresh key, not yet registered anywhere. */
  Ed25519PrivateKey newKey() {
    return seeded(nextSeed++);
  }

  /** Makes {@code key} the one this world signs {@code institution}'s statements with. */
  void useKey(String institution, Ed25519PrivateKey key) {
    keys.put(institution, key);
  }

  byte[] sign(String actor, Ed25519PrivateKey key, String id, Body body) {
    return new StatementSigner(ORIGIN, actor, key).sign(id, clock.instant(), body);
  }

  byte[] sign(String actor, Body body) {
    return sign(actor, key(actor), "s-" + nextId++, body);
  }

  Receipt submit(String actor, Body body) throws Exception {
    return ledger.submit(sign(actor, body));
  }

  /** Submits and asserts the rejection's code and field; returns it for message checks. */
  StatementException reject(RejectCode code, String field, String actor, Body body)
      throws Exception {
    long size = ledger.journal().size();
    byte[] signed = sign(actor, body);
    StatementException e = assertThrows(StatementException.class, () -> ledger.submit(signed));
    assertEquals(code, e.code(), e.getMessage());
    assertEquals(field, e.field(), e.getMessage());
    assertEquals(size, ledger.journal().size(), "a rejected statement must not be appended");
    return e;
  }

  /** Submits and asserts the rejection's code, field and exact message. */
  StatementException reject(RejectCode code, String field, String message, String actor, Body body)
      throws Exception {
    StatementException e = reject(code, field, actor, body);
    assertEquals(message, e.getMessage());
    return e;
  }

  /** Signs with an explicit key and statement id. */
  Receipt submit(String actor, Ed25519PrivateKey key, String id, Body body) throws Exception {
    return ledger.submit(sign(actor, key, id, body));
  }

  /** The {@code did:key} of the key this world signs {@code institution}'s statements with. */
  String did(String institution) {
    return key(institution).publicKey().toDidKey();
  }

  /**
   * Replays this ledger's statements, in log order and at their original ledger times, into a new
   * ledger in {@code dir} and returns that ledger's state digest.
   */
  Hash replayDigest(Path replayDir) throws Exception {
    long size = ledger.journal().size();
    TestClock replayClock = new TestClock(ledger.journal().leaf(0).time());
    try (CreditLedger copy =
        CreditLedger.create(
            replayDir,
            checkpoints,
            ledger.journal().leaf(0).statement().toByteArray(),
            options(replayClock))) {
      for (long seq = 1; seq < size; seq++) {
        replayClock.set(ledger.journal().leaf(seq).time());
        Receipt r = copy.submit(ledger.journal().leaf(seq).statement().toByteArray());
        assertEquals(seq, r.seq(), "replayed seq");
      }
      assertEquals(size, copy.journal().size());
      return copy.stateDigest();
    }
  }

  // ---------------------------------------------------------------- body builders

  /** Source criteria that accept {@code kinds} and nothing narrower. */
  static RulePublishedBody.SourceCriteria kinds(OutcomeKind... kinds) {
    return new RulePublishedBody.SourceCriteria(
        List.of(kinds),
        List.of(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** A rule with explicit criteria and validity. */
  static RulePublishedBody rule(
      String id,
      RulePublishedBody.SourceCriteria source,
      String program,
      String course,
      RulePublishedBody.Credits credits,
      String limit,
      String validFrom,
      Optional<String> validUntil) {
    return new RulePublishedBody(
        id,
        source,
        new RulePublishedBody.Target(program, course, credits),
        new BigDecimal(limit),
        LocalDate.parse(validFrom),
        validUntil.map(LocalDate::parse));
  }

  static InstitutionRegisteredBody institution(
      String id,
      InstitutionKind kind,
      Ed25519PrivateKey key,
      Set<OutcomeKind> issue,
      boolean enrol,
      boolean accept,
      Optional<String> parent) {
    return new InstitutionRegisteredBody(
        id,
        id + " 名称",
        kind,
        List.of(key.publicKey()),
        new InstitutionRegisteredBody.Permissions(issue, enrol, accept),
        parent);
  }

  /** Registers an institution with a new key, signed by the operator, and keeps its key. */
  Receipt register(
      String id, InstitutionKind kind, Set<OutcomeKind> issue, boolean enrol, boolean accept)
      throws Exception {
    Ed25519PrivateKey k = newKey();
    Receipt r = submit(OPERATOR, institution(id, kind, k, issue, enrol, accept, Optional.empty()));
    keys.put(id, k);
    return r;
  }

  Receipt enrol(String by, String learner) throws Exception {
    return submit(by, new LearnerEnrolledBody(learner, Optional.empty()));
  }

  static AchievementRecordedBody achievement(
      String id,
      String learner,
      OutcomeKind kind,
      String code,
      String field,
      String level,
      String credits,
      Result result,
      LocalDate completed) {
    return new AchievementRecordedBody(
        id,
        learner,
        kind,
        "成果 " + code,
        code,
        field,
        level,
        new BigDecimal(credits),
        new BigDecimal(credits).multiply(BigDecimal.valueOf(16)).intValue(),
        result,
        completed,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** A copy of {@code a} with another result, completion date, expiry and superseded id. */
  static AchievementRecordedBody with(
      AchievementRecordedBody a,
      Result result,
      LocalDate completed,
      Optional<LocalDate> validUntil,
      Optional<String> supersedes) {
    return new AchievementRecordedBody(
        a.achievement(),
        a.learner(),
        a.kind(),
        a.title(),
        a.code(),
        a.field(),
        a.level(),
        a.credits(),
        a.hours(),
        result,
        completed,
        validUntil,
        a.evidence(),
        supersedes);
  }

  /** A copy of {@code a} that supersedes the issuer's achievement {@code old}. */
  static AchievementRecordedBody superseding(AchievementRecordedBody a, String old) {
    return with(a, a.result(), a.completed(), a.validUntil(), Optional.of(old));
  }

  static AchievementRecordedBody course(String id, String learner, String code, String credits) {
    return achievement(
        id,
        learner,
        OutcomeKind.COURSE,
        code,
        "0913",
        "5",
        credits,
        new Result.Score(new BigDecimal("85")),
        LocalDate.parse("2026-07-01"));
  }

  static ProgramPublishedBody program(String id, String total, List<String> requiredCourses) {
    return new ProgramPublishedBody(
        id,
        "护理学 " + id,
        "6",
        new ProgramPublishedBody.Requirements(
            new BigDecimal(total), List.of(), requiredCourses, Optional.empty()));
  }

  static RulePublishedBody rule(
      String id,
      String program,
      String course,
      RulePublishedBody.Credits credits,
      String limit,
      List<OutcomeKind> kinds) {
    return new RulePublishedBody(
        id,
        new RulePublishedBody.SourceCriteria(
            kinds,
            List.of(),
            List.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty()),
        new RulePublishedBody.Target(program, course, credits),
        new BigDecimal(limit),
        LocalDate.parse("2026-01-01"),
        Optional.empty());
  }

  static CreditConvertedBody conversion(
      String id, String learner, String rule, String credits, AchievementRef... sources) {
    return new CreditConvertedBody(id, learner, rule, List.of(sources), new BigDecimal(credits));
  }

  @Override
  public void close() {
    ledger.close();
  }
}
