package org.creditbank.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.creditbank.ledger.bank.AchievementRecord;
import org.creditbank.ledger.bank.AchievementRecordedBody;
import org.creditbank.ledger.bank.AchievementRef;
import org.creditbank.ledger.bank.AchievementRevocationReason;
import org.creditbank.ledger.bank.AchievementRevokedBody;
import org.creditbank.ledger.bank.AchievementStatus;
import org.creditbank.ledger.bank.BankQueries;
import org.creditbank.ledger.bank.Body;
import org.creditbank.ledger.bank.ConversionRecord;
import org.creditbank.ledger.bank.ConversionStatus;
import org.creditbank.ledger.bank.CreditConvertedBody;
import org.creditbank.ledger.bank.InstitutionKind;
import org.creditbank.ledger.bank.InstitutionRecord;
import org.creditbank.ledger.bank.KeyChangeBody;
import org.creditbank.ledger.bank.KeyRevocationReason;
import org.creditbank.ledger.bank.OutcomeKind;
import org.creditbank.ledger.bank.ProgramProgress;
import org.creditbank.ledger.bank.RejectCode;
import org.creditbank.ledger.bank.Result;
import org.creditbank.ledger.bank.RulePublishedBody;
import org.creditbank.ledger.bank.RuleRecord;
import org.creditbank.ledger.bank.RuleRetiredBody;
import org.creditbank.ledger.bank.Statement;
import org.creditbank.ledger.bank.StatementException;
import org.creditbank.ledger.bank.Transcript;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.journal.Journal;
import org.creditbank.ledger.journal.Leaf;
import org.creditbank.ledger.journal.Receipt;
import org.creditbank.ledger.util.Hash;

/**
 * Properties of the credit bank over random sequences of valid and invalid statements: after every
 * step the derived state, read through the facade, keeps the credit bank's invariants, rejections
 * leave the log alone, revoked keys sign nothing, and replaying the journal rebuilds the same
 * state.
 *
 * <p>The world is fixed and small so that random actions collide often: three institutions with
 * different permissions beside the operator, three learners, two programmes, and four rules (one of
 * them with criteria that refuse many sources). Actions are plain records of small integers that
 * pick from what exists when they run, so shrunk counterexamples print readably.
 */
class BankPropertiesTest {
  static final String OPERATOR = BankWorld.OPERATOR;
  static final String COLLEGE = "COLLEGE";
  static final String CERT = "CERT-BODY";
  static final String UNIV = "UNIV";

  /** Institutions actions pick from by index; the operator last. */
  static final List<String> INSTITUTIONS = List.of(COLLEGE, CERT, UNIV, OPERATOR);

  static final List<String> LEARNERS = List.of("L-000001", "L-000002", "L-000003");

  /** Never enrolled: index {@code LEARNERS.size()} picks it. */
  static final String UNKNOWN_LEARNER = "L-999999";

  static final List<OutcomeKind> KINDS =
      List.of(
          OutcomeKind.COURSE,
          OutcomeKind.VOCATIONAL_CERTIFICATE,
          OutcomeKind.SKILL_CERTIFICATE,
          OutcomeKind.TRAINING,
          OutcomeKind.MOOC);

  /** What each institution may issue, as registered. */
  static final Map<String, List<OutcomeKind>> ISSUES =
      Map.of(
          COLLEGE,
          List.of(OutcomeKind.COURSE, OutcomeKind.VOCATIONAL_CERTIFICATE),
          CERT,
          List.of(OutcomeKind.SKILL_CERTIFICATE, OutcomeKind.TRAINING),
          UNIV,
          List.of(OutcomeKind.COURSE),
          OPERATOR,
          KINDS);

  static final List<String> CREDITS = List.of("0", "0.5", "1", "2", "3", "4", "5.5", "8");

  /** Framework levels; "9" is not one of the genesis's seven. */
  static final List<String> LEVELS = List.of("3", "4", "5", "6", "9");

  static final List<Result> RESULTS =
      List.of(
          new Result.Score(new BigDecimal("60")),
          new Result.Score(new BigDecimal("85")),
          new Result.Score(new BigDecimal("95")),
          new Result.PassFail(true),
          new Result.PassFail(false));

  static final LocalDate COMPLETED = LocalDate.parse("2026-07-01");
  static final LocalDate EXPIRES = LocalDate.parse("2026-12-31");

  /** A rule the world publishes in versions {@code BASE-vN}; version 0 at setup. */
  record RuleTemplate(
      String owner,
      String base,
      String program,
      String course,
      RulePublishedBody.Credits credits,
      String limit,
      List<OutcomeKind> kinds,
      Optional<String> minLevel,
      Optional<BigDecimal> minScore,
      Optional<LocalDate> validUntil) {

    String id(int version) {
      return base + "-v" + version;
    }

    RulePublishedBody body(int version) {
      return new RulePublishedBody(
          id(version),
          new RulePublishedBody.SourceCriteria(
              kinds,
              List.of(),
              List.of(),
              Optional.empty(),
              minLevel,
              minScore,
              Optional.empty(),
              Optional.empty()),
          new RulePublishedBody.Target(program, course, credits),
          new BigDecimal(limit),
          LocalDate.parse("2026-01-01"),
          validUntil);
    }
  }

