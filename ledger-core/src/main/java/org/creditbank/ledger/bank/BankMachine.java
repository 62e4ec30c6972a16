package org.creditbank.ledger.bank;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.creditbank.ledger.journal.Entry;
import org.creditbank.ledger.journal.StateMachine;
import org.creditbank.ledger.journal.StateTxn;
import org.creditbank.ledger.journal.StateView;
import org.creditbank.ledger.journal.StorageException;

/**
 * The credit bank as a pure state machine over the journal: given the state and a verified
 * statement, it accepts (writing the state the statement changes) or refuses with a {@link
 * BankRejectedException} naming the rule, the field and the value.
 *
 * <p>Every decision depends only on the state and the entry (its seq and the ledger's time, never
 * the wall clock or the statement's own {@code issuedAt}), so replaying the journal from seq 0 into
 * empty state makes the same decisions and writes the same state. Dates such as validity and expiry
 * are compared with the ledger time's UTC date.
 *
 * <p>Checks common to every statement but the genesis: the ledger has a genesis; the proof's key
 * was registered to the statement's {@code actor} ({@link RejectCode#NOT_PERMITTED} otherwise) and
 * has not been revoked ({@link RejectCode#KEY_REVOKED}). The rules of each type are listed in
 * {@code docs/statements.md}.
 */
public final class BankMachine implements StateMachine<VerifiedStatement> {

  private final BankState.Decoded decoded = new BankState.Decoded();

  /** Creates the state machine; it holds no state of its own beyond a cache of decoded records. */
  public BankMachine() {}

  /**
   * Returns queries over a state view that share this machine's cache of decoded records.
   *
   * @param view the derived state
   * @return the queries
   */
  public BankQueries queries(StateView view) {
    return new BankQueries(new BankState(view, decoded));
  }

  @Override
  public void apply(Entry<VerifiedStatement> entry, StateTxn txn)
      throws BankRejectedException, StorageException {
    VerifiedStatement v = entry.submission().payload();
    Statement s = v.statement();
    BankState st = new BankState(txn, decoded);
    long seq = entry.seq();
    Optional<GenesisBody> genesis = st.genesis();
    if (v.body() instanceof GenesisBody g) {
      genesis(st, s, g, seq, genesis.isPresent());
      return;
    }
    if (genesis.isEmpty()) {
      throw reject(
          RejectCode.GENESIS_ORDER,
          "/type",
          "want ledger.genesis at /type as the ledger's first statement, got "
              + s.type().wireName());
    }
    Ctx c = new Ctx(st, s, seq, LocalDate.ofInstant(entry.time(), ZoneOffset.UTC), genesis.get());
    InstitutionRecord actor = authorize(c);
    Body b = v.body();
    if (b instanceof InstitutionRegisteredBody r) {
      register(c, r);
    } else if (b instanceof KeyChangeBody k) {
      if (k.type() == StatementType.INSTITUTION_KEY_ADDED) {
        addKey(c, k);
      } else {
        revokeKey(c, k);
      }
    } else if (b instanceof LearnerEnrolledBody e) {
      enrol(c, actor, e);
    } else if (b instanceof AchievementRecordedBody a) {
      record(c, actor, a);
    } else if (b instanceof AchievementRevokedBody r) {
      revoke(c, r);
    } else if (b instanceof RulePublishedBody r) {
      publishRule(c, actor, r);
    } else if (b instanceof RuleRetiredBody r) {
      retireRule(c, r);
    } else if (b instanceof CreditConvertedBody cv) {
      convert(c, actor, cv);
    } else if (b instanceof ProgramPublishedBody p) {
      publishProgram(c, p);
    } else {
      throw new IllegalStateException("no rule for body " + b.type());
    }
  }

  /** What one decision needs besides the body. */
  private record Ctx(BankState st, Statement s, long seq, LocalDate day, GenesisBody genesis) {
    boolean byOperator() {
      return s.actor().equals(genesis.operator().id());
    }

    int level(String code) {
      List<GenesisBody.Level> levels = genesis.framework().levels();
      for (int i = 0; i < levels.size(); i++) {
        if (levels.get(i).code().equals(code)) {
          return i;
        }
      }
      return -1;
    }

