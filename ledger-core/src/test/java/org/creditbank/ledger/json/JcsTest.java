package org.creditbank.ledger.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.creditbank.ledger.Vectors;
import org.creditbank.ledger.util.Hex;
import org.junit.jupiter.api.Test;

class JcsTest {
  private static final List<String> JCS_FILES =
      List.of("arrays", "french", "structures", "unicode", "values", "weird");

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  @Test
  void canonicalize_rfc8785Vectors_matchOutputBytesAndHex() throws Exception {
    List<String> failures = new ArrayList<>();
    int ran = 0;
    for (String name : JCS_FILES) {
      byte[] input = Files.readAllBytes(Vectors.path("jcs/input/" + name + ".json"));
      byte[] want = Files.readAllBytes(Vectors.path("jcs/output/" + name + ".json"));
      String hex = Files.readString(Vectors.path("jcs/outhex/" + name + ".txt")).trim();
      byte[] got = Jcs.canonicalize(StrictJson.withDefaults().parse(input));
      if (!java.util.Arrays.equals(got, want)) {
        failures.add(name + ": got " + new String(got, StandardCharsets.UTF_8));
      }
      if (!java.util.Arrays.equals(Hex.decode(hex.replaceAll("\\s+", "")), want)) {
        failures.add(name + ": outhex differs from output");
      }
      ran++;
    }
    assertEquals(List.of(), failures);
    assertEquals(6, ran);
  }

