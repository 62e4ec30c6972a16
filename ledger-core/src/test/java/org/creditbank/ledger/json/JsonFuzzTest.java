package org.creditbank.ledger.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.creditbank.ledger.fuzz.Mutations;
import org.creditbank.ledger.fuzz.Mutations.Mutation;

/**
 * Fuzzes the strict parser and the canonicalizer: whatever the bytes, {@link StrictJson#parse}
 * either throws {@link JsonFormatException} or returns a tree whose RFC 8785 form is a fixed point
 * (parsing and canonicalizing it again gives the same bytes). Tries: jqwik's default (see {@link
 * Mutations}); about 1 s.
 */
class JsonFuzzTest {
  private static final StrictJson STRICT = StrictJson.withDefaults();

  /** Valid documents the mutations start from: every JSON type, escapes, non-ASCII, numbers. */
  private static final List<String> SEEDS =
      List.of(
          "{\"a\":[1,2.5,-0.001,1e21,true,false,null],\"b\":{\"c\":\"\\u00e9\\n\\\"\"}}",
          "{\"title\":\"基础护理学\",\"credits\":4.5,\"emoji\":\"\\ud83d\\ude00\",\"n\":9007199254740992}",
          "[[[[{\"deep\":[]}]]]]",
          "\"just a string\"",
          "-12345.6789e-3");

  @Provide
  Arbitrary<byte[]> seeds() {
    return Arbitraries.of(SEEDS).map(s -> s.getBytes(StandardCharsets.UTF_8));
  }

  @Provide
  Arbitrary<List<Mutation>> mutations() {
    return Mutations.mutationLists();
  }

  @Provide
  Arbitrary<byte[]> soup() {
    return Mutations.soup(40);
  }

  @Property
  void parse_randomBytes_formatExceptionOrCanonicalFixedPoint(@ForAll byte[] bytes) {
    checkParse(bytes);
  }

  @Property
  void parse_tokenSoup_formatExceptionOrCanonicalFixedPoint(@ForAll("soup") byte[] bytes) {
    checkParse(bytes);
  }

  @Property
  void parse_mutatedDocument_formatExceptionOrCanonicalFixedPoint(
      @ForAll("seeds") byte[] seed, @ForAll("mutations") List<Mutation> ms) {
    checkParse(Mutations.apply(seed, ms));
  }

  /** Any exception but JsonFormatException fails the property, as does an unstable canonical. */
  private static void checkParse(byte[] bytes) {
    JsonNode tree;
    try {
      tree = STRICT.parse(bytes);
    } catch (JsonFormatException e) {
      return;
    }
    byte[] canonical = Jcs.canonicalize(tree);
    JsonNode again;
    try {
      again = STRICT.parse(canonical);
    } catch (JsonFormatException e) {
      throw new AssertionError(
          "the canonical form of an accepted document is refused: "
              + new String(canonical, StandardCharsets.UTF_8),
          e);
    }
    assertArrayEquals(canonical, Jcs.canonicalize(again));
  }
}
