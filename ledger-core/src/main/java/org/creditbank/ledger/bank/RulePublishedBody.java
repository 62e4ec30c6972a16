package org.creditbank.ledger.bank;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The body of {@code rule.published}, a credit conversion rule: {@code {"rule", "source": {"kinds",
 * "issuers"?, "codes"?, "field"?, "minLevel"?, "minScore"?, "minGrade"?, "maxAgeMonths"?},
 * "target": {"program", "course", "credits": {"fixed"} | {"factor", "max"}}, "limit", "validFrom",
 * "validUntil"?}}.
 *
 * <p>{@link #parse} checks the body alone; that the actor may accept conversions, that {@code
 * target.program} is its own programme and that {@code minLevel} is a framework level are for the
 * state machine.
 *
 * @param rule the rule id, unique per owner, matching {@code [A-Za-z0-9][A-Za-z0-9._:-]{0,63}}
 * @param source which achievements the rule accepts
 * @param target what it grants them as
 * @param limit the most credits one learner may gain through this rule, 0.01 to 600 with at most
 *     two decimals (held without trailing zeros)
 * @param validFrom the first date the rule applies
 * @param validUntil the last date it applies, if it ends; not before {@code validFrom}
 */
public record RulePublishedBody(
    String rule,
    SourceCriteria source,
    Target target,
    BigDecimal limit,
    LocalDate validFrom,
    Optional<LocalDate> validUntil)
    implements Body {

  /**
   * Which achievements a rule accepts. An achievement must meet every criterion present.
   *
   * @param kinds the outcome kinds accepted, at least one, distinct, in the order written
   * @param issuers the issuing institutions accepted, distinct; empty for any issuer (absent on the
   *     wire)
   * @param codes the codes accepted, distinct, each a code or a prefix ending in {@code *}; empty
   *     for any code (absent on the wire)
   * @param field the field of study code required, if any
   * @param minLevel the lowest framework level accepted, if any
   * @param minScore the lowest score accepted, 0 to 100 with at most two decimals, if any
   * @param minGrade the lowest grade accepted, matching {@code [A-Za-z0-9+-]{1,8}}, if any; never
   *     together with {@code minScore}
   * @param maxAgeMonths the most months between completion and conversion, 1 to 600, if any
   */
  public record SourceCriteria(
      List<OutcomeKind> kinds,
      List<String> issuers,
      List<String> codes,
      Optional<String> field,
      Optional<String> minLevel,
      Optional<BigDecimal> minScore,
      Optional<String> minGrade,
      Optional<Integer> maxAgeMonths) {

    /** Longest {@code maxAgeMonths}. */
    static final int MAX_AGE_MONTHS = 600;

    /**
     * Checks the fields, copies the lists and normalizes {@code minScore}.
     *
     * @param kinds the kinds
     * @param issuers the issuers, empty for any
     * @param codes the codes, empty for any
     * @param field the field code, if any
     * @param minLevel the level code, if any
     * @param minScore the score, if any
     * @param minGrade the grade, if any
     * @param maxAgeMonths the age limit, if any
     * @throws IllegalArgumentException if {@code kinds} is empty, a list repeats an entry, a value
     *     breaks its pattern or range, or both {@code minScore} and {@code minGrade} are present
     * @throws NullPointerException if an argument is or holds null
     */
    public SourceCriteria {
      kinds = List.copyOf(kinds);
      issuers = List.copyOf(issuers);
      codes = List.copyOf(codes);
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(minLevel, "minLevel");
      Objects.requireNonNull(minScore, "minScore");
      Objects.requireNonNull(minGrade, "minGrade");
      Objects.requireNonNull(maxAgeMonths, "maxAgeMonths");
      if (kinds.isEmpty()) {
        throw new IllegalArgumentException("want at least one outcome kind, got none");
      }
      BodyReader.requireDistinct(kinds, "outcome kinds");
      issuers.forEach(BodyReader::requireInstitutionId);
      BodyReader.requireDistinct(issuers, "issuers");
      codes.forEach(c -> BodyReader.requireMatch(c, BodyReader.CODE_PREFIX, "a code"));
      BodyReader.requireDistinct(codes, "codes");
      field.ifPresent(f -> BodyReader.requireMatch(f, BodyReader.CODE, "a field code"));
      minLevel.ifPresent(l -> BodyReader.requireMatch(l, GenesisBody.LEVEL_CODE, "a level code"));
      minScore = minScore.map(s -> BodyReader.requireDecimal(s, "0", "100", "minScore"));
      minGrade.ifPresent(g -> BodyReader.requireMatch(g, BodyReader.GRADE, "a grade"));
      if (minScore.isPresent() && minGrade.isPresent()) {
        throw new IllegalArgumentException("want minScore or minGrade, not both");
      }
      if (maxAgeMonths.isPresent()
          && (maxAgeMonths.get() < 1 || maxAgeMonths.get() > MAX_AGE_MONTHS)) {
        throw new IllegalArgumentException(
            "want maxAgeMonths from 1 to 600, got " + maxAgeMonths.get());
      }
    }

    /**
     * Tells whether an achievement's code meets the criteria's code list: true if the list is
     * empty, holds {@code code} itself, or holds a prefix entry {@code P*} with {@code code}
     * starting with {@code P}.
     *
     * @param code the achievement's code
     * @return whether it matches
     * @throws NullPointerException if {@code code} is null
     */
    public boolean codeMatches(String code) {
      Objects.requireNonNull(code, "code");
      if (codes.isEmpty()) {
        return true;
      }
      for (String c : codes) {
        if (c.endsWith("*") ? code.startsWith(c.substring(0, c.length() - 1)) : code.equals(c)) {
          return true;
        }
      }
      return false;
    }

    ObjectNode toJson() {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      ArrayNode k = o.putArray("kinds");
      kinds.forEach(x -> k.add(x.wireName()));
      if (!issuers.isEmpty()) {
        ArrayNode a = o.putArray("issuers");
        issuers.forEach(a::add);
      }
      if (!codes.isEmpty()) {
        ArrayNode a = o.putArray("codes");
        codes.forEach(a::add);
      }
      field.ifPresent(f -> o.put("field", f));
      minLevel.ifPresent(l -> o.put("minLevel", l));
      minScore.ifPresent(s -> o.set("minScore", DecimalNode.valueOf(s)));
      minGrade.ifPresent(g -> o.put("minGrade", g));
      maxAgeMonths.ifPresent(m -> o.put("maxAgeMonths", m));
      return o;
    }

    static SourceCriteria parse(ObjectNode o) throws StatementException {
      String p = "/body/source";
      BodyReader.members(
          o,
          p,
          List.of("kinds"),
          List.of("issuers", "codes", "field", "minLevel", "minScore", "minGrade", "maxAgeMonths"));
      ArrayNode ka = BodyReader.nonEmptyArray(o, p, "kinds");
      List<OutcomeKind> kinds = new ArrayList<>();
      for (int i = 0; i < ka.size(); i++) {
        String ip = p + "/kinds/" + i;
        OutcomeKind k =
            OutcomeKind.fromWire(BodyReader.oneOf(ka.get(i), ip, OutcomeKind.WIRE)).orElseThrow();
        int earlier = kinds.indexOf(k);
        if (earlier >= 0) {
          throw BodyReader.repeated(p + "/kinds", "outcome kinds", i, earlier);
        }
        kinds.add(k);
      }
      List<String> issuers = List.of();
      if (o.has("issuers")) {
        issuers =
            BodyReader.distinctStrings(
                BodyReader.nonEmptyArray(o, p, "issuers"),
                p + "/issuers",
                BodyReader.INSTITUTION_ID,
                "an institution id",
                "issuers");
      }
      List<String> codes = List.of();
      if (o.has("codes")) {
        codes =
            BodyReader.distinctStrings(
                BodyReader.nonEmptyArray(o, p, "codes"),
                p + "/codes",
                BodyReader.CODE_PREFIX,
                "a code",
                "codes");
      }
      Optional<String> field = Optional.empty();
      if (o.has("field")) {
        field = Optional.of(BodyReader.matching(o, p, "field", BodyReader.CODE, "a field code"));
      }
      Optional<String> minLevel = Optional.empty();
      if (o.has("minLevel")) {
        minLevel =
            Optional.of(
                BodyReader.matching(o, p, "minLevel", GenesisBody.LEVEL_CODE, "a level code"));
      }
      Optional<BigDecimal> minScore = Optional.empty();
      if (o.has("minScore")) {
        minScore =
            Optional.of(
                BodyReader.decimal(o, p, "minScore", BigDecimal.ZERO, BigDecimal.valueOf(100), 2));
      }
      Optional<String> minGrade = Optional.empty();
      if (o.has("minGrade")) {
        String g = BodyReader.matching(o, p, "minGrade", BodyReader.GRADE, "a grade");
        if (minScore.isPresent()) {
          throw BodyReader.schema(
              p + "/minGrade",
              "want no minGrade beside /body/source/minScore at /body/source/minGrade, got "
                  + Statement.quote(g));
        }
        minGrade = Optional.of(g);
      }
      Optional<Integer> maxAge = Optional.empty();
      if (o.has("maxAgeMonths")) {
        maxAge = Optional.of(BodyReader.integer(o, p, "maxAgeMonths", 1, MAX_AGE_MONTHS));
      }
      return new SourceCriteria(kinds, issuers, codes, field, minLevel, minScore, minGrade, maxAge);
    }
  }

  /** How many credits a rule grants: {@link Fixed} or {@link Factor}. */
  public sealed interface Credits permits Fixed, Factor {
    /**
     * Returns {@code {"fixed"}} or {@code {"factor", "max"}}.
     *
     * @return a new object
     */
    ObjectNode toJson();
  }

  /**
   * A fixed number of credits, whatever the source carries: {@code {"fixed": 4}}.
   *
   * @param credits 0.01 to 60 with at most two decimals (held without trailing zeros)
   */
  public record Fixed(BigDecimal credits) implements Credits {
    /**
     * Checks and normalizes the credits.
     *
     * @param credits the credits
     * @throws IllegalArgumentException if they are outside 0.01 to 60 or have more than two
     *     decimals
     * @throws NullPointerException if they are null
     */
    public Fixed {
      credits = BodyReader.requireDecimal(credits, "0.01", "60", "fixed credits");
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.set("fixed", DecimalNode.valueOf(credits));
      return o;
    }
  }

  /**
   * The source's credits times a factor, capped: {@code {"factor": 0.5, "max": 6}}.
   *
   * @param factor 0.01 to 10 with at most two decimals (held without trailing zeros)
   * @param max the cap, 0.01 to 60 with at most two decimals (held without trailing zeros)
   */
  public record Factor(BigDecimal factor, BigDecimal max) implements Credits {
    /**
     * Checks and normalizes the values.
     *
     * @param factor the factor
     * @param max the cap
     * @throws IllegalArgumentException if one is out of range or has more than two decimals
     * @throws NullPointerException if one is null
     */
    public Factor {
      factor = BodyReader.requireDecimal(factor, "0.01", "10", "a factor");
      max = BodyReader.requireDecimal(max, "0.01", "60", "max");
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.set("factor", DecimalNode.valueOf(factor));
      o.set("max", DecimalNode.valueOf(max));
      return o;
    }
  }

  /**
   * What a rule grants: credits for a course of a programme.
   *
   * @param program the id of a programme of the rule's owner, matching {@code
   *     [A-Za-z0-9][A-Za-z0-9._:-]{0,63}}
   * @param course the course code in that programme, matching {@code [A-Za-z0-9._-]{1,32}}
   * @param credits how many credits
   */
  public record Target(String program, String course, Credits credits) {
    /**
     * Checks the fields.
     *
     * @param program the programme id
     * @param course the course code
     * @param credits the credits
     * @throws IllegalArgumentException if {@code program} or {@code course} breaks its pattern
     * @throws NullPointerException if an argument is null
     */
    public Target {
      BodyReader.requireMatch(program, BodyReader.ID, "a programme id");
      BodyReader.requireMatch(course, BodyReader.CODE, "a course code");
      Objects.requireNonNull(credits, "credits");
    }

    ObjectNode toJson() {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("program", program);
      o.put("course", course);
      o.set("credits", credits.toJson());
      return o;
    }

    static Target parse(ObjectNode o) throws StatementException {
      String p = "/body/target";
      BodyReader.members(o, p, List.of("program", "course", "credits"), List.of());
      String program = BodyReader.matching(o, p, "program", BodyReader.ID, "a programme id");
      String course = BodyReader.matching(o, p, "course", BodyReader.CODE, "a course code");
      String cp = p + "/credits";
      ObjectNode c = BodyReader.object(o, p, "credits");
      Credits credits;
      if (c.has("fixed")) {
        BodyReader.members(c, cp, List.of("fixed"), List.of());
        credits =
            new Fixed(
                BodyReader.decimal(
                    c, cp, "fixed", new BigDecimal("0.01"), BigDecimal.valueOf(60), 2));
      } else if (c.has("factor")) {
        BodyReader.members(c, cp, List.of("factor", "max"), List.of());
        credits =
            new Factor(
                BodyReader.decimal(c, cp, "factor", new BigDecimal("0.01"), BigDecimal.TEN, 2),
                BodyReader.decimal(
                    c, cp, "max", new BigDecimal("0.01"), BigDecimal.valueOf(60), 2));
      } else {
        // Neither shape: an unknown member is named first, as everywhere else.
        BodyReader.members(c, cp, List.of(), List.of());
        throw BodyReader.schema(
            cp, "want one of the members fixed, factor at " + cp + ", got none");
      }
      return new Target(program, course, credits);
    }
  }

  /**
   * Checks the fields and normalizes {@code limit}.
   *
   * @param rule the rule id
   * @param source the source criteria
   * @param target the target
   * @param limit the per-learner limit
   * @param validFrom the first date
   * @param validUntil the last date, if any
   * @throws IllegalArgumentException if {@code rule} breaks its pattern, {@code limit} is outside
   *     0.01 to 600 or has more than two decimals, a date is outside 1900 to 9999, or {@code
   *     validUntil} is before {@code validFrom}
   * @throws NullPointerException if an argument is null
   */
  public RulePublishedBody {
    BodyReader.requireMatch(rule, BodyReader.ID, "a rule id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    limit = BodyReader.requireDecimal(limit, "0.01", "600", "a limit");
    BodyReader.requireDate(validFrom, "validFrom");
    Objects.requireNonNull(validUntil, "validUntil");
    validUntil.ifPresent(d -> BodyReader.requireDate(d, "validUntil"));
    if (validUntil.isPresent() && validUntil.get().isBefore(validFrom)) {
      throw new IllegalArgumentException(
          "want validUntil not before " + validFrom + ", got " + validUntil.get());
    }
  }

  /**
   * Returns the credits this rule grants for a source achievement carrying {@code sourceCredits}:
   * for {@link Fixed}, its credits whatever the source carries; for {@link Factor}, {@code
   * min(sourceCredits × factor, max)} rounded down ({@link RoundingMode#DOWN}) to two decimals. The
   * result has no trailing zeros.
   *
   * @param sourceCredits the credits of the source achievement, not negative
   * @return the credits granted
   * @throws IllegalArgumentException if {@code sourceCredits} is negative
   * @throws NullPointerException if {@code sourceCredits} is null
   */
  public BigDecimal creditsFor(BigDecimal sourceCredits) {
    Objects.requireNonNull(sourceCredits, "sourceCredits");
    if (sourceCredits.signum() < 0) {
      throw new IllegalArgumentException(
          "want source credits of at least 0, got " + sourceCredits.toPlainString());
    }
    if (target.credits() instanceof Factor f) {
      return BodyReader.normalize(
          sourceCredits.multiply(f.factor()).min(f.max()).setScale(2, RoundingMode.DOWN));
    }
    return ((Fixed) target.credits()).credits();
  }

  /**
   * Returns {@link StatementType#RULE_PUBLISHED}.
   *
   * @return the type
   */
  @Override
  public StatementType type() {
    return StatementType.RULE_PUBLISHED;
  }

  /**
   * Parses an untrusted body.
   *
   * @param body the statement's {@code body}
   * @return the body
   * @throws StatementException with {@link RejectCode#SCHEMA} and the member's pointer (such as
   *     {@code /body/source/codes/1}) if a member is unknown or missing or of the wrong JSON type,
   *     an id, code, level or grade breaks its pattern, {@code kinds} is empty, {@code issuers} or
   *     {@code codes} is present but empty, a list repeats an entry, both {@code minScore} and
   *     {@code minGrade} are present, {@code target.credits} is not exactly one of its two shapes,
   *     a number is out of its range or has more than two decimals, a date is not a real {@code
   *     YYYY-MM-DD} date from 1900, or {@code validUntil} is before {@code validFrom}
   */
  public static RulePublishedBody parse(ObjectNode body) throws StatementException {
    String b = "/body";
    BodyReader.members(
        body, b, List.of("rule", "source", "target", "limit", "validFrom"), List.of("validUntil"));
    String rule = BodyReader.matching(body, b, "rule", BodyReader.ID, "a rule id");
    SourceCriteria source = SourceCriteria.parse(BodyReader.object(body, b, "source"));
    Target target = Target.parse(BodyReader.object(body, b, "target"));
    BigDecimal limit =
        BodyReader.decimal(body, b, "limit", new BigDecimal("0.01"), BigDecimal.valueOf(600), 2);
    LocalDate validFrom = BodyReader.date(body, b, "validFrom");
    Optional<LocalDate> validUntil = Optional.empty();
    if (body.has("validUntil")) {
      LocalDate until = BodyReader.date(body, b, "validUntil");
      if (until.isBefore(validFrom)) {
        throw BodyReader.schema(
            "/body/validUntil",
            "want a date not before /body/validFrom (\""
                + validFrom
                + "\") at /body/validUntil, got \""
                + until
                + "\"");
      }
      validUntil = Optional.of(until);
    }
    return new RulePublishedBody(rule, source, target, limit, validFrom, validUntil);
  }

  /**
   * Returns the body as JSON; empty {@code issuers} and {@code codes} are left out.
   *
   * @return a new object
   */
  @Override
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("rule", rule);
    o.set("source", source.toJson());
    o.set("target", target.toJson());
    o.set("limit", DecimalNode.valueOf(limit));
    o.put("validFrom", validFrom.toString());
    validUntil.ifPresent(d -> o.put("validUntil", d.toString()));
    return o;
  }
}