    void requireLevel(String code, String field) throws BankRejectedException {
      if (level(code) < 0) {
        throw reject(
            RejectCode.UNKNOWN_LEVEL,
            field,
            "want a level of the framework ("
                + String.join(
                    ", ",
                    genesis.framework().levels().stream().map(GenesisBody.Level::code).toList())
                + ") at "
                + field
                + ", got "
                + Statement.quote(code));
      }
    }
  }

  static BankRejectedException reject(RejectCode code, String field, String message) {
    return new BankRejectedException(code, field, message);
  }

  // ---------------------------------------------------------------- genesis and keys

  private static void genesis(BankState st, Statement s, GenesisBody g, long seq, boolean already)
      throws BankRejectedException, StorageException {
    if (already || seq != 0) {
      throw reject(
          RejectCode.GENESIS_ORDER,
          "/type",
          "want ledger.genesis at /type only at seq 0, got it at seq " + seq);
    }
    if (!s.actor().equals(g.operator().id())) {
      throw reject(
          RejectCode.NOT_PERMITTED,
          "/actor",
          "want the operator "
              + Statement.quote(g.operator().id())
              + " as the genesis actor at /actor, got "
              + Statement.quote(s.actor()));
    }
    if (!s.proof().signer().equals(g.operator().key())) {
      throw reject(
          RejectCode.NOT_PERMITTED,
          "/proof/verificationMethod",
          "want the genesis signed by the operator key "
              + g.operator().key().toDidKey()
              + " at /proof/verificationMethod, got "
              + s.proof().signer().toDidKey());
    }
    String did = g.operator().key().toDidKey();
    st.putGenesis(g);
    st.putInstitution(
        new InstitutionRecord(
            g.operator().id(),
            g.operator().name(),
            Optional.empty(),
            Optional.empty(),
            new InstitutionRegisteredBody.Permissions(Set.of(OutcomeKind.values()), true, true),
            List.of(
                new InstitutionRecord.KeyRecord(did, seq, OptionalLong.empty(), Optional.empty())),
            seq),
        true);
    st.putKeyOwner(did, g.operator().id());
  }

  private static InstitutionRecord authorize(Ctx c) throws StorageException, BankRejectedException {
    String did = c.s().proof().signer().toDidKey();
    String actor = c.s().actor();
    // The actor's record lists its keys, so the common case needs no look-up of the key itself;
    // only a refusal reads whose key it is, for the message.
    Optional<InstitutionRecord> inst = c.st().institution(actor);
    Optional<InstitutionRecord.KeyRecord> k = inst.flatMap(i -> i.key(did));
    if (k.isEmpty()) {
      Optional<String> owner = c.st().keyOwner(did);
      throw reject(
          RejectCode.NOT_PERMITTED,
          "/proof/verificationMethod",
          "want a key of "
              + Statement.quote(actor)
              + " at /proof/verificationMethod, got "
              + did
              + (owner.isEmpty()
                  ? ", which no institution registered"
                  : ", a key of " + Statement.quote(owner.get())));
    }
    if (!k.get().active()) {
      throw reject(
          RejectCode.KEY_REVOKED,
          "/proof/verificationMethod",
          "key "
              + did
              + " of "
              + Statement.quote(actor)
              + " at /proof/verificationMethod was revoked at seq "
              + k.get().revokedSeq().getAsLong()
              + "; it signs nothing after that");
    }
    return inst.get();
  }

  private static void requireOperator(Ctx c, String what) throws BankRejectedException {
    if (!c.byOperator()) {
      throw reject(
          RejectCode.NOT_PERMITTED,
          "/actor",
          "want the operator "
              + Statement.quote(c.genesis().operator().id())
              + " at /actor to "
              + what
              + ", got "
              + Statement.quote(c.s().actor()));
    }
  }

  private static void requireNewKey(Ctx c, String did, String field)
      throws StorageException, BankRejectedException {
    Optional<String> owner = c.st().keyOwner(did);
    if (owner.isPresent()) {
      throw reject(
          RejectCode.DUPLICATE_ID,
          field,
          "want a key never registered before at "
              + field
              + ", got "
              + did
              + ", registered to "
              + Statement.quote(owner.get()));
    }
  }

  private static InstitutionRecord institution(Ctx c, String id, String field)
      throws StorageException, BankRejectedException {
    return c.st()
        .institution(id)
        .orElseThrow(
            () ->
                reject(
                    RejectCode.UNKNOWN_INSTITUTION,
                    field,
                    "want a registered institution at " + field + ", got " + Statement.quote(id)));
  }

