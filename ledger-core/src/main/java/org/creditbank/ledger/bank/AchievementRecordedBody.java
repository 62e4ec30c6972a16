package org.creditbank.ledger.bank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The body of {@code achievement.recorded}: {@code {"achievement", "learner", "kind", "title",
 * "code", "field", "level", "credits", "hours", "result", "completed", "validUntil"?, "evidence"?,
 * "supersedes"?}}.
 *
 * <p>{@link #parse} checks the body alone; that the issuer (the statement's actor) may issue {@code
 * kind}, that the learner is enrolled, that {@code level} is a level of the framework and that
 * {@code supersedes} names an earlier achievement of the same issuer are for the state machine.
 *
 * @param achievement the achievement id, unique per issuer, matching {@code
 *     [A-Za-z0-9][A-Za-z0-9._:-]{0,63}}
 * @param learner the pseudonymous learner id, matching {@code [A-Za-z0-9-]{6,40}}
 * @param kind the kind of learning outcome
 * @param title the course or certificate title, 1 to 200 characters
 * @param code the issuer's course or certificate code, matching {@code [A-Za-z0-9._-]{1,32}}
 * @param field the field of study code (such as {@code 0913} or {@code nursing}), matching {@code
 *     [A-Za-z0-9._-]{1,32}}
 * @param level the framework level code, matching {@code [A-Z0-9-]{1,16}}
 * @param credits the credits, 0 to 60 with at most two decimals (held without trailing zeros)
 * @param hours the learning hours, 0 to 10000
 * @param result the result
 * @param completed the date the learner completed it
 * @param validUntil the last date it is valid, if it expires; not before {@code completed}
 * @param evidence the digest of a backing document kept off the ledger, if any
 * @param supersedes the id of an earlier achievement of the same issuer that this one replaces, if
 *     any; not {@code achievement} itself
 */
