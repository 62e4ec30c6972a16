package org.creditbank.ledger.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

class JcsPropertiesTest {
  private static final double TWO_53 = 9007199254740992.0;

  /** A lenient reader for the idempotence property: it accepts any double's canonical form. */
  private static final ObjectMapper LENIENT =
      JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  @Property(tries = 300)
  void canonicalize_anyTree_isIdempotent(@ForAll("trees") JsonNode tree) throws Exception {
    byte[] once = Jcs.canonicalize(tree);
    byte[] twice = Jcs.canonicalize(LENIENT.readTree(once));
    assertArrayEquals(once, twice);
  }

  @Property(tries = 300)
  void canonicalize_strictlyParsedAgain_isStable(@ForAll("strictTrees") JsonNode tree)
      throws Exception {
    byte[] once = Jcs.canonicalize(tree);
    JsonNode reparsed = new StrictJson(new JsonLimits(1 << 20, 32)).parse(once);
    assertArrayEquals(once, Jcs.canonicalize(reparsed));
    assertEquals(Jcs.canonicalString(tree), Jcs.canonicalString(reparsed));
  }

  @Property(tries = 3000)
  void serializeNumber_anyFiniteDouble_roundTripsWithFewestDigits(@ForAll("doubles") double d) {
    String s = Jcs.serializeNumber(d);
    assertEquals(d == 0 ? 0.0 : d, Double.parseDouble(s), s); // -0 prints as 0
    if (d != 0) {
      assertEquals(fewestDigits(d), significantDigits(s), s);
    }
  }

  /** The fewest significant digits of a decimal that reads back as d, by BigDecimal search. */
  private static int fewestDigits(double d) {
    BigDecimal exact = new BigDecimal(d);
    for (int p = 1; p <= 17; p++) {
      // The nearest p-digit decimal can miss when the gap below d is half the gap above (d a
      // power of two), so both p-digit neighbours are tried.
      for (RoundingMode mode : List.of(RoundingMode.FLOOR, RoundingMode.CEILING)) {
        if (exact.round(new MathContext(p, mode)).doubleValue() == d) {
          return p;
        }
      }
    }
    throw new AssertionError("no decimal of at most 17 digits reads back as " + d);
  }

  private static int significantDigits(String s) {
    String mantissa = s.replaceFirst("^-", "").replaceFirst("e.*$", "").replace(".", "");
    return mantissa.replaceFirst("^0+", "").replaceFirst("0+$", "").length();
  }

  @Provide
  Arbitrary<Double> doubles() {
    Arbitrary<Double> anyBits =
        Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite);
    Arbitrary<Double> subnormals =
        Arbitraries.longs().between(1, (1L << 52) - 1).map(Double::longBitsToDouble);
    Arbitrary<Double> powersOfTwo =
        Arbitraries.integers().between(-1074, 1023).map(e -> Math.scalb(1.0, e));
    Arbitrary<Double> shortDecimals =
        Arbitraries.integers()
            .between(1, 999_999)
            .flatMap(m -> Arbitraries.integers().between(-330, 300).map(e -> m * Math.pow(10, e)))
            .filter(Double::isFinite);
    Arbitrary<Double> edges =
        Arbitraries.of(
            0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, Double.MIN_NORMAL, 1e21, 1e-7, TWO_53);
    return Arbitraries.frequencyOf(
            Tuple.of(4, anyBits),
            Tuple.of(2, subnormals),
            Tuple.of(1, powersOfTwo),
            Tuple.of(2, shortDecimals),
            Tuple.of(1, edges))
        .flatMap(d -> Arbitraries.of(d, -d));
  }

  @Provide
  Arbitrary<JsonNode> trees() {
    return node(3, false);
  }

  @Provide
  Arbitrary<JsonNode> strictTrees() {
    return node(3, true);
  }

  private static Arbitrary<JsonNode> node(int depth, boolean strict) {
    if (depth == 0) {
      return leaf(strict);
    }
    Arbitrary<JsonNode> child = Arbitraries.lazy(() -> node(depth - 1, strict));
    Arbitrary<JsonNode> array =
        child
            .list()
            .ofMaxSize(4)
            .map(
                list -> {
                  ArrayNode a = JsonNodeFactory.instance.arrayNode();
                  list.forEach(a::add);
                  return a;
                });
    Arbitrary<JsonNode> object =
        Arbitraries.maps(text(), child)
            .ofMaxSize(4)
            .map(
                map -> {
                  ObjectNode o = JsonNodeFactory.instance.objectNode();
                  for (Map.Entry<String, JsonNode> e : map.entrySet()) {
                    o.set(e.getKey(), e.getValue());
                  }
                  return o;
                });
    return Arbitraries.frequencyOf(
        Tuple.of(3, leaf(strict)), Tuple.of(2, array), Tuple.of(2, object));
  }

  private static Arbitrary<JsonNode> leaf(boolean strict) {
    Arbitrary<Double> anyDouble =
        Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite);
    // The canonical form of an integral double in (2^53, 1e21) is a plain integer literal, which
    // the strict parser rejects (RFC 7493 §2.2); the strict property leaves those out.
    Arbitrary<Double> doubles =
        strict ? anyDouble.filter(d -> Math.abs(d) <= TWO_53 || Math.abs(d) >= 1e21) : anyDouble;
    return Arbitraries.oneOf(
        text().map(TextNode::valueOf),
        Arbitraries.integers().map(IntNode::valueOf),
        Arbitraries.longs()
            .between(-(1L << 53), 1L << 53)
            .map(LongNode::valueOf)
            .map(JsonNode.class::cast),
        doubles.map(DoubleNode::valueOf),
        Arbitraries.bigDecimals()
            .between(new BigDecimal("-1e9"), new BigDecimal("1e9"))
            .ofScale(4)
            .map(DecimalNode::valueOf),
        Arbitraries.of(BooleanNode.TRUE, BooleanNode.FALSE, NullNode.instance));
  }

  /**
   * Strings built from ASCII, controls, and characters whose UTF-16 order differs from their code
   * point order (U+FB33 sorts after U+1F600 by code unit, before it by code point).
   */
  private static Arbitrary<String> text() {
    Arbitrary<String> pieces =
        Arbitraries.of(
            "\uFB33",
            "\uD83D\uDE00",
            "\uD83D\uDE02",
            "\uFFFF",
            "\uE000",
            "\u2028",
            "\u00e9",
            "学分银行",
            "\u0000",
            "\u001f",
            "\u007f",
            "\"",
            "\\",
            "/",
            "\n",
            "\t");
    Arbitrary<String> ascii = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(3);
    Arbitrary<String> controls =
        Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMaxLength(2);
    return Arbitraries.oneOf(pieces, ascii, controls)
        .list()
        .ofMaxSize(4)
        .map(l -> String.join("", l));
  }

  @Property(tries = 200)
  void canonicalize_objectNames_sortedByUtf16CodeUnits(@ForAll("strictTrees") JsonNode tree)
      throws Exception {
    if (!tree.isObject()) {
      return;
    }
    JsonNode reparsed = StrictJson.withDefaults().parse(Jcs.canonicalize(tree));
    String previous = null;
    for (Map.Entry<String, JsonNode> e : reparsed.properties()) {
      if (previous != null) {
        assertTrue(previous.compareTo(e.getKey()) < 0, previous + " before " + e.getKey());
      }
      previous = e.getKey();
    }
  }
}