  private static void register(Ctx c, InstitutionRegisteredBody r)
      throws StorageException, BankRejectedException {
    requireOperator(c, "register institutions");
    if (c.st().institution(r.id()).isPresent()) {
      throw reject(
          RejectCode.DUPLICATE_ID,
          "/body/id",
          "want a new institution id at /body/id, got " + Statement.quote(r.id()) + ", registered");
    }
    if (r.parent().isPresent()) {
      institution(c, r.parent().get(), "/body/parent");
    }
    List<InstitutionRecord.KeyRecord> keys = new ArrayList<>();
    for (int i = 0; i < r.keys().size(); i++) {
      String did = r.keys().get(i).toDidKey();
      requireNewKey(c, did, "/body/keys/" + i);
      keys.add(
          new InstitutionRecord.KeyRecord(did, c.seq(), OptionalLong.empty(), Optional.empty()));
    }
    c.st()
        .putInstitution(
            new InstitutionRecord(
                r.id(),
                r.name(),
                Optional.of(r.kind()),
                r.parent(),
                r.permissions(),
                keys,
                c.seq()),
            true);
    for (InstitutionRecord.KeyRecord k : keys) {
      c.st().putKeyOwner(k.didKey(), r.id());
    }
  }

  private static InstitutionRecord keyTarget(Ctx c, KeyChangeBody k)
      throws StorageException, BankRejectedException {
    if (!c.byOperator() && !k.institution().equals(c.s().actor())) {
      throw reject(
          RejectCode.NOT_PERMITTED,
          "/body/institution",
          "want the actor's own id "
              + Statement.quote(c.s().actor())
              + " at /body/institution (only the operator changes another institution's keys), got "
              + Statement.quote(k.institution()));
    }
    return institution(c, k.institution(), "/body/institution");
  }

  private static void addKey(Ctx c, KeyChangeBody k)
      throws StorageException, BankRejectedException {
    InstitutionRecord inst = keyTarget(c, k);
    String did = k.key().toDidKey();
    requireNewKey(c, did, "/body/key");
    List<InstitutionRecord.KeyRecord> keys = new ArrayList<>(inst.keys());
    keys.add(new InstitutionRecord.KeyRecord(did, c.seq(), OptionalLong.empty(), Optional.empty()));
    c.st().putInstitution(inst.withKeys(keys), false);
    c.st().putKeyOwner(did, inst.id());
  }

  private static void revokeKey(Ctx c, KeyChangeBody k)
      throws StorageException, BankRejectedException {
    InstitutionRecord inst = keyTarget(c, k);
    String did = k.key().toDidKey();
    Optional<InstitutionRecord.KeyRecord> rec = inst.key(did);
    if (rec.isEmpty()) {
      throw reject(
          RejectCode.UNKNOWN_KEY,
          "/body/key",
          "want a key of " + Statement.quote(inst.id()) + " at /body/key, got " + did);
    }
    if (!rec.get().active()) {
      throw reject(
          RejectCode.KEY_REVOKED,
          "/body/key",
          "want an active key at /body/key, got "
              + did
              + ", revoked at seq "
              + rec.get().revokedSeq().getAsLong());
    }
    if (did.equals(c.s().proof().signer().toDidKey())) {
      throw reject(
          RejectCode.NOT_PERMITTED,
          "/body/key",
          "want the revocation at /body/key signed with another active key than the one it revokes,"
              + " got "
              + did
              + " signing its own revocation");
    }
    // No check that the operator keeps a key is needed: only the operator changes its own keys,
    // never with the key revoked, so the signing key stays active.
    List<InstitutionRecord.KeyRecord> keys = new ArrayList<>();
    for (InstitutionRecord.KeyRecord r : inst.keys()) {
      keys.add(
          r.didKey().equals(did)
              ? new InstitutionRecord.KeyRecord(
                  did, r.addedSeq(), OptionalLong.of(c.seq()), k.reason())
              : r);
    }
    c.st().putInstitution(inst.withKeys(keys), false);
  }

  // ---------------------------------------------------------------- learners and achievements

