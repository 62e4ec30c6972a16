package org.creditbank.ledger.bank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.creditbank.ledger.demo.WorkedScenario;
import org.creditbank.ledger.fuzz.Mutations;
import org.creditbank.ledger.fuzz.Mutations.Mutation;
import org.creditbank.ledger.json.Jcs;
import org.creditbank.ledger.util.Bytes;

/**
 * Fuzzes the statement parser and the body schemas: {@link Statement#parse} and {@link
 * VerifiedStatement#of} throw nothing but {@link StatementException}, and a changed statement that
 * passes is the same statement (same canonical bytes, so the change was only formatting). Tries:
 * jqwik's default (see {@link Mutations}); about 3 s.
 */
class StatementFuzzTest {
  private static final String ORIGIN = WorkedScenario.ORIGIN;

  /** Valid signed statements of the worked scenario: the genesis and every type it uses. */
  private static final List<Bytes> SEEDS = signedStatements();

  private static List<Bytes> signedStatements() {
    WorkedScenario w = new WorkedScenario();
    List<Bytes> out = new ArrayList<>();
    out.add(Bytes.copyFrom(w.genesis()));
    for (WorkedScenario.Step s : w.steps()) {
      out.add(s.statement());
    }
    out.add(w.revocation().statement());
    return List.copyOf(out);
  }

  @Provide
  Arbitrary<Bytes> seeds() {
    return Arbitraries.of(SEEDS);
  }

  @Provide
  Arbitrary<List<Mutation>> mutations() {
    return Mutations.mutationLists();
  }

  @Provide
  Arbitrary<byte[]> soup() {
    return Mutations.soup(60);
  }

  /** Envelopes with the seven members, each of a random JSON value. */
  @Provide
  Arbitrary<byte[]> envelopes() {
    Arbitrary<JsonNode> value =
        Arbitraries.oneOf(
            Arbitraries.strings()
                .ofMaxLength(20)
                .map(s -> (JsonNode) JsonNodeFactory.instance.textNode(s)),
            Arbitraries.of(
                    "ledger.genesis", "learner.enrolled", ORIGIN, "DIST-OU", "2026-09-01T00:00:00Z")
                .map(s -> (JsonNode) JsonNodeFactory.instance.textNode(s)),
            Arbitraries.integers().map(i -> (JsonNode) JsonNodeFactory.instance.numberNode(i)),
            Arbitraries.just((JsonNode) JsonNodeFactory.instance.objectNode()),
            Arbitraries.just((JsonNode) JsonNodeFactory.instance.arrayNode()),
            Arbitraries.just((JsonNode) JsonNodeFactory.instance.nullNode()));
    return value
        .list()
        .ofSize(7)
        .map(
            vs -> {
              ObjectNode o = JsonNodeFactory.instance.objectNode();
              String[] names = {"type", "ledger", "id", "actor", "issuedAt", "body", "proof"};
              for (int i = 0; i < names.length; i++) {
                o.set(names[i], vs.get(i));
              }
              return Jcs.canonicalize(o);
            });
  }

  @Property
  void parse_randomBytes_onlyStatementException(@ForAll byte[] bytes) {
    check(bytes, null);
  }

  @Property
  void parse_tokenSoup_onlyStatementException(@ForAll("soup") byte[] bytes) {
    check(bytes, null);
  }

  @Property
  void parse_envelopeOfRandomValues_onlyStatementException(@ForAll("envelopes") byte[] bytes) {
    check(bytes, null);
  }

  @Property
  void parse_mutatedValidStatement_rejectedOrTheSameStatement(
      @ForAll("seeds") Bytes seed, @ForAll("mutations") List<Mutation> ms) {
    byte[] s = seed.toByteArray();
    check(Mutations.apply(s, ms), s);
  }

  /**
   * Parses and reads the body; any exception but StatementException fails, and so does an accepted
   * statement whose canonical form is not {@code same} (when given).
   */
  private static void check(byte[] bytes, byte[] same) {
    VerifiedStatement v;
    try {
      v = VerifiedStatement.of(Statement.parse(bytes, ORIGIN));
    } catch (StatementException e) {
      return;
    }
    if (same != null) {
      assertArrayEquals(same, v.statement().canonical().toByteArray());
    }
  }
}
