package org.creditbank.ledger.bank;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code credit.converted}: {@code {"conversion", "learner", "rule", "sources":
 * [{"issuer", "achievement"}, ...], "credits"}}.
 *
 * <p>{@link #parse} checks the body alone; that the rule is the actor's and applies to the sources,
 * that no source was used before, and that {@code credits} is what the rule gives are for the state
 * machine.
 *
 * @param conversion the conversion id, unique per owner, matching {@code
 *     [A-Za-z0-9][A-Za-z0-9._:-]{0,63}}
 * @param learner the learner id, matching {@code [A-Za-z0-9-]{6,40}}
 * @param rule the id of the actor's rule applied
 * @param sources the achievements converted, 1 to 20, distinct, in the order written
 * @param credits the credits granted, 0 to 60 with at most two decimals (held without trailing
 *     zeros)
 */
public record CreditConvertedBody(
    String conversion,
    String learner,
    String rule,
    List<AchievementRef> sources,
    BigDecimal credits)
    implements Body {

  /** Most sources one conversion may use. */
  static final int SOURCES_MAX = 20;

  /**
   * Checks the fields, copies {@code sources} and normalizes {@code credits}.
   *
   * @param conversion the conversion id
   * @param learner the learner id
   * @param rule the rule id
   * @param sources the sources
   * @param credits the credits
   * @throws IllegalArgumentException if an id breaks its pattern, {@code sources} is empty, longer
   *     than 20 or repeats a source, or {@code credits} is outside 0 to 60 or has more than two
   *     decimals
   * @throws NullPointerException if an argument is or holds null
   */
  public CreditConvertedBody {
    BodyReader.requireMatch(conversion, BodyReader.ID, "a conversion id");
    BodyReader.requireMatch(learner, LearnerEnrolledBody.LEARNER, "a learner id");
    BodyReader.requireMatch(rule, BodyReader.ID, "a rule id");
    sources = List.copyOf(sources);
    BodyReader.requireSize(sources, 1, SOURCES_MAX, "sources");
    BodyReader.requireDistinct(sources, "sources");
    credits = BodyReader.requireDecimal(credits, "0", "60", "credits");
  }

  /**
   * Returns {@link StatementType#CREDIT_CONVERTED}.
   *
   * @return the type
   */
  @Override
  public StatementType type() {
    return StatementType.CREDIT_CONVERTED;
  }

  /**
   * Parses an untrusted body.
   *
   * @param body the statement's {@code body}
   * @return the body
   * @throws StatementException with {@link RejectCode#SCHEMA} and the member's pointer (such as
   *     {@code /body/sources/1/issuer}) if a member is unknown or missing or of the wrong JSON
   *     type, an id breaks its pattern, {@code sources} is empty, has more than 20 entries or
   *     repeats one, or {@code credits} is not a number from 0 to 60 with at most two decimals
   */
  public static CreditConvertedBody parse(ObjectNode body) throws StatementException {
    String b = "/body";
    BodyReader.members(
        body, b, List.of("conversion", "learner", "rule", "sources", "credits"), List.of());
    String conversion =
        BodyReader.matching(body, b, "conversion", BodyReader.ID, "a conversion id");
    String learner =
        BodyReader.matching(body, b, "learner", LearnerEnrolledBody.LEARNER, "a learner id");
    String rule = BodyReader.matching(body, b, "rule", BodyReader.ID, "a rule id");
    ArrayNode a = BodyReader.array(body, b, "sources", 1, SOURCES_MAX);
    List<AchievementRef> sources = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      AchievementRef r = AchievementRef.parse(a.get(i), "/body/sources/" + i);
      int earlier = sources.indexOf(r);
      if (earlier >= 0) {
        throw BodyReader.repeated("/body/sources", "sources", i, earlier);
      }
      sources.add(r);
    }
    BigDecimal credits =
        BodyReader.decimal(body, b, "credits", BigDecimal.ZERO, BigDecimal.valueOf(60), 2);
    return new CreditConvertedBody(conversion, learner, rule, sources, credits);
  }

  /**
   * Returns the body as JSON, sources in the order held.
   *
   * @return a new object
   */
  @Override
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("conversion", conversion);
    o.put("learner", learner);
    o.put("rule", rule);
    ArrayNode a = o.putArray("sources");
    sources.forEach(s -> a.add(s.toJson()));
    o.set("credits", DecimalNode.valueOf(credits));
    return o;
  }
}