  private static void enrol(Ctx c, InstitutionRecord actor, LearnerEnrolledBody e)
      throws StorageException, BankRejectedException {
    if (!actor.permissions().enrol()) {
      throw reject(
          RejectCode.NOT_PERMITTED,
          "/actor",
          "want an institution permitted to enrol at /actor, got " + Statement.quote(actor.id()));
    }
    if (c.st().learnerHead(e.learner()).isPresent()) {
      throw reject(
          RejectCode.DUPLICATE_ID,
          "/body/learner",
          "want a new learner id at /body/learner, got "
              + Statement.quote(e.learner())
              + ", enrolled");
    }
    c.st()
        .putLearnerHead(
            new LearnerHead(e.learner(), actor.id(), c.seq(), e.identityCommitment(), 0, 0));
  }

  private static LearnerHead learner(Ctx c, String id, String field)
      throws StorageException, BankRejectedException {
    return c.st()
        .learnerHead(id)
        .orElseThrow(
            () ->
                reject(
                    RejectCode.UNKNOWN_LEARNER,
                    field,
                    "want an enrolled learner at " + field + ", got " + Statement.quote(id)));
  }

  private static AchievementHead achievement(Ctx c, String issuer, String id, String field)
      throws StorageException, BankRejectedException {
    return c.st()
        .achievementHead(issuer, id)
        .orElseThrow(
            () ->
                reject(
                    RejectCode.UNKNOWN_ACHIEVEMENT,
                    field,
                    "want an achievement that "
                        + Statement.quote(issuer)
                        + " recorded at "
                        + field
                        + ", got "
                        + Statement.quote(id)));
  }

  private static void record(Ctx c, InstitutionRecord actor, AchievementRecordedBody a)
      throws StorageException, BankRejectedException {
    if (!actor.permissions().issue().contains(a.kind())) {
      throw reject(
          RejectCode.NOT_PERMITTED,
          "/body/kind",
          "want a kind "
              + Statement.quote(actor.id())
              + " may issue at /body/kind, got "
              + Statement.quote(a.kind().wireName()));
    }
    if (c.st().achievementHead(actor.id(), a.achievement()).isPresent()) {
      throw reject(
          RejectCode.DUPLICATE_ID,
          "/body/achievement",
          "want a new achievement id at /body/achievement, got "
              + Statement.quote(a.achievement())
              + ", recorded");
    }
    LearnerHead learner = learner(c, a.learner(), "/body/learner");
    c.requireLevel(a.level(), "/body/level");
    if (a.completed().isAfter(c.day())) {
      // A future date would also pass any rule's maximum age.
      throw reject(
          RejectCode.DATE_IN_FUTURE,
          "/body/completed",
          "want a completion date on or before the ledger's date "
              + c.day()
              + " at /body/completed, got "
              + a.completed());
    }
    if (a.supersedes().isPresent()) {
      AchievementHead old = achievement(c, actor.id(), a.supersedes().get(), "/body/supersedes");
      if (!old.body().learner().equals(a.learner())) {
        throw reject(
            RejectCode.NOT_PERMITTED,
            "/body/supersedes",
            "want an achievement of learner "
                + Statement.quote(a.learner())
                + " at /body/supersedes, got one of "
                + Statement.quote(old.body().learner()));
      }
      requireActive(old, "/body/supersedes");
      end(
          c,
          c.st()
              .setStatus(
                  old,
                  AchievementStatus.SUPERSEDED,
                  c.seq(),
                  Optional.empty(),
                  Optional.of(a.achievement())));
    }
    c.st().newAchievement(actor.id(), a, c.seq());
    c.st().addLearnerAchievement(learner, new AchievementRef(actor.id(), a.achievement()));
  }

  private static void requireActive(AchievementHead r, String field) throws BankRejectedException {
    if (r.status() != AchievementStatus.ACTIVE) {
      throw reject(
          RejectCode.NOT_ACTIVE,
          field,
          "want an active achievement at "
              + field
              + ", got "
              + Statement.quote(r.body().achievement())
              + ", "
              + r.status().name().toLowerCase(java.util.Locale.ROOT)
              + " at seq "
              + r.statusSeq().orElse(r.seq()));
    }
  }

  private static void revoke(Ctx c, AchievementRevokedBody r)
      throws StorageException, BankRejectedException {
    if (!c.byOperator() && !r.issuer().equals(c.s().actor())) {
      throw reject(
          RejectCode.NOT_PERMITTED,
          "/body/issuer",
          "want the actor "
              + Statement.quote(c.s().actor())
              + " at /body/issuer (only the issuer or the operator revokes), got "
              + Statement.quote(r.issuer()));
    }
    AchievementHead a = achievement(c, r.issuer(), r.achievement(), "/body/achievement");
    requireActive(a, "/body/achievement");
    end(
        c,
        c.st()
            .setStatus(
                a, AchievementStatus.REVOKED, c.seq(), Optional.of(r.reason()), Optional.empty()));
  }