  @Test
  void canonicalize_eddsaJcs2022Vectors_matchW3cCanonicalForms() throws Exception {
    String[][] cases = {
      {"di-eddsa-jcs-2022/unsigned.json", "di-eddsa-jcs-2022/canonDocJCS.txt"},
      {"di-eddsa-jcs-2022/proofConfigJCS.json", "di-eddsa-jcs-2022/proofCanonJCS.txt"},
    };
    List<String> failures = new ArrayList<>();
    for (String[] c : cases) {
      JsonNode node = StrictJson.withDefaults().parse(Files.readAllBytes(Vectors.path(c[0])));
      String want = Files.readString(Vectors.path(c[1]), StandardCharsets.UTF_8);
      String got = Jcs.canonicalString(node);
      if (!got.equals(want)) {
        failures.add(c[0] + ": got " + got);
      }
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void serializeNumber_es6Numbers10000_matchAll() throws IOException {
    List<String> lines = Files.readAllLines(Vectors.path("jcs/es6_numbers_10000.txt"));
    List<String> failures = new ArrayList<>();
    int ran = 0;
    for (String line : lines) {
      int comma = line.indexOf(',');
      double d = Double.longBitsToDouble(Long.parseUnsignedLong(line.substring(0, comma), 16));
      String want = line.substring(comma + 1);
      String got = Jcs.serializeNumber(d);
      if (!got.equals(want)) {
        failures.add(String.format(Locale.ROOT, "%s: got %s, want %s", line, got, want));
      }
      ran++;
    }
    assertEquals(List.of(), failures.subList(0, Math.min(20, failures.size())));
    assertEquals(10_000, ran);
  }

  @Test
  void serializeNumber_edgeCases_printAsEcmaScript() {
    Object[][] cases = {
      {0.0, "0"},
      {-0.0, "0"},
      {1.0, "1"},
      {-1.5, "-1.5"},
      {1e21, "1e+21"},
      {1e20, "100000000000000000000"},
      {123456789012345680000.0, "123456789012345680000"},
      {1e-7, "1e-7"},
      {1.5e-7, "1.5e-7"},
      {1e-6, "0.000001"},
      {0.1, "0.1"},
      {0.1 + 0.2, "0.30000000000000004"},
      {Double.MIN_VALUE, "5e-324"},
      {-Double.MIN_VALUE, "-5e-324"},
      {Double.MAX_VALUE, "1.7976931348623157e+308"},
      {Double.MIN_NORMAL, "2.2250738585072014e-308"},
      {9007199254740992.0, "9007199254740992"},
      {9007199254740994.0, "9007199254740994"},
      {Double.parseDouble("333333333.33333329"), "333333333.3333333"},
      {Double.parseDouble("2e23"), "2e+23"},
      {Double.parseDouble("1e23"), "1e+23"},
      // JDK 17 Double.toString prints 2.82879384806159008E17 (JDK-4511638)
      {Double.parseDouble("2.82879384806159e17"), "282879384806159000"},
      {Double.MIN_VALUE * 2, "1e-323"},
    };
    List<String> failures = new ArrayList<>();
    for (Object[] c : cases) {
      String got = Jcs.serializeNumber((Double) c[0]);
      if (!got.equals(c[1])) {
        failures.add(c[0] + ": got " + got + ", want " + c[1]);
      }
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void serializeNumber_notFinite_throwsIllegalArgument() {
    for (double d : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Jcs.serializeNumber(d));
      assertEquals("number " + d + " is not finite, want a finite double", e.getMessage());
    }
  }

  @Test
  void canonicalize_everyNumberNodeType_goesThroughDouble() {
    ArrayNode a = F.arrayNode();
    a.add(IntNode.valueOf(-7));
    a.add(LongNode.valueOf(9007199254740993L)); // rounds to 2^53
    a.add(BigIntegerNode.valueOf(BigInteger.TEN.pow(30)));
    a.add(DecimalNode.valueOf(new BigDecimal("4.50")));
    a.add(DecimalNode.valueOf(new BigDecimal("0.1")));
    a.add(DoubleNode.valueOf(-0.0));
    a.add(FloatNode.valueOf(0.1f)); // the float's exact value, widened
    assertEquals(
        "[-7,9007199254740992,1e+30,4.5,0.1,0,0.10000000149011612]", Jcs.canonicalString(a));
  }

  @Test
  void canonicalize_numberOverflowingDouble_throwsIllegalArgument() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Jcs.canonicalize(DecimalNode.valueOf(new BigDecimal("1e400"))));
    assertEquals(
        "number 1E+400 is infinite as a double, want a finite IEEE 754 double (RFC 8785 §3.2.2.3)",
        e.getMessage());
    IllegalArgumentException nan =
        assertThrows(
            IllegalArgumentException.class, () -> Jcs.canonicalize(DoubleNode.valueOf(Double.NaN)));
    assertEquals(
        "number NaN is NaN as a double, want a finite IEEE 754 double (RFC 8785 §3.2.2.3)",
        nan.getMessage());
  }

  @Test
  void canonicalize_namesWithNonBmp_sortByUtf16CodeUnits() {
    ObjectNode o = F.objectNode();
    o.put("\uD83D\uDE00", 1); // U+1F600, code units D83D DE00
    o.put("\uFB33", 2); // U+FB33: a higher code unit, but a lower code point
    o.put("b", 3);
    o.put("", 4);
    assertEquals("{\"\":4,\"b\":3,\"\uD83D\uDE00\":1,\"\uFB33\":2}", Jcs.canonicalString(o));
  }

  @Test
  void canonicalize_strings_escapeOnlyAsRfc8785Says() {
    String s = "\b\t\n\f\r\"\\/\u0000\u001f\u007f\u2028\u00e9\uD834\uDD1E";
    byte[] got = Jcs.canonicalize(TextNode.valueOf(s));
    String want = "\"\\b\\t\\n\\f\\r\\\"\\\\/\\u0000\\u001f\u007f\u2028\u00e9\uD834\uDD1E\"";
    assertArrayEquals(want.getBytes(StandardCharsets.UTF_8), got);
  }

  @Test
  void canonicalize_loneSurrogate_throwsIllegalArgument() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Jcs.canonicalize(TextNode.valueOf("a\uDC00")));
    assertEquals(
        "lone surrogate U+DC00 at index 1 of a string, want a surrogate pair (RFC 7493 §2.1)",
        e.getMessage());
  }

  @Test
  void canonicalize_binaryNode_throwsIllegalArgument() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Jcs.canonicalize(BinaryNode.valueOf(new byte[] {1})));
    assertEquals(
        "node of type BINARY is not JSON, want an object, array, string, number, boolean or null",
        e.getMessage());
  }

  @Test
  void canonicalize_literalsAndNesting_haveNoWhitespace() throws Exception {
    JsonNode node =
        StrictJson.withDefaults()
            .parse(
                " { \"z\" : [ true , false , null , { } , [ ] ] , \"a\" : \"x\" } "
                    .getBytes(StandardCharsets.UTF_8));
    assertEquals("{\"a\":\"x\",\"z\":[true,false,null,{},[]]}", Jcs.canonicalString(node));
  }
}
