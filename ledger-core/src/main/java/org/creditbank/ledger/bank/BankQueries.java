package org.creditbank.ledger.bank;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.creditbank.ledger.journal.StateView;
import org.creditbank.ledger.journal.StorageException;

/**
 * Reads the credit bank's derived state: accounts, transcripts, programme progress and the
 * registries. Pure functions of the state it is given; the facade gives it a consistent snapshot.
 */
public final class BankQueries {
  private final BankState st;

  /**
   * Creates queries over a state view.
   *
   * @param view the derived state, as the journal publishes it
   */
  public BankQueries(StateView view) {
    this.st = new BankState(view);
  }

  BankQueries(BankState st) {
    this.st = st;
  }

  /**
   * Returns the genesis, if the ledger has one.
   *
   * @return the genesis body
   * @throws StorageException if reading failed
   */
  public Optional<GenesisBody> genesis() throws StorageException {
    return st.genesis();
  }

  /**
   * Returns one institution with its key history.
   *
   * @param id the institution id
   * @return the institution, or empty if not registered
   * @throws StorageException if reading failed
   */
  public Optional<InstitutionRecord> institution(String id) throws StorageException {
    return st.institution(id);
  }

  /**
   * Returns every institution, the operator first, in order of registration.
   *
   * @return the institutions
   * @throws StorageException if reading failed
   */
  public List<InstitutionRecord> institutions() throws StorageException {
    List<InstitutionRecord> out = new ArrayList<>();
    for (String id : st.list("institutions")) {
      out.add(st.institution(id).orElseThrow(() -> BankState.missing("institution " + id)));
    }
    return out;
  }

  /**
   * Returns every rule, in order of publication, retired ones included.
   *
   * @return the rules
   * @throws StorageException if reading failed
   */
  public List<RuleRecord> rules() throws StorageException {
    List<RuleRecord> out = new ArrayList<>();
    for (String ref : st.list("rules")) {
      String[] r = BankState.splitRef(ref);
      out.add(st.rule(r[0], r[1]).orElseThrow(() -> BankState.missing("rule " + ref)));
    }
    return out;
  }

  /**
   * Returns one rule.
   *
   * @param owner the institution that published it
   * @param rule the rule id
   * @return the rule, or empty if there is none
   * @throws StorageException if reading failed
   */
  public Optional<RuleRecord> rule(String owner, String rule) throws StorageException {
    return st.rule(owner, rule);
  }

  /**
   * Returns every programme, in order of publication.
   *
   * @return the programmes
   * @throws StorageException if reading failed
   */
  public List<ProgramRecord> programs() throws StorageException {
    List<ProgramRecord> out = new ArrayList<>();
    for (String ref : st.list("programs")) {
      String[] r = BankState.splitRef(ref);
      out.add(st.program(r[0], r[1]).orElseThrow(() -> BankState.missing("programme " + ref)));
    }
    return out;
  }

  /**
   * Returns one programme.
   *
   * @param owner the institution that runs it
   * @param program the programme id
   * @return the programme, or empty if there is none
   * @throws StorageException if reading failed
   */
  public Optional<ProgramRecord> program(String owner, String program) throws StorageException {
    return st.program(owner, program);
  }

  /**
   * Returns a learner's account.
   *
   * @param learner the learner id
   * @return the account, or empty if not enrolled
   * @throws StorageException if reading failed
   */
  public Optional<LearnerRecord> learner(String learner) throws StorageException {
    return st.learner(learner);
  }

  /**
   * Returns one achievement.
   *
   * @param issuer the issuing institution
   * @param achievement the achievement id
   * @return the achievement, or empty if there is none
   * @throws StorageException if reading failed
   */
  public Optional<AchievementRecord> achievement(String issuer, String achievement)
      throws StorageException {
    return st.achievement(issuer, achievement);
  }

  /**
   * Returns one conversion.
   *
   * @param owner the converting institution
   * @param conversion the conversion id
   * @return the conversion, or empty if there is none
   * @throws StorageException if reading failed
   */
  public Optional<ConversionRecord> conversion(String owner, String conversion)
      throws StorageException {
    return st.conversion(owner, conversion);
  }

  /**
   * Returns a learner's transcript on a day.
   *
   * @param learner the learner id
   * @param day the day (UTC) statuses such as {@link AchievementStatus#EXPIRED} are computed for
   * @return the transcript, or empty if the learner is not enrolled
   * @throws StorageException if reading failed
   */
  public Optional<Transcript> transcript(String learner, LocalDate day) throws StorageException {
    Optional<LearnerRecord> account = st.learner(learner);
    if (account.isEmpty()) {
      return Optional.empty();
    }
    List<Transcript.Line> lines = new ArrayList<>();
    Map<OutcomeKind, BigDecimal> byKind = new EnumMap<>(OutcomeKind.class);
    Map<String, BigDecimal> byLevel = new TreeMap<>();
    Map<String, BigDecimal> byField = new TreeMap<>();
    for (AchievementRef ref : account.get().achievements()) {
      AchievementRecord a = achievementOf(ref);
      Transcript.Line line = new Transcript.Line(a, a.statusOn(day));
      lines.add(line);
      if (line.counts()) {
        BigDecimal c = a.body().credits();
        byKind.merge(a.body().kind(), c, BigDecimal::add);
        byLevel.merge(a.body().level(), c, BigDecimal::add);
        byField.merge(a.body().field(), c, BigDecimal::add);
      }
    }
    List<ConversionRecord> conversions = new ArrayList<>();
    Map<String, BigDecimal> byProgram = new LinkedHashMap<>();
    for (ConversionRef ref : account.get().conversions()) {
      ConversionRecord c = conversionOf(ref);
      conversions.add(c);
      if (c.status() == ConversionStatus.ACTIVE) {
        byProgram.merge(c.owner() + "/" + c.program(), c.body().credits(), BigDecimal::add);
      }
    }
    return Optional.of(
        new Transcript(
            account.get(),
            day,
            lines,
            conversions,
            normalized(byKind),
            normalized(byLevel),
            normalized(byField),
            normalized(byProgram)));
  }