  static final List<RuleTemplate> RULES =
      List.of(
          new RuleTemplate(
              UNIV,
              "r-fix",
              "NURSING",
              "NUR101",
              new RulePublishedBody.Fixed(new BigDecimal("4")),
              "6",
              List.of(OutcomeKind.COURSE, OutcomeKind.VOCATIONAL_CERTIFICATE),
              Optional.empty(),
              Optional.empty(),
              Optional.empty()),
          new RuleTemplate(
              UNIV,
              "r-fac",
              "NURSING",
              "NUR102",
              new RulePublishedBody.Factor(new BigDecimal("0.5"), new BigDecimal("6")),
              "8",
              List.of(OutcomeKind.COURSE),
              Optional.empty(),
              Optional.empty(),
              Optional.of(LocalDate.parse("2027-03-31"))),
          new RuleTemplate(
              UNIV,
              "r-sel",
              "NURSING",
              "NUR103",
              new RulePublishedBody.Fixed(new BigDecimal("3")),
              "6",
              List.of(OutcomeKind.SKILL_CERTIFICATE, OutcomeKind.TRAINING),
              Optional.of("4"),
              Optional.of(new BigDecimal("80")),
              Optional.empty()),
          new RuleTemplate(
              OPERATOR,
              "r-gen",
              "GENERAL",
              "GEN100",
              new RulePublishedBody.Factor(BigDecimal.ONE, new BigDecimal("5")),
              "7",
              List.of(
                  OutcomeKind.COURSE,
                  OutcomeKind.VOCATIONAL_CERTIFICATE,
                  OutcomeKind.SKILL_CERTIFICATE,
                  OutcomeKind.TRAINING),
              Optional.empty(),
              Optional.empty(),
              Optional.empty()));

  // ---------------------------------------------------------------- actions

  /**
   * One random step. Fields are small integers that pick from fixed lists or, modulo their size,
   * from what the run has made so far; {@code key} below 70 picks the actor's newest key the run
   * believes usable, 70 and above any key the actor ever had (revoked or never registered ones
   * too).
   */
  sealed interface Action
      permits Achieve,
          Supersede,
          Revoke,
          AddKey,
          RevokeKey,
          PublishRule,
          RetireRule,
          Convert,
          Advance {}

  /**
   * Records an achievement; {@code kind} below 85 picks one the issuer may issue, else any; {@code
   * duplicate} reuses an id of the issuer.
   */
  record Achieve(
      int issuer,
      int learner,
      int kind,
      int credits,
      int level,
      int result,
      boolean duplicate,
      int target,
      boolean expires,
      int key)
      implements Action {}

  /** Records a correction superseding one of the issuer's achievements. */
  record Supersede(int issuer, int target, boolean otherLearner, int credits, int key)
      implements Action {}

  /** Revokes one of the issuer's achievements; actor 0 the issuer, 1 the operator, 2 another. */
  record Revoke(int issuer, int target, int actor, int key) implements Action {}

  /** Adds a fresh key to an institution. */
  record AddKey(int institution, boolean byOperator, int key) implements Action {}

  /** Revokes one of an institution's keys. */
  record RevokeKey(int institution, int target, boolean byOperator, int key) implements Action {}

  /** Publishes a version of a rule (version 0 exists from setup). */
  record PublishRule(int rule, int version, int key) implements Action {}

  /** Retires a version of a rule. */
  record RetireRule(int rule, int version, int key) implements Action {}

  /**
   * Converts sources through a rule version. Sources are picked, by {@code scope}, among the
   * learner's recorded achievements of a kind the rule accepts that no accepted conversion used
   * (0), all the learner's recorded ones (1), or every achievement ever tried, refused ones and
   * other learners' included (2); {@code wrongCredits} claims half a credit more than the rule
   * grants.
   */
  record Convert(
      int rule,
      int version,
      int learner,
      List<Integer> sources,
      int scope,
      boolean wrongCredits,
      boolean duplicate,
      int key)
      implements Action {}

  /** Moves the ledger's clock forward. */
  record Advance(int days) implements Action {}

  private static Arbitrary<Integer> upTo(int max) {
    return Arbitraries.integers().between(0, max);
  }

  /** True about one time in {@code n}; shrinks to false. */
  private static Arbitrary<Boolean> rarely(int n) {
    return Arbitraries.integers().between(0, n - 1).map(i -> i == n - 1);
  }

