package org.creditbank.ledger.bank;

import static org.creditbank.ledger.bank.TestKeys.ACTOR;
import static org.creditbank.ledger.bank.TestKeys.LEDGER;
import static org.creditbank.ledger.bank.TestKeys.seeded;
import static org.creditbank.ledger.bank.TestKeys.tree;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.creditbank.ledger.json.Jcs;

class StatementPropertiesTest {
  private static final StatementSigner SIGNER = new StatementSigner(LEDGER, ACTOR, seeded(1));
  private static final Instant T = Instant.parse("2026-11-27T09:30:00Z");

  private static Arbitrary<String> strings() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .withCharRange('0', '9')
        .withCharRange('\u4e00', '\u9fff')
        .withChars(' ', '"', '\\', '\n', '/', 'é', '\u0001')
        .ofMaxLength(12);
  }

  private static Arbitrary<JsonNode> number() {
    return Arbitraries.bigDecimals()
        .between(new BigDecimal("-1000000"), new BigDecimal("1000000"))
        .ofScale(2)
        .map(d -> (JsonNode) DecimalNode.valueOf(d));
  }

  private static Arbitrary<JsonNode> value(int depth) {
    Arbitrary<JsonNode> text = strings().map(s -> (JsonNode) TextNode.valueOf(s));
    if (depth == 0) {
      return Arbitraries.oneOf(List.of(text, number()));
    }
    return Arbitraries.oneOf(List.of(text, number(), object(depth - 1).map(o -> (JsonNode) o)));
  }

  private static Arbitrary<ObjectNode> object(int depth) {
    return Arbitraries.maps(strings(), value(depth))
        .ofMaxSize(4)
        .map(
            m -> {
              ObjectNode o = JsonNodeFactory.instance.objectNode();
              for (Map.Entry<String, JsonNode> e : m.entrySet()) {
                o.set(e.getKey(), e.getValue());
              }
              return o;
            });
  }

  @Provide
  Arbitrary<ObjectNode> bodies() {
    return object(3);
  }

  @Property(tries = 200)
  void signThenParse_randomBody_sameBodyAndCanonicalFixedPoint(
      @ForAll("bodies") ObjectNode body, @ForAll StatementType type) throws StatementException {
    byte[] bytes = SIGNER.sign(type, "p-1", T, body);
    Statement s = Statement.parse(bytes, LEDGER);
    // Same body up to JCS: 2.50 comes back as 2.5 and 3.00 as 3, the same JSON number.
    assertArrayEquals(Jcs.canonicalize(body), Jcs.canonicalize(s.body()));
    assertArrayEquals(bytes, s.canonical().toByteArray());
    assertArrayEquals(bytes, Jcs.canonicalize(tree(s.canonical().toByteArray())));
    assertEquals(type, s.type());
  }

  /** JSON pointers of every string leaf (values, not member names). */
  private static void stringLeaves(JsonNode n, String at, List<String> out) {
    if (n.isTextual()) {
      out.add(at);
    } else if (n.isObject()) {
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        stringLeaves(
            e.getValue(), at + "/" + e.getKey().replace("~", "~0").replace("/", "~1"), out);
      }
    }
  }

  /** A different string of the same shape: one character changed within its class. */
  private static String change(String s, int pos) {
    if (s.isEmpty()) {
      return "a";
    }
    int i = pos % s.length();
    char c = s.charAt(i);
    char d;
    if (c >= '0' && c <= '9') {
      d = (char) ('0' + (c - '0' + 1) % 10);
    } else if (c >= 'a' && c <= 'z') {
      d = (char) ('a' + (c - 'a' + 1) % 26);
    } else if (c >= 'A' && c <= 'Z') {
      d = (char) ('A' + (c - 'A' + 1) % 26);
    } else if (Character.isSurrogate(c)) {
      return s + "a";
    } else {
      d = 'a';
    }
    return s.substring(0, i) + d + s.substring(i + 1);
  }

  @Property(tries = 300)
  void parse_anyStringLeafChanged_fails(
      @ForAll("bodies") ObjectNode body,
      @ForAll @IntRange(min = 0, max = 10_000) int which,
      @ForAll @IntRange(min = 0, max = 10_000) int pos) {
    byte[] bytes = SIGNER.sign(StatementType.ACHIEVEMENT_RECORDED, "p-1", T, body);
    ObjectNode o = tree(bytes);
    List<String> leaves = new ArrayList<>();
    stringLeaves(o, "", leaves);
    // type, ledger, id, actor, issuedAt and six proof members at least.
    assertTrue(leaves.size() >= 11, leaves.toString());
    String at = leaves.get(which % leaves.size());
    int slash = at.lastIndexOf('/');
    ObjectNode parent = (ObjectNode) o.at(at.substring(0, slash));
    String name = at.substring(slash + 1).replace("~1", "/").replace("~0", "~");
    String old = parent.get(name).textValue();
    String expectedLedger = LEDGER;
    String now;
    if (at.equals("/type")) {
      // Another known type, so the failure must come from the proof.
      now = StatementType.RULE_RETIRED.wireName();
    } else {
      now = change(old, pos);
      if (at.equals("/ledger")) {
        // Ask for the ledger the statement now names, so the failure must come from the proof.
        expectedLedger = now;
      }
    }
    assertNotEquals(old, now);
    parent.put(name, now);
    byte[] tampered = Jcs.canonicalize(o);
    String ledger = expectedLedger;
    StatementException e =
        assertThrows(StatementException.class, () -> Statement.parse(tampered, ledger), at);
    assertTrue(
        Set.of(RejectCode.BAD_PROOF, RejectCode.SCHEMA).contains(e.code()),
        at + ": " + e.code() + " " + e.getMessage());
  }
}
