package org.creditbank.ledger.bank;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.creditbank.ledger.journal.CorruptionException;
import org.creditbank.ledger.journal.StateTxn;
import org.creditbank.ledger.journal.StateView;
import org.creditbank.ledger.journal.StorageException;
import org.creditbank.ledger.util.Bytes;

/**
 * The credit bank's derived state, typed, over the journal's key-value state.
 *
 * <p>Keys are ASCII, parts separated by {@code /} (no id pattern allows it):
 *
 * <pre>
 * genesis                                  the genesis body
 * inst/INSTITUTION                         {@link InstitutionRecord}
 * key/DIDKEY                               the institution a key was ever registered to
 * learner/LEARNER                          {@link LearnerHead}: enrolment and entry counts
 * lach/LEARNER/NNNNNNNN                    the learner's achievement number N (ISSUER/ACH)
 * lconv/LEARNER/NNNNNNNN                   the learner's conversion number N (OWNER/CONVERSION)
 * ach/ISSUER/ACHIEVEMENT                   {@link AchievementHead}: status, counts
 * abody/ISSUER/ACHIEVEMENT                 its body, written once (never rewritten with the head)
 * ause/ISSUER/ACHIEVEMENT/NNNNNNNN         the conversion number N that used it (OWNER/CONVERSION)
 * ahist/ISSUER/ACHIEVEMENT/NNNNNNNN        the seq of entry number N that touched it
 * rule/OWNER/RULE                          {@link RuleRecord}
 * prog/OWNER/PROGRAM                       {@link ProgramRecord}
 * conv/OWNER/CONVERSION                    {@link ConversionRecord}
 * used/LEARNER/OWNER/PROGRAM/ISSUER/ACH    the active conversion using a source for a programme
 * usage/LEARNER/OWNER/RULE                 credits of active conversions through a rule (decimal)
 * list/institutions, list/rules, list/programs   registries, in order of registration
 * </pre>
 *
 * Values are JSON in a fixed member order ({@link StateJson}).
 */
final class BankState {
  private final StateView view;
  private final Decoded decoded;

  /**
   * Decoded values of the few hot records every statement reads (the genesis, institutions, rules,
   * programmes, recent achievement bodies): decoding the genesis alone validates the operator's
   * public key, a full scalar multiplication. An entry is kept under its state key together with
   * the exact bytes it was decoded from, and used only while the stored value still equals those
   * bytes, so a cached entry can never be stale. (Comparing the bytes costs far less than hashing
   * them, which keying by value would need on every read.)
   */
  static final class Decoded {
    private static final int MAX = 1024;

    private record Entry(Bytes value, Object decoded) {}

    private final Map<Bytes, Entry> map =
        new LinkedHashMap<>(64, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Bytes, Entry> eldest) {
            return size() > MAX;
          }
        };

    /** Returns what {@code value}, stored under {@code key}, decodes to, if remembered. */
    synchronized Object get(Bytes key, Bytes value) {
      Entry e = map.get(key);
      return e != null && e.value().equals(value) ? e.decoded() : null;
    }

