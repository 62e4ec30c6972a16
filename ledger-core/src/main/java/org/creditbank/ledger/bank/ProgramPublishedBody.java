package org.creditbank.ledger.bank;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The body of {@code program.published}, the requirements of a qualification: {@code {"program",
 * "name", "level", "requirements": {"totalCredits", "minCreditsAtLevel"?: [{"level", "credits"}],
 * "requiredCourses"?: [...], "maxConversionShare"?}}}.
 *
 * <p>{@link #parse} checks the body alone; that the levels are levels of the framework is for the
 * state machine.
 *
 * @param program the programme id, unique per institution, matching {@code
 *     [A-Za-z0-9][A-Za-z0-9._:-]{0,63}}
 * @param name the programme's name, 1 to 200 characters
 * @param level the framework level of the qualification, matching {@code [A-Z0-9-]{1,16}}
 * @param requirements what a learner needs for it
 */
public record ProgramPublishedBody(
    String program, String name, String level, Requirements requirements) implements Body {

  /** Most required courses a programme may list. */
  static final int REQUIRED_COURSES_MAX = 100;

  /**
   * Credits needed at one level (or above, as the state machine decides).
   *
   * @param level the level code, matching {@code [A-Z0-9-]{1,16}}
   * @param credits 0.5 to 600 with at most two decimals (held without trailing zeros)
   */
  public record LevelCredits(String level, BigDecimal credits) {
    /**
     * Checks the fields and normalizes {@code credits}.
     *
     * @param level the level code
     * @param credits the credits
     * @throws IllegalArgumentException if {@code level} breaks its pattern or {@code credits} is
     *     outside 0.5 to 600 or has more than two decimals
     * @throws NullPointerException if an argument is null
     */
    public LevelCredits {
      BodyReader.requireMatch(level, GenesisBody.LEVEL_CODE, "a level code");
      credits = BodyReader.requireDecimal(credits, "0.5", "600", "credits");
    }
  }

  /**
   * What a learner needs for the qualification.
   *
   * @param totalCredits the credits needed in all, 0.5 to 600 with at most two decimals (held
   *     without trailing zeros)
   * @param minCreditsAtLevel credits needed at given levels, levels distinct, in the order written;
   *     empty when absent on the wire
   * @param requiredCourses course codes that must be completed, distinct, at most 100, in the order
   *     written; empty when absent on the wire
   * @param maxConversionShare the largest share of {@code totalCredits} conversions may give, 0 to
   *     1 with at most two decimals, if it differs from the ledger's policy
   */
  public record Requirements(
      BigDecimal totalCredits,
      List<LevelCredits> minCreditsAtLevel,
      List<String> requiredCourses,
      Optional<BigDecimal> maxConversionShare) {
    /**
     * Checks the fields, copies the lists and normalizes the decimals.
     *
     * @param totalCredits the total
     * @param minCreditsAtLevel the per-level minimums
     * @param requiredCourses the required course codes
     * @param maxConversionShare the share, if any
     * @throws IllegalArgumentException if a value is out of range or breaks its pattern, a list
     *     repeats a level or code, or there are more than 100 required courses
     * @throws NullPointerException if an argument is or holds null
     */
    public Requirements {
      totalCredits = BodyReader.requireDecimal(totalCredits, "0.5", "600", "totalCredits");
      minCreditsAtLevel = List.copyOf(minCreditsAtLevel);
      requiredCourses = List.copyOf(requiredCourses);
      Objects.requireNonNull(maxConversionShare, "maxConversionShare");
      BodyReader.requireDistinct(
          minCreditsAtLevel.stream().map(LevelCredits::level).toList(), "levels");
      requiredCourses.forEach(c -> BodyReader.requireMatch(c, BodyReader.CODE, "a course code"));
      BodyReader.requireDistinct(requiredCourses, "required courses");
      BodyReader.requireSize(requiredCourses, 0, REQUIRED_COURSES_MAX, "required courses");
      maxConversionShare =
          maxConversionShare.map(s -> BodyReader.requireDecimal(s, "0", "1", "a share"));
    }

    ObjectNode toJson() {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.set("totalCredits", DecimalNode.valueOf(totalCredits));
      if (!minCreditsAtLevel.isEmpty()) {
        ArrayNode a = o.putArray("minCreditsAtLevel");
        for (LevelCredits l : minCreditsAtLevel) {
          a.addObject().put("level", l.level()).set("credits", DecimalNode.valueOf(l.credits()));
        }
      }
      if (!requiredCourses.isEmpty()) {
        ArrayNode a = o.putArray("requiredCourses");
        requiredCourses.forEach(a::add);
      }
      maxConversionShare.ifPresent(s -> o.set("maxConversionShare", DecimalNode.valueOf(s)));
      return o;
    }

    static Requirements parse(ObjectNode o) throws StatementException {
      String p = "/body/requirements";
      BodyReader.members(
          o,
          p,
          List.of("totalCredits"),
          List.of("minCreditsAtLevel", "requiredCourses", "maxConversionShare"));
      BigDecimal total =
          BodyReader.decimal(
              o, p, "totalCredits", new BigDecimal("0.5"), BigDecimal.valueOf(600), 2);
      List<LevelCredits> atLevel = new ArrayList<>();
      if (o.has("minCreditsAtLevel")) {
        String ap = p + "/minCreditsAtLevel";
        ArrayNode a = BodyReader.array(o, p, "minCreditsAtLevel");
        List<String> levels = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
          String ip = ap + "/" + i;
          ObjectNode l = BodyReader.object(a.get(i), ip);
          BodyReader.members(l, ip, List.of("level", "credits"), List.of());
          String level =
              BodyReader.matching(l, ip, "level", GenesisBody.LEVEL_CODE, "a level code");
          int earlier = levels.indexOf(level);
          if (earlier >= 0) {
            throw BodyReader.schema(
                ip + "/level",
                "want distinct level codes, got "
                    + Statement.quote(level)
                    + " at "
                    + ip
                    + "/level repeating "
                    + ap
                    + "/"
                    + earlier
                    + "/level");
          }
          levels.add(level);
          atLevel.add(
              new LevelCredits(
                  level,
                  BodyReader.decimal(
                      l, ip, "credits", new BigDecimal("0.5"), BigDecimal.valueOf(600), 2)));
        }
      }
      List<String> courses = List.of();
      if (o.has("requiredCourses")) {
        courses =
            BodyReader.distinctStrings(
                BodyReader.array(o, p, "requiredCourses", 0, REQUIRED_COURSES_MAX),
                p + "/requiredCourses",
                BodyReader.CODE,
                "a course code",
                "codes");
      }
      Optional<BigDecimal> share = Optional.empty();
      if (o.has("maxConversionShare")) {
        share =
            Optional.of(
                BodyReader.decimal(o, p, "maxConversionShare", BigDecimal.ZERO, BigDecimal.ONE, 2));
      }
      return new Requirements(total, atLevel, courses, share);
    }
  }

  /**
   * Checks the fields.
   *
   * @param program the programme id
   * @param name the name
   * @param level the level code
   * @param requirements the requirements
   * @throws IllegalArgumentException if {@code program} or {@code level} breaks its pattern or
   *     {@code name} is not 1 to 200 characters
   * @throws NullPointerException if an argument is null
   */
  public ProgramPublishedBody {
    BodyReader.requireMatch(program, BodyReader.ID, "a programme id");
    BodyReader.requireName(name, "a name");
    BodyReader.requireMatch(level, GenesisBody.LEVEL_CODE, "a level code");
    Objects.requireNonNull(requirements, "requirements");
  }

  /**
   * Returns {@link StatementType#PROGRAM_PUBLISHED}.
   *
   * @return the type
   */
  @Override
  public StatementType type() {
    return StatementType.PROGRAM_PUBLISHED;
  }

  /**
   * Parses an untrusted body.
   *
   * @param body the statement's {@code body}
   * @return the body
   * @throws StatementException with {@link RejectCode#SCHEMA} and the member's pointer (such as
   *     {@code /body/requirements/minCreditsAtLevel/1/level}) if a member is unknown or missing or
   *     of the wrong JSON type, {@code program}, a level or a course code breaks its pattern,
   *     {@code name} is not 1 to 200 characters, a number is out of its range or has more than two
   *     decimals, a level or course repeats, or there are more than 100 required courses
   */
  public static ProgramPublishedBody parse(ObjectNode body) throws StatementException {
    String b = "/body";
    BodyReader.members(body, b, List.of("program", "name", "level", "requirements"), List.of());
    String program = BodyReader.matching(body, b, "program", BodyReader.ID, "a programme id");
    String name = BodyReader.name(body, b, "name");
    String level = BodyReader.matching(body, b, "level", GenesisBody.LEVEL_CODE, "a level code");
    Requirements requirements = Requirements.parse(BodyReader.object(body, b, "requirements"));
    return new ProgramPublishedBody(program, name, level, requirements);
  }

  /**
   * Returns the body as JSON; empty lists are left out.
   *
   * @return a new object
   */
  @Override
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("program", program);
    o.put("name", name);
    o.put("level", level);
    o.set("requirements", requirements.toJson());
    return o;
  }
}
