package org.creditbank.ledger.bank;

import static org.creditbank.ledger.bank.TestKeys.LEDGER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.junit.jupiter.api.Test;

class BodiesTest {
  private static final Instant T = Instant.parse("2026-11-27T09:30:00Z");
  private static final String K1 = BodyFixtures.UNIV_KEY.publicKey().toDidKey();
  private static final String KINDS =
      "openUniversity, university, vocationalCollege, vocationalSchool, certificationBody,"
          + " trainingProvider, communitySchool, seniorSchool, enterprise";
  private static final String OUTCOMES =
      "course, vocationalCertificate, skillCertificate, training, mooc, communityEducation,"
          + " seniorEducation, priorLearning";
  private static final String BAD_KEY =
      "\"did:web:x\": did:key: want prefix \"did:key:\", got \"did:web:x\"";

  /** Signs the body, parses the envelope and then the body, as the ledger would. */
  private static Optional<Body> pipeline(StatementType type, ObjectNode body)
      throws StatementException {
    Ed25519PrivateKey key = BodyFixtures.OPERATOR_KEY;
    StatementSigner signer = new StatementSigner(LEDGER, BodyFixtures.OPERATOR, key);
    byte[] bytes = signer.sign(type, "s-1", T, body);
    return Bodies.parse(Statement.parse(bytes, LEDGER));
  }

  private record Case(
      StatementType type, Body base, Consumer<ObjectNode> edit, String field, String message) {}

  private static Case c(
      StatementType type, Body base, Consumer<ObjectNode> edit, String field, String message) {
    return new Case(type, base, edit, field, message);
  }

  private static ObjectNode at(ObjectNode o, String name) {
    return (ObjectNode) o.get(name);
  }

  @Test
  void parse_validBodies_roundTripThroughSigner() throws StatementException {
    List<Body> bodies =
        List.of(
            BodyFixtures.genesis(),
            BodyFixtures.institution(),
            BodyFixtures.branch(),
            BodyFixtures.keyAdded(),
            BodyFixtures.keyRevoked(),
            BodyFixtures.learner(),
            BodyFixtures.learnerWithoutCommitment());
    List<String> failures = new ArrayList<>();
    int ran = 0;
    for (Body b : bodies) {
      ran++;
      Optional<Body> back = pipeline(b.type(), b.toJson());
      if (!back.equals(Optional.of(b))) {
        failures.add(b + " came back as " + back);
      }
    }
    assertEquals(7, ran);
    assertEquals(List.of(), failures);
  }

  @Test
  void parseBody_everyType_typed() {
    List<String> failures = new ArrayList<>();
    int ran = 0;
    for (StatementType t : StatementType.values()) {
      ran++;
      ObjectNode any = JsonNodeFactory.instance.objectNode();
      any.put("anything", 1);
      try {
        failures.add(t + " accepted " + Bodies.parseBody(t, any));
      } catch (StatementException e) {
        if (!e.getMessage().equals("unknown member /body/anything")) {
          failures.add(t + ": " + e.getMessage());
        }
      }
    }
    assertEquals(11, ran);
    assertEquals(List.of(), failures);
  }

  @Test
  void policy_trailingZeros_normalized() {
    assertEquals(
        new GenesisBody.Policy(new BigDecimal("0.5")),
        new GenesisBody.Policy(new BigDecimal("0.500")));
  }

  @Test
  void parse_genesisOriginOtherThanLedger_schema() {
    ObjectNode body = BodyFixtures.genesis().toJson();
    body.put("origin", "other");
    StatementException e =
        assertThrows(StatementException.class, () -> pipeline(StatementType.LEDGER_GENESIS, body));
    assertEquals(RejectCode.SCHEMA, e.code());
    assertEquals("/body/origin", e.field());
    assertEquals(
        "want the statement's ledger \"creditbank.example/city-a\" at /body/origin, got \"other\"",
        e.getMessage());
  }