  /**
   * Voids every active conversion that used an achievement that stopped being active (its new
   * status already written): its credits stop counting, its sources are free for another conversion
   * into the programme, and every source's history records the entry.
   */
  private static void end(Ctx c, AchievementHead ended) throws StorageException {
    for (ConversionRef ref : c.st().uses(ended)) {
      ConversionRecord conv =
          c.st()
              .conversion(ref.owner(), ref.conversion())
              .orElseThrow(() -> BankState.missing("conversion " + ref));
      if (conv.status() != ConversionStatus.ACTIVE) {
        continue;
      }
      c.st().putConversion(conv.voided(c.seq(), ended.ref()));
      String learner = conv.body().learner();
      for (AchievementRef src : conv.body().sources()) {
        c.st().deleteUsed(learner, conv.owner(), conv.program(), src);
        if (!src.equals(ended.ref())) {
          AchievementHead other =
              c.st()
                  .achievementHead(src.issuer(), src.achievement())
                  .orElseThrow(() -> BankState.missing("achievement " + src));
          c.st().touch(other, c.seq());
        }
      }
      BigDecimal used = c.st().usage(learner, conv.owner(), conv.body().rule());
      c.st()
          .putUsage(
              learner, conv.owner(), conv.body().rule(), used.subtract(conv.body().credits()));
    }
  }

  // ---------------------------------------------------------------- rules, programmes, conversions

  private static void requireAcceptConversions(InstitutionRecord actor)
      throws BankRejectedException {
    if (!actor.permissions().acceptConversions()) {
      throw reject(
          RejectCode.NOT_PERMITTED,
          "/actor",
          "want an institution permitted to accept conversions at /actor, got "
              + Statement.quote(actor.id()));
    }
  }

  private static void publishRule(Ctx c, InstitutionRecord actor, RulePublishedBody r)
      throws StorageException, BankRejectedException {
    requireAcceptConversions(actor);
    if (c.st().rule(actor.id(), r.rule()).isPresent()) {
      throw reject(
          RejectCode.DUPLICATE_ID,
          "/body/rule",
          "want a new rule id at /body/rule, got " + Statement.quote(r.rule()) + ", published");
    }
    if (c.st().program(actor.id(), r.target().program()).isEmpty()) {
      throw reject(
          RejectCode.UNKNOWN_PROGRAM,
          "/body/target/program",
          "want a programme that "
              + Statement.quote(actor.id())
              + " published at /body/target/program, got "
              + Statement.quote(r.target().program()));
    }
    List<String> issuers = r.source().issuers();
    for (int i = 0; i < issuers.size(); i++) {
      institution(c, issuers.get(i), "/body/source/issuers/" + i);
    }
    if (r.source().minLevel().isPresent()) {
      c.requireLevel(r.source().minLevel().get(), "/body/source/minLevel");
    }
    c.st().putRule(new RuleRecord(actor.id(), r, c.seq(), OptionalLong.empty()), true);
  }

  private static RuleRecord rule(Ctx c, String id) throws StorageException, BankRejectedException {
    return c.st()
        .rule(c.s().actor(), id)
        .orElseThrow(
            () ->
                reject(
                    RejectCode.UNKNOWN_RULE,
                    "/body/rule",
                    "want a rule that "
                        + Statement.quote(c.s().actor())
                        + " published at /body/rule, got "
                        + Statement.quote(id)));
  }

  private static void retireRule(Ctx c, RuleRetiredBody r)
      throws StorageException, BankRejectedException {
    RuleRecord rule = rule(c, r.rule());
    if (rule.retiredSeq().isPresent()) {
      throw reject(
          RejectCode.NOT_ACTIVE,
          "/body/rule",
          "want a rule in force at /body/rule, got "
              + Statement.quote(r.rule())
              + ", retired at seq "
              + rule.retiredSeq().getAsLong());
    }
    c.st()
        .putRule(
            new RuleRecord(rule.owner(), rule.body(), rule.seq(), OptionalLong.of(c.seq())), false);
  }