public record AchievementRecordedBody(
    String achievement,
    String learner,
    OutcomeKind kind,
    String title,
    String code,
    String field,
    String level,
    BigDecimal credits,
    int hours,
    Result result,
    LocalDate completed,
    Optional<LocalDate> validUntil,
    Optional<Evidence> evidence,
    Optional<String> supersedes)
    implements Body {

  /** Most learning hours one achievement may carry. */
  /** The members every {@code achievement.recorded} body has, in the order documented. */
  public static final List<String> REQUIRED_MEMBERS =
      List.of(
          "achievement",
          "learner",
          "kind",
          "title",
          "code",
          "field",
          "level",
          "credits",
          "hours",
          "result",
          "completed");

  static final int HOURS_MAX = 10000;

  /**
   * Checks the fields and normalizes {@code credits}.
   *
   * @param achievement the achievement id
   * @param learner the learner id
   * @param kind the kind
   * @param title the title
   * @param code the course or certificate code
   * @param field the field of study code
   * @param level the level code
   * @param credits the credits
   * @param hours the hours
   * @param result the result
   * @param completed the completion date
   * @param validUntil the expiry date, if any
   * @param evidence the evidence, if any
   * @param supersedes the superseded achievement id, if any
   * @throws IllegalArgumentException if a value breaks the pattern or range {@link #parse}
   *     enforces, {@code validUntil} is before {@code completed}, or {@code supersedes} equals
   *     {@code achievement}
   * @throws NullPointerException if an argument is null
   */
  public AchievementRecordedBody {
    BodyReader.requireMatch(achievement, BodyReader.ID, "an achievement id");
    BodyReader.requireMatch(learner, LearnerEnrolledBody.LEARNER, "a learner id");
    Objects.requireNonNull(kind, "kind");
    BodyReader.requireName(title, "a title");
    BodyReader.requireMatch(code, BodyReader.CODE, "a code");
    BodyReader.requireMatch(field, BodyReader.CODE, "a field code");
    BodyReader.requireMatch(level, GenesisBody.LEVEL_CODE, "a level code");
    credits = BodyReader.requireDecimal(credits, "0", "60", "credits");
    if (hours < 0 || hours > HOURS_MAX) {
      throw new IllegalArgumentException("want hours from 0 to 10000, got " + hours);
    }
    Objects.requireNonNull(result, "result");
    BodyReader.requireDate(completed, "a completion date");
    Objects.requireNonNull(validUntil, "validUntil");
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(supersedes, "supersedes");
    validUntil.ifPresent(d -> BodyReader.requireDate(d, "an expiry date"));
    if (validUntil.isPresent() && validUntil.get().isBefore(completed)) {
      throw new IllegalArgumentException(
          "want validUntil not before " + completed + ", got " + validUntil.get());
    }
    supersedes.ifPresent(s -> BodyReader.requireMatch(s, BodyReader.ID, "an achievement id"));
    if (supersedes.isPresent() && supersedes.get().equals(achievement)) {
      throw new IllegalArgumentException(
          "want supersedes other than the achievement itself, got " + Statement.quote(achievement));
    }
  }

  /**
   * Returns {@link StatementType#ACHIEVEMENT_RECORDED}.
   *
   * @return the type
   */
  @Override
  public StatementType type() {
    return StatementType.ACHIEVEMENT_RECORDED;
  }

  /**
   * Parses an untrusted body.
   *
   * @param body the statement's {@code body}
   * @return the body
   * @throws StatementException with {@link RejectCode#SCHEMA} and the member's pointer (such as
   *     {@code /body/result/scale/2}) if a member is unknown or missing or of the wrong JSON type,
   *     an id, code or level breaks its pattern, {@code kind} is not an outcome kind, {@code title}
   *     is not 1 to 200 characters, {@code credits} is not a number from 0 to 60 with at most two
   *     decimals, {@code hours} is not an integer from 0 to 10000, {@code result} is not exactly
   *     one of its three shapes or breaks its rules, a date is not a real {@code YYYY-MM-DD} date
   *     from 1900, {@code validUntil} is before {@code completed}, {@code evidence} is malformed,
   *     or {@code supersedes} equals {@code achievement}
   */
  public static AchievementRecordedBody parse(ObjectNode body) throws StatementException {
    String b = "/body";
    BodyReader.members(body, b, REQUIRED_MEMBERS, List.of("validUntil", "evidence", "supersedes"));
    String achievement =
        BodyReader.matching(body, b, "achievement", BodyReader.ID, "an achievement id");
    String learner =
        BodyReader.matching(body, b, "learner", LearnerEnrolledBody.LEARNER, "a learner id");
    OutcomeKind kind =
        OutcomeKind.fromWire(BodyReader.oneOf(body.get("kind"), "/body/kind", OutcomeKind.WIRE))
            .orElseThrow();
    String title = BodyReader.name(body, b, "title");
    String code = BodyReader.matching(body, b, "code", BodyReader.CODE, "a code");
    String field = BodyReader.matching(body, b, "field", BodyReader.CODE, "a field code");
    String level = BodyReader.matching(body, b, "level", GenesisBody.LEVEL_CODE, "a level code");
    BigDecimal credits =
        BodyReader.decimal(body, b, "credits", BigDecimal.ZERO, BigDecimal.valueOf(60), 2);
    int hours = BodyReader.integer(body, b, "hours", 0, HOURS_MAX);
    Result result = parseResult(body.get("result"), "/body/result");
    LocalDate completed = BodyReader.date(body, b, "completed");
    Optional<LocalDate> validUntil = Optional.empty();
    if (body.has("validUntil")) {
      LocalDate until = BodyReader.date(body, b, "validUntil");
      if (until.isBefore(completed)) {
        throw BodyReader.schema(
            "/body/validUntil",
            "want a date not before /body/completed (\""
                + completed
                + "\") at /body/validUntil, got \""
                + until
                + "\"");
      }
      validUntil = Optional.of(until);
    }
    Optional<Evidence> evidence = Optional.empty();
    if (body.has("evidence")) {
      evidence = Optional.of(Evidence.parse(body.get("evidence"), "/body/evidence"));
    }
    Optional<String> supersedes = Optional.empty();
    if (body.has("supersedes")) {
      String s = BodyReader.matching(body, b, "supersedes", BodyReader.ID, "an achievement id");
      if (s.equals(achievement)) {
        throw BodyReader.schema(
            "/body/supersedes",
            "want an achievement other than /body/achievement at /body/supersedes, got "
                + Statement.quote(s));
      }
      supersedes = Optional.of(s);
    }
    return new AchievementRecordedBody(
        achievement,
        learner,
        kind,
        title,
        code,
        field,
        level,
        credits,
        hours,
        result,
        completed,
        validUntil,
        evidence,
        supersedes);
  }

  /** Parses the untrusted result at {@code field}. */
  private static Result parseResult(JsonNode v, String field) throws StatementException {
    ObjectNode o = BodyReader.object(v, field);
    if (o.has("score")) {
      BodyReader.members(o, field, List.of("score"), List.of());
      return new Result.Score(
          BodyReader.decimal(o, field, "score", BigDecimal.ZERO, BigDecimal.valueOf(100), 2));
    }
    if (o.has("grade")) {
      BodyReader.members(o, field, List.of("grade", "scale"), List.of());
      String grade = BodyReader.matching(o, field, "grade", BodyReader.GRADE, "a grade");
      String sp = BodyReader.child(field, "scale");
      ArrayNode a = BodyReader.array(o, field, "scale", 1, Result.Grade.SCALE_MAX);
      List<String> scale = BodyReader.distinctStrings(a, sp, BodyReader.GRADE, "a grade", "grades");
      String gp = BodyReader.child(field, "grade");
      BodyReader.oneOf(o.get("grade"), gp, scale);
      return new Result.Grade(grade, scale);
    }
    if (o.has("passed")) {
      BodyReader.members(o, field, List.of("passed"), List.of());
      return new Result.PassFail(BodyReader.bool(o, field, "passed"));
    }
    // Neither shape: an unknown member is named first, as everywhere else.
    BodyReader.members(o, field, List.of(), List.of());
    throw BodyReader.schema(
        field, "want one of the members score, grade, passed at " + field + ", got none");
  }

  /**
   * Returns the body as JSON, dates as {@code YYYY-MM-DD}.
   *
   * @return a new object
   */
  @Override
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("achievement", achievement);
    o.put("learner", learner);
    o.put("kind", kind.wireName());
    o.put("title", title);
    o.put("code", code);
    o.put("field", field);
    o.put("level", level);
    o.set("credits", DecimalNode.valueOf(credits));
    o.put("hours", hours);
    o.set("result", result.toJson());
    o.put("completed", completed.toString());
    validUntil.ifPresent(d -> o.put("validUntil", d.toString()));
    evidence.ifPresent(e -> o.set("evidence", e.toJson()));
    supersedes.ifPresent(s -> o.put("supersedes", s));
    return o;
  }
}