  /** A learner index, the unknown learner about one time in {@code n}. */
  private static Arbitrary<Integer> learner(int n) {
    return upTo(n - 1).map(i -> i == n - 1 ? LEARNERS.size() : i % LEARNERS.size());
  }

  @Provide
  Arbitrary<List<Action>> actions() {
    Arbitrary<Integer> pick = upTo(99);
    Arbitrary<Achieve> record =
        Combinators.combine(
                List.of(
                    upTo(INSTITUTIONS.size() - 1),
                    learner(12),
                    pick,
                    upTo(CREDITS.size() - 1),
                    upTo(LEVELS.size() * 3).map(i -> i < LEVELS.size() ? i : i % 4),
                    upTo(RESULTS.size() - 1),
                    rarely(10).map(b -> b ? 1 : 0),
                    pick,
                    rarely(4).map(b -> b ? 1 : 0),
                    pick))
            .as(
                l ->
                    new Achieve(
                        l.get(0),
                        l.get(1),
                        l.get(2),
                        l.get(3),
                        l.get(4),
                        l.get(5),
                        l.get(6) == 1,
                        l.get(7),
                        l.get(8) == 1,
                        l.get(9)));
    Arbitrary<Supersede> supersede =
        Combinators.combine(
                upTo(INSTITUTIONS.size() - 1), pick, rarely(5), upTo(CREDITS.size() - 1), pick)
            .as(Supersede::new);
    Arbitrary<Revoke> revoke =
        Combinators.combine(
                upTo(INSTITUTIONS.size() - 1),
                pick,
                upTo(5).map(i -> i < 3 ? 0 : i < 5 ? 1 : 2),
                pick)
            .as(Revoke::new);
    Arbitrary<AddKey> addKey =
        Combinators.combine(upTo(INSTITUTIONS.size() - 1), Arbitraries.of(false, true), pick)
            .as(AddKey::new);
    Arbitrary<RevokeKey> revokeKey =
        Combinators.combine(upTo(INSTITUTIONS.size() - 1), pick, Arbitraries.of(false, true), pick)
            .as(RevokeKey::new);
    Arbitrary<PublishRule> publish =
        Combinators.combine(upTo(RULES.size() - 1), upTo(2), pick).as(PublishRule::new);
    Arbitrary<RetireRule> retire =
        Combinators.combine(upTo(RULES.size() - 1), upTo(2), pick).as(RetireRule::new);
    Arbitrary<Convert> convert =
        Combinators.combine(
                upTo(RULES.size() - 1),
                upTo(19).map(i -> i < 18 ? 0 : i - 17),
                learner(20),
                pick.list().ofMinSize(1).ofMaxSize(2),
                upTo(9).map(i -> i < 6 ? 0 : i < 9 ? 1 : 2),
                rarely(4),
                rarely(12),
                pick)
            .as(Convert::new);
    Arbitrary<Advance> advance = Arbitraries.integers().between(1, 90).map(Advance::new);
    Arbitrary<Action> action =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(28, record),
            net.jqwik.api.Tuple.of(6, supersede),
            net.jqwik.api.Tuple.of(8, revoke),
            net.jqwik.api.Tuple.of(4, addKey),
            net.jqwik.api.Tuple.of(4, revokeKey),
            net.jqwik.api.Tuple.of(4, publish),
            net.jqwik.api.Tuple.of(3, retire),
            net.jqwik.api.Tuple.of(36, convert),
            net.jqwik.api.Tuple.of(6, advance));
    return action.list().ofMinSize(30).ofMaxSize(80);
  }

  // ---------------------------------------------------------------- the property

  @Property(tries = 25)
  void randomStatements_everyStep_keepsInvariantsAndReplays(@ForAll("actions") List<Action> actions)
      throws Exception {
    Path dir = Files.createTempDirectory("bank-props-");
    try {
      try (Run run = Run.start(dir.resolve("ledger"))) {
        run.checkState("setup");
        for (int i = 0; i < actions.size(); i++) {
          run.apply(actions.get(i));
          run.checkState("after action " + i + " " + actions.get(i));
        }
        run.checkJournalSigners();
        run.collectStatistics();
        run.checkReplay(dir);
      }
    } finally {
      deleteRecursively(dir);
    }
    // The generator must keep reaching the paths the invariants are about.
    Statistics.label(ACCEPTED_CONVERSION).coverage(c -> c.check(true).count((Integer n) -> n >= 1));
    Statistics.label(VOIDED_CONVERSION).coverage(c -> c.check(true).count((Integer n) -> n >= 1));
    Statistics.label(REVOKED_KEY_REFUSED).coverage(c -> c.check(true).count((Integer n) -> n >= 1));
  }

  static final String ACCEPTED_CONVERSION = "a conversion accepted";
  static final String VOIDED_CONVERSION = "a conversion voided";
  static final String REVOKED_KEY_REFUSED = "a statement refused for a revoked key";

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  // ---------------------------------------------------------------- one run

  /** One try's ledger and what the test knows about it. */
  static final class Run implements AutoCloseable {
    final BankWorld w;

    /** Every key each institution ever had in this run, in order; the first registered. */
    final Map<String, List<Ed25519PrivateKey>> keys = new HashMap<>();

    /** Keys the ledger accepted as registered. */
    final Set<String> registered = new HashSet<>();

    /** Revoked keys and the seq of their accepted revocation. */
    final Map<String, Long> revokedAt = new HashMap<>();

    /** Every achievement ref ever attempted, in order, and its (accepted, else first) body. */
    final List<AchievementRef> refs = new ArrayList<>();

    final Map<AchievementRef, AchievementRecordedBody> bodies = new HashMap<>();

    /** The refs the ledger accepted a record of. */
    final Set<AchievementRef> accepted = new HashSet<>();

    /** Sources of accepted conversions, so revocations and corrections can aim at them. */
    final Set<AchievementRef> usedSources = new LinkedHashSet<>();

    final List<String> conversionIds = new ArrayList<>();

    /** How each submission ended, by type: {@code TYPE ok} or {@code TYPE CODE}. */
    final Map<String, Integer> outcomes = new java.util.TreeMap<>();

    int nextStatement;
    int nextAchievement;
    int nextConversion;
    long lastRecordedSeq = -1;
    long lastAcceptedSeq = -1;

    private Run(BankWorld w) {
      this.w = w;
    }

    static Run start(Path dir) throws Exception {
      BankWorld w = BankWorld.create(dir);
      Run run = new Run(w);
      try {
        run.setup();
      } catch (Exception | Error e) {
        run.close();
        throw e;
      }
      return run;
    }

    private void setup() throws Exception {
      Ed25519PrivateKey op = w.key(OPERATOR);
      keys.put(OPERATOR, new ArrayList<>(List.of(op)));
      registered.add(op.publicKey().toDidKey());
      register(COLLEGE, InstitutionKind.VOCATIONAL_COLLEGE, true, false);
      register(CERT, InstitutionKind.CERTIFICATION_BODY, false, false);
      register(UNIV, InstitutionKind.UNIVERSITY, true, true);
      w.enrol(COLLEGE, LEARNERS.get(0));
      w.enrol(COLLEGE, LEARNERS.get(1));
      w.enrol(UNIV, LEARNERS.get(2));
      w.submit(UNIV, BankWorld.program("NURSING", "80", List.of("NUR101")));
      w.submit(OPERATOR, BankWorld.program("GENERAL", "60", List.of()));
      for (RuleTemplate t : RULES) {
        w.submit(t.owner(), t.body(0));
      }
    }

    private void register(String id, InstitutionKind kind, boolean enrol, boolean accept)
        throws Exception {
      w.register(id, kind, Set.copyOf(ISSUES.get(id)), enrol, accept);
      Ed25519PrivateKey k = w.key(id);
      keys.put(id, new ArrayList<>(List.of(k)));
      registered.add(k.publicKey().toDidKey());
    }

    Journal<?> journal() {
      return w.ledger.journal();
    }

    /** The actor's key chosen by a pick (see {@link Action}). */
    Ed25519PrivateKey key(String actor, int pick) {
      List<Ed25519PrivateKey> own = keys.get(actor);
      if (pick < 70) {
        for (int i = own.size() - 1; i >= 0; i--) {
          String did = own.get(i).publicKey().toDidKey();
          if (registered.contains(did) && !revokedAt.containsKey(did)) {
            return own.get(i);
          }
        }
        return own.get(own.size() - 1);
      }
      return own.get(pick % own.size());
    }

    /**
     * Signs and submits a statement, checking what every submission must keep: a statement signed
     * with a key revoked earlier is refused with KEY_REVOKED, a refusal leaves the log's size and
     * root as they were, and an acceptance appends exactly one leaf.
     */
    Optional<Receipt> submit(String actor, Ed25519PrivateKey key, Body body) throws Exception {
      long size = journal().size();
      Hash root = journal().root();
      String did = key.publicKey().toDidKey();
      Long revoked = revokedAt.get(did);
      byte[] signed = w.sign(actor, key, "p-" + nextStatement++, body);
      Receipt r;
      try {
        r = w.ledger.submit(signed);
      } catch (StatementException e) {
        outcomes.merge(body.type().wireName() + " " + e.code(), 1, Integer::sum);
        if (revoked != null) {
          assertEquals(
              RejectCode.KEY_REVOKED,
              e.code(),
              "signed with " + did + ", revoked at seq " + revoked + ": " + e.getMessage());
        }
        assertEquals(size, journal().size(), "a refusal changed the log's size: " + e.getMessage());
        assertEquals(root, journal().root(), "a refusal changed the log's root: " + e.getMessage());
        return Optional.empty();
      }
      if (revoked != null) {
        fail(
            "accepted "
                + body.type().wireName()
                + " at seq "
                + r.seq()
                + " signed with "
                + did
                + ", revoked at seq "
                + revoked);
      }
      outcomes.merge(body.type().wireName() + " ok", 1, Integer::sum);
      assertFalse(r.repeat(), "a fresh statement came back as a repeat");
      assertEquals(size, r.seq(), "accepted at an unexpected seq");
      assertEquals(size + 1, journal().size(), "an acceptance must append exactly one leaf");
      lastAcceptedSeq = r.seq();
      return Optional.of(r);
    }

    List<AchievementRef> refsOf(String issuer) {
      return refs.stream().filter(r -> r.issuer().equals(issuer)).toList();
    }

    /**
     * One of the issuer's achievements: for a pick below 40 one that an accepted conversion used,
     * if there is one, else any the run tried.
     */
    Optional<AchievementRef> targetOf(String issuer, int pick) {
      List<AchievementRef> used =
          usedSources.stream().filter(r -> r.issuer().equals(issuer)).toList();
      List<AchievementRef> own = pick < 40 && !used.isEmpty() ? used : refsOf(issuer);
      return own.isEmpty() ? Optional.empty() : Optional.of(own.get(pick % own.size()));
    }

    void remember(AchievementRef ref, AchievementRecordedBody body, boolean accepted) {
      if (!bodies.containsKey(ref)) {
        refs.add(ref);
      }
      if (accepted || !bodies.containsKey(ref)) {
        bodies.put(ref, body);
      }
      if (accepted) {
        this.accepted.add(ref);
      }
    }

    void apply(Action action) throws Exception {
      if (action instanceof Achieve a) {
        record(a);
      } else if (action instanceof Supersede a) {
        supersede(a);
      } else if (action instanceof Revoke a) {
        revoke(a);
      } else if (action instanceof AddKey a) {
        addKey(a);
      } else if (action instanceof RevokeKey a) {
        revokeKey(a);
      } else if (action instanceof PublishRule a) {
        RuleTemplate t = RULES.get(a.rule());
        submit(t.owner(), key(t.owner(), a.key()), t.body(a.version()));
      } else if (action instanceof RetireRule a) {
        RuleTemplate t = RULES.get(a.rule());
        submit(t.owner(), key(t.owner(), a.key()), new RuleRetiredBody(t.id(a.version())));
      } else if (action instanceof Convert a) {
        convert(a);
      } else if (action instanceof Advance a) {
        w.clock.advanceDays(a.days());
      } else {
        throw new IllegalStateException("unknown action " + action);
      }
    }

    private static AchievementRecordedBody achievementBody(
        String id,
        String learner,
        OutcomeKind kind,
        String level,
        String credits,
        Result result,
        Optional<LocalDate> validUntil,
        Optional<String> supersedes) {
      BigDecimal c = new BigDecimal(credits);
      return new AchievementRecordedBody(
          id,
          learner,
          kind,
          "成果 " + id,
          "C-" + kind.wireName(),
          "0913",
          level,
          c,
          c.multiply(BigDecimal.valueOf(16)).intValue(),
          result,
          COMPLETED,
          validUntil,
          Optional.empty(),
          supersedes);
    }

    private void record(Achieve a) throws Exception {
      String issuer = INSTITUTIONS.get(a.issuer());
      List<AchievementRef> own = refsOf(issuer);
      String id =
          a.duplicate() && !own.isEmpty()
              ? own.get(a.target() % own.size()).achievement()
              : "a-" + nextAchievement++;
      String learner = a.learner() < LEARNERS.size() ? LEARNERS.get(a.learner()) : UNKNOWN_LEARNER;
      AchievementRecordedBody body =
          achievementBody(
              id,
              learner,
              a.kind() < 85
                  ? ISSUES.get(issuer).get(a.kind() % ISSUES.get(issuer).size())
                  : KINDS.get(a.kind() % KINDS.size()),
              LEVELS.get(a.level()),
              CREDITS.get(a.credits()),
              RESULTS.get(a.result()),
              a.expires() ? Optional.of(EXPIRES) : Optional.empty(),
              Optional.empty());
      Optional<Receipt> r = submit(issuer, key(issuer, a.key()), body);
      recorded(new AchievementRef(issuer, id), body, r);
    }

    private void recorded(AchievementRef ref, AchievementRecordedBody body, Optional<Receipt> r) {
      remember(ref, body, r.isPresent());
      if (r.isPresent()) {
        lastRecordedSeq = r.get().seq();
      }
    }

    private void supersede(Supersede a) throws Exception {
      String issuer = INSTITUTIONS.get(a.issuer());
      Optional<AchievementRef> found = targetOf(issuer, a.target());
      if (found.isEmpty()) {
        return;
      }
      AchievementRef target = found.get();
      AchievementRecordedBody old = bodies.get(target);
      String learner = old.learner();
      if (a.otherLearner()) {
        int i = LEARNERS.indexOf(learner);
        learner = LEARNERS.get((i + 1) % LEARNERS.size());
      }
      String id = "a-" + nextAchievement++;
      AchievementRecordedBody body =
          achievementBody(
              id,
              learner,
              old.kind(),
              old.level(),
              CREDITS.get(a.credits()),
              old.result(),
              old.validUntil(),
              Optional.of(target.achievement()));
      Optional<Receipt> r = submit(issuer, key(issuer, a.key()), body);
      recorded(new AchievementRef(issuer, id), body, r);
    }

    private void revoke(Revoke a) throws Exception {
      String issuer = INSTITUTIONS.get(a.issuer());
      String id = targetOf(issuer, a.target()).map(AchievementRef::achievement).orElse("a-none");
      String actor =
          switch (a.actor()) {
            case 0 -> issuer;
            case 1 -> OPERATOR;
            default -> INSTITUTIONS.get((a.issuer() + 1) % INSTITUTIONS.size());
          };
      submit(
          actor,
          key(actor, a.key()),
          new AchievementRevokedBody(issuer, id, AchievementRevocationReason.ISSUED_IN_ERROR));
    }

    private void addKey(AddKey a) throws Exception {
      String inst = INSTITUTIONS.get(a.institution());
      String actor = a.byOperator() ? OPERATOR : inst;
      Ed25519PrivateKey fresh = w.newKey();
      Optional<Receipt> r =
          submit(actor, key(actor, a.key()), KeyChangeBody.added(inst, fresh.publicKey()));
      // Kept even if refused: signing with a never-registered key must fail too.
      keys.get(inst).add(fresh);
      if (r.isPresent()) {
        registered.add(fresh.publicKey().toDidKey());
      }
    }

    private void revokeKey(RevokeKey a) throws Exception {
      String inst = INSTITUTIONS.get(a.institution());
      String actor = a.byOperator() ? OPERATOR : inst;
      List<Ed25519PrivateKey> own = keys.get(inst);
      Ed25519PrivateKey target = own.get(a.target() % own.size());
      Optional<Receipt> r =
          submit(
              actor,
              key(actor, a.key()),
              KeyChangeBody.revoked(inst, target.publicKey(), KeyRevocationReason.RETIRED));
      if (r.isPresent()) {
        String did = target.publicKey().toDidKey();
        assertFalse(revokedAt.containsKey(did), "a key was revoked twice: " + did);
        revokedAt.put(did, r.get().seq());
      }
    }

    private void convert(Convert a) throws Exception {
      RuleTemplate t = RULES.get(a.rule());
      String learner = a.learner() < LEARNERS.size() ? LEARNERS.get(a.learner()) : UNKNOWN_LEARNER;
      List<AchievementRef> candidates =
          a.scope() == 2
              ? refs
              : refs.stream()
                  .filter(r -> accepted.contains(r) && bodies.get(r).learner().equals(learner))
                  .filter(
                      r ->
                          a.scope() == 1
                              || (t.kinds().contains(bodies.get(r).kind())
                                  && !usedSources.contains(r)))
                  .toList();
      Set<AchievementRef> sources = new LinkedHashSet<>();
      for (int p : a.sources()) {
        if (!candidates.isEmpty()) {
          sources.add(candidates.get(p % candidates.size()));
        }
      }
      if (sources.isEmpty()) {
        sources.add(new AchievementRef(COLLEGE, "a-none"));
      }
      BigDecimal sum = BigDecimal.ZERO;
      for (AchievementRef s : sources) {
        AchievementRecordedBody b = bodies.get(s);
        sum = sum.add(b == null ? BigDecimal.ZERO : b.credits());
      }
      RulePublishedBody rule = t.body(a.version());
      BigDecimal credits = rule.creditsFor(sum);
      if (a.wrongCredits()) {
        credits = credits.add(new BigDecimal("0.5"));
      }
      String id =
          a.duplicate() && !conversionIds.isEmpty()
              ? conversionIds.get(a.key() % conversionIds.size())
              : "cv-" + nextConversion++;
      conversionIds.add(id);
      Optional<Receipt> r =
          submit(
              t.owner(),
              key(t.owner(), a.key()),
              new CreditConvertedBody(id, learner, rule.rule(), List.copyOf(sources), credits));
      if (r.isPresent()) {
        usedSources.addAll(sources);
        assertFalse(
            a.wrongCredits(),
            "accepted a conversion claiming " + credits + " where the rule grants less");
      }
    }

    /** Tells jqwik which paths this try reached. */
    void collectStatistics() throws Exception {
      LocalDate day = w.ledger.today();
      boolean voided =
          w.ledger.read(
              q -> {
                for (String l : LEARNERS) {
                  for (ConversionRecord c : q.transcript(l, day).orElseThrow().conversions()) {
                    if (c.status() == ConversionStatus.VOID) {
                      return true;
                    }
                  }
                }
                return false;
              });
      Statistics.label(ACCEPTED_CONVERSION).collect(outcomes.containsKey("credit.converted ok"));
      Statistics.label(VOIDED_CONVERSION).collect(voided);
      Statistics.label(REVOKED_KEY_REFUSED)
          .collect(outcomes.keySet().stream().anyMatch(k -> k.endsWith(" KEY_REVOKED")));
    }

    // -------------------------------------------------------------- invariants

    /** Checks the derived state, read through the facade, against the invariants. */
    void checkState(String when) throws Exception {
      LocalDate day = w.ledger.today();
      List<String> failures =
          w.ledger.read(
              q -> {
                List<String> out = new ArrayList<>();
                for (String learner : LEARNERS) {
                  checkLearner(q, learner, day, out);
                }
                return out;
              });
      assertEquals(List.of(), failures, when);
    }

    private static void checkLearner(BankQueries q, String learner, LocalDate day, List<String> out)
        throws org.creditbank.ledger.journal.StorageException {
      Optional<Transcript> t = q.transcript(learner, day);
      if (t.isEmpty()) {
        out.add("no transcript for " + learner);
        return;
      }
      Map<String, BigDecimal> perRule = new LinkedHashMap<>();
      Map<String, Set<AchievementRef>> usedIn = new HashMap<>();
      Map<String, BigDecimal> byProgram = new LinkedHashMap<>();
      for (ConversionRecord c : t.get().conversions()) {
        String name = c.ref().toString();
        if (!c.body().learner().equals(learner)) {
          out.add(
              name + " is on the transcript of " + learner + " but names " + c.body().learner());
        }
        Map<AchievementRef, AchievementRecord> sources = new LinkedHashMap<>();
        for (AchievementRef ref : c.body().sources()) {
          Optional<AchievementRecord> a = q.achievement(ref.issuer(), ref.achievement());
          if (a.isEmpty()) {
            out.add(name + " has a source that does not exist: " + ref);
            continue;
          }
          sources.put(ref, a.get());
          if (!a.get().body().learner().equals(learner)) {
            out.add(name + " of " + learner + " used " + ref + " of " + a.get().body().learner());
          }
          if (!a.get().usedBy().contains(c.ref())) {
            out.add(name + " is missing from the usedBy of its source " + ref);
          }
        }
        String program = c.owner() + "/" + c.program();
        if (c.status() == ConversionStatus.ACTIVE) {
          perRule.merge(c.owner() + "/" + c.body().rule(), c.body().credits(), BigDecimal::add);
          byProgram.merge(program, c.body().credits(), BigDecimal::add);
          Set<AchievementRef> used = usedIn.computeIfAbsent(program, k -> new HashSet<>());
          for (Map.Entry<AchievementRef, AchievementRecord> s : sources.entrySet()) {
            if (!used.add(s.getKey())) {
              out.add(s.getKey() + " is a source of two active conversions into " + program);
            }
            if (s.getValue().status() != AchievementStatus.ACTIVE) {
              out.add(
                  "active "
                      + name
                      + " has source "
                      + s.getKey()
                      + " "
                      + s.getValue().status()
                      + " at seq "
                      + s.getValue().statusSeq());
            }
          }
          if (c.voidedSeq().isPresent() || c.voidedBy().isPresent()) {
            out.add("active " + name + " carries void details");
          }
        } else {
          Optional<AchievementRef> by = c.voidedBy();
          AchievementRecord src = by.isPresent() ? sources.get(by.get()) : null;
          if (src == null) {
            out.add("void " + name + " names no source of its own as the cause: " + by);
          } else if (src.status() != AchievementStatus.REVOKED
              && src.status() != AchievementStatus.SUPERSEDED) {
            out.add("void " + name + " blames " + by.get() + ", which is " + src.status());
          } else if (!src.statusSeq().equals(c.voidedSeq())) {
            out.add(
                "void "
                    + name
                    + " voided at "
                    + c.voidedSeq()
                    + " but its source ended at "
                    + src.statusSeq());
          }
        }
      }
      for (Map.Entry<String, BigDecimal> e : perRule.entrySet()) {
        int slash = e.getKey().indexOf('/');
        Optional<RuleRecord> rule =
            q.rule(e.getKey().substring(0, slash), e.getKey().substring(slash + 1));
        if (rule.isEmpty()) {
          out.add("active conversions through unknown rule " + e.getKey());
        } else if (e.getValue().compareTo(rule.get().body().limit()) > 0) {
          out.add(
              learner
                  + " has "
                  + e.getValue().toPlainString()
                  + " active credits through "
                  + e.getKey()
                  + ", over its limit "
                  + rule.get().body().limit().toPlainString());
        }
      }
      Map<String, BigDecimal> counted = t.get().creditsByProgram();
      if (!counted.keySet().equals(byProgram.keySet())) {
        out.add(learner + " counts programmes " + counted + ", want " + byProgram);
      } else {
        for (Map.Entry<String, BigDecimal> e : byProgram.entrySet()) {
          if (e.getValue().compareTo(counted.get(e.getKey())) != 0) {
            out.add(learner + " counts " + counted + " by programme, want " + byProgram);
          }
        }
      }
      for (String program : List.of(UNIV + "/NURSING", OPERATOR + "/GENERAL")) {
        int slash = program.indexOf('/');
        Optional<ProgramProgress> p =
            q.progress(learner, program.substring(0, slash), program.substring(slash + 1), day);
        BigDecimal want = byProgram.getOrDefault(program, BigDecimal.ZERO);
        if (p.isEmpty() || p.get().convertedCredits().compareTo(want) != 0) {
          out.add(
              learner
                  + " progress in "
                  + program
                  + " counts "
                  + p.map(ProgramProgress::convertedCredits)
                  + " converted credits, want "
                  + want);
        }
      }
    }

    /**
     * Scans every leaf after genesis: its signer's key belonged to its actor, was added before it
     * and not revoked at or before it, by the key history of the final state.
     */
    void checkJournalSigners() throws Exception {
      Map<String, String> owner = new HashMap<>();
      Map<String, InstitutionRecord.KeyRecord> history = new HashMap<>();
      for (InstitutionRecord inst : w.ledger.institutions()) {
        for (InstitutionRecord.KeyRecord k : inst.keys()) {
          owner.put(k.didKey(), inst.id());
          history.put(k.didKey(), k);
        }
      }
      for (Map.Entry<String, Long> e : revokedAt.entrySet()) {
        assertEquals(
            e.getValue(),
            history.get(e.getKey()).revokedSeq().orElse(-1),
            "revocation seq of " + e.getKey());
      }
      List<String> failures = new ArrayList<>();
      long size = journal().size();
      for (long seq = 1; seq < size; seq++) {
        Statement s =
            Statement.parse(journal().leaf(seq).statement().toByteArray(), BankWorld.ORIGIN);
        String did = s.proof().signer().toDidKey();
        InstitutionRecord.KeyRecord k = history.get(did);
        if (k == null || !s.actor().equals(owner.get(did))) {
          failures.add("seq " + seq + " signed by " + did + ", not a key of " + s.actor());
        } else if (k.addedSeq() >= seq
            || (k.revokedSeq().isPresent() && k.revokedSeq().getAsLong() <= seq)) {
          failures.add(
              "seq "
                  + seq
                  + " signed by "
                  + did
                  + ", added at "
                  + k.addedSeq()
                  + " revoked at "
                  + k.revokedSeq());
        }
      }
      assertEquals(List.of(), failures);
    }

    /**
     * Replays the journal into a fresh ledger whose clock repeats each leaf's time: every statement
     * is accepted at its seq and the log and the state digest come out the same. Replaying without
     * one accepted statement must give another digest.
     */
    void checkReplay(Path tmp) throws Exception {
      long size = journal().size();
      Hash root = journal().root();
      Hash digest = w.ledger.stateDigest();
      Hash replayed = replay(tmp.resolve("replay"), -1, size, root);
      assertEquals(digest, replayed, "the replayed state digest");
      long skip = lastRecordedSeq >= 0 ? lastRecordedSeq : lastAcceptedSeq;
      if (skip > 0) {
        Hash without = replay(tmp.resolve("replay-skip"), skip, size - 1, null);
        assertNotEquals(digest, without, "the digest did not change without seq " + skip);
      }
    }

    /** Replays every leaf but {@code skip}; returns the new ledger's state digest. */
    private Hash replay(Path dir, long skip, long wantSize, Hash wantRoot) throws Exception {
      Leaf genesis = journal().leaf(0);
      BankWorld.TestClock clock = new BankWorld.TestClock(genesis.time());
      try (CreditLedger replay =
          CreditLedger.create(
              dir, w.checkpoints, genesis.statement().toByteArray(), BankWorld.options(clock))) {
        long size = journal().size();
        for (long seq = 1; seq < size; seq++) {
          if (seq == skip) {
            continue;
          }
          Leaf leaf = journal().leaf(seq);
          clock.set(leaf.time());
          byte[] statement = leaf.statement().toByteArray();
          if (skip < 0) {
            Receipt r = replay.submit(statement);
            assertEquals(seq, r.seq(), "replayed seq");
          } else {
            try {
              replay.submit(statement);
            } catch (StatementException e) {
              // Without the skipped statement, later ones may be refused; that is the point.
            }
          }
        }
        if (wantRoot != null) {
          assertEquals(wantSize, replay.journal().size(), "replayed size");
          assertEquals(wantRoot, replay.journal().root(), "replayed root");
        }
        return replay.stateDigest();
      }
    }

    @Override
    public void close() {
      w.close();
    }
  }
}