  private static void publishProgram(Ctx c, ProgramPublishedBody p)
      throws StorageException, BankRejectedException {
    if (c.st().program(c.s().actor(), p.program()).isPresent()) {
      throw reject(
          RejectCode.DUPLICATE_ID,
          "/body/program",
          "want a new programme id at /body/program, got "
              + Statement.quote(p.program())
              + ", published");
    }
    c.requireLevel(p.level(), "/body/level");
    List<ProgramPublishedBody.LevelCredits> min = p.requirements().minCreditsAtLevel();
    for (int i = 0; i < min.size(); i++) {
      c.requireLevel(min.get(i).level(), "/body/requirements/minCreditsAtLevel/" + i + "/level");
    }
    c.st().putProgram(new ProgramRecord(c.s().actor(), p, c.seq()));
  }

  private static void convert(Ctx c, InstitutionRecord actor, CreditConvertedBody cv)
      throws StorageException, BankRejectedException {
    requireAcceptConversions(actor);
    if (c.st().conversion(actor.id(), cv.conversion()).isPresent()) {
      throw reject(
          RejectCode.DUPLICATE_ID,
          "/body/conversion",
          "want a new conversion id at /body/conversion, got "
              + Statement.quote(cv.conversion())
              + ", converted");
    }
    LearnerHead learner = learner(c, cv.learner(), "/body/learner");
    RuleRecord rule = rule(c, cv.rule());
    if (!rule.activeOn(c.day())) {
      throw reject(
          RejectCode.NOT_ACTIVE,
          "/body/rule",
          "want a rule in force on "
              + c.day()
              + " at /body/rule, got "
              + Statement.quote(cv.rule())
              + (rule.retiredSeq().isPresent()
                  ? ", retired at seq " + rule.retiredSeq().getAsLong()
                  : ", valid from "
                      + rule.body().validFrom()
                      + rule.body().validUntil().map(u -> " until " + u).orElse("")));
    }
    String program = rule.body().target().program();
    List<AchievementHead> sources = new ArrayList<>();
    BigDecimal sum = BigDecimal.ZERO;
    for (int i = 0; i < cv.sources().size(); i++) {
      String field = "/body/sources/" + i;
      AchievementRef ref = cv.sources().get(i);
      AchievementHead a = achievement(c, ref.issuer(), ref.achievement(), field);
      if (!a.body().learner().equals(cv.learner())) {
        throw reject(
            RejectCode.SOURCE_NOT_ELIGIBLE,
            field,
            "want an achievement of learner "
                + Statement.quote(cv.learner())
                + " at "
                + field
                + ", got one of "
                + Statement.quote(a.body().learner()));
      }
      requireActive(a, field);
      if (a.statusOn(c.day()) == AchievementStatus.EXPIRED) {
        throw reject(
            RejectCode.NOT_ACTIVE,
            field,
            "want an achievement valid on "
                + c.day()
                + " at "
                + field
                + ", got "
                + Statement.quote(ref.achievement())
                + ", expired after "
                + a.body().validUntil().orElseThrow());
      }
      Optional<String> why = ineligible(c, rule.body().source(), a);
      if (why.isPresent()) {
        throw reject(
            RejectCode.SOURCE_NOT_ELIGIBLE,
            field,
            "source "
                + ref.issuer()
                + "/"
                + ref.achievement()
                + " at "
                + field
                + " does not meet rule "
                + Statement.quote(cv.rule())
                + ": "
                + why.get());
      }
      Optional<ConversionRef> used = c.st().usedFor(cv.learner(), actor.id(), program, ref);
      if (used.isPresent()) {
        throw reject(
            RejectCode.SOURCE_ALREADY_USED,
            field,
            "want a source not yet used for programme "
                + Statement.quote(program)
                + " at "
                + field
                + ", got "
                + ref.issuer()
                + "/"
                + ref.achievement()
                + ", used by conversion "
                + used.get());
      }
      sources.add(a);
      sum = sum.add(a.body().credits());
    }
    BigDecimal want = rule.body().creditsFor(sum);
    if (want.compareTo(cv.credits()) != 0) {
      throw reject(
          RejectCode.CREDITS_MISMATCH,
          "/body/credits",
          "want "
              + want.toPlainString()
              + " credits at /body/credits (rule "
              + Statement.quote(cv.rule())
              + " on sources worth "
              + BodyReader.normalize(sum).toPlainString()
              + "), got "
              + cv.credits().toPlainString());
    }
    BigDecimal usage = c.st().usage(cv.learner(), actor.id(), cv.rule());
    BigDecimal after = usage.add(want);
    if (after.compareTo(rule.body().limit()) > 0) {
      throw reject(
          RejectCode.RULE_CAP_EXCEEDED,
          "/body/credits",
          "want at most "
              + rule.body().limit().toPlainString()
              + " credits at /body/credits per learner through rule "
              + Statement.quote(cv.rule())
              + ", got "
              + BodyReader.normalize(after).toPlainString()
              + " ("
              + BodyReader.normalize(usage).toPlainString()
              + " already converted + "
              + want.toPlainString()
              + ")");
    }
    ConversionRef ref = new ConversionRef(actor.id(), cv.conversion());
    c.st()
        .putConversion(
            new ConversionRecord(
                actor.id(),
                cv,
                program,
                rule.body().target().course(),
                c.seq(),
                ConversionStatus.ACTIVE,
                OptionalLong.empty(),
                Optional.empty(),
                List.of(c.seq())));
    // The sources are distinct: CreditConvertedBody refuses a repeated one.
    for (AchievementHead a : sources) {
      c.st().addUse(a, ref, c.seq());
      c.st().putUsed(cv.learner(), actor.id(), program, a.ref(), ref);
    }
    c.st().putUsage(cv.learner(), actor.id(), cv.rule(), after);
    c.st().addLearnerConversion(learner, ref);
  }

