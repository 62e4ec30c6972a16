package org.creditbank.ledger.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class LearnerIdPropertiesTest {

  /**
   * Ids of chunks "letters [-] digits", so every digit run has at most 10 digits and is bounded by
   * letters or a hyphen: never a personal-data shape.
   */
  @Provide
  Arbitrary<String> validIds() {
    Arbitrary<String> letters =
        Arbitraries.strings()
            .withCharRange('A', 'Z')
            .withCharRange('a', 'z')
            .ofMinLength(1)
            .ofMaxLength(4);
    Arbitrary<String> digits = Arbitraries.strings().numeric().ofMaxLength(10);
    Arbitrary<String> hyphen = Arbitraries.of("", "-");
    Arbitrary<String> chunk =
        Combinators.combine(letters, hyphen, digits).as((a, b, c) -> a + b + c);
    return chunk
        .list()
        .ofMinSize(1)
        .ofMaxSize(6)
        .map(l -> String.join("", l))
        .map(s -> s.length() > 40 ? s.substring(0, 40) : s)
        .map(s -> s.length() < 6 ? s + "abcdef".substring(s.length()) : s);
  }

  private static ObjectNode body(String learner) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("learner", learner);
    return o;
  }

  @Property(tries = 300)
  void parse_validId_accepted(@ForAll("validIds") String id) throws StatementException {
    assertEquals(id, LearnerEnrolledBody.parse(body(id)).learner());
  }

  @Provide
  Arbitrary<String> idsWithLongDigitRun() {
    Arbitrary<String> side =
        Arbitraries.strings().withCharRange('A', 'Z').withChars('-').ofMaxLength(10);
    Arbitrary<String> run = Arbitraries.strings().numeric().ofMinLength(11).ofMaxLength(20);
    return Combinators.combine(side, run, side).as((a, b, c) -> a + b + c);
  }

  @Property(tries = 300)
  void parse_elevenOrMoreDigitsInARow_refused(@ForAll("idsWithLongDigitRun") String id) {
    StatementException e =
        assertThrows(StatementException.class, () -> LearnerEnrolledBody.parse(body(id)));
    assertEquals(RejectCode.SCHEMA, e.code());
    assertEquals("/body/learner", e.field());
    String m = e.getMessage();
    assertTrue(
        m.endsWith("which contains the shape of a resident identity number")
            || m.endsWith("which contains the shape of a mobile number")
            || m.startsWith("want a pseudonymous learner id with at most 10 digits in a row"),
        m);
  }
}
