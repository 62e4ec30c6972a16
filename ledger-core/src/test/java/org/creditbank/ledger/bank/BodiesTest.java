package org.creditbank.ledger.bank;

import static org.creditbank.ledger.bank.TestKeys.LEDGER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.creditbank.ledger.util.Hash;
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
            BodyFixtures.learnerWithoutCommitment(),
            BodyFixtures.achievement(),
            BodyFixtures.certificate(),
            BodyFixtures.graded(),
            BodyFixtures.achievementRevoked(),
            BodyFixtures.rule(),
            BodyFixtures.ruleFactor(),
            BodyFixtures.ruleRetired(),
            BodyFixtures.conversion(),
            BodyFixtures.program(),
            BodyFixtures.programMinimal());
    List<String> failures = new ArrayList<>();
    int ran = 0;
    for (Body b : bodies) {
      ran++;
      Optional<Body> back = pipeline(b.type(), b.toJson());
      if (!back.equals(Optional.of(b))) {
        failures.add(b + " came back as " + back);
      }
    }
    assertEquals(17, ran);
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
    assertEquals(51, cases.size());
    assertEquals(List.of(), run(cases));
  }

  /** Runs every case through the pipeline; returns a line per case that did not fail as wanted. */
  private static List<String> run(List<Case> cases) {
    List<String> failures = new ArrayList<>();
    for (Case k : cases) {
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
    return failures;
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
            // The usual written forms with hyphens are the same numbers.
            List.of("138-1234-5678", mobile),
            List.of("L-139-1234-5678", mobile),
            List.of("1501234-5678", mobile),
            List.of("110105-19491231-002X", id),
            List.of("P-11010519491231-002x", id),
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
    assertEquals(17, ran);
    assertEquals(List.of(), failures);
  }

  @Test
  void parse_tenDigitRun_accepted() throws StatementException {
    ObjectNode body = new LearnerEnrolledBody("L-1381234567", Optional.empty()).toJson();
    assertEquals("L-1381234567", LearnerEnrolledBody.parse(body).learner());
    assertTrue(LearnerEnrolledBody.parse(body).identityCommitment().isEmpty());
  }

  @Test
  void parse_hyphenatedDigitGroupsNotAPersonalNumber_accepted() throws StatementException {
    // Digit groups split where neither number is written split.
    for (String id : List.of("L-2026-000001", "2026-13-000001", "S-1381-2345-678", "1300-0001")) {
      ObjectNode body = new LearnerEnrolledBody("L-ABCDEF", Optional.empty()).toJson();
      body.put("learner", id);
      assertEquals(id, LearnerEnrolledBody.parse(body).learner());
    }
  }

  private static final String ID_RE = "[A-Za-z0-9][A-Za-z0-9._:-]{0,63}";
  private static final String MEDIA_RE =
      "[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}";

  private static ArrayNode arr(ObjectNode o, String name) {
    return (ArrayNode) o.get(name);
  }

  private static String date(String field, String found) {
    return "want a date such as \"2026-07-01\" at " + field + ", got \"" + found + "\"";
  }

  private static String decimal(String field, String min, String max, String found) {
    return "want a number from "
        + min
        + " to "
        + max
        + " with at most 2 decimals at "
        + field
        + ", got "
        + found;
  }

  @Test
  void parse_invalidAchievementBodies_rejectedWithFieldAndMessage() {
    StatementType ar = StatementType.ACHIEVEMENT_RECORDED;
    StatementType rv = StatementType.ACHIEVEMENT_REVOKED;
    Body ab = BodyFixtures.achievement();
    Body cb = BodyFixtures.certificate();
    Body gb = BodyFixtures.graded();
    Body rb = BodyFixtures.achievementRevoked();
    List<Case> cases =
        List.of(
            c(
                ar,
                ab,
                o -> o.remove("completed"),
                "/body/completed",
                "missing member /body/completed"),
            c(ar, ab, o -> o.put("name", "张三"), "/body/name", "unknown member /body/name"),
            c(
                ar,
                ab,
                o -> o.put("achievement", "-x"),
                "/body/achievement",
                "want an achievement id matching " + ID_RE + " at /body/achievement, got \"-x\""),
            c(
                ar,
                ab,
                o -> o.put("learner", "abc"),
                "/body/learner",
                "want a learner id matching [A-Za-z0-9-]{6,40} at /body/learner, got \"abc\""),
            c(
                ar,
                ab,
                o -> o.put("kind", "degree"),
                "/body/kind",
                "want one of " + OUTCOMES + " at /body/kind, got \"degree\""),
            c(
                ar,
                ab,
                o -> o.put("title", ""),
                "/body/title",
                "want 1 to 200 characters at /body/title, got 0"),
            c(
                ar,
                ab,
                o -> o.put("code", "NUR 101"),
                "/body/code",
                "want a code matching [A-Za-z0-9._-]{1,32} at /body/code, got \"NUR 101\""),
            c(
                ar,
                ab,
                o -> o.put("field", 913),
                "/body/field",
                "want a string at /body/field, got number"),
            c(
                ar,
                ab,
                o -> o.put("level", "l5"),
                "/body/level",
                "want a level code matching [A-Z0-9-]{1,16} at /body/level, got \"l5\""),
            c(
                ar,
                ab,
                o -> o.put("credits", new BigDecimal("60.5")),
                "/body/credits",
                decimal("/body/credits", "0", "60", "60.5")),
            c(
                ar,
                ab,
                o -> o.put("credits", new BigDecimal("1.255")),
                "/body/credits",
                decimal("/body/credits", "0", "60", "1.255")),
            c(
                ar,
                ab,
                o -> o.put("hours", 10001),
                "/body/hours",
                "want an integer from 0 to 10000 at /body/hours, got 10001"),
            c(
                ar,
                ab,
                o -> o.put("hours", -1),
                "/body/hours",
                "want an integer from 0 to 10000 at /body/hours, got -1"),
            c(
                ar,
                ab,
                o -> o.put("result", "A"),
                "/body/result",
                "want an object at /body/result, got string"),
            c(
                ar,
                ab,
                o -> o.putObject("result"),
                "/body/result",
                "want one of the members score, grade, passed at /body/result, got none"),
            c(
                ar,
                ab,
                o -> o.putObject("result").put("score", 90).put("passed", true),
                "/body/result/passed",
                "unknown member /body/result/passed"),
            c(
                ar,
                ab,
                o -> o.putObject("result").put("points", 3),
                "/body/result/points",
                "unknown member /body/result/points"),
            c(
                ar,
                ab,
                o -> o.putObject("result").put("score", new BigDecimal("100.5")),
                "/body/result/score",
                decimal("/body/result/score", "0", "100", "100.5")),
            c(
                ar,
                gb,
                o -> at(o, "result").remove("scale"),
                "/body/result/scale",
                "missing member /body/result/scale"),
            c(
                ar,
                gb,
                o -> at(o, "result").put("grade", "E"),
                "/body/result/grade",
                "want one of A, A-, B+, B, C, F at /body/result/grade, got \"E\""),
            c(
                ar,
                gb,
                o -> at(o, "result").put("grade", "B plus"),
                "/body/result/grade",
                "want a grade matching [A-Za-z0-9+-]{1,8} at /body/result/grade, got \"B plus\""),
            c(
                ar,
                gb,
                o -> arr(at(o, "result"), "scale").add("A-"),
                "/body/result/scale/6",
                "want distinct grades at /body/result/scale, got /body/result/scale/6 repeating"
                    + " /body/result/scale/1"),
            c(
                ar,
                gb,
                o -> at(o, "result").putArray("scale"),
                "/body/result/scale",
                "want a non-empty array at /body/result/scale, got an empty one"),
            c(
                ar,
                gb,
                o -> {
                  ArrayNode a = at(o, "result").putArray("scale").add("B+");
                  for (int i = 0; i < 20; i++) {
                    a.add("G" + i);
                  }
                },
                "/body/result/scale",
                "want at most 20 entries at /body/result/scale, got 21"),
            c(
                ar,
                cb,
                o -> at(o, "result").put("passed", "yes"),
                "/body/result/passed",
                "want a boolean at /body/result/passed, got string"),
            c(
                ar,
                ab,
                o -> o.put("completed", "2026-13-01"),
                "/body/completed",
                date("/body/completed", "2026-13-01")),
            c(
                ar,
                ab,
                o -> o.put("completed", "2026-02-30"),
                "/body/completed",
                date("/body/completed", "2026-02-30")),
            c(
                ar,
                ab,
                o -> o.put("completed", "2026-7-1"),
                "/body/completed",
                date("/body/completed", "2026-7-1")),
            c(
                ar,
                ab,
                o -> o.put("completed", "2026-07-01T00:00:00Z"),
                "/body/completed",
                date("/body/completed", "2026-07-01T00:00:00Z")),
            c(
                ar,
                ab,
                o -> o.put("completed", "1899-12-31"),
                "/body/completed",
                "want a date from 1900-01-01 at /body/completed, got \"1899-12-31\""),
            c(
                ar,
                ab,
                o -> o.put("completed", 20260701),
                "/body/completed",
                "want a string at /body/completed, got number"),
            c(
                ar,
                cb,
                o -> o.put("validUntil", "2026-05-19"),
                "/body/validUntil",
                "want a date not before /body/completed (\"2026-05-20\") at /body/validUntil, got"
                    + " \"2026-05-19\""),
            c(
                ar,
                ab,
                o -> at(o, "evidence").put("sha256", "AB"),
                "/body/evidence/sha256",
                "want a SHA-256 digest in lower-case hex matching [0-9a-f]{64} at"
                    + " /body/evidence/sha256, got \"AB\""),
            c(
                ar,
                ab,
                o -> at(o, "evidence").put("mediaType", "PDF"),
                "/body/evidence/mediaType",
                "want a media type matching "
                    + MEDIA_RE
                    + " at /body/evidence/mediaType, got \"PDF\""),
            c(
                ar,
                ab,
                o -> at(o, "evidence").remove("mediaType"),
                "/body/evidence/mediaType",
                "missing member /body/evidence/mediaType"),
            c(
                ar,
                cb,
                o -> o.put("supersedes", "cert-2026-0042"),
                "/body/supersedes",
                "want an achievement other than /body/achievement at /body/supersedes, got"
                    + " \"cert-2026-0042\""),
            c(
                ar,
                cb,
                o -> o.put("supersedes", 5),
                "/body/supersedes",
                "want a string at /body/supersedes, got number"),
            // achievement.revoked
            c(
                rv,
                rb,
                o -> o.put("reason", "mistake"),
                "/body/reason",
                "want one of issuedInError, fraud, withdrawn at /body/reason, got \"mistake\""),
            c(
                rv,
                rb,
                o -> o.put("issuer", "univ"),
                "/body/issuer",
                "want an institution id matching [A-Z0-9-]{2,32} at /body/issuer, got \"univ\""),
            c(rv, rb, o -> o.remove("reason"), "/body/reason", "missing member /body/reason"),
            c(
                rv,
                rb,
                o -> o.put("achievement", ""),
                "/body/achievement",
                "want an achievement id matching " + ID_RE + " at /body/achievement, got \"\""));
    assertEquals(41, cases.size());
    assertEquals(List.of(), run(cases));
  }

  @Test
  void parse_invalidRuleAndConversionBodies_rejectedWithFieldAndMessage() {
    StatementType rp = StatementType.RULE_PUBLISHED;
    StatementType rr = StatementType.RULE_RETIRED;
    StatementType cc = StatementType.CREDIT_CONVERTED;
    StatementType pp = StatementType.PROGRAM_PUBLISHED;
    Body rb = BodyFixtures.rule();
    Body fb = BodyFixtures.ruleFactor();
    Body tb = BodyFixtures.ruleRetired();
    Body cb = BodyFixtures.conversion();
    Body pb = BodyFixtures.program();
    String req = "/body/requirements";
    List<Case> cases =
        List.of(
            c(rp, rb, o -> o.remove("source"), "/body/source", "missing member /body/source"),
            c(
                rp,
                rb,
                o -> at(o, "source").putArray("kinds"),
                "/body/source/kinds",
                "want a non-empty array at /body/source/kinds, got an empty one"),
            c(
                rp,
                fb,
                o -> arr(at(o, "source"), "kinds").add("mooc"),
                "/body/source/kinds/2",
                "want distinct outcome kinds at /body/source/kinds, got /body/source/kinds/2"
                    + " repeating /body/source/kinds/0"),
            c(
                rp,
                rb,
                o -> at(o, "source").putArray("issuers"),
                "/body/source/issuers",
                "want a non-empty array at /body/source/issuers, got an empty one"),
            c(
                rp,
                rb,
                o -> arr(at(o, "source"), "issuers").add("CERT-0007"),
                "/body/source/issuers/1",
                "want distinct issuers at /body/source/issuers, got /body/source/issuers/1"
                    + " repeating /body/source/issuers/0"),
            c(
                rp,
                rb,
                o -> at(o, "source").putArray("codes").add("RN*x"),
                "/body/source/codes/0",
                "want a code matching [A-Za-z0-9._-]{1,32}\\*? at /body/source/codes/0, got"
                    + " \"RN*x\""),
            c(
                rp,
                rb,
                o -> at(o, "source").putArray("codes").add("*"),
                "/body/source/codes/0",
                "want a code matching [A-Za-z0-9._-]{1,32}\\*? at /body/source/codes/0, got"
                    + " \"*\""),
            c(
                rp,
                rb,
                o -> at(o, "source").putArray("codes").add("RN-*").add("NUR").add("RN-*"),
                "/body/source/codes/2",
                "want distinct codes at /body/source/codes, got /body/source/codes/2 repeating"
                    + " /body/source/codes/0"),
            c(
                rp,
                fb,
                o -> at(o, "source").put("minGrade", "C"),
                "/body/source/minGrade",
                "want no minGrade beside /body/source/minScore at /body/source/minGrade, got"
                    + " \"C\""),
            c(
                rp,
                rb,
                o -> at(o, "source").put("maxAgeMonths", 0),
                "/body/source/maxAgeMonths",
                "want an integer from 1 to 600 at /body/source/maxAgeMonths, got 0"),
            c(
                rp,
                fb,
                o -> at(o, "source").put("minScore", new BigDecimal("100.01")),
                "/body/source/minScore",
                decimal("/body/source/minScore", "0", "100", "100.01")),
            c(
                rp,
                rb,
                o -> at(o, "source").put("minCredits", 1),
                "/body/source/minCredits",
                "unknown member /body/source/minCredits"),
            c(
                rp,
                rb,
                o -> at(o, "target").putObject("credits"),
                "/body/target/credits",
                "want one of the members fixed, factor at /body/target/credits, got none"),
            c(
                rp,
                rb,
                o -> at(at(o, "target"), "credits").put("factor", 1),
                "/body/target/credits/factor",
                "unknown member /body/target/credits/factor"),
            c(
                rp,
                rb,
                o -> at(at(o, "target"), "credits").put("fixed", 0),
                "/body/target/credits/fixed",
                decimal("/body/target/credits/fixed", "0.01", "60", "0")),
            c(
                rp,
                fb,
                o -> at(at(o, "target"), "credits").put("factor", new BigDecimal("10.5")),
                "/body/target/credits/factor",
                decimal("/body/target/credits/factor", "0.01", "10", "10.5")),
            c(
                rp,
                fb,
                o -> at(at(o, "target"), "credits").remove("max"),
                "/body/target/credits/max",
                "missing member /body/target/credits/max"),
            c(
                rp,
                rb,
                o -> at(o, "target").put("program", "-p"),
                "/body/target/program",
                "want a programme id matching " + ID_RE + " at /body/target/program, got \"-p\""),
            c(
                rp,
                rb,
                o -> at(o, "target").put("course", "NUR 101"),
                "/body/target/course",
                "want a course code matching [A-Za-z0-9._-]{1,32} at /body/target/course, got"
                    + " \"NUR 101\""),
            c(
                rp,
                rb,
                o -> o.put("limit", 0),
                "/body/limit",
                decimal("/body/limit", "0.01", "600", "0")),
            c(
                rp,
                rb,
                o -> o.put("limit", new BigDecimal("600.01")),
                "/body/limit",
                decimal("/body/limit", "0.01", "600", "600.01")),
            c(
                rp,
                rb,
                o -> o.put("validFrom", "2026-09-31"),
                "/body/validFrom",
                date("/body/validFrom", "2026-09-31")),
            c(
                rp,
                rb,
                o -> o.put("validUntil", "2026-08-31"),
                "/body/validUntil",
                "want a date not before /body/validFrom (\"2026-09-01\") at /body/validUntil, got"
                    + " \"2026-08-31\""),
            // rule.retired
            c(
                rr,
                tb,
                o -> o.put("rule", 7),
                "/body/rule",
                "want a string at /body/rule, got number"),
            c(rr, tb, o -> o.put("reason", "x"), "/body/reason", "unknown member /body/reason"),
            // credit.converted
            c(
                cc,
                cb,
                o -> o.putArray("sources"),
                "/body/sources",
                "want a non-empty array at /body/sources, got an empty one"),
            c(
                cc,
                cb,
                o ->
                    arr(o, "sources")
                        .addObject()
                        .put("issuer", "CERT-0007")
                        .put("achievement", "cert-2026-0042"),
                "/body/sources/1",
                "want distinct sources at /body/sources, got /body/sources/1 repeating"
                    + " /body/sources/0"),
            c(
                cc,
                cb,
                o -> {
                  for (int i = 0; i < 20; i++) {
                    arr(o, "sources")
                        .addObject()
                        .put("issuer", "UNIV-0001")
                        .put("achievement", "a" + i);
                  }
                },
                "/body/sources",
                "want at most 20 entries at /body/sources, got 21"),
            c(
                cc,
                cb,
                o -> ((ObjectNode) arr(o, "sources").get(0)).remove("achievement"),
                "/body/sources/0/achievement",
                "missing member /body/sources/0/achievement"),
            c(
                cc,
                cb,
                o -> arr(o, "sources").set(0, "x"),
                "/body/sources/0",
                "want an object at /body/sources/0, got string"),
            c(
                cc,
                cb,
                o -> ((ObjectNode) arr(o, "sources").get(0)).put("issuer", "cert"),
                "/body/sources/0/issuer",
                "want an institution id matching [A-Z0-9-]{2,32} at /body/sources/0/issuer, got"
                    + " \"cert\""),
            c(
                cc,
                cb,
                o -> o.put("credits", new BigDecimal("60.01")),
                "/body/credits",
                decimal("/body/credits", "0", "60", "60.01")),
            c(
                cc,
                cb,
                o -> o.put("rule", ""),
                "/body/rule",
                "want a rule id matching " + ID_RE + " at /body/rule, got \"\""),
            c(
                cc,
                cb,
                o -> o.put("conversion", "conv 7"),
                "/body/conversion",
                "want a conversion id matching " + ID_RE + " at /body/conversion, got \"conv 7\""),
            // program.published
            c(
                pp,
                pb,
                o -> o.put("name", "名".repeat(201)),
                "/body/name",
                "want 1 to 200 characters at /body/name, got 201"),
            c(
                pp,
                pb,
                o -> o.put("level", "L 6"),
                "/body/level",
                "want a level code matching [A-Z0-9-]{1,16} at /body/level, got \"L 6\""),
            c(
                pp,
                pb,
                o -> at(o, "requirements").put("totalCredits", new BigDecimal("0.4")),
                req + "/totalCredits",
                decimal(req + "/totalCredits", "0.5", "600", "0.4")),
            c(
                pp,
                pb,
                o ->
                    ((ObjectNode) arr(at(o, "requirements"), "minCreditsAtLevel").get(1))
                        .put("level", "L6"),
                req + "/minCreditsAtLevel/1/level",
                "want distinct level codes, got \"L6\" at "
                    + req
                    + "/minCreditsAtLevel/1/level repeating "
                    + req
                    + "/minCreditsAtLevel/0/level"),
            c(
                pp,
                pb,
                o ->
                    ((ObjectNode) arr(at(o, "requirements"), "minCreditsAtLevel").get(0))
                        .put("credits", 0),
                req + "/minCreditsAtLevel/0/credits",
                decimal(req + "/minCreditsAtLevel/0/credits", "0.5", "600", "0")),
            c(
                pp,
                pb,
                o -> arr(at(o, "requirements"), "requiredCourses").add("NUR-101"),
                req + "/requiredCourses/2",
                "want distinct codes at "
                    + req
                    + "/requiredCourses, got "
                    + req
                    + "/requiredCourses/2 repeating "
                    + req
                    + "/requiredCourses/0"),
            c(
                pp,
                pb,
                o -> {
                  ArrayNode a = at(o, "requirements").putArray("requiredCourses");
                  for (int i = 0; i < 101; i++) {
                    a.add("C" + i);
                  }
                },
                req + "/requiredCourses",
                "want at most 100 entries at " + req + "/requiredCourses, got 101"),
            c(
                pp,
                pb,
                o -> at(o, "requirements").put("maxConversionShare", new BigDecimal("1.01")),
                req + "/maxConversionShare",
                decimal(req + "/maxConversionShare", "0", "1", "1.01")),
            c(
                pp,
                pb,
                o -> at(o, "requirements").remove("totalCredits"),
                req + "/totalCredits",
                "missing member " + req + "/totalCredits"),
            c(
                pp,
                pb,
                o -> o.put("requirements", 80),
                req,
                "want an object at " + req + ", got number"));
    assertEquals(44, cases.size());
    assertEquals(List.of(), run(cases));
  }

  @Test
  void parse_emptyOptionalProgramLists_sameAsAbsent() throws StatementException {
    ObjectNode body = BodyFixtures.programMinimal().toJson();
    at(body, "requirements").putArray("minCreditsAtLevel");
    at(body, "requirements").putArray("requiredCourses");
    assertEquals(BodyFixtures.programMinimal(), ProgramPublishedBody.parse(body));
  }

  @Test
  void creditsFor_fixedAndFactor_cappedAndRoundedDown() {
    RulePublishedBody fixed = BodyFixtures.rule();
    RulePublishedBody factor = BodyFixtures.ruleFactor();
    List<List<String>> cases =
        List.of(
            // rule, source credits, want
            List.of("fixed", "10", "4"),
            List.of("fixed", "0", "4"),
            List.of("factor", "4", "2"),
            List.of("factor", "3.5", "1.75"),
            List.of("factor", "3.33", "1.66"),
            List.of("factor", "0.01", "0"),
            List.of("factor", "12", "6"),
            List.of("factor", "60", "6"),
            List.of("factor", "0", "0"));
    List<String> failures = new ArrayList<>();
    for (List<String> k : cases) {
      RulePublishedBody r = k.get(0).equals("fixed") ? fixed : factor;
      BigDecimal got = r.creditsFor(new BigDecimal(k.get(1)));
      // Compared as text so a result that is not normalized (4.00 for 4) fails too.
      if (!got.toPlainString().equals(k.get(2))) {
        failures.add(k + ": got " + got.toPlainString());
      }
    }
    assertEquals(9, cases.size());
    assertEquals(List.of(), failures);
    RulePublishedBody third =
        new RulePublishedBody(
            "r",
            factor.source(),
            new RulePublishedBody.Target(
                "p",
                "C",
                new RulePublishedBody.Factor(new BigDecimal("0.33"), new BigDecimal("60"))),
            BigDecimal.ONE,
            factor.validFrom(),
            Optional.empty());
    // 2.5 × 0.33 = 0.825, rounded down, not half-up.
    assertEquals(new BigDecimal("0.82"), third.creditsFor(new BigDecimal("2.5")));
    assertThrows(IllegalArgumentException.class, () -> fixed.creditsFor(new BigDecimal("-1")));
  }

  @Test
  void codeMatches_exactAndPrefix_matchesOnlyThose() {
    RulePublishedBody.SourceCriteria s =
        new RulePublishedBody.SourceCriteria(
            List.of(OutcomeKind.COURSE),
            List.of(),
            List.of("NUR-101", "RN-*"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    assertTrue(s.codeMatches("NUR-101"));
    assertTrue(s.codeMatches("RN-"));
    assertTrue(s.codeMatches("RN-2026"));
    assertFalse(s.codeMatches("NUR-1011"));
    assertFalse(s.codeMatches("NUR-10"));
    assertFalse(s.codeMatches("RN"));
    assertFalse(s.codeMatches("rn-2026"));
    assertTrue(BodyFixtures.ruleFactor().source().codeMatches("ANYTHING"));
  }

  @Test
  void grade_rank_indexInScaleBestFirst() {
    assertEquals(2, ((Result.Grade) BodyFixtures.graded().result()).rank());
    assertEquals(0, new Result.Grade("A", List.of("A", "B")).rank());
  }

  @Test
  void constructors_decimals_normalized() {
    assertEquals(
        new Result.Score(new BigDecimal("86.5")), new Result.Score(new BigDecimal("86.50")));
    assertEquals(new BigDecimal("4"), BodyFixtures.achievement().credits());
    assertEquals(
        new RulePublishedBody.Fixed(new BigDecimal("4")),
        new RulePublishedBody.Fixed(new BigDecimal("4.00")));
    assertEquals(
        Optional.of(new BigDecimal("0.4")),
        BodyFixtures.program().requirements().maxConversionShare());
  }

  @Test
  void constructors_callerBugs_illegalArgument() {
    List<Runnable> bugs =
        List.of(
            () -> new Result.Score(new BigDecimal("100.5")),
            () -> new Result.Grade("E", List.of("A", "B")),
            () -> new Result.Grade("A", List.of("A", "A")),
            () -> new Result.Grade("A", List.of()),
            () -> new Evidence(Hash.sha256(new byte[0]), "PDF"),
            () -> new AchievementRef("cert", "a"),
            () -> new AchievementRevokedBody("UNIV-0001", "-a", AchievementRevocationReason.FRAUD),
            () -> new RuleRetiredBody(""),
            () -> new RulePublishedBody.Fixed(BigDecimal.ZERO),
            () -> new RulePublishedBody.Factor(new BigDecimal("0.5"), new BigDecimal("0.001")),
            () ->
                new RulePublishedBody.Target(
                    "p", "C D", new RulePublishedBody.Fixed(BigDecimal.ONE)),
            () ->
                new RulePublishedBody.SourceCriteria(
                    List.of(),
                    List.of(),
                    List.of(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty()),
            () ->
                new RulePublishedBody.SourceCriteria(
                    List.of(OutcomeKind.COURSE),
                    List.of(),
                    List.of(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(BigDecimal.TEN),
                    Optional.of("B"),
                    Optional.empty()),
            () ->
                new RulePublishedBody.SourceCriteria(
                    List.of(OutcomeKind.COURSE),
                    List.of(),
                    List.of(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(601)),
            () -> new CreditConvertedBody("c", "L-7Q2F9K3M", "r", List.of(), BigDecimal.ONE),
            () -> new ProgramPublishedBody.LevelCredits("L1", new BigDecimal("0.4")),
            () ->
                new ProgramPublishedBody.Requirements(
                    BigDecimal.TEN,
                    List.of(
                        new ProgramPublishedBody.LevelCredits("L1", BigDecimal.ONE),
                        new ProgramPublishedBody.LevelCredits("L1", BigDecimal.TEN)),
                    List.of(),
                    Optional.empty()),
            () -> {
              AchievementRecordedBody a = BodyFixtures.certificate();
              new AchievementRecordedBody(
                  a.achievement(),
                  a.learner(),
                  a.kind(),
                  a.title(),
                  a.code(),
                  a.field(),
                  a.level(),
                  a.credits(),
                  a.hours(),
                  a.result(),
                  a.completed(),
                  Optional.of(a.completed().minusDays(1)),
                  a.evidence(),
                  a.supersedes());
            },
            () -> {
              AchievementRecordedBody a = BodyFixtures.certificate();
              new AchievementRecordedBody(
                  a.achievement(),
                  a.learner(),
                  a.kind(),
                  a.title(),
                  a.code(),
                  a.field(),
                  a.level(),
                  a.credits(),
                  a.hours(),
                  a.result(),
                  a.completed(),
                  a.validUntil(),
                  a.evidence(),
                  Optional.of(a.achievement()));
            },
            () -> {
              RulePublishedBody r = BodyFixtures.rule();
              new RulePublishedBody(
                  r.rule(),
                  r.source(),
                  r.target(),
                  r.limit(),
                  r.validFrom(),
                  Optional.of(r.validFrom().minusDays(1)));
            });
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < bugs.size(); i++) {
      try {
        bugs.get(i).run();
        failures.add("case " + i + " accepted");
      } catch (IllegalArgumentException e) {
        // wanted
      }
    }
    assertEquals(20, bugs.size());
    assertEquals(List.of(), failures);
  }
}