  /** Why an achievement does not meet a rule's source criteria, or empty if it does. */
  private static Optional<String> ineligible(
      Ctx c, RulePublishedBody.SourceCriteria k, AchievementHead a) {
    AchievementRecordedBody b = a.body();
    if (!k.kinds().contains(b.kind())) {
      return Optional.of("kind " + b.kind().wireName() + " is not one of " + wire(k.kinds()));
    }
    if (!k.issuers().isEmpty() && !k.issuers().contains(a.issuer())) {
      return Optional.of(
          "issuer " + a.issuer() + " is not one of " + String.join(", ", k.issuers()));
    }
    if (!k.codeMatches(b.code())) {
      return Optional.of("code " + b.code() + " matches none of " + String.join(", ", k.codes()));
    }
    if (k.field().isPresent() && !k.field().get().equals(b.field())) {
      return Optional.of("field " + b.field() + " is not " + k.field().get());
    }
    if (k.minLevel().isPresent() && c.level(b.level()) < c.level(k.minLevel().get())) {
      return Optional.of("level " + b.level() + " is below " + k.minLevel().get());
    }
    Result r = b.result();
    if (r instanceof Result.PassFail pf && !pf.passed()) {
      return Optional.of("the result is a fail");
    }
    if (k.minScore().isPresent()) {
      if (!(r instanceof Result.Score sc)) {
        return Optional.of(
            "the rule wants a score of at least "
                + k.minScore().get().toPlainString()
                + ", the result has none");
      }
      if (sc.score().compareTo(k.minScore().get()) < 0) {
        return Optional.of(
            "score "
                + sc.score().toPlainString()
                + " is below "
                + k.minScore().get().toPlainString());
      }
    }
    if (k.minGrade().isPresent()) {
      String min = k.minGrade().get();
      if (!(r instanceof Result.Grade g)) {
        return Optional.of("the rule wants a grade of at least " + min + ", the result has none");
      }
      int minRank = g.scale().indexOf(min);
      if (minRank < 0) {
        return Optional.of("grade " + min + " is not on the result's scale " + g.scale());
      }
      if (g.rank() > minRank) {
        return Optional.of("grade " + g.grade() + " is below " + min);
      }
    }
    if (k.maxAgeMonths().isPresent()) {
      long age = ChronoUnit.MONTHS.between(b.completed(), c.day());
      if (age > k.maxAgeMonths().get()) {
        return Optional.of(
            "completed "
                + b.completed()
                + " is "
                + age
                + " months before "
                + c.day()
                + ", more than "
                + k.maxAgeMonths().get());
      }
    }
    return Optional.empty();
  }

  private static String wire(List<OutcomeKind> kinds) {
    return String.join(", ", kinds.stream().map(OutcomeKind::wireName).toList());
  }
}