  private static <K> Map<K, BigDecimal> normalized(Map<K, BigDecimal> m) {
    m.replaceAll((k, v) -> BodyReader.normalize(v));
    return m;
  }

  private AchievementRecord achievementOf(AchievementRef ref) throws StorageException {
    return st.achievement(ref.issuer(), ref.achievement())
        .orElseThrow(() -> BankState.missing("achievement " + ref));
  }

  private ConversionRecord conversionOf(ConversionRef ref) throws StorageException {
    return st.conversion(ref.owner(), ref.conversion())
        .orElseThrow(() -> BankState.missing("conversion " + ref));
  }

  /**
   * Returns a learner's progress through a programme on a day (see {@link ProgramProgress} for how
   * credits count).
   *
   * @param learner the learner id
   * @param owner the institution that runs the programme
   * @param program the programme id
   * @param day the day (UTC)
   * @return the progress, or empty if the learner is not enrolled or the programme does not exist
   * @throws StorageException if reading failed
   */
  public Optional<ProgramProgress> progress(
      String learner, String owner, String program, LocalDate day) throws StorageException {
    Optional<Transcript> t = transcript(learner, day);
    Optional<ProgramRecord> p = st.program(owner, program);
    Optional<GenesisBody> g = st.genesis();
    if (t.isEmpty() || p.isEmpty() || g.isEmpty()) {
      return Optional.empty();
    }
    ProgramPublishedBody.Requirements req = p.get().body().requirements();
    List<String> levels =
        g.get().framework().levels().stream().map(GenesisBody.Level::code).toList();
    int programLevel = levels.indexOf(p.get().body().level());

    // An achievement of the programme's own institution that an active conversion into the
    // programme used counts through that conversion, not a second time as the institution's own.
    Set<AchievementRef> convertedSources = new HashSet<>();
    for (ConversionRecord c : t.get().conversions()) {
      if (c.status() == ConversionStatus.ACTIVE
          && c.owner().equals(owner)
          && c.program().equals(program)) {
        convertedSources.addAll(c.body().sources());
      }
    }
    BigDecimal own = BigDecimal.ZERO;
    Map<Integer, BigDecimal> ownByLevel = new TreeMap<>();
    List<String> courses = new ArrayList<>();
    for (Transcript.Line line : t.get().achievements()) {
      AchievementRecord a = line.record();
      if (line.counts() && a.issuer().equals(owner) && !convertedSources.contains(a.ref())) {
        own = own.add(a.body().credits());
        ownByLevel.merge(levels.indexOf(a.body().level()), a.body().credits(), BigDecimal::add);
        courses.add(a.body().code());
      }
    }
    BigDecimal converted = BigDecimal.ZERO;
    for (ConversionRecord c : t.get().conversions()) {
      if (c.status() == ConversionStatus.ACTIVE
          && c.owner().equals(owner)
          && c.program().equals(program)) {
        converted = converted.add(c.body().credits());
        courses.add(c.course());
      }
    }
    BigDecimal share = req.maxConversionShare().orElse(g.get().policy().maxConversionShare());
    BigDecimal maxConverted = req.totalCredits().multiply(share).setScale(2, RoundingMode.DOWN);
    BigDecimal counted = converted.min(maxConverted);

    List<ProgramProgress.Requirement> rows = new ArrayList<>();
    BigDecimal total = own.add(counted);
    rows.add(
        credits(
            req.totalCredits().toPlainString() + " credits in total", total, req.totalCredits()));
    for (ProgramPublishedBody.LevelCredits lc : req.minCreditsAtLevel()) {
      int min = levels.indexOf(lc.level());
      BigDecimal have = BigDecimal.ZERO;
      for (Map.Entry<Integer, BigDecimal> e : ownByLevel.entrySet()) {
        if (e.getKey() >= min) {
          have = have.add(e.getValue());
        }
      }
      if (programLevel >= min) {
        have = have.add(counted);
      }
      rows.add(
          credits(
              lc.credits().toPlainString() + " credits at level " + lc.level() + " or above",
              have,
              lc.credits()));
    }
    for (String course : req.requiredCourses()) {
      boolean met = courses.contains(course);
      rows.add(
          new ProgramProgress.Requirement(
              "course " + course, met, met ? "passed or converted" : "missing"));
    }
    rows.add(
        new ProgramProgress.Requirement(
            String.format(
                Locale.ROOT,
                "at most %s of the total from conversion (%s credits)",
                share.movePointRight(2).stripTrailingZeros().toPlainString() + "%",
                plain(maxConverted)),
            true,
            converted.compareTo(maxConverted) > 0
                ? plain(counted) + " of " + plain(converted) + " converted credits count"
                : plain(converted) + " converted credits count"));
    return Optional.of(
        new ProgramProgress(
            learner,
            p.get(),
            day,
            BodyReader.normalize(own),
            BodyReader.normalize(converted),
            BodyReader.normalize(counted),
            rows));
  }

  private static ProgramProgress.Requirement credits(
      String what, BigDecimal have, BigDecimal want) {
    boolean met = have.compareTo(want) >= 0;
    return new ProgramProgress.Requirement(
        what,
        met,
        met
            ? plain(have) + " credits"
            : plain(have) + " credits, " + plain(want.subtract(have)) + " missing");
  }

  private static String plain(BigDecimal d) {
    return BodyReader.normalize(d).toPlainString();
  }
}
