package org.creditbank.ledger.bank;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;

/**
 * The result of an achievement ({@code achievement.recorded} member {@code result}), in exactly one
 * of three shapes: {@code {"score": 86.5}}, {@code {"grade": "B+", "scale": ["A", "B+", "F"]}} or
 * {@code {"passed": true}}. The member present decides the shape.
 */
public sealed interface Result permits Result.Score, Result.Grade, Result.PassFail {

  /**
   * Returns the result as JSON, which {@code AchievementRecordedBody.parse} reads back.
   *
   * @return a new object
   */
  ObjectNode toJson();

  /**
   * A numeric score.
   *
   * @param score 0 to 100 with at most two decimals (held without trailing zeros)
   */
  record Score(BigDecimal score) implements Result {
    /**
     * Checks and normalizes the score.
     *
     * @param score the score
     * @throws IllegalArgumentException if it is outside 0 to 100 or has more than two decimals
     * @throws NullPointerException if it is null
     */
    public Score {
      score = BodyReader.requireDecimal(score, "0", "100", "a score");
    }

    /**
     * Returns {@code {"score"}}.
     *
     * @return a new object
     */
    @Override
    public ObjectNode toJson() {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.set("score", DecimalNode.valueOf(score));
      return o;
    }
  }

  /**
   * A grade on a scale.
   *
   * @param grade the grade, an entry of {@code scale}
   * @param scale 1 to 20 distinct grades matching {@code [A-Za-z0-9+-]{1,8}}, best first
   */
  record Grade(String grade, List<String> scale) implements Result {
    /** Most grades a scale may have. */
    static final int SCALE_MAX = 20;

    /**
     * Checks the fields and copies {@code scale}.
     *
     * @param grade the grade
     * @param scale the scale, best first
     * @throws IllegalArgumentException if a grade breaks its pattern, {@code scale} is empty,
     *     longer than 20 or repeats a grade, or {@code grade} is not in it
     * @throws NullPointerException if an argument is or holds null
     */
    public Grade {
      BodyReader.requireMatch(grade, BodyReader.GRADE, "a grade");
      scale = List.copyOf(scale);
      BodyReader.requireSize(scale, 1, SCALE_MAX, "grades in the scale");
      scale.forEach(g -> BodyReader.requireMatch(g, BodyReader.GRADE, "a grade"));
      BodyReader.requireDistinct(scale, "grades in the scale");
      if (!scale.contains(grade)) {
        throw new IllegalArgumentException(
            "want a grade of the scale " + scale + ", got " + Statement.quote(grade));
      }
    }

    /**
     * Returns the grade's place in the scale.
     *
     * @return 0 for the best grade, 1 for the next, and so on
     */
    public int rank() {
      return scale.indexOf(grade);
    }

    /**
     * Returns {@code {"grade", "scale"}}.
     *
     * @return a new object
     */
    @Override
    public ObjectNode toJson() {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("grade", grade);
      ArrayNode a = o.putArray("scale");
      scale.forEach(a::add);
      return o;
    }
  }

  /**
   * Passed or failed, with no finer result.
   *
   * @param passed whether the learner passed
   */
  record PassFail(boolean passed) implements Result {
    /**
     * Returns {@code {"passed"}}.
     *
     * @return a new object
     */
    @Override
    public ObjectNode toJson() {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("passed", passed);
      return o;
    }
  }
}