    synchronized void put(Bytes key, Bytes value, Object decoded) {
      map.put(key, new Entry(value, decoded));
    }
  }

  /** A decoder of one kind of record. */
  private interface Decoder<T> {
    T decode(ObjectNode o) throws CorruptionException;
  }

  BankState(StateView view, Decoded decoded) {
    this.view = view;
    this.decoded = decoded;
  }

  BankState(StateView view) {
    this(view, new Decoded());
  }

  private <T> Optional<T> cached(Bytes key, Class<T> type, Decoder<T> decoder)
      throws StorageException {
    Optional<Bytes> v = view.get(key);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    Object hit = decoded.get(key, v.get());
    if (type.isInstance(hit)) {
      return Optional.of(type.cast(hit));
    }
    T t = decoder.decode(StateJson.read(key, v.get()));
    decoded.put(key, v.get(), t);
    return Optional.of(t);
  }

  private StateTxn txn() {
    return (StateTxn) view;
  }

  /** Splits an {@code OWNER/ID} reference as the lists store it: {@code [owner, id]}. */
  static String[] splitRef(String ref) {
    int slash = ref.indexOf('/');
    return new String[] {ref.substring(0, slash), ref.substring(slash + 1)};
  }

  static Bytes key(String... parts) {
    return Bytes.copyFrom(String.join("/", parts).getBytes(StandardCharsets.UTF_8));
  }

  private Optional<ObjectNode> read(Bytes key) throws StorageException {
    Optional<Bytes> v = view.get(key);
    return v.isEmpty() ? Optional.empty() : Optional.of(StateJson.read(key, v.get()));
  }

  private void write(Bytes key, ObjectNode value) {
    txn().put(key, StateJson.write(value));
  }

  // ---------------------------------------------------------------- genesis

  Optional<GenesisBody> genesis() throws StorageException {
    return cached(
        key("genesis"),
        GenesisBody.class,
        o -> {
          ObjectNode holder = StateJson.object();
          holder.set("g", o);
          return StateJson.body(holder, "g", GenesisBody::parse);
        });
  }

  void putGenesis(GenesisBody g) {
    write(key("genesis"), g.toJson());
  }

  // ---------------------------------------------------------------- institutions and keys

  Optional<InstitutionRecord> institution(String id) throws StorageException {
    return cached(key("inst", id), InstitutionRecord.class, InstitutionRecord::fromJson);
  }

  void putInstitution(InstitutionRecord r, boolean isNew) throws StorageException {
    write(key("inst", r.id()), r.toJson());
    if (isNew) {
      append("institutions", r.id());
    }
  }

  Optional<String> keyOwner(String didKey) throws StorageException {
    Optional<ObjectNode> o = read(key("key", didKey));
    return o.isEmpty() ? Optional.empty() : Optional.of(StateJson.text(o.get(), "institution"));
  }

  void putKeyOwner(String didKey, String institution) {
    ObjectNode o = StateJson.object();
    o.put("institution", institution);
    write(key("key", didKey), o);
  }

  // ---------------------------------------------------------------- learners

  Optional<LearnerHead> learnerHead(String id) throws StorageException {
    Optional<ObjectNode> o = read(key("learner", id));
    return o.isEmpty() ? Optional.empty() : Optional.of(LearnerHead.fromJson(o.get()));
  }

  void putLearnerHead(LearnerHead h) {
    write(key("learner", h.learner()), h.toJson());
  }

  /** Entry number {@code n} of a list kept one key per entry under {@code kind/owner/}. */
  private static Bytes entryKey(String kind, String owner, int n) {
    return key(kind, owner, eightDigits(n));
  }

  /**
   * {@code String.format(Locale.ROOT, "%08d", n)}, without the formatter: the sequencer makes one
   * such key for every achievement and conversion it records.
   */
  static String eightDigits(int n) {
    if (n < 0) {
      return String.format(Locale.ROOT, "%08d", n);
    }
    String digits = Integer.toString(n);
    return digits.length() >= 8 ? digits : "00000000".substring(digits.length()) + digits;
  }

  void addLearnerAchievement(LearnerHead h, AchievementRef ref) {
    ObjectNode o = StateJson.object();
    o.put("ref", ref.issuer() + "/" + ref.achievement());
    write(entryKey("lach", h.learner(), h.achievements()), o);
    putLearnerHead(h.withAchievements(h.achievements() + 1));
  }

  void addLearnerConversion(LearnerHead h, ConversionRef ref) {
    ObjectNode o = StateJson.object();
    o.put("ref", ref.toString());
    write(entryKey("lconv", h.learner(), h.conversions()), o);
    putLearnerHead(h.withConversions(h.conversions() + 1));
  }

  /** The whole account: the header and every entry, in order. */
  Optional<LearnerRecord> learner(String id) throws StorageException {
    Optional<LearnerHead> h = learnerHead(id);
    if (h.isEmpty()) {
      return Optional.empty();
    }
    List<AchievementRef> achievements = new ArrayList<>();
    for (int i = 0; i < h.get().achievements(); i++) {
      String[] r = splitRef(entry("lach", id, i));
      achievements.add(new AchievementRef(r[0], r[1]));
    }
    List<ConversionRef> conversions = new ArrayList<>();
    for (int i = 0; i < h.get().conversions(); i++) {
      conversions.add(ConversionRef.parse(entry("lconv", id, i)));
    }
    return Optional.of(
        new LearnerRecord(
            id,
            h.get().enrolledBy(),
            h.get().seq(),
            h.get().identityCommitment(),
            achievements,
            conversions));
  }

  private String entry(String kind, String owner, int n) throws StorageException {
    Bytes k = entryKey(kind, owner, n);
    return StateJson.text(read(k).orElseThrow(() -> missing(k.toString())), "ref");
  }

  // ---------------------------------------------------------------- achievements

  Optional<AchievementHead> achievementHead(String issuer, String id) throws StorageException {
    Optional<ObjectNode> o = read(key("ach", issuer, id));
    if (o.isEmpty()) {
      return Optional.empty();
    }
    Bytes bodyKey = key("abody", issuer, id);
    AchievementRecordedBody body =
        cached(
                bodyKey,
                AchievementRecordedBody.class,
                b -> {
                  ObjectNode holder = StateJson.object();
                  holder.set("b", b);
                  return StateJson.body(holder, "b", AchievementRecordedBody::parse);
                })
            .orElseThrow(() -> missing(bodyKey.toString()));
    return Optional.of(AchievementHead.fromJson(o.get(), body));
  }

  private void putHead(AchievementHead h) {
    write(key("ach", h.issuer(), h.body().achievement()), h.toJson());
  }

  /** Writes a new achievement, its history the one entry that recorded it. */
  AchievementHead newAchievement(String issuer, AchievementRecordedBody body, long seq) {
    // The body never changes: it is written once, apart from the head that every use and status
    // rewrites, and its decoded form is remembered with the bytes written, so that a conversion
    // soon after reads it without parsing it again.
    Bytes value = StateJson.write(body.toJson());
    Bytes bodyKey = key("abody", issuer, body.achievement());
    txn().put(bodyKey, value);
    decoded.put(bodyKey, value, body);
    AchievementHead h =
        new AchievementHead(
            issuer,
            body,
            seq,
            AchievementStatus.ACTIVE,
            OptionalLong.empty(),
            Optional.empty(),
            Optional.empty(),
            0,
            0,
            -1);
    return touch(h, seq);
  }

  /** Adds entry {@code seq} to the achievement's history, unless it is the last one already. */
  AchievementHead touch(AchievementHead h, long seq) {
    if (h.lastEvent() == seq) {
      return h;
    }
    ObjectNode o = StateJson.object();
    o.put("seq", seq);
    write(entryKey("ahist", h.issuer() + "/" + h.body().achievement(), h.events()), o);
    AchievementHead t = h.withCounts(h.uses(), h.events() + 1, seq);
    putHead(t);
    return t;
  }

  /** Records that conversion {@code c}, made by entry {@code seq}, used the achievement. */
  AchievementHead addUse(AchievementHead h, ConversionRef c, long seq) {
    ObjectNode o = StateJson.object();
    o.put("ref", c.toString());
    write(entryKey("ause", h.issuer() + "/" + h.body().achievement(), h.uses()), o);
    return touch(h.withCounts(h.uses() + 1, h.events(), h.lastEvent()), seq);
  }

  /** Writes a new status, made by entry {@code seq}. */
  AchievementHead setStatus(
      AchievementHead h,
      AchievementStatus status,
      long seq,
      Optional<AchievementRevocationReason> reason,
      Optional<String> by) {
    AchievementHead t = h.withStatus(status, seq, reason, by);
    putHead(t);
    return touch(t, seq);
  }

  /** The conversions that used the achievement, in order. */
  List<ConversionRef> uses(AchievementHead h) throws StorageException {
    List<ConversionRef> out = new ArrayList<>();
    for (int i = 0; i < h.uses(); i++) {
      out.add(ConversionRef.parse(entry("ause", h.issuer() + "/" + h.body().achievement(), i)));
    }
    return out;
  }

  /** The whole achievement: the stored head with its uses and history. */
  Optional<AchievementRecord> achievement(String issuer, String id) throws StorageException {
    Optional<AchievementHead> h = achievementHead(issuer, id);
    if (h.isEmpty()) {
      return Optional.empty();
    }
    AchievementHead a = h.get();
    List<Long> history = new ArrayList<>();
    for (int i = 0; i < a.events(); i++) {
      Bytes k = entryKey("ahist", issuer + "/" + id, i);
      history.add(StateJson.number(read(k).orElseThrow(() -> missing(k.toString())), "seq"));
    }
    return Optional.of(
        new AchievementRecord(
            a.issuer(),
            a.body(),
            a.seq(),
            a.status(),
            a.statusSeq(),
            a.revocationReason(),
            a.supersededBy(),
            uses(a),
            history));
  }

  // ---------------------------------------------------------------- rules and programmes

  Optional<RuleRecord> rule(String owner, String id) throws StorageException {
    return cached(key("rule", owner, id), RuleRecord.class, RuleRecord::fromJson);
  }

  void putRule(RuleRecord r, boolean isNew) throws StorageException {
    write(key("rule", r.owner(), r.body().rule()), r.toJson());
    if (isNew) {
      append("rules", r.owner() + "/" + r.body().rule());
    }
  }

  Optional<ProgramRecord> program(String owner, String id) throws StorageException {
    return cached(key("prog", owner, id), ProgramRecord.class, ProgramRecord::fromJson);
  }

  void putProgram(ProgramRecord r) throws StorageException {
    write(key("prog", r.owner(), r.body().program()), r.toJson());
    append("programs", r.owner() + "/" + r.body().program());
  }

  // ---------------------------------------------------------------- conversions

  Optional<ConversionRecord> conversion(String owner, String id) throws StorageException {
    Optional<ObjectNode> o = read(key("conv", owner, id));
    return o.isEmpty() ? Optional.empty() : Optional.of(ConversionRecord.fromJson(o.get()));
  }

  void putConversion(ConversionRecord r) {
    write(key("conv", r.owner(), r.body().conversion()), r.toJson());
  }

  private static Bytes usedKey(String learner, String owner, String program, AchievementRef src) {
    return key("used", learner, owner, program, src.issuer(), src.achievement());
  }

  /** The active conversion that used {@code src} for the programme, if any. */
  Optional<ConversionRef> usedFor(String learner, String owner, String program, AchievementRef src)
      throws StorageException {
    Optional<ObjectNode> o = read(usedKey(learner, owner, program, src));
    return o.isEmpty()
        ? Optional.empty()
        : Optional.of(ConversionRef.parse(StateJson.text(o.get(), "conversion")));
  }

  void putUsed(String learner, String owner, String program, AchievementRef src, ConversionRef c) {
    ObjectNode o = StateJson.object();
    o.put("conversion", c.toString());
    write(usedKey(learner, owner, program, src), o);
  }

  void deleteUsed(String learner, String owner, String program, AchievementRef src) {
    txn().delete(usedKey(learner, owner, program, src));
  }

  /** Credits of the learner's active conversions through a rule. */
  BigDecimal usage(String learner, String owner, String rule) throws StorageException {
    Optional<ObjectNode> o = read(key("usage", learner, owner, rule));
    return o.isEmpty() ? BigDecimal.ZERO : StateJson.decimal(o.get(), "credits");
  }

  void putUsage(String learner, String owner, String rule, BigDecimal credits) {
    Bytes k = key("usage", learner, owner, rule);
    if (credits.signum() == 0) {
      txn().delete(k);
      return;
    }
    ObjectNode o = StateJson.object();
    o.put("credits", BodyReader.normalize(credits).toPlainString());
    write(k, o);
  }

  // ---------------------------------------------------------------- registries

  List<String> list(String name) throws StorageException {
    Optional<ObjectNode> o = read(key("list", name));
    return o.isEmpty() ? List.of() : StateJson.texts(o.get(), "ids");
  }

  private void append(String name, String id) throws StorageException {
    List<String> ids = new ArrayList<>(list(name));
    ids.add(id);
    ObjectNode o = StateJson.object();
    o.set("ids", StateJson.texts(ids));
    write(key("list", name), o);
  }

  static CorruptionException missing(String what) {
    return new CorruptionException("derived state lacks " + what);
  }
}
