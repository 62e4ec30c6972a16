package org.creditbank.ledger.bank;

import static org.creditbank.ledger.bank.TestKeys.LEDGER;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.creditbank.ledger.util.Hash;

/** Random valid achievement and rule bodies survive signing and parsing unchanged. */
class BodyPropertiesTest {
  private static final StatementSigner SIGNER =
      new StatementSigner(LEDGER, BodyFixtures.OPERATOR, BodyFixtures.OPERATOR_KEY);
  private static final Instant T = Instant.parse("2026-11-27T09:30:00Z");
  private static final long FIRST_DAY = LocalDate.of(1900, 1, 1).toEpochDay();
  private static final long LAST_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

  private static Body signAndParse(Body b) throws StatementException {
    byte[] bytes = SIGNER.sign(b.type(), "p-1", T, b.toJson());
    return Bodies.parse(Statement.parse(bytes, LEDGER)).orElseThrow();
  }

  private static Arbitrary<String> id() {
    Arbitrary<String> rest =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withCharRange('A', 'Z')
            .withCharRange('0', '9')
            .withChars('.', '_', ':', '-')
            .ofMaxLength(63);
    return Combinators.combine(Arbitraries.of('a', 'Z', '7'), rest).as((c, r) -> c + r);
  }

  private static Arbitrary<String> code() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .withCharRange('A', 'Z')
        .withCharRange('0', '9')
        .withChars('.', '_', '-')
        .ofMinLength(1)
        .ofMaxLength(32);
  }

  private static Arbitrary<String> level() {
    return Arbitraries.strings()
        .withCharRange('A', 'Z')
        .withCharRange('0', '9')
        .withChars('-')
        .ofMinLength(1)
        .ofMaxLength(16);
  }

  private static Arbitrary<String> institution() {
    return Arbitraries.strings()
        .withCharRange('A', 'Z')
        .withCharRange('0', '9')
        .withChars('-')
        .ofMinLength(2)
        .ofMaxLength(32);
  }

  private static Arbitrary<String> grade() {
    return Arbitraries.strings()
        .withCharRange('A', 'Z')
        .withCharRange('a', 'z')
        .withChars('+', '-', '1')
        .ofMinLength(1)
        .ofMaxLength(8);
  }

  /** A decimal from {@code min} to {@code max} with up to two decimals, often with fewer. */
  private static Arbitrary<BigDecimal> decimal(String min, String max) {
    return Arbitraries.bigDecimals()
        .between(new BigDecimal(min), new BigDecimal(max))
        .ofScale(2)
        .edgeCases(c -> c.add(new BigDecimal(min)).add(new BigDecimal(max)));
  }

  private static Arbitrary<LocalDate> date() {
    return Arbitraries.longs().between(FIRST_DAY, LAST_DAY).map(LocalDate::ofEpochDay);
  }

  /** A date not before {@code d}, at most about ten years after it and never past 9999. */
  private static Arbitrary<LocalDate> notBefore(LocalDate d) {
    return Arbitraries.longs()
        .between(0, 3700)
        .map(n -> LocalDate.ofEpochDay(Math.min(d.toEpochDay() + n, LAST_DAY)));
  }

  private static Arbitrary<Result> result() {
    Arbitrary<Result> score = decimal("0", "100").map(Result.Score::new);
    Arbitrary<Result> passFail = Arbitraries.of(true, false).map(Result.PassFail::new);
    Arbitrary<Result> graded =
        grade()
            .list()
            .uniqueElements()
            .ofMinSize(1)
            .ofMaxSize(20)
            .flatMap(s -> Arbitraries.of(s).map(g -> (Result) new Result.Grade(g, s)));
    return Arbitraries.oneOf(List.of(score, passFail, graded));
  }

  private static Arbitrary<Evidence> evidence() {
    return Combinators.combine(
            Arbitraries.bytes().array(byte[].class).ofMaxSize(8).map(Hash::sha256),
            Arbitraries.of("application/pdf", "image/jpeg", "application/vnd.ms-excel", "a/b"))
        .as(Evidence::new);
  }

  private record Head(
      String achievement,
      String learner,
      OutcomeKind kind,
      String title,
      String code,
      String field,
      String level) {}

  @Provide
  Arbitrary<AchievementRecordedBody> achievements() {
    Arbitrary<String> learner =
        Arbitraries.strings()
            .withCharRange('A', 'Z')
            .withChars('-', '7')
            .ofMinLength(4)
            .ofMaxLength(38)
            .map(s -> "L-" + s);
    Arbitrary<String> title =
        Arbitraries.strings()
            .withCharRange('\u4e00', '\u9fff')
            .withCharRange('a', 'z')
            .withChars(' ', '（', '）', '"')
            .ofMinLength(1)
            .ofMaxLength(200);
    Arbitrary<Head> head =
        Combinators.combine(
                id(), learner, Arbitraries.of(OutcomeKind.class), title, code(), code(), level())
            .as(Head::new);
    return Combinators.combine(
            head,
            decimal("0", "60"),
            Arbitraries.integers().between(0, 10000),
            result(),
            date().flatMap(d -> notBefore(d).optional().map(u -> List.of(Optional.of(d), u))),
            evidence().optional(),
            id().optional())
        .filter((h, c, n, r, dates, e, s) -> s.isEmpty() || !s.get().equals(h.achievement()))
        .as(
            (h, c, n, r, dates, e, s) ->
                new AchievementRecordedBody(
                    h.achievement(),
                    h.learner(),
                    h.kind(),
                    h.title(),
                    h.code(),
                    h.field(),
                    h.level(),
                    c,
                    n,
                    r,
                    dates.get(0).orElseThrow(),
                    dates.get(1),
                    e,
                    s));
  }

  @Property(tries = 150)
  void parse_randomAchievement_roundTrips(@ForAll("achievements") AchievementRecordedBody b)
      throws StatementException {
    assertEquals(b, signAndParse(b));
  }

  @Provide
  Arbitrary<RulePublishedBody> rules() {
    Arbitrary<List<String>> codes =
        Combinators.combine(code(), Arbitraries.of("", "*"))
            .as((c, star) -> c + star)
            .list()
            .uniqueElements()
            .ofMaxSize(4);
    // minScore and minGrade never together: the first of the pair is a score, the second a grade.
    Arbitrary<List<Optional<?>>> minimum =
        Arbitraries.oneOf(
            List.of(
                Arbitraries.just(List.of(Optional.empty(), Optional.empty())),
                decimal("0", "100").map(d -> List.of(Optional.of(d), Optional.empty())),
                grade().map(g -> List.of(Optional.empty(), Optional.of(g)))));
    Arbitrary<RulePublishedBody.SourceCriteria> source =
        Combinators.combine(
                Arbitraries.of(OutcomeKind.class).list().uniqueElements().ofMinSize(1).ofMaxSize(8),
                institution().list().uniqueElements().ofMaxSize(4),
                codes,
                code().optional(),
                level().optional(),
                minimum,
                Arbitraries.integers().between(1, 600).optional())
            .as(
                (k, i, c, f, l, m, a) ->
                    new RulePublishedBody.SourceCriteria(
                        k,
                        i,
                        c,
                        f,
                        l,
                        m.get(0).map(BigDecimal.class::cast),
                        m.get(1).map(String.class::cast),
                        a));
    Arbitrary<RulePublishedBody.Credits> credits =
        Arbitraries.oneOf(
            List.of(
                decimal("0.01", "60").map(RulePublishedBody.Fixed::new),
                Combinators.combine(decimal("0.01", "10"), decimal("0.01", "60"))
                    .as(RulePublishedBody.Factor::new)));
    Arbitrary<RulePublishedBody.Target> target =
        Combinators.combine(id(), code(), credits).as(RulePublishedBody.Target::new);
    return Combinators.combine(
            id(),
            source,
            target,
            decimal("0.01", "600"),
            date().flatMap(d -> notBefore(d).optional().map(u -> List.of(Optional.of(d), u))))
        .as(
            (r, s, t, lim, dates) ->
                new RulePublishedBody(r, s, t, lim, dates.get(0).orElseThrow(), dates.get(1)));
  }

  @Property(tries = 150)
  void parse_randomRule_roundTrips(@ForAll("rules") RulePublishedBody b) throws StatementException {
    assertEquals(b, signAndParse(b));
  }
}
