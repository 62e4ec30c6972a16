package org.creditbank.ledger.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrictJsonTest {
  private static final StrictJson STRICT = StrictJson.withDefaults();

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static JsonFormatException reject(byte[] doc) {
    return assertThrows(JsonFormatException.class, () -> STRICT.parse(doc));
  }

  private static void assertRejected(String doc, String message, long offset) {
    JsonFormatException e = reject(utf8(doc));
    assertEquals(message, e.getMessage(), doc);
    assertEquals(offset, e.offset(), doc);
  }

  @Test
  void parse_ordinaryDocument_keepsOrderAndDecimals() throws Exception {
    JsonNode node =
        STRICT.parse(
            utf8(
                "{\"z\":1,\"a\":[0.1,-2,1.50,1e2,true,null,\"s\"],\"m\":{\"k\":9007199254740992}}"));
    List<String> names = new ArrayList<>();
    node.properties().forEach(e -> names.add(e.getKey()));
    assertEquals(List.of("z", "a", "m"), names);
    assertEquals(new BigDecimal("0.1"), node.get("a").get(0).decimalValue());
    assertEquals(new BigDecimal("1.50"), node.get("a").get(2).decimalValue());
    assertTrue(node.get("a").get(1).isInt());
    assertTrue(node.get("m").get("k").isLong());
    assertEquals(
        "{\"a\":[0.1,-2,1.5,100,true,null,\"s\"],\"m\":{\"k\":9007199254740992},\"z\":1}",
        Jcs.canonicalString(node));
  }

  @Test
  void parse_nonBmpText_accepted() throws Exception {
    JsonNode node = STRICT.parse(utf8("{\"学分银行\":\"😀 \\ud83d\\ude00 \u2028\"}"));
    assertEquals("😀 😀 \u2028", node.get("学分银行").textValue());
  }

  @Test
  void parse_scalarsAndWhitespace_accepted() throws Exception {
    assertEquals("\"x\"", Jcs.canonicalString(STRICT.parse(utf8(" \t\r\n\"x\" \n"))));
    assertEquals("-9007199254740992", Jcs.canonicalString(STRICT.parse(utf8("-9007199254740992"))));
    assertEquals("0", Jcs.canonicalString(STRICT.parse(utf8("-0"))));
    assertEquals("null", Jcs.canonicalString(STRICT.parse(utf8("null"))));
  }

  @Test
  void parse_exactlyMaxBytes_accepted() throws Exception {
    byte[] doc = utf8("\"" + "a".repeat(65_534) + "\"");
    assertEquals(65_536, doc.length);
    assertEquals(65_534, STRICT.parse(doc).textValue().length());
  }

  @Test
  void parse_oneOverMaxBytes_rejectedBeforeParsing() {
    byte[] doc = new byte[65_537];
    Arrays.fill(doc, (byte) 0xFF); // not even UTF-8: the size is checked first
    JsonFormatException e = reject(doc);
    assertEquals("document of 65537 bytes, want at most 65536 bytes", e.getMessage());
    assertEquals(-1, e.offset());
  }

  @Test
  void parse_customLimits_enforced() throws Exception {
    StrictJson small = new StrictJson(new JsonLimits(4, 1));
    assertEquals("[[]]", Jcs.canonicalString(STRICT.parse(utf8("[[]]"))));
    JsonFormatException e =
        assertThrows(JsonFormatException.class, () -> small.parse(utf8("[[]]")));
    assertEquals("nesting depth 2 at byte 1 (/0), want at most 1", e.getMessage());
    assertEquals(
        "document of 5 bytes, want at most 4 bytes",
        assertThrows(JsonFormatException.class, () -> small.parse(utf8("[1,2]"))).getMessage());
  }

  @Test
  void jsonLimits_invalid_throwsIllegalArgument() {
    assertEquals(
        "maxBytes 0, want at least 1",
        assertThrows(IllegalArgumentException.class, () -> new JsonLimits(0, 1)).getMessage());
    assertEquals(
        "maxDepth 0, want 1 to 10000",
        assertThrows(IllegalArgumentException.class, () -> new JsonLimits(1, 0)).getMessage());
    assertEquals(new JsonLimits(65_536, 32), JsonLimits.DEFAULT);
  }

  @Test
  void parse_depth32_accepted() throws Exception {
    assertEquals(32, depth(STRICT.parse(utf8("[".repeat(32) + "]".repeat(32)))));
    assertEquals(32, depth(STRICT.parse(utf8("{\"a\":".repeat(32) + "1" + "}".repeat(32)))));
  }

  @Test
  void parse_arrayDepth33_rejected() {
    assertRejected(
        "[".repeat(33) + "]".repeat(33),
        "nesting depth 33 at byte 32 (" + "/0".repeat(32) + "), want at most 32",
        32);
  }

  @Test
  void parse_objectDepth33_rejected() {
    assertRejected(
        "{\"a\":".repeat(32) + "[]" + "}".repeat(32),
        "nesting depth 33 at byte 160 (" + "/a".repeat(32) + "), want at most 32",
        160);
  }

  private static int depth(JsonNode n) {
    int max = 0;
    for (JsonNode child : n) {
      max = Math.max(max, depth(child));
    }
    return n.isContainerNode() ? max + 1 : 0;
  }

  @Test
  void parse_empty_rejected() {
    assertRejected("", "empty document, want a JSON value", -1);
  }

  @Test
  void parse_onlyWhitespace_rejected() {
    assertRejected(" \n ", "document of only whitespace, want a JSON value", 3);
  }

  @Test
  void parse_byteOrderMark_rejected() {
    JsonFormatException e = reject(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '1'});
    assertEquals(
        "byte order mark EF BB BF at byte 0, want JSON text without a BOM (RFC 8259 §8.1)",
        e.getMessage());
    assertEquals(0, e.offset());
  }

  @Test
  void parse_invalidUtf8_rejectedWithByteOffset() {
    Object[][] cases = {
      {new byte[] {'"', (byte) 0xC0, (byte) 0x80, '"'}, "overlong UTF-8 sequence C0 at byte 1"},
      {
        new byte[] {'"', 'x', (byte) 0xE0, (byte) 0x80, (byte) 0x80, '"'},
        "overlong UTF-8 sequence E0 at byte 2"
      },
      {
        new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'},
        "UTF-8-encoded surrogate ED A0 80 at byte 1"
      },
      {
        new byte[] {'"', (byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80, '"'},
        "UTF-8 sequence beyond U+10FFFF F5 at byte 1"
      },
      {
        new byte[] {'"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'},
        "UTF-8 sequence beyond U+10FFFF F4 at byte 1"
      },
      {new byte[] {'"', (byte) 0xE5, (byte) 0xAD}, "truncated UTF-8 sequence E5 AD at byte 1"},
      {new byte[] {'"', (byte) 0xE5, (byte) 0xAD, '"'}, "invalid UTF-8 sequence E5 AD at byte 1"},
      {new byte[] {'"', (byte) 0x80, '"'}, "unexpected UTF-8 continuation byte 80 at byte 1"},
      {new byte[] {'"', (byte) 0xFF, '"'}, "UTF-8 sequence beyond U+10FFFF FF at byte 1"},
    };
    List<String> failures = new ArrayList<>();
    for (Object[] c : cases) {
      JsonFormatException e = reject((byte[]) c[0]);
      String want = c[1] + ", want well-formed UTF-8 (RFC 3629)";
      if (!want.equals(e.getMessage())) {
        failures.add("got " + e.getMessage() + ", want " + want);
      }
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void parse_duplicateNameNested_rejected() {
    assertRejected(
        "{\"a\":1,\"b\":[{\"c\":2,\"c\":3}]}",
        "duplicate member name \"c\" at byte 19 (/b/0/c), want unique names (RFC 8259 §4, RFC 7493"
            + " §2.3)",
        19);
  }

  @Test
  void parse_duplicateNameViaEscape_rejected() {
    assertRejected(
        "{\"a\":1,\"\\u0061\":2}",
        "duplicate member name \"a\" at byte 7 (/a), want unique names (RFC 8259 §4, RFC 7493"
            + " §2.3)",
        7);
  }

  @Test
  void parse_nanAndInfinity_rejected() {
    String want = ", want a JSON number (RFC 8259 §6 has no NaN or Infinity)";
    assertRejected("NaN", "NaN at byte 0" + want, 0);
    assertRejected("[1,Infinity]", "Infinity at byte 3" + want, 3);
    assertRejected("{\"a\": -Infinity}", "-Infinity at byte 6" + want, 6);
    assertRejected("{\"a\":NaN}", "NaN at byte 5" + want, 5);
  }

  @Test
  void parse_comment_rejected() {
    String want = ", want a JSON value or structural character (JSON has no comments)";
    assertRejected("/* c */ 1", "comment at byte 0" + want, 0);
    assertRejected("[1, // c\n 2]", "comment at byte 4" + want, 4);
  }

  @Test
  void parse_singleQuotes_rejected() {
    assertRejected("['a']", "single-quoted string at byte 1, want a double-quoted string", 1);
    assertRejected("{'a':1}", "single-quoted member name at byte 1, want a double-quoted name", 1);
  }

  @Test
  void parse_unquotedName_rejected() {
    assertRejected("{a:1}", "unquoted member name at byte 1, want a double-quoted name", 1);
  }

  @Test
  void parse_trailingComma_rejected() {
    assertRejected("[1,2,]", "trailing comma before ']' at byte 5, want a value", 5);
    assertRejected("{\"a\":1, }", "trailing comma before '}' at byte 8, want a member name", 8);
  }

  @Test
  void parse_leadingZeroOrPlus_rejected() {
    assertRejected(
        "{\"n\": 007}",
        "number with a leading zero at byte 6, want no leading zeros (RFC 8259 §6)",
        6);
    assertRejected(
        "[01]", "number with a leading zero at byte 1, want no leading zeros (RFC 8259 §6)", 1);
    assertRejected(
        "-00", "number with a leading zero at byte 0, want no leading zeros (RFC 8259 §6)", 0);
    assertRejected(
        "[+1]", "number with a leading '+' at byte 1, want a digit or '-' (RFC 8259 §6)", 1);
  }

  @Test
  void parse_loneSurrogateEscaped_rejected() {
    assertRejected(
        "[\"ok\",\"x\\ud800\"]",
        "lone surrogate \\ud800 in string at byte 6 (/1), want a surrogate pair or no surrogate"
            + " (RFC 7493 §2.1)",
        6);
    assertRejected(
        "\"\\udc00\\ud800\"",
        "lone surrogate \\udc00 in string at byte 0, want a surrogate pair or no surrogate (RFC"
            + " 7493 §2.1)",
        0);
  }

  @Test
  void parse_loneSurrogateInName_rejected() {
    assertRejected(
        "{\"a\":1, \"\\ud800\":2}",
        "lone surrogate in member name at byte 8, want a surrogate pair or no surrogate (RFC 7493"
            + " §2.1)",
        8);
  }

  @Test
  void parse_loneSurrogateUnescaped_rejectedAsUtf8() {
    JsonFormatException e = reject(new byte[] {'"', (byte) 0xED, (byte) 0xB0, (byte) 0x80, '"'});
    assertEquals(
        "UTF-8-encoded surrogate ED B0 80 at byte 1, want well-formed UTF-8 (RFC 3629)",
        e.getMessage());
  }

  @Test
  void parse_trailingContent_rejected() {
    String want = ", want only whitespace after the JSON value";
    assertRejected("{} x", "trailing content at byte 3" + want, 3);
    assertRejected("1 2", "trailing content at byte 2" + want, 2);
    assertRejected("[1]]", "trailing content at byte 3" + want, 3);
    assertRejected("0x10", "trailing content at byte 1" + want, 1);
  }

  @Test
  void parse_numberOverflow_rejected() {
    assertRejected(
        "{\"v\":1e400}",
        "number 1e400 at byte 5 (/v) overflows a double, want a magnitude of at most"
            + " 1.7976931348623157e308 (RFC 7493 §2.2)",
        5);
    assertRejected(
        "-1.8e308",
        "number -1.8e308 at byte 0 overflows a double, want a magnitude of at most"
            + " 1.7976931348623157e308 (RFC 7493 §2.2)",
        0);
  }

  @Test
  void parse_numberUnderflowOrHugeScale_rejected() {
    assertRejected(
        "1e-400",
        "number 1e-400 at byte 0 underflows a double to zero, want zero or a magnitude above"
            + " 2^-1075 (RFC 7493 §2.2)",
        0);
    assertRejected(
        "0e-999999",
        "number 0e-999999 at byte 0 has scale 999999, want a scale within ±1100 (RFC 7493 §2.2)",
        0);
    assertRejected(
        "[1e99999999999]",
        "number 1e99999999999 at byte 1 (/0) cannot be read, want a finite IEEE 754 double (RFC"
            + " 7493 §2.2)",
        1);
  }

  /**
   * Found by JsonFuzzTest: {@code -0.1e21} was accepted, but its canonical form {@code
   * -100000000000000000000} is an integer literal beyond 2^53, which the parser refuses.
   */
  @Test
  void regression_decimalWhoseCanonicalFormIsABigInteger_rejected() throws Exception {
    assertRejected(
        "[-0.1e21]",
        "number -0.1e21 at byte 1 (/0) is an integer beyond 2^53 in magnitude as a double, want at"
            + " most 9007199254740992 or at least 1e21 in magnitude (RFC 7493 §2.2)",
        1);
    assertRejected(
        "9007199254740994.0",
        "number 9007199254740994.0 at byte 0 is an integer beyond 2^53 in magnitude as a double,"
            + " want at most 9007199254740992 or at least 1e21 in magnitude (RFC 7493 §2.2)",
        0);
    for (String ok : new String[] {"1e21", "-1e21", "9007199254740992.0", "1.5e300", "0.1"}) {
      byte[] canonical = Jcs.canonicalize(STRICT.parse(utf8(ok)));
      assertEquals(
          new String(canonical, StandardCharsets.UTF_8),
          new String(Jcs.canonicalize(STRICT.parse(canonical)), StandardCharsets.UTF_8));
    }
  }

  @Test
  void parse_integerBeyond2pow53_rejected() throws Exception {
    assertEquals(9007199254740992L, STRICT.parse(utf8("9007199254740992")).longValue());
    assertRejected(
        "[9007199254740993]",
        "integer 9007199254740993 at byte 1 (/0) is beyond 2^53 in magnitude, want at most"
            + " 9007199254740992 (RFC 7493 §2.2)",
        1);
    assertRejected(
        "-123456789012345678901234567890",
        "integer -123456789012345678901234567890 at byte 0 is beyond 2^53 in magnitude, want at"
            + " most 9007199254740992 (RFC 7493 §2.2)",
        0);
  }

  @Test
  void parse_controlCharacters_rejected() {
    assertRejected(
        "\"a\nb\"",
        "unescaped control character U+000A in a string at byte 2, want it escaped (RFC 8259 §7)",
        2);
    assertRejected(
        "[\u0000]",
        "control character U+0000 at byte 1, want whitespace or a JSON token (RFC 8259 §2)",
        1);
  }

  @Test
  void parse_badEscapes_rejected() {
    assertRejected(
        "\"\\x\"",
        "invalid escape in a string at byte 2, want one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t"
            + " \\uXXXX (RFC 8259 §7)",
        2);
    assertRejected(
        "\"\\u12\"",
        "invalid \\u escape in a string at byte 5, want four hex digits (RFC 8259 §7)",
        5);
  }

  @Test
  void parse_truncated_rejected() {
    assertRejected("{\"a\":1", "document ends at byte 6 inside an object, want its closing '}'", 6);
    assertRejected("[1,", "document ends at byte 3 inside an array, want its closing ']'", 3);
    assertRejected("\"abc", "document ends at byte 4 inside a string, want its closing '\"'", 4);
  }

  @Test
  void parse_otherSyntaxErrors_rejectedWithJacksonDetail() {
    JsonFormatException e = reject(utf8("[1 2]"));
    assertEquals(
        "malformed JSON at byte 3, want RFC 8259 JSON: Unexpected character ('2' (code 50)): was"
            + " expecting comma to separate Array entries",
        e.getMessage());
    assertTrue(e.getCause() != null);
  }

  @Test
  void parse_byteOffsets_countUtf8BytesNotChars() {
    // "学" is 3 bytes and "😀" 4: the duplicate starts at byte 1 + 5 + 1 + 6 + 1 = 14.
    assertRejected(
        "{\"学\":\"😀\",\"学\":1}",
        "duplicate member name \"学\" at byte 14 (/学), want unique names (RFC 8259 §4, RFC 7493"
            + " §2.3)",
        14);
  }
}