  @Test
  void parse_invalidBodies_rejectedWithFieldAndMessage() {
    StatementType g = StatementType.LEDGER_GENESIS;
    StatementType r = StatementType.INSTITUTION_REGISTERED;
    StatementType ka = StatementType.INSTITUTION_KEY_ADDED;
    StatementType kr = StatementType.INSTITUTION_KEY_REVOKED;
    StatementType le = StatementType.LEARNER_ENROLLED;
    Body gb = BodyFixtures.genesis();
    Body rb = BodyFixtures.institution();
    Body kab = BodyFixtures.keyAdded();
    Body krb = BodyFixtures.keyRevoked();
    Body lb = BodyFixtures.learner();
    List<Case> cases =
        List.of(
            // ledger.genesis
            c(g, gb, o -> o.remove("origin"), "/body/origin", "missing member /body/origin"),
            c(g, gb, o -> o.put("name", "x"), "/body/name", "unknown member /body/name"),
            c(g, gb, o -> o.put("a/b~", 1), "/body/a~1b~0", "unknown member /body/a~1b~0"),
            c(
                g,
                gb,
                o -> o.put("origin", 5),
                "/body/origin",
                "want a string at /body/origin, got number"),
            c(
                g,
                gb,
                o -> o.put("origin", ""),
                "/body/origin",
                "want a non-empty string at /body/origin, got \"\""),
            c(
                g,
                gb,
                o -> at(o, "operator").put("id", "op"),
                "/body/operator/id",
                "want an institution id matching [A-Z0-9-]{2,32} at /body/operator/id, got \"op\""),
            c(
                g,
                gb,
                o -> at(o, "operator").put("name", ""),
                "/body/operator/name",
                "want 1 to 200 characters at /body/operator/name, got 0"),
            c(
                g,
                gb,
                o -> at(o, "operator").put("key", "did:web:x"),
                "/body/operator/key",
                "want a did:key Ed25519 public key at /body/operator/key, got " + BAD_KEY),
            c(
                g,
                gb,
                o -> at(o, "operator").remove("key"),
                "/body/operator/key",
                "missing member /body/operator/key"),
            c(
                g,
                gb,
                o -> o.put("operator", "CB"),
                "/body/operator",
                "want an object at /body/operator, got string"),
            c(
                g,
                gb,
                o -> at(o, "framework").putArray("levels"),
                "/body/framework/levels",
                "want a non-empty array at /body/framework/levels, got an empty one"),
            c(
                g,
                gb,
                o -> ((ObjectNode) at(o, "framework").get("levels").get(1)).put("code", "L1"),
                "/body/framework/levels/1/code",
                "want distinct level codes, got \"L1\" at /body/framework/levels/1/code repeating"
                    + " /body/framework/levels/0/code"),
            c(
                g,
                gb,
                o -> ((ObjectNode) at(o, "framework").get("levels").get(0)).put("code", "l1"),
                "/body/framework/levels/0/code",
                "want a level code matching [A-Z0-9-]{1,16} at /body/framework/levels/0/code,"
                    + " got \"l1\""),
            c(
                g,
                gb,
                o -> ((ArrayNode) at(o, "framework").get("levels")).set(2, "x"),
                "/body/framework/levels/2",
                "want an object at /body/framework/levels/2, got string"),
            c(
                g,
                gb,
                o -> o.put("hoursPerCredit", 0),
                "/body/hoursPerCredit",
                "want an integer from 1 to 100 at /body/hoursPerCredit, got 0"),
            c(
                g,
                gb,
                o -> o.put("hoursPerCredit", 101),
                "/body/hoursPerCredit",
                "want an integer from 1 to 100 at /body/hoursPerCredit, got 101"),
            c(
                g,
                gb,
                o -> o.put("hoursPerCredit", new BigDecimal("16.5")),
                "/body/hoursPerCredit",
                "want an integer from 1 to 100 at /body/hoursPerCredit, got 16.5"),
            c(
                g,
                gb,
                o -> o.put("hoursPerCredit", "16"),
                "/body/hoursPerCredit",
                "want an integer at /body/hoursPerCredit, got string"),
            c(
                g,
                gb,
                o -> at(o, "policy").put("maxConversionShare", new BigDecimal("0.333")),
                "/body/policy/maxConversionShare",
                "want a number from 0 to 1 with at most 2 decimals at"
                    + " /body/policy/maxConversionShare, got 0.333"),
            c(
                g,
                gb,
                o -> at(o, "policy").put("maxConversionShare", new BigDecimal("1.5")),
                "/body/policy/maxConversionShare",
                "want a number from 0 to 1 with at most 2 decimals at"
                    + " /body/policy/maxConversionShare, got 1.5"),
            c(
                g,
                gb,
                o -> at(o, "policy").put("maxConversionShare", -1),
                "/body/policy/maxConversionShare",
                "want a number from 0 to 1 with at most 2 decimals at"
                    + " /body/policy/maxConversionShare, got -1"),
            c(
                g,
                gb,
                o -> at(o, "policy").put("x", 1),
                "/body/policy/x",
                "unknown member /body/policy/x"),
            // institution.registered
            c(r, rb, o -> o.remove("keys"), "/body/keys", "missing member /body/keys"),
            c(r, rb, o -> o.put("address", "x"), "/body/address", "unknown member /body/address"),
            c(
                r,
                rb,
                o -> o.put("id", "x"),
                "/body/id",
                "want an institution id matching [A-Z0-9-]{2,32} at /body/id, got \"x\""),
            c(
                r,
                rb,
                o -> o.put("name", "名".repeat(201)),
                "/body/name",
                "want 1 to 200 characters at /body/name, got 201"),
            c(
                r,
                rb,
                o -> o.put("kind", "school"),
                "/body/kind",
                "want one of " + KINDS + " at /body/kind, got \"school\""),
            c(
                r,
                rb,
                o -> o.putArray("keys"),
                "/body/keys",
                "want a non-empty array at /body/keys, got an empty one"),
            c(
                r,
                rb,
                o -> o.putArray("keys").add(K1).add(K1),
                "/body/keys/1",
                "want distinct keys at /body/keys, got /body/keys/1 repeating /body/keys/0"),
            c(
                r,
                rb,
                o -> o.putArray("keys").add(K1).add("did:web:x"),
                "/body/keys/1",
                "want a did:key Ed25519 public key at /body/keys/1, got " + BAD_KEY),
            c(
                r,
                rb,
                o -> o.putArray("keys").add(7),
                "/body/keys/0",
                "want a string at /body/keys/0, got number"),
            c(
                r,
                rb,
                o -> o.put("keys", K1),
                "/body/keys",
                "want an array at /body/keys, got string"),
            c(
                r,
                rb,
                o -> at(o, "permissions").putArray("issue").add("course").add("mooc").add("course"),
                "/body/permissions/issue/2",
                "want distinct outcome kinds at /body/permissions/issue, got"
                    + " /body/permissions/issue/2 repeating /body/permissions/issue/0"),
            c(
                r,
                rb,
                o -> at(o, "permissions").putArray("issue").add("degree"),
                "/body/permissions/issue/0",
                "want one of " + OUTCOMES + " at /body/permissions/issue/0, got \"degree\""),
            c(
                r,
                rb,
                o -> at(o, "permissions").put("enrol", "yes"),
                "/body/permissions/enrol",
                "want a boolean at /body/permissions/enrol, got string"),
            c(
                r,
                rb,
                o -> at(o, "permissions").remove("acceptConversions"),
                "/body/permissions/acceptConversions",
                "missing member /body/permissions/acceptConversions"),
            c(
                r,
                rb,
                o -> o.putArray("permissions"),
                "/body/permissions",
                "want an object at /body/permissions, got array"),
            c(
                r,
                rb,
                o -> o.put("parent", "univ"),
                "/body/parent",
                "want an institution id matching [A-Z0-9-]{2,32} at /body/parent, got \"univ\""),
            // institution.keyAdded / keyRevoked
            c(
                ka,
                kab,
                o -> o.put("reason", "retired"),
                "/body/reason",
                "unknown member /body/reason"),
            c(kr, krb, o -> o.remove("reason"), "/body/reason", "missing member /body/reason"),
            c(
                kr,
                krb,
                o -> o.put("reason", "lost"),
                "/body/reason",
                "want one of compromised, retired, other at /body/reason, got \"lost\""),
            c(
                ka,
                kab,
                o -> o.put("key", "did:web:x"),
                "/body/key",
                "want a did:key Ed25519 public key at /body/key, got " + BAD_KEY),
            c(ka, kab, o -> o.put("key", 1), "/body/key", "want a string at /body/key, got number"),
            c(
                kr,
                krb,
                o -> o.put("institution", "a"),
                "/body/institution",
                "want an institution id matching [A-Z0-9-]{2,32} at /body/institution, got \"a\""),
            // learner.enrolled
            c(le, lb, o -> o.remove("learner"), "/body/learner", "missing member /body/learner"),
            c(le, lb, o -> o.put("name", "张三"), "/body/name", "unknown member /body/name"),
            c(
                le,
                lb,
                o -> o.put("learner", 123),
                "/body/learner",
                "want a string at /body/learner, got number"),
            c(
                le,
                lb,
                o -> o.put("learner", "abc"),
                "/body/learner",
                "want a learner id matching [A-Za-z0-9-]{6,40} at /body/learner, got \"abc\""),
            c(
                le,
                lb,
                o -> o.put("learner", "L_7Q2F9K"),
                "/body/learner",
                "want a learner id matching [A-Za-z0-9-]{6,40} at /body/learner, got \"L_7Q2F9K\""),
            c(
                le,
                lb,
                o -> o.put("identityCommitment", "AB".repeat(32)),
                "/body/identityCommitment",
                "want a SHA-256 commitment in lower-case hex matching [0-9a-f]{64} at"
                    + " /body/identityCommitment, got \""
                    + "AB".repeat(32)
                    + "\""),
            c(
                le,
                lb,
                o -> o.put("identityCommitment", "ab"),
                "/body/identityCommitment",
                "want a SHA-256 commitment in lower-case hex matching [0-9a-f]{64} at"
                    + " /body/identityCommitment, got \"ab\""));
    List<String> failures = new ArrayList<>();
    int ran = 0;
    for (Case k : cases) {
      ran++;
      ObjectNode body = k.base().toJson();
      k.edit().accept(body);
      try {
        Optional<Body> b = pipeline(k.type(), body);
        failures.add(k.field() + ": accepted as " + b);
      } catch (StatementException e) {
        if (e.code() != RejectCode.SCHEMA
            || !e.field().equals(k.field())
            || !e.getMessage().equals(k.message())) {
          failures.add(k.field() + ": got " + e.code() + " " + e.field() + " " + e.getMessage());
        }
      }
    }
    assertEquals(51, ran);
    assertEquals(List.of(), failures);
  }

