package org.creditbank.ledger.bank;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.creditbank.ledger.crypto.Ed25519PublicKey;

/**
 * The body of {@code ledger.genesis}, the operator's statement at seq 0: {@code {"origin",
 * "operator", "framework", "hoursPerCredit", "policy"}}.
 *
 * <p>{@link #parse} checks the body alone; that {@code origin} equals the envelope's {@code ledger}
 * is checked by {@link Bodies#parse(Statement)}.
 *
 * @param origin the ledger's origin
 * @param operator the operator institution and its first key
 * @param framework the qualifications framework whose levels achievements name
 * @param hoursPerCredit learning hours per credit, 1 to 100
 * @param policy policy defaults
 */
public record GenesisBody(
    String origin, Operator operator, Framework framework, int hoursPerCredit, Policy policy)
    implements Body {

  /** The pattern of a framework level code. */
  static final Pattern LEVEL_CODE = Pattern.compile("[A-Z0-9-]{1,16}");

  /**
   * The operator institution.
   *
   * @param id its institution id, matching {@code [A-Z0-9-]{2,32}}
   * @param name its name, 1 to 200 characters
   * @param key its first signing key
   */
  public record Operator(String id, String name, Ed25519PublicKey key) {
    /**
     * Checks the fields.
     *
     * @param id the id
     * @param name the name
     * @param key the key
     * @throws IllegalArgumentException if {@code id} or {@code name} breaks its rule
     * @throws NullPointerException if an argument is null
     */
    public Operator {
      Objects.requireNonNull(key, "key");
      BodyReader.requireInstitutionId(id);
      checkName(name);
    }
  }

  /**
   * One level of a qualifications framework.
   *
   * @param code its code, matching {@code [A-Z0-9-]{1,16}}
   * @param name its name, 1 to 200 characters
   */
  public record Level(String code, String name) {
    /**
     * Checks the fields.
     *
     * @param code the code
     * @param name the name
     * @throws IllegalArgumentException if {@code code} or {@code name} breaks its rule
     * @throws NullPointerException if an argument is null
     */
    public Level {
      Objects.requireNonNull(code, "code");
      if (!LEVEL_CODE.matcher(code).matches()) {
        throw new IllegalArgumentException(
            "want a level code matching " + LEVEL_CODE + ", got " + Statement.quote(code));
      }
      checkName(name);
    }
  }

  /**
   * A qualifications framework (for example a 7- or 8-level one).
   *
   * @param name its name, 1 to 200 characters
   * @param levels its levels, at least one, codes distinct, lowest first
   */
  public record Framework(String name, List<Level> levels) {
    /**
     * Checks the fields and copies {@code levels}.
     *
     * @param name the name
     * @param levels the levels
     * @throws IllegalArgumentException if {@code name} breaks its rule, or {@code levels} is empty
     *     or repeats a code
     * @throws NullPointerException if an argument is or holds null
     */
    public Framework {
      checkName(name);
      levels = List.copyOf(levels);
      Set<String> codes = new HashSet<>();
      levels.forEach(l -> codes.add(l.code()));
      if (levels.isEmpty() || codes.size() != levels.size()) {
        throw new IllegalArgumentException("want at least one level, codes distinct: " + levels);
      }
    }
  }

  /**
   * Policy defaults.
   *
   * @param maxConversionShare the largest share of a programme's credits that conversions may
   *     provide, 0 to 1 with at most two decimals (held without trailing zeros)
   */
  public record Policy(BigDecimal maxConversionShare) {
    /**
     * Checks and normalizes the share.
     *
     * @param maxConversionShare the share
     * @throws IllegalArgumentException if it is outside 0 to 1 or has more than two decimals
     * @throws NullPointerException if it is null
     */
    public Policy {
      maxConversionShare = BodyReader.normalize(maxConversionShare);
      if (maxConversionShare.signum() < 0
          || maxConversionShare.compareTo(BigDecimal.ONE) > 0
          || maxConversionShare.scale() > 2) {
        throw new IllegalArgumentException(
            "want a share from 0 to 1 with at most 2 decimals, got " + maxConversionShare);
      }
    }
  }

  /**
   * Checks the fields.
   *
   * @param origin the ledger's origin, not empty
   * @param operator the operator
   * @param framework the framework
   * @param hoursPerCredit hours per credit, 1 to 100
   * @param policy the policy
   * @throws IllegalArgumentException if {@code origin} is empty or {@code hoursPerCredit} is out of
   *     range
   * @throws NullPointerException if an argument is null
   */
  public GenesisBody {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(framework, "framework");
    Objects.requireNonNull(policy, "policy");
    if (origin.isEmpty()) {
      throw new IllegalArgumentException("want a non-empty origin, got \"\"");
    }
    if (hoursPerCredit < 1 || hoursPerCredit > 100) {
      throw new IllegalArgumentException(
          "want hoursPerCredit from 1 to 100, got " + hoursPerCredit);
    }
  }

  private static void checkName(String name) {
    Objects.requireNonNull(name, "name");
    int n = name.codePointCount(0, name.length());
    if (n < 1 || n > BodyReader.NAME_MAX) {
      throw new IllegalArgumentException("want a name of 1 to 200 characters, got " + n);
    }
  }

  /**
   * Returns {@link StatementType#LEDGER_GENESIS}.
   *
   * @return the type
   */
  @Override
  public StatementType type() {
    return StatementType.LEDGER_GENESIS;
  }

  /**
   * Parses an untrusted body. Does not compare {@code origin} with the envelope; see {@link
   * Bodies#parse(Statement)}.
   *
   * @param body the statement's {@code body}
   * @return the body
   * @throws StatementException with {@link RejectCode#SCHEMA} and the member's pointer (such as
   *     {@code /body/framework/levels/2/code}) if a member is unknown or missing or of the wrong
   *     JSON type, {@code origin} is empty, the operator's id breaks {@code [A-Z0-9-]{2,32}}, a
   *     name is not 1 to 200 characters, the key is not an Ed25519 {@code did:key}, {@code levels}
   *     is empty or a level code breaks {@code [A-Z0-9-]{1,16}} or repeats, {@code hoursPerCredit}
   *     is not an integer from 1 to 100, or {@code maxConversionShare} is not a number from 0 to 1
   *     with at most two decimals
   */
  public static GenesisBody parse(ObjectNode body) throws StatementException {
    BodyReader.members(
        body,
        "/body",
        List.of("origin", "operator", "framework", "hoursPerCredit", "policy"),
        List.of());
    String origin = BodyReader.string(body, "/body", "origin");
    if (origin.isEmpty()) {
      throw BodyReader.schema("/body/origin", "want a non-empty string at /body/origin, got \"\"");
    }
    String op = "/body/operator";
    ObjectNode o = BodyReader.object(body, "/body", "operator");
    BodyReader.members(o, op, List.of("id", "name", "key"), List.of());
    Operator operator =
        new Operator(
            BodyReader.matching(o, op, "id", BodyReader.INSTITUTION_ID, "an institution id"),
            BodyReader.name(o, op, "name"),
            BodyReader.didKey(o, op, "key"));
    String fp = "/body/framework";
    ObjectNode f = BodyReader.object(body, "/body", "framework");
    BodyReader.members(f, fp, List.of("name", "levels"), List.of());
    String frameworkName = BodyReader.name(f, fp, "name");
    ArrayNode levelArray = BodyReader.nonEmptyArray(f, fp, "levels");
    List<Level> levels = new ArrayList<>();
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < levelArray.size(); i++) {
      String lp = fp + "/levels/" + i;
      if (!levelArray.get(i).isObject()) {
        throw BodyReader.wrongType(lp, "an object", levelArray.get(i));
      }
      ObjectNode l = (ObjectNode) levelArray.get(i);
      BodyReader.members(l, lp, List.of("code", "name"), List.of());
      String code = BodyReader.matching(l, lp, "code", LEVEL_CODE, "a level code");
      int earlier = codes.indexOf(code);
      if (earlier >= 0) {
        throw BodyReader.schema(
            lp + "/code",
            "want distinct level codes, got "
                + Statement.quote(code)
                + " at "
                + lp
                + "/code repeating "
                + fp
                + "/levels/"
                + earlier
                + "/code");
      }
      codes.add(code);
      levels.add(new Level(code, BodyReader.name(l, lp, "name")));
    }
    int hours = BodyReader.integer(body, "/body", "hoursPerCredit", 1, 100);
    String pp = "/body/policy";
    ObjectNode p = BodyReader.object(body, "/body", "policy");
    BodyReader.members(p, pp, List.of("maxConversionShare"), List.of());
    BigDecimal share =
        BodyReader.decimal(p, pp, "maxConversionShare", BigDecimal.ZERO, BigDecimal.ONE, 2);
    return new GenesisBody(
        origin, operator, new Framework(frameworkName, levels), hours, new Policy(share));
  }

  /**
   * Returns the body as JSON.
   *
   * @return a new object
   */
  @Override
  public ObjectNode toJson() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode o = f.objectNode();
    o.put("origin", origin);
    ObjectNode op = o.putObject("operator");
    op.put("id", operator.id());
    op.put("name", operator.name());
    op.put("key", operator.key().toDidKey());
    ObjectNode fw = o.putObject("framework");
    fw.put("name", framework.name());
    ArrayNode levels = fw.putArray("levels");
    for (Level l : framework.levels()) {
      levels.addObject().put("code", l.code()).put("name", l.name());
    }
    o.put("hoursPerCredit", hoursPerCredit);
    o.putObject("policy")
        .set("maxConversionShare", DecimalNode.valueOf(policy.maxConversionShare()));
    return o;
  }
}
