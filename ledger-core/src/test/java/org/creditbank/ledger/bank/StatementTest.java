package org.creditbank.ledger.bank;

import static org.creditbank.ledger.bank.TestKeys.ACTOR;
import static org.creditbank.ledger.bank.TestKeys.LEDGER;
import static org.creditbank.ledger.bank.TestKeys.seeded;
import static org.creditbank.ledger.bank.TestKeys.tree;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.creditbank.ledger.crypto.DataIntegrityException;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.crypto.EddsaJcs2022;
import org.creditbank.ledger.crypto.KeyFormatException;
import org.creditbank.ledger.json.Jcs;
import org.creditbank.ledger.json.JsonFormatException;
import org.creditbank.ledger.json.StrictJson;
import org.creditbank.ledger.util.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatementTest {
  private static final Ed25519PrivateKey KEY = seeded(1);
  private static final Ed25519PrivateKey OTHER = seeded(2);
  private static final Instant T = Instant.parse("2026-11-27T09:30:00Z");
  private static final StatementSigner SIGNER = new StatementSigner(LEDGER, ACTOR, KEY);

  private static ObjectNode body() {
    ObjectNode b = JsonNodeFactory.instance.objectNode();
    b.put("learner", "L-7Q2F9K");
    b.put("title", "数据结构");
    b.put("credits", new BigDecimal("3.5"));
    return b;
  }

  private static byte[] signed() {
    return SIGNER.sign(StatementType.ACHIEVEMENT_RECORDED, "ach-2026-0001", T, body());
  }

  /** The signed statement with one change, re-serialized (the proof is not redone). */
  private static byte[] edited(Consumer<ObjectNode> edit) {
    ObjectNode o = tree(signed());
    edit.accept(o);
    return Jcs.canonicalize(o);
  }

  private static StatementException reject(
      byte[] bytes, RejectCode code, String field, String message) {
    StatementException e =
        assertThrows(StatementException.class, () -> Statement.parse(bytes, LEDGER));
    assertEquals(code, e.code(), e.getMessage());
    assertEquals(field, e.field(), e.getMessage());
    assertEquals(message, e.getMessage());
    return e;
  }

  @Test
  void parse_signedStatementOfEveryType_roundTrips() throws StatementException {
    List<String> failures = new ArrayList<>();
    int ran = 0;
    for (StatementType type : StatementType.values()) {
      ran++;
      byte[] bytes = SIGNER.sign(type, "s-" + type.wireName(), T, body());
      Statement s = Statement.parse(bytes, LEDGER);
      if (s.type() != type
          || !s.ledger().equals(LEDGER)
          || !s.id().equals("s-" + type.wireName())
          || !s.actor().equals(ACTOR)
          || !s.issuedAt().equals(T)
          || !s.body().equals(body())
          || !s.proof().signer().equals(KEY.publicKey())
          || !s.proof().proofPurpose().equals("assertionMethod")
          || !"2026-11-27T09:30:00Z".equals(s.proof().created())
          || !s.canonical().equals(org.creditbank.ledger.util.Bytes.copyFrom(bytes))) {
        failures.add(type + ": " + s);
      }
    }
    assertEquals(11, ran);
    assertEquals(List.of(), failures);
  }

  @Test
  void sign_output_isCanonicalWithSevenMembers() {
    byte[] bytes = signed();
    ObjectNode o = tree(bytes);
    assertArrayEquals(Jcs.canonicalize(o), bytes);
    List<String> names = new ArrayList<>();
    o.fieldNames().forEachRemaining(names::add);
    assertEquals(List.of("actor", "body", "id", "issuedAt", "ledger", "proof", "type"), names);
    assertEquals("achievement.recorded", o.get("type").textValue());
    assertEquals("2026-11-27T09:30:00Z", o.get("issuedAt").textValue());
    assertEquals("2026-11-27T09:30:00Z", o.get("proof").get("created").textValue());
  }

  @Test
  void sign_fractionalSeconds_keepsThemAndRoundTrips() throws StatementException {
    Instant t = Instant.parse("2026-11-27T09:30:00.5Z");
    byte[] bytes = SIGNER.sign(StatementType.LEARNER_ENROLLED, "e1", t, body());
    assertEquals("2026-11-27T09:30:00.500Z", tree(bytes).get("issuedAt").textValue());
    assertEquals(t, Statement.parse(bytes, LEDGER).issuedAt());
  }

  @Test
  void parse_nonCanonicalInput_acceptedAndCanonicalized() throws StatementException {
    ObjectNode o = tree(signed());
    byte[] pretty = o.toPrettyString().getBytes(StandardCharsets.UTF_8);
    Statement s = Statement.parse(pretty, LEDGER);
    assertArrayEquals(signed(), s.canonical().toByteArray());
  }

  @Test
  void parse_missingMember_schema() {
    List<String> failures = new ArrayList<>();
    int ran = 0;
    for (String m : List.of("type", "ledger", "id", "actor", "issuedAt", "body", "proof")) {
      ran++;
      StatementException e =
          assertThrows(
              StatementException.class, () -> Statement.parse(edited(o -> o.remove(m)), LEDGER));
      if (e.code() != RejectCode.SCHEMA
          || !e.field().equals("/" + m)
          || !e.getMessage().equals("missing member /" + m)) {
        failures.add(m + ": " + e.code() + " " + e.field() + " " + e.getMessage());
      }
    }
    assertEquals(7, ran);
    assertEquals(List.of(), failures);
  }

  @Test
  void parse_unknownMember_schema() {
    reject(
        edited(o -> o.put("name", "Zhang San")),
        RejectCode.SCHEMA,
        "/name",
        "unknown member /name");
    reject(
        edited(o -> o.put("a/b~c", 1)), RejectCode.SCHEMA, "/a~1b~0c", "unknown member /a~1b~0c");
  }

  @Test
  void parse_wrongJsonType_schema() {
    reject(
        edited(o -> o.set("id", IntNode.valueOf(5))),
        RejectCode.SCHEMA,
        "/id",
        "want a string at /id, got number");
    reject(
        edited(o -> o.putNull("issuedAt")),
        RejectCode.SCHEMA,
        "/issuedAt",
        "want a string at /issuedAt, got null");
    reject(
        edited(o -> o.put("proof", "zzz")),
        RejectCode.SCHEMA,
        "/proof",
        "want an object at /proof, got string");
  }

  @Test
  void parse_bodyNotObject_schema() {
    reject(
        edited(o -> o.putArray("body").add(1)),
        RejectCode.SCHEMA,
        "/body",
        "want an object at /body, got array");
  }

  @Test
  void parse_topLevelNotObject_schema() {
    reject(
        "[1]".getBytes(StandardCharsets.UTF_8),
        RejectCode.SCHEMA,
        "",
        "want a JSON object as the statement, got array");
  }

  @Test
  void parse_unknownType_unknownType() {
    reject(
        edited(o -> o.put("type", "ledger.exploded")),
        RejectCode.UNKNOWN_TYPE,
        "/type",
        "want a known statement type at /type, got \"ledger.exploded\"");
    reject(
        edited(o -> o.put("type", "LEARNER_ENROLLED")),
        RejectCode.UNKNOWN_TYPE,
        "/type",
        "want a known statement type at /type, got \"LEARNER_ENROLLED\"");
  }

  @Test
  void parse_wrongLedger_wrongLedger() {
    byte[] bytes = signed();
    StatementException e =
        assertThrows(StatementException.class, () -> Statement.parse(bytes, "other.example"));
    assertEquals(RejectCode.WRONG_LEDGER, e.code());
    assertEquals("/ledger", e.field());
    assertEquals(
        "statement is for ledger \"creditbank.example/city-a\" at /ledger, want \"other.example\"",
        e.getMessage());
  }

  @Test
  void parse_badId_schema() {
    String want = "want an id matching [A-Za-z0-9][A-Za-z0-9._:-]{0,63} at /id, got ";
    reject(edited(o -> o.put("id", "-x")), RejectCode.SCHEMA, "/id", want + "\"-x\"");
    reject(edited(o -> o.put("id", "")), RejectCode.SCHEMA, "/id", want + "\"\"");
    reject(edited(o -> o.put("id", "a b")), RejectCode.SCHEMA, "/id", want + "\"a b\"");
    String long65 = "a".repeat(65);
    reject(edited(o -> o.put("id", long65)), RejectCode.SCHEMA, "/id", want + "\"" + long65 + "\"");
    String long100 = "b".repeat(100);
    reject(
        edited(o -> o.put("id", long100)),
        RejectCode.SCHEMA,
        "/id",
        want + "\"" + "b".repeat(80) + "\"…");
  }

  @Test
  void parse_badActor_schema() {
    String want = "want an actor matching [A-Z0-9-]{2,32} at /actor, got ";
    reject(edited(o -> o.put("actor", "univ-1")), RejectCode.SCHEMA, "/actor", want + "\"univ-1\"");
    reject(edited(o -> o.put("actor", "U")), RejectCode.SCHEMA, "/actor", want + "\"U\"");
    reject(edited(o -> o.put("actor", "U\n1")), RejectCode.SCHEMA, "/actor", want + "\"U\\n1\"");
  }

  @Test
  void parse_badIssuedAt_schema() {
    String want = "want an RFC 3339 UTC time such as \"2026-11-27T09:30:00Z\" at /issuedAt, got ";
    List<String> bad =
        List.of(
            "2026-11-27T09:30:00+08:00",
            "2026-11-27T09:30:00+00:00",
            "2026-11-27T09:30:00",
            "2026-11-27 09:30:00Z",
            "2026-11-27t09:30:00z",
            "2026-11-27T09:30Z",
            "2026-11-27T09:30:00.Z",
            "2026-11-27T09:30:00.1234567890Z",
            "2026-13-01T00:00:00Z",
            "2026-02-30T00:00:00Z",
            "2026-11-27T24:00:00Z",
            "2026-12-31T23:59:60Z",
            "2026-11-27T09:60:00Z",
            "+2026-11-27T09:30:00Z",
            "２026-11-27T09:30:00Z");
    List<String> failures = new ArrayList<>();
    int ran = 0;
    for (String t : bad) {
      ran++;
      StatementException e =
          assertThrows(
              StatementException.class,
              () -> Statement.parse(edited(o -> o.put("issuedAt", t)), LEDGER));
      String msg = want + Statement.quote(t);
      if (e.code() != RejectCode.SCHEMA
          || !e.field().equals("/issuedAt")
          || !e.getMessage().equals(msg)) {
        failures.add(t + ": " + e.code() + " " + e.field() + " " + e.getMessage());
      }
    }
    assertEquals(15, ran);
    assertEquals(List.of(), failures);
  }

  @Test
  void parse_issuedAtWithFractionChangedAfterSigning_badProof() {
    // Still a valid time, but not the one signed.
    StatementException e =
        reject(
            edited(o -> o.put("issuedAt", "2026-11-27T09:30:00.000Z")),
            RejectCode.BAD_PROOF,
            "/proof",
            "proof at /proof does not verify: proof: signature does not verify: "
                + "Ed25519 signature does not verify for key "
                + KEY.publicKey().toDidKey());
    assertInstanceOf(DataIntegrityException.class, e.getCause());
  }

  @Test
  void parse_tamperedBody_badProofWithCause() {
    StatementException e =
        assertThrows(
            StatementException.class,
            () ->
                Statement.parse(
                    edited(o -> ((ObjectNode) o.get("body")).put("credits", 30)), LEDGER));
    assertEquals(RejectCode.BAD_PROOF, e.code());
    assertEquals("/proof", e.field());
    assertTrue(
        e.getMessage()
            .startsWith("proof at /proof does not verify: proof: signature does not verify"),
        e.getMessage());
    assertInstanceOf(DataIntegrityException.class, e.getCause());
  }

  @Test
  void parse_malformedProof_badProof() {
    reject(
        edited(o -> ((ObjectNode) o.get("proof")).remove("verificationMethod")),
        RejectCode.BAD_PROOF,
        "/proof",
        "bad proof at /proof: proof: missing verificationMethod");
    reject(
        edited(o -> ((ObjectNode) o.get("proof")).remove("proofValue")),
        RejectCode.BAD_PROOF,
        "/proof",
        "proof at /proof does not verify: proof: missing proofValue");
    reject(
        edited(o -> ((ObjectNode) o.get("proof")).put("cryptosuite", "eddsa-rdfc-2022")),
        RejectCode.BAD_PROOF,
        "/proof",
        "bad proof at /proof: proof.cryptosuite: want eddsa-jcs-2022, got eddsa-rdfc-2022");
  }

  @Test
  void parse_wrongProofPurpose_badProof() {
    ObjectNode unsigned = tree(signed());
    unsigned.remove("proof");
    ObjectNode o = EddsaJcs2022.sign(unsigned, KEY, "2026-11-27T09:30:00Z", "authentication");
    reject(
        Jcs.canonicalize(o),
        RejectCode.BAD_PROOF,
        "/proof/proofPurpose",
        "want proofPurpose \"assertionMethod\" at /proof/proofPurpose, got \"authentication\"");
  }

  @Test
  void parse_proofByAnotherKey_parsesAndNamesThatKey() throws StatementException {
    StatementSigner other = new StatementSigner(LEDGER, ACTOR, OTHER);
    byte[] bytes = other.sign(StatementType.LEARNER_ENROLLED, "e1", T, body());
    Statement s = Statement.parse(bytes, LEDGER);
    assertEquals(OTHER.publicKey(), s.proof().signer());
    assertNotEquals(KEY.publicKey(), s.proof().signer());
  }

  @Test
  void parse_malformedJson_schemaWithParserMessage() throws Exception {
    List<String> docs =
        List.of(
            "{\"type\":",
            "",
            "{\"type\":\"a\",\"type\":\"b\"}",
            "{\"a\":1,}",
            "{\"body\":NaN}",
            "{\"id\":\"\\ud800\"}");
    List<String> failures = new ArrayList<>();
    int ran = 0;
    for (String d : docs) {
      ran++;
      byte[] bytes = d.getBytes(StandardCharsets.UTF_8);
      JsonFormatException parser =
          assertThrows(JsonFormatException.class, () -> StrictJson.withDefaults().parse(bytes));
      StatementException e =
          assertThrows(StatementException.class, () -> Statement.parse(bytes, LEDGER));
      if (e.code() != RejectCode.SCHEMA
          || !e.field().isEmpty()
          || !e.getMessage().equals("statement is not strict JSON: " + parser.getMessage())
          || !(e.getCause() instanceof JsonFormatException)) {
        failures.add(d + ": " + e.code() + " " + e.field() + " " + e.getMessage());
      }
    }
    assertEquals(6, ran);
    assertEquals(List.of(), failures);
  }

  @Test
  void parse_duplicateMember_schema() {
    String s = new String(signed(), StandardCharsets.UTF_8);
    byte[] dup =
        s.replaceFirst("\"actor\":\"UNIV-0001\"", "\"actor\":\"UNIV-0001\",\"actor\":\"UNIV-0002\"")
            .getBytes(StandardCharsets.UTF_8);
    StatementException e = reject(dup, RejectCode.SCHEMA, "", e0(dup));
    assertInstanceOf(JsonFormatException.class, e.getCause());
    assertTrue(e.getMessage().contains("duplicate member name \"actor\""), e.getMessage());
  }

  private static String e0(byte[] bytes) {
    try {
      StrictJson.withDefaults().parse(bytes);
      throw new AssertionError("parsed");
    } catch (JsonFormatException e) {
      return "statement is not strict JSON: " + e.getMessage();
    }
  }

  @Test
  void body_mutatedAfterParse_statementUnchanged() throws StatementException {
    Statement s = Statement.parse(signed(), LEDGER);
    s.body().put("credits", 99);
    assertEquals(body(), s.body());
    ObjectNode in = body();
    Statement copy =
        new Statement(
            s.type(), s.ledger(), s.id(), s.actor(), s.issuedAt(), in, s.proof(), s.canonical());
    in.set("title", TextNode.valueOf("x"));
    assertEquals(body(), copy.body());
  }

  @Test
  void constructor_badFields_illegalArgument() throws StatementException {
    Statement s = Statement.parse(signed(), LEDGER);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new Statement(
                s.type(), "", s.id(), s.actor(), s.issuedAt(), s.body(), s.proof(), s.canonical()));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new Statement(
                s.type(),
                s.ledger(),
                "-",
                s.actor(),
                s.issuedAt(),
                s.body(),
                s.proof(),
                s.canonical()));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new Statement(
                s.type(),
                s.ledger(),
                s.id(),
                "x",
                s.issuedAt(),
                s.body(),
                s.proof(),
                s.canonical()));
  }

  @Test
  void signer_badArguments_illegalArgument() {
    assertThrows(IllegalArgumentException.class, () -> new StatementSigner("", ACTOR, KEY));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new StatementSigner(LEDGER, "univ", KEY));
    assertEquals("want an actor matching [A-Z0-9-]{2,32}, got \"univ\"", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SIGNER.sign(StatementType.RULE_RETIRED, "_x", T, body()));
    assertEquals(
        "want an id matching [A-Za-z0-9][A-Za-z0-9._:-]{0,63}, got \"_x\"", e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            SIGNER.sign(
                StatementType.RULE_RETIRED, "x", Instant.parse("+10000-01-01T00:00:00Z"), body()));
  }

  @Test
  void signer_toString_hidesSeed() {
    String s = SIGNER.toString();
    assertFalse(s.contains(Hex.encode(KEY.exportSeedUnsafe())), s);
    assertEquals(
        "StatementSigner[ledger="
            + LEDGER
            + ", actor="
            + ACTOR
            + ", key="
            + KEY.publicKey().toDidKey()
            + "]",
        s);
  }

  @Test
  void fromPemFile_keyFile_signsAsThatKey(@TempDir Path dir)
      throws IOException, KeyFormatException, StatementException {
    Path pem = dir.resolve("key.pem");
    Files.writeString(pem, OTHER.toPem(), StandardCharsets.UTF_8);
    StatementSigner s = StatementSigner.fromPemFile(pem, LEDGER, ACTOR);
    assertEquals(LEDGER, s.ledger());
    assertEquals(ACTOR, s.actor());
    Statement st = Statement.parse(s.sign(StatementType.RULE_RETIRED, "r1", T, body()), LEDGER);
    assertEquals(OTHER.publicKey(), st.proof().signer());
    Path junk = dir.resolve("junk.pem");
    Files.writeString(junk, "not a key", StandardCharsets.UTF_8);
    assertThrows(KeyFormatException.class, () -> StatementSigner.fromPemFile(junk, LEDGER, ACTOR));
  }

  @Test
  void statementType_wireNames_exactAndLookedUp() {
    List<String> wires = new ArrayList<>();
    for (StatementType t : StatementType.values()) {
      wires.add(t.wireName());
      assertEquals(t, StatementType.fromWire(t.wireName()).orElseThrow());
    }
    assertEquals(
        List.of(
            "ledger.genesis",
            "institution.registered",
            "institution.keyAdded",
            "institution.keyRevoked",
            "learner.enrolled",
            "achievement.recorded",
            "achievement.revoked",
            "rule.published",
            "rule.retired",
            "credit.converted",
            "program.published"),
        wires);
    assertTrue(StatementType.fromWire("Ledger.Genesis").isEmpty());
    assertTrue(StatementType.fromWire("").isEmpty());
  }
}