  @Test
  void parse_personalDataShapedLearnerIds_refused() {
    String id = "which contains the shape of a resident identity number";
    String mobile = "which contains the shape of a mobile number";
    String run = "want a pseudonymous learner id with at most 10 digits in a row at /body/learner";
    List<List<String>> cases =
        List.of(
            List.of("11010519491231002X", id),
            List.of("11010519491231002x", id),
            List.of("110105194912310021", id),
            List.of("L-11010519491231002X", id),
            List.of("P11010519491231002xQ", id),
            List.of("13812345678", mobile),
            List.of("L-13912345678", mobile),
            List.of("u19912345678z", mobile),
            List.of("A-15012345678-B", mobile),
            List.of("L-10012345678", run),
            List.of("A-123456789012", run),
            List.of("x1234567890123", run));
    List<String> failures = new ArrayList<>();
    int ran = 0;
    for (List<String> k : cases) {
      ran++;
      String learner = k.get(0);
      String want =
          k.get(1).equals(run)
              ? run + ", got \"" + learner + "\""
              : "want a pseudonymous learner id at /body/learner, got \""
                  + learner
                  + "\", "
                  + k.get(1);
      ObjectNode body = new LearnerEnrolledBody("L-ABCDEF", Optional.empty()).toJson();
      body.put("learner", learner);
      try {
        LearnerEnrolledBody b = LearnerEnrolledBody.parse(body);
        failures.add(learner + ": accepted as " + b);
      } catch (StatementException e) {
        if (e.code() != RejectCode.SCHEMA
            || !e.field().equals("/body/learner")
            || !e.getMessage().equals(want)) {
          failures.add(learner + ": got " + e.code() + " " + e.field() + " " + e.getMessage());
        }
      }
      IllegalArgumentException iae =
          assertThrows(
              IllegalArgumentException.class,
              () -> new LearnerEnrolledBody(learner, Optional.empty()));
      if (!iae.getMessage().equals(want)) {
        failures.add(learner + ": constructor said " + iae.getMessage());
      }
    }
    assertEquals(12, ran);
    assertEquals(List.of(), failures);
  }

  @Test
  void parse_tenDigitRun_accepted() throws StatementException {
    ObjectNode body = new LearnerEnrolledBody("L-1381234567", Optional.empty()).toJson();
    assertEquals("L-1381234567", LearnerEnrolledBody.parse(body).learner());
    assertTrue(LearnerEnrolledBody.parse(body).identityCommitment().isEmpty());
  }
}
