package org.creditbank.ledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import org.creditbank.ledger.bank.AchievementRecordedBody;
import org.creditbank.ledger.bank.AchievementRef;
import org.creditbank.ledger.bank.AchievementRevocationReason;
import org.creditbank.ledger.bank.AchievementRevokedBody;
import org.creditbank.ledger.bank.Body;
import org.creditbank.ledger.bank.CreditConvertedBody;
import org.creditbank.ledger.bank.InstitutionKind;
import org.creditbank.ledger.bank.InstitutionRegisteredBody;
import org.creditbank.ledger.bank.KeyChangeBody;
import org.creditbank.ledger.bank.KeyRevocationReason;
import org.creditbank.ledger.bank.LearnerEnrolledBody;
import org.creditbank.ledger.bank.OutcomeKind;
import org.creditbank.ledger.bank.ProgramPublishedBody;
import org.creditbank.ledger.bank.RejectCode;
import org.creditbank.ledger.bank.Result;
import org.creditbank.ledger.bank.RulePublishedBody;
import org.creditbank.ledger.bank.RuleRetiredBody;
import org.creditbank.ledger.bank.StatementSigner;
import org.creditbank.ledger.bank.StatementType;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.crypto.EddsaJcs2022;
import org.creditbank.ledger.demo.WorkedScenario;
import org.creditbank.ledger.journal.Durability;
import org.creditbank.ledger.journal.JournalOptions;
import org.creditbank.ledger.json.Jcs;
import org.creditbank.ledger.util.Bytes;

/**
 * The bad-input campaign's catalogue: named cases, in the order they are submitted to a ledger that
 * ran the worked scenario, each with the code and field it must get. Valid submissions are cases
 * too (they build the state later cases rely on); the ledger after the campaign must hold exactly
 * what the valid ones alone produce.
 *
 * <p>Every statement is signed once, here, so the HTTP campaign, the library campaign and the
 * ledger of valid submissions see the same bytes. The ledgers run on {@link #OPTIONS}, a fixed
 * clock, so equal statements give equal leaves and equal roots.
 */
final class BadInputCatalogue {
  /** The ledger's time for the whole campaign: the scenario's dates are all before it. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-09-02T12:00:00Z"), ZoneOffset.UTC);

  static final JournalOptions OPTIONS =
      JournalOptions.DEFAULT.withDurability(Durability.ASYNC).withClock(CLOCK);

  /** The expected "code" of a statement accepted and appended. */
  static final String VALID = "VALID";

  /** The expected "code" of an idempotent repeat: the original receipt, nothing appended. */
  static final String REPEAT = "REPEAT";

  /**
   * Codes no statement can provoke, each with the reason; the coverage test requires every other
   * {@link RejectCode} in at least one case.
   */
  static final Map<RejectCode, String> UNREACHABLE = new EnumMap<>(RejectCode.class);

  static {
    UNREACHABLE.put(
        RejectCode.TOO_LARGE,
        "Statement.parse refuses a document over 64 KiB (SCHEMA, or 413 BODY_TOO_LARGE over HTTP)"
            + " before the journal sees it, and a statement's canonical form is never longer than"
            + " what was sent by more than a few bytes (only numbers such as 1E3 grow, and a body"
            + " holds few), so its leaf stays under Leaf.MAX_BYTES (64 KiB + 512): case"
            + " valid_paddedTo64KiB is the largest statement that passes and is appended");
  }

  /** A request of an HTTP-only case. */
  record Call(String method, String path, Bytes body, boolean chunked) {}

  /**
   * What one submission must get: {@code code} is a {@link RejectCode} name, a server code of
   * {@link Problems}, {@link #VALID} or {@link #REPEAT}; {@code field} is the problem's JSON
   * pointer, or null where there is none (accepted statements and the server's own codes).
   */
  record Expect(String code, String field) {
    boolean accepted() {
      return code.equals(VALID) || code.equals(REPEAT);
    }

    @Override
    public String toString() {
      return field == null ? code : code + " at \"" + field + "\"";
    }
  }

  /**
   * One statement of a case, with what it must get over HTTP and from {@code CreditLedger.submit}
   * (the same unless the HTTP layer answers first, as for an oversize body).
   */
  record Item(Bytes statement, Expect http, Expect library) {}

  /** How a case is sent. */
  enum Kind {
    /** One statement: {@code POST /v1/statements}, or {@code CreditLedger.submit}. */
    STATEMENT,
    /** {@code POST /v1/statements:batch} of its items, or each item through the library. */
    BATCH,
    /** A request only the HTTP layer sees; the library campaign skips it. */
    HTTP_ONLY
  }

  /** A named case. */
  record Case(String name, Kind kind, List<Item> items, Call call) {}

  static final ObjectMapper JSON = new ObjectMapper();
  static final String ORIGIN = WorkedScenario.ORIGIN;
  static final String OPERATOR = WorkedScenario.OPERATOR;
  static final String DISTRICT = WorkedScenario.DISTRICT;
  static final String COLLEGE = WorkedScenario.COLLEGE;
  static final String CERT = WorkedScenario.CERT;
  static final String COMMUNITY = WorkedScenario.COMMUNITY;
  static final String LEARNER = WorkedScenario.LEARNER;
  static final String PROGRAM = WorkedScenario.PROGRAM;

  /** An institution the campaign registers, whose first key it revokes. */
  static final String SCHOOL = "BAD-SCH";

  static final String OTHER_LEARNER = "L-BAD-0002";
  private static final Instant AT = Instant.parse("2026-09-02T09:00:00Z");
  private static final LocalDate DONE = LocalDate.parse("2026-07-01");

  private final WorkedScenario scenario = new WorkedScenario();
  private final Ed25519PrivateKey schoolKey1 = seeded(0x61);
  private final Ed25519PrivateKey schoolKey2 = seeded(0x62);
  private final Ed25519PrivateKey stranger = seeded(0x63);
  private final List<Case> cases = new ArrayList<>();
  private int nextId;
  private int nextLearner;

  private BadInputCatalogue() {}

  /** Builds the catalogue. */
  static List<Case> build() {
    BadInputCatalogue c = new BadInputCatalogue();
    c.strictJson();
    c.envelope();
    c.proofs();
    c.setUp();
    c.keys();
    c.bodies();
    c.institutions();
    c.learnersAndAchievements();
    c.rulesAndProgrammes();
    c.conversions();
    c.httpOnly();
    return List.copyOf(c.cases);
  }

  // ---------------------------------------------------------------- strict JSON

  private void strictJson() {
    byte[] ok = enrolment();
    String s = text(ok);
    schema("json_truncated", Arrays.copyOf(ok, ok.length / 2));
    schema("json_empty", new byte[0]);
    schema("json_whitespaceOnly", utf8(" \n\t "));
    schema("json_notAnObject_array", utf8("[]"));
    schema("json_notAnObject_string", utf8("\"statement\""));
    schema("json_notAnObject_null", utf8("null"));
    schema("json_trailingComma", utf8(s.substring(0, s.length() - 1) + ",}"));
    schema("json_comment", utf8("/* statement */" + s));
    schema("json_singleQuotes", utf8(s.replaceFirst("\"actor\"", "'actor'")));
    schema("json_trailingGarbage", utf8(s + "x"));
    schema("json_twoDocuments", utf8(s + s));
    schema("json_byteOrderMark", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, ok));
    schema("json_duplicateKey_topLevel", utf8("{\"id\":\"dup-1\"," + s.substring(1)));
    schema(
        "json_duplicateKey_inBody",
        utf8(s.replaceFirst("\"body\":\\{", "\"body\":{\"learner\":\"L-DUP-0001\",")));
    schema(
        "json_duplicateKey_inProof",
        utf8(s.replaceFirst("\"proof\":\\{", "\"proof\":{\"type\":\"DataIntegrityProof\",")));
    schema(
        "json_deepNesting_34",
        utf8(
            s.replaceFirst(
                "\"body\":\\{", "\"body\":{\"x\":" + "[".repeat(32) + "]".repeat(32) + ",")));
    schema("json_deepNesting_60000", utf8("[".repeat(60_000)));
    schema("json_deepNesting_objects", utf8("{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000)));
    schema("number_integerBeyond2pow53", inBody(s, "\"n\":9007199254740993"));
    schema("number_overflowsDouble", inBody(s, "\"n\":1e400"));
    schema("number_underflowsToZero", inBody(s, "\"n\":1e-400"));
    schema("number_hugeScale", inBody(s, "\"n\":0e-999999999"));
    schema("number_thousandDigits", inBody(s, "\"n\":" + "9".repeat(1_100)));
    schema("number_nan", inBody(s, "\"n\":NaN"));
    schema("number_leadingZero", inBody(s, "\"n\":012"));
    schema("number_leadingPlus", inBody(s, "\"n\":+1"));
    schema("utf8_invalidByte", concat(utf8(s.substring(0, 20)), new byte[] {(byte) 0xFF}, tail(s)));
    schema(
        "utf8_overlong", concat(utf8(s.substring(0, 20)), new byte[] {(byte) 0xC0, (byte) 0xAF}));
    schema(
        "utf8_encodedSurrogate",
        concat(utf8(s.substring(0, 20)), new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}));
    schema(
        "utf8_beyondU10FFFF",
        concat(
            utf8(s.substring(0, 20)),
            new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            tail(s)));
    schema("utf8_truncatedAtEnd", concat(ok, new byte[] {(byte) 0xE4, (byte) 0xB8}));
    schema("utf8_latin1", latin1Title(s));
    schema("surrogate_loneHighEscaped", inBody(s, "\"n\":\"\\ud800\""));
    schema("surrogate_loneLowEscaped", inBody(s, "\"n\":\"x\\udc00y\""));
    schema("surrogate_reversedPair", inBody(s, "\"n\":\"\\udc00\\ud800\""));
    schema("surrogate_inMemberName", inBody(s, "\"\\ud83d\":1"));
    schema("string_rawControlCharacter", inBody(s, "\"n\":\"a\u0001b\""));
    schema("string_badEscape", inBody(s, "\"n\":\"\\x41\""));
    schema("string_unterminated", utf8(s.substring(0, s.indexOf("\"learner\"") + 5)));
    // 64 KiB is the parser's limit; over HTTP the body limit answers first, without parsing.
    byte[] over = padTo(enrolment(), 64 * 1024 + 1);
    add(
        "oversize_64KiBPlusOne",
        Kind.STATEMENT,
        List.of(
            new Item(
                Bytes.copyFrom(over),
                new Expect(Problems.BODY_TOO_LARGE, null),
                new Expect(RejectCode.SCHEMA.name(), ""))),
        null);
    valid("valid_paddedTo64KiB", padTo(enrolment(), 64 * 1024));
  }

  // ---------------------------------------------------------------- the envelope

  private void envelope() {
    schemaAt("member_missing_actor", "/actor", without(enrolment(), "actor"));
    schemaAt("member_missing_proof", "/proof", without(enrolment(), "proof"));
    schemaAt(
        "member_unknown_name",
        "/name",
        with(enrolment(), "name", JSON.getNodeFactory().textNode("张三")));
    schemaAt(
        "member_unknown_escapedPointer",
        "/a~1b~0c",
        with(enrolment(), "a/b~c", JSON.getNodeFactory().numberNode(1)));
    schemaAt(
        "type_idIsNumber", "/id", with(enrolment(), "id", JSON.getNodeFactory().numberNode(7)));
    schemaAt("type_ledgerIsNull", "/ledger", with(enrolment(), "ledger", JSON.nullNode()));
    schemaAt("type_bodyIsArray", "/body", with(enrolment(), "body", JSON.createArrayNode()));
    schemaAt(
        "type_proofIsString",
        "/proof",
        with(enrolment(), "proof", JSON.getNodeFactory().textNode("z3xyz")));
    schemaAt(
        "type_typeIsBoolean",
        "/type",
        with(enrolment(), "type", JSON.getNodeFactory().booleanNode(true)));
    schemaAt("pattern_id", "/id", with(enrolment(), "id", str("-starts-with-dash")));
    schemaAt("pattern_idTooLong", "/id", with(enrolment(), "id", str("a".repeat(65))));
    schemaAt("pattern_actorLowerCase", "/actor", with(enrolment(), "actor", str("dist-ou")));
    schemaAt(
        "pattern_issuedAtWithOffset",
        "/issuedAt",
        with(enrolment(), "issuedAt", str("2026-09-02T09:00:00+08:00")));
    schemaAt(
        "pattern_issuedAtFebruary30",
        "/issuedAt",
        with(enrolment(), "issuedAt", str("2026-02-30T09:00:00Z")));
    schemaAt(
        "pattern_issuedAtLeapSecond",
        "/issuedAt",
        with(enrolment(), "issuedAt", str("2026-06-30T23:59:60Z")));
    reject(
        "type_unknown",
        RejectCode.UNKNOWN_TYPE,
        "/type",
        with(enrolment(), "type", str("learner.deleted")));
    reject(
        "type_wrongCase",
        RejectCode.UNKNOWN_TYPE,
        "/type",
        with(enrolment(), "type", str("Learner.Enrolled")));
    // A statement validly signed for another ledger cannot be replayed into this one.
    reject(
        "ledger_replayedFromAnotherLedger",
        RejectCode.WRONG_LEDGER,
        "/ledger",
        new StatementSigner("demo.creditbank.example/other-city", DISTRICT, key(DISTRICT))
            .sign(id(), AT, new LearnerEnrolledBody(learner(), Optional.empty())));
    reject(
        "ledger_editedAfterSigning",
        RejectCode.WRONG_LEDGER,
        "/ledger",
        with(enrolment(), "ledger", str(ORIGIN + "/")));
  }

  // ---------------------------------------------------------------- proofs

  private void proofs() {
    ObjectNode tampered = tree(enrolment());
    ((ObjectNode) tampered.get("body")).put("learner", "L-TAMPERED-1");
    reject("proof_bodyChangedAfterSigning", RejectCode.BAD_PROOF, "/proof", write(tampered));
    reject(
        "proof_idChangedAfterSigning",
        RejectCode.BAD_PROOF,
        "/proof",
        with(enrolment(), "id", str("changed-id")));
    reject(
        "proof_valueNotBase58",
        RejectCode.BAD_PROOF,
        "/proof",
        withProof(enrolment(), "proofValue", "z0OIl"));
    reject(
        "proof_valueCutShort",
        RejectCode.BAD_PROOF,
        "/proof",
        withProof(enrolment(), "proofValue", "z3xyz"));
    reject(
        "proof_otherCryptosuite",
        RejectCode.BAD_PROOF,
        "/proof",
        withProof(enrolment(), "cryptosuite", "eddsa-rdfc-2022"));
    reject(
        "proof_verificationMethodNotDidKey",
        RejectCode.BAD_PROOF,
        "/proof",
        withProof(enrolment(), "verificationMethod", "https://example.org/key#1"));
    ObjectNode noValue = tree(enrolment());
    ((ObjectNode) noValue.get("proof")).remove("proofValue");
    reject("proof_missingValue", RejectCode.BAD_PROOF, "/proof", write(noValue));
    ObjectNode unsecured = tree(enrolment());
    unsecured.remove("proof");
    reject(
        "proof_otherPurpose",
        RejectCode.BAD_PROOF,
        "/proof/proofPurpose",
        Jcs.canonicalize(
            EddsaJcs2022.sign(unsecured, key(DISTRICT), "2026-09-02T09:00:00Z", "authentication")));
    // Made with the stranger's key, then made to name the district's key: it cannot verify.
    ObjectNode other = tree(sign(DISTRICT, stranger, enrolBody()));
    ((ObjectNode) other.get("proof"))
        .put("verificationMethod", key(DISTRICT).publicKey().toVerificationMethod());
    reject("proof_madeWithAnotherKey", RejectCode.BAD_PROOF, "/proof", write(other));
  }

  // ---------------------------------------------------------------- valid set-up

  private void setUp() {
    valid(
        "valid_registerSchool",
        sign(
            OPERATOR,
            key(OPERATOR),
            new InstitutionRegisteredBody(
                SCHOOL,
                "坏输入测试学校",
                InstitutionKind.COMMUNITY_SCHOOL,
                List.of(schoolKey1.publicKey()),
                new InstitutionRegisteredBody.Permissions(Set.of(OutcomeKind.COURSE), false, false),
                Optional.empty())));
    valid(
        "valid_schoolAddsSecondKey",
        sign(SCHOOL, schoolKey1, KeyChangeBody.added(SCHOOL, schoolKey2.publicKey())));
    valid(
        "valid_schoolRevokesFirstKey",
        sign(
            SCHOOL,
            schoolKey2,
            KeyChangeBody.revoked(SCHOOL, schoolKey1.publicKey(), KeyRevocationReason.RETIRED)));
    byte[] enrolOther =
        sign(DISTRICT, key(DISTRICT), new LearnerEnrolledBody(OTHER_LEARNER, Optional.empty()));
    valid("valid_enrolOtherLearner", enrolOther);
    add(
        "replay_sameBytes",
        Kind.STATEMENT,
        List.of(item(enrolOther, new Expect(REPEAT, null))),
        null);
    add(
        "replay_genesis",
        Kind.STATEMENT,
        List.of(item(scenario.genesis(), new Expect(REPEAT, null))),
        null);
    ObjectNode sameId = tree(enrolOther);
    sameId.remove("proof");
    ((ObjectNode) sameId.get("body")).put("learner", "L-BAD-0003");
    reject(
        "replay_sameIdOtherContent",
        RejectCode.DUPLICATE_ID,
        "/id",
        Jcs.canonicalize(
            EddsaJcs2022.sign(sameId, key(DISTRICT), "2026-09-02T09:00:00Z", "assertionMethod")));
    valid(
        "valid_courseOfOtherLearner",
        sign(COLLEGE, key(COLLEGE), course("VC-BAD-0001", OTHER_LEARNER, "NUR-110", null)));
    valid(
        "valid_expiredCourse",
        sign(
            COLLEGE,
            key(COLLEGE),
            course("VC-BAD-0002", LEARNER, "NUR-120", LocalDate.parse("2026-08-01"))));
    valid(
        "valid_schoolRecordsWithSecondKey",
        sign(SCHOOL, schoolKey2, course("SCH-0001", LEARNER, "SCH-1", null)));
    valid(
        "valid_ruleValidFromNextYear",
        sign(OPERATOR, key(OPERATOR), rule("R-FUTURE", List.of(COLLEGE), "2027-01-01")));
    valid(
        "valid_ruleToRetire",
        sign(OPERATOR, key(OPERATOR), rule("R-OLD", List.of(COLLEGE), "2026-01-01")));
    valid("valid_retireRule", sign(OPERATOR, key(OPERATOR), new RuleRetiredBody("R-OLD")));
  }

  // ---------------------------------------------------------------- keys and actors

  private void keys() {
    reject(
        "actor_unknownInstitution",
        RejectCode.NOT_PERMITTED,
        "/proof/verificationMethod",
        sign("NO-SUCH-INST", stranger, enrolBody()));
    reject(
        "key_unregistered",
        RejectCode.NOT_PERMITTED,
        "/proof/verificationMethod",
        sign(DISTRICT, stranger, enrolBody()));
    reject(
        "key_ofAnotherInstitution",
        RejectCode.NOT_PERMITTED,
        "/proof/verificationMethod",
        sign(DISTRICT, key(COLLEGE), enrolBody()));
    reject(
        "key_revoked",
        RejectCode.KEY_REVOKED,
        "/proof/verificationMethod",
        sign(SCHOOL, schoolKey1, course("SCH-0002", LEARNER, "SCH-2", null)));
    reject(
        "keyRevoked_alreadyRevoked",
        RejectCode.KEY_REVOKED,
        "/body/key",
        sign(
            SCHOOL,
            schoolKey2,
            KeyChangeBody.revoked(SCHOOL, schoolKey1.publicKey(), KeyRevocationReason.RETIRED)));
    reject(
        "keyRevoked_signedWithItself",
        RejectCode.NOT_PERMITTED,
        "/body/key",
        sign(
            SCHOOL,
            schoolKey2,
            KeyChangeBody.revoked(
                SCHOOL, schoolKey2.publicKey(), KeyRevocationReason.COMPROMISED)));
    reject(
        "keyRevoked_neverTheInstitutions",
        RejectCode.UNKNOWN_KEY,
        "/body/key",
        sign(
            OPERATOR,
            key(OPERATOR),
            KeyChangeBody.revoked(COLLEGE, stranger.publicKey(), KeyRevocationReason.OTHER)));
    reject(
        "keyAdded_forAnotherInstitution",
        RejectCode.NOT_PERMITTED,
        "/body/institution",
        sign(COLLEGE, key(COLLEGE), KeyChangeBody.added(CERT, stranger.publicKey())));
    reject(
        "keyAdded_unknownInstitution",
        RejectCode.UNKNOWN_INSTITUTION,
        "/body/institution",
        sign(OPERATOR, key(OPERATOR), KeyChangeBody.added("NO-SUCH-INST", stranger.publicKey())));
    reject(
        "keyAdded_keyOfAnotherInstitution",
        RejectCode.DUPLICATE_ID,
        "/body/key",
        sign(OPERATOR, key(OPERATOR), KeyChangeBody.added(COLLEGE, key(CERT).publicKey())));
  }

  // ---------------------------------------------------------------- typed bodies

  private void bodies() {
    ObjectNode withName = enrolBody().toJson();
    withName.put("name", "张三");
    reject(
        "body_unknownField_personalData",
        RejectCode.SCHEMA,
        "/body/name",
        signJson(DISTRICT, StatementType.LEARNER_ENROLLED, withName));
    reject(
        "body_learnerIdIsAMobileNumber",
        RejectCode.SCHEMA,
        "/body/learner",
        signJson(
            DISTRICT,
            StatementType.LEARNER_ENROLLED,
            JSON.createObjectNode().put("learner", "13800138000")));
    reject(
        "body_missingField",
        RejectCode.SCHEMA,
        "/body/learner",
        signJson(DISTRICT, StatementType.LEARNER_ENROLLED, JSON.createObjectNode()));
    reject(
        "body_wrongType",
        RejectCode.SCHEMA,
        "/body/learner",
        signJson(
            DISTRICT, StatementType.LEARNER_ENROLLED, JSON.createObjectNode().put("learner", 42)));
    ObjectNode a = course("VC-BAD-0100", LEARNER, "NUR-130", null).toJson();
    reject(
        "body_creditsThreeDecimals",
        RejectCode.SCHEMA,
        "/body/credits",
        signJson(
            COLLEGE,
            StatementType.ACHIEVEMENT_RECORDED,
            a.deepCopy().put("credits", new BigDecimal("1.125"))));
    reject(
        "body_creditsHuge",
        RejectCode.SCHEMA,
        "/body/credits",
        signJson(
            COLLEGE,
            StatementType.ACHIEVEMENT_RECORDED,
            a.deepCopy().put("credits", new BigDecimal("1E+300"))));
    reject(
        "body_hoursBeyondInt",
        RejectCode.SCHEMA,
        "/body/hours",
        signJson(
            COLLEGE,
            StatementType.ACHIEVEMENT_RECORDED,
            a.deepCopy().put("hours", 9007199254740992L)));
    reject(
        "body_unknownKind",
        RejectCode.SCHEMA,
        "/body/kind",
        signJson(COLLEGE, StatementType.ACHIEVEMENT_RECORDED, a.deepCopy().put("kind", "degree")));
    reject(
        "body_dateNotADate",
        RejectCode.SCHEMA,
        "/body/completed",
        signJson(
            COLLEGE,
            StatementType.ACHIEVEMENT_RECORDED,
            a.deepCopy().put("completed", "2026-13-01")));
    reject(
        "body_ofAnotherType",
        RejectCode.SCHEMA,
        "/body/achievement",
        signJson(COLLEGE, StatementType.LEARNER_ENROLLED, a.deepCopy()));
  }

  // ---------------------------------------------------------------- the rules, by type

  private void institutions() {
    reject(
        "genesis_second",
        RejectCode.GENESIS_ORDER,
        "/type",
        with(scenario.genesis(), "id", str("genesis-again"), key(OPERATOR)));
    reject(
        "register_byNonOperator",
        RejectCode.NOT_PERMITTED,
        "/actor",
        sign(COLLEGE, key(COLLEGE), institution("NEW-INST", stranger, Optional.empty())));
    reject(
        "register_idTaken",
        RejectCode.DUPLICATE_ID,
        "/body/id",
        sign(OPERATOR, key(OPERATOR), institution(COLLEGE, stranger, Optional.empty())));
    reject(
        "register_unknownParent",
        RejectCode.UNKNOWN_INSTITUTION,
        "/body/parent",
        sign(
            OPERATOR,
            key(OPERATOR),
            institution("NEW-INST", stranger, Optional.of("NO-SUCH-INST"))));
    reject(
        "register_keyTaken",
        RejectCode.DUPLICATE_ID,
        "/body/keys/0",
        sign(OPERATOR, key(OPERATOR), institution("NEW-INST", key(CERT), Optional.empty())));
  }

  private void learnersAndAchievements() {
    reject(
        "enrol_notPermitted",
        RejectCode.NOT_PERMITTED,
        "/actor",
        sign(COLLEGE, key(COLLEGE), enrolBody()));
    reject(
        "enrol_learnerTaken",
        RejectCode.DUPLICATE_ID,
        "/body/learner",
        sign(DISTRICT, key(DISTRICT), new LearnerEnrolledBody(LEARNER, Optional.empty())));
    reject(
        "record_kindNotPermitted",
        RejectCode.NOT_PERMITTED,
        "/body/kind",
        sign(
            COLLEGE,
            key(COLLEGE),
            achievement(
                "VC-BAD-0200", LEARNER, OutcomeKind.VOCATIONAL_CERTIFICATE, "5", DONE, null)));
    reject(
        "record_achievementTaken",
        RejectCode.DUPLICATE_ID,
        "/body/achievement",
        sign(COLLEGE, key(COLLEGE), course("VC-2026-0001", LEARNER, "NUR-101", null)));
    reject(
        "record_unknownLearner",
        RejectCode.UNKNOWN_LEARNER,
        "/body/learner",
        sign(COLLEGE, key(COLLEGE), course("VC-BAD-0201", "L-NO-SUCH-1", "NUR-101", null)));
    reject(
        "record_unknownLevel",
        RejectCode.UNKNOWN_LEVEL,
        "/body/level",
        sign(
            COLLEGE,
            key(COLLEGE),
            achievement("VC-BAD-0202", LEARNER, OutcomeKind.COURSE, "9", DONE, null)));
    reject(
        "record_completedTomorrow",
        RejectCode.DATE_IN_FUTURE,
        "/body/completed",
        sign(
            COLLEGE,
            key(COLLEGE),
            achievement(
                "VC-BAD-0203",
                LEARNER,
                OutcomeKind.COURSE,
                "5",
                LocalDate.parse("2026-09-03"),
                null)));
    reject(
        "record_supersedesUnknown",
        RejectCode.UNKNOWN_ACHIEVEMENT,
        "/body/supersedes",
        sign(
            COLLEGE,
            key(COLLEGE),
            achievement("VC-BAD-0204", LEARNER, OutcomeKind.COURSE, "5", DONE, "VC-NO-SUCH")));
    reject(
        "record_supersedesAnotherLearners",
        RejectCode.NOT_PERMITTED,
        "/body/supersedes",
        sign(
            COLLEGE,
            key(COLLEGE),
            achievement("VC-BAD-0205", LEARNER, OutcomeKind.COURSE, "5", DONE, "VC-BAD-0001")));
    reject(
        "record_supersedesRevoked",
        RejectCode.NOT_ACTIVE,
        "/body/supersedes",
        sign(
            CERT,
            key(CERT),
            achievement(
                "NQC-BAD-0001",
                LEARNER,
                OutcomeKind.VOCATIONAL_CERTIFICATE,
                "4",
                DONE,
                "NQC-2026-3301")));
    reject(
        "revoke_anotherIssuers",
        RejectCode.NOT_PERMITTED,
        "/body/issuer",
        sign(
            COLLEGE,
            key(COLLEGE),
            new AchievementRevokedBody(
                CERT, "NQC-2026-3301", AchievementRevocationReason.ISSUED_IN_ERROR)));
    reject(
        "revoke_unknown",
        RejectCode.UNKNOWN_ACHIEVEMENT,
        "/body/achievement",
        sign(
            COLLEGE,
            key(COLLEGE),
            new AchievementRevokedBody(
                COLLEGE, "VC-NO-SUCH", AchievementRevocationReason.ISSUED_IN_ERROR)));
    reject(
        "revoke_alreadyRevoked",
        RejectCode.NOT_ACTIVE,
        "/body/achievement",
        sign(
            CERT,
            key(CERT),
            new AchievementRevokedBody(CERT, "NQC-2026-3301", AchievementRevocationReason.FRAUD)));
  }

  private void rulesAndProgrammes() {
    reject(
        "program_idTaken",
        RejectCode.DUPLICATE_ID,
        "/body/program",
        sign(OPERATOR, key(OPERATOR), program(PROGRAM, "5", "5")));
    reject(
        "program_unknownLevel",
        RejectCode.UNKNOWN_LEVEL,
        "/body/level",
        sign(OPERATOR, key(OPERATOR), program("P-BAD-1", "8", "5")));
    reject(
        "program_unknownLevelInMinimums",
        RejectCode.UNKNOWN_LEVEL,
        "/body/requirements/minCreditsAtLevel/0/level",
        sign(OPERATOR, key(OPERATOR), program("P-BAD-2", "5", "0")));
    reject(
        "rule_notPermitted",
        RejectCode.NOT_PERMITTED,
        "/actor",
        sign(COLLEGE, key(COLLEGE), rule("R-BAD-1", List.of(COLLEGE), "2026-01-01")));
    reject(
        "rule_idTaken",
        RejectCode.DUPLICATE_ID,
        "/body/rule",
        sign(OPERATOR, key(OPERATOR), rule("R-NQC", List.of(COLLEGE), "2026-01-01")));
    RulePublishedBody r = rule("R-BAD-2", List.of(COLLEGE), "2026-01-01");
    reject(
        "rule_unknownProgram",
        RejectCode.UNKNOWN_PROGRAM,
        "/body/target/program",
        sign(
            OPERATOR,
            key(OPERATOR),
            new RulePublishedBody(
                r.rule(),
                r.source(),
                new RulePublishedBody.Target("P-NO-SUCH", "NUR-101", r.target().credits()),
                r.limit(),
                r.validFrom(),
                r.validUntil())));
    reject(
        "rule_unknownIssuer",
        RejectCode.UNKNOWN_INSTITUTION,
        "/body/source/issuers/0",
        sign(OPERATOR, key(OPERATOR), rule("R-BAD-3", List.of("NO-SUCH-INST"), "2026-01-01")));
    RulePublishedBody.SourceCriteria s = r.source();
    reject(
        "rule_unknownMinLevel",
        RejectCode.UNKNOWN_LEVEL,
        "/body/source/minLevel",
        sign(
            OPERATOR,
            key(OPERATOR),
            new RulePublishedBody(
                "R-BAD-4",
                new RulePublishedBody.SourceCriteria(
                    s.kinds(),
                    s.issuers(),
                    s.codes(),
                    s.field(),
                    Optional.of("0"),
                    s.minScore(),
                    s.minGrade(),
                    s.maxAgeMonths()),
                r.target(),
                r.limit(),
                r.validFrom(),
                r.validUntil())));
    reject(
        "retire_unknownRule",
        RejectCode.UNKNOWN_RULE,
        "/body/rule",
        sign(OPERATOR, key(OPERATOR), new RuleRetiredBody("R-NO-SUCH")));
    reject(
        "retire_retired",
        RejectCode.NOT_ACTIVE,
        "/body/rule",
        sign(OPERATOR, key(OPERATOR), new RuleRetiredBody("R-OLD")));
  }

  private void conversions() {
    reject(
        "convert_notPermitted",
        RejectCode.NOT_PERMITTED,
        "/actor",
        sign(
            COLLEGE,
            key(COLLEGE),
            conversion("CV-BAD-1", LEARNER, "R-VC-NUR", "4", "VC-2026-0002")));
    reject(
        "convert_idTaken",
        RejectCode.DUPLICATE_ID,
        "/body/conversion",
        convert("CV-2026-0001", LEARNER, "R-VC-NUR", "4", "VC-2026-0002"));
    reject(
        "convert_unknownLearner",
        RejectCode.UNKNOWN_LEARNER,
        "/body/learner",
        convert("CV-BAD-2", "L-NO-SUCH-1", "R-VC-NUR", "4", "VC-2026-0002"));
    reject(
        "convert_unknownRule",
        RejectCode.UNKNOWN_RULE,
        "/body/rule",
        convert("CV-BAD-3", LEARNER, "R-NO-SUCH", "4", "VC-2026-0002"));
    reject(
        "convert_retiredRule",
        RejectCode.NOT_ACTIVE,
        "/body/rule",
        convert("CV-BAD-4", LEARNER, "R-OLD", "4", "VC-2026-0002"));
    reject(
        "convert_ruleNotYetInForce",
        RejectCode.NOT_ACTIVE,
        "/body/rule",
        convert("CV-BAD-5", LEARNER, "R-FUTURE", "4", "VC-2026-0002"));
    reject(
        "convert_unknownSource",
        RejectCode.UNKNOWN_ACHIEVEMENT,
        "/body/sources/0",
        convert("CV-BAD-6", LEARNER, "R-VC-NUR", "4", "VC-NO-SUCH"));
    reject(
        "convert_anotherLearnersSource",
        RejectCode.SOURCE_NOT_ELIGIBLE,
        "/body/sources/0",
        convert("CV-BAD-7", LEARNER, "R-VC-NUR", "4", "VC-BAD-0001"));
    reject(
        "convert_revokedSource",
        RejectCode.NOT_ACTIVE,
        "/body/sources/0",
        sign(
            OPERATOR,
            key(OPERATOR),
            new CreditConvertedBody(
                "CV-BAD-8",
                LEARNER,
                "R-NQC",
                List.of(new AchievementRef(CERT, "NQC-2026-3301")),
                new BigDecimal("6"))));
    reject(
        "convert_expiredSource",
        RejectCode.NOT_ACTIVE,
        "/body/sources/0",
        convert("CV-BAD-9", LEARNER, "R-VC-NUR", "4", "VC-BAD-0002"));
    reject(
        "convert_sourceMissesCriteria",
        RejectCode.SOURCE_NOT_ELIGIBLE,
        "/body/sources/0",
        sign(
            OPERATOR,
            key(OPERATOR),
            new CreditConvertedBody(
                "CV-BAD-10",
                LEARNER,
                "R-VC-NUR",
                List.of(new AchievementRef(COMMUNITY, "CS-2026-0456")),
                new BigDecimal("1"))));
    reject(
        "convert_sourceAlreadyUsed",
        RejectCode.SOURCE_ALREADY_USED,
        "/body/sources/0",
        convert("CV-BAD-11", LEARNER, "R-VC-NUR", "4", "VC-2026-0001"));
    reject(
        "convert_creditsMismatch",
        RejectCode.CREDITS_MISMATCH,
        "/body/credits",
        convert("CV-BAD-12", LEARNER, "R-VC-NUR", "5", "VC-2026-0002"));
    reject(
        "convert_capExceeded",
        RejectCode.RULE_CAP_EXCEEDED,
        "/body/credits",
        convert("CV-BAD-13", LEARNER, "R-VC-NUR", "4", "VC-2026-0002"));
    // A batch: each statement on its own, in order, the later relying on the earlier.
    byte[] enrol =
        sign(DISTRICT, key(DISTRICT), new LearnerEnrolledBody("L-BAD-0004", Optional.empty()));
    byte[] record =
        sign(COLLEGE, key(COLLEGE), course("VC-BAD-0300", "L-BAD-0004", "NUR-140", null));
    add(
        "batch_mixed",
        Kind.BATCH,
        List.of(
            item(enrol, new Expect(VALID, null)),
            item(utf8("{\"a\":1,\"a\":2}"), new Expect(RejectCode.SCHEMA.name(), "")),
            item(record, new Expect(VALID, null)),
            item(utf8("[1]"), new Expect(RejectCode.SCHEMA.name(), "")),
            item(
                with(enrolment(), "ledger", str("other")),
                new Expect(RejectCode.WRONG_LEDGER.name(), "/ledger")),
            item(enrol, new Expect(REPEAT, null)),
            item(record, new Expect(REPEAT, null))),
        null);
  }

  // ---------------------------------------------------------------- what only HTTP sees

  private void httpOnly() {
    http(
        "http_oversizeChunked",
        new Call("POST", "/v1/statements", Bytes.copyFrom(new byte[200 * 1024]), true),
        Problems.BODY_TOO_LARGE);
    http(
        "http_batchNotAnEnvelope",
        new Call("POST", "/v1/statements:batch", Bytes.copyFrom(utf8("[]")), false),
        Problems.BAD_PARAMETER);
    http(
        "http_batchMalformed",
        new Call("POST", "/v1/statements:batch", Bytes.copyFrom(utf8("{\"statements\":[{")), false),
        Problems.BAD_PARAMETER);
    http(
        "http_batchExtraMember",
        new Call(
            "POST",
            "/v1/statements:batch",
            Bytes.copyFrom(utf8("{\"statements\":[],\"name\":\"x\"}")),
            false),
        Problems.BAD_PARAMETER);
    http(
        "http_batchOf1001",
        new Call(
            "POST",
            "/v1/statements:batch",
            Bytes.copyFrom(utf8("{\"statements\":[" + "1,".repeat(1000) + "1]}")),
            false),
        Problems.BODY_TOO_LARGE);
    http(
        "http_putStatement",
        new Call("PUT", "/v1/statements", Bytes.copyFrom(enrolment()), false),
        Problems.METHOD_NOT_ALLOWED);
    http(
        "http_unknownRoute",
        new Call("POST", "/v1/statement", Bytes.copyFrom(enrolment()), false),
        Problems.NOT_FOUND);
    http(
        "http_uriTooLong",
        new Call(
            "POST", "/v1/statements?x=" + "a".repeat(9000), Bytes.copyFrom(enrolment()), false),
        Problems.URI_TOO_LONG);
  }

  // ---------------------------------------------------------------- adding cases

  private void add(String name, Kind kind, List<Item> items, Call call) {
    cases.add(new Case(name, kind, items, call));
  }

  private static Item item(byte[] statement, Expect e) {
    return new Item(Bytes.copyFrom(statement), e, e);
  }

  private void valid(String name, byte[] statement) {
    add(name, Kind.STATEMENT, List.of(item(statement, new Expect(VALID, null))), null);
  }

  private void reject(String name, RejectCode code, String field, byte[] statement) {
    add(name, Kind.STATEMENT, List.of(item(statement, new Expect(code.name(), field))), null);
  }

  /** Not strict JSON: SCHEMA for the whole statement. */
  private void schema(String name, byte[] statement) {
    reject(name, RejectCode.SCHEMA, "", statement);
  }

  private void schemaAt(String name, String field, byte[] statement) {
    reject(name, RejectCode.SCHEMA, field, statement);
  }

  private void http(String name, Call call, String code) {
    add(name, Kind.HTTP_ONLY, List.of(new Item(call.body(), new Expect(code, null), null)), call);
  }

  // ---------------------------------------------------------------- statements

  private static Ed25519PrivateKey seeded(int b) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) b);
    return Ed25519PrivateKey.fromSeed(seed);
  }

  private Ed25519PrivateKey key(String institution) {
    return scenario.key(institution);
  }

  private String id() {
    return String.format(Locale.ROOT, "bad-%03d", ++nextId);
  }

  private String learner() {
    return String.format(Locale.ROOT, "L-BADIN-%04d", ++nextLearner);
  }

  private byte[] sign(String actor, Ed25519PrivateKey key, Body body) {
    return new StatementSigner(ORIGIN, actor, key).sign(id(), AT, body);
  }

  private byte[] signJson(String actor, StatementType type, ObjectNode body) {
    return new StatementSigner(ORIGIN, actor, key(actor)).sign(type, id(), AT, body);
  }

  private LearnerEnrolledBody enrolBody() {
    return new LearnerEnrolledBody(learner(), Optional.empty());
  }

  /** A valid enrolment of a new learner by the district branch: the base of most mutations. */
  private byte[] enrolment() {
    return sign(DISTRICT, key(DISTRICT), enrolBody());
  }

  private static AchievementRecordedBody achievement(
      String id,
      String learner,
      OutcomeKind kind,
      String level,
      LocalDate completed,
      String supersedes) {
    return new AchievementRecordedBody(
        id,
        learner,
        kind,
        "坏输入测试课程",
        kind == OutcomeKind.COURSE ? "NUR-150" : "NQC",
        "0913",
        level,
        new BigDecimal("2"),
        32,
        new Result.Score(new BigDecimal("80")),
        completed,
        Optional.empty(),
        Optional.empty(),
        Optional.ofNullable(supersedes));
  }

  private static AchievementRecordedBody course(
      String id, String learner, String code, LocalDate validUntil) {
    return new AchievementRecordedBody(
        id,
        learner,
        OutcomeKind.COURSE,
        "坏输入测试课程",
        code,
        "0913",
        "5",
        new BigDecimal("2"),
        32,
        new Result.Score(new BigDecimal("80")),
        DONE,
        Optional.ofNullable(validUntil),
        Optional.empty(),
        Optional.empty());
  }

  private static InstitutionRegisteredBody institution(
      String id, Ed25519PrivateKey k, Optional<String> parent) {
    return new InstitutionRegisteredBody(
        id,
        "新机构",
        InstitutionKind.TRAINING_PROVIDER,
        List.of(k.publicKey()),
        new InstitutionRegisteredBody.Permissions(Set.of(OutcomeKind.TRAINING), false, false),
        parent);
  }

  private static ProgramPublishedBody program(String id, String level, String minLevel) {
    return new ProgramPublishedBody(
        id,
        "坏输入测试专业",
        level,
        new ProgramPublishedBody.Requirements(
            new BigDecimal("60"),
            List.of(new ProgramPublishedBody.LevelCredits(minLevel, new BigDecimal("10"))),
            List.of(),
            Optional.empty()));
  }

  private static RulePublishedBody rule(String id, List<String> issuers, String validFrom) {
    return new RulePublishedBody(
        id,
        new RulePublishedBody.SourceCriteria(
            List.of(OutcomeKind.COURSE),
            issuers,
            List.of("NUR-*"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty()),
        new RulePublishedBody.Target(
            PROGRAM, "NUR-102", new RulePublishedBody.Factor(BigDecimal.ONE, new BigDecimal("4"))),
        new BigDecimal("4"),
        LocalDate.parse(validFrom),
        Optional.empty());
  }

  private static CreditConvertedBody conversion(
      String id, String learner, String rule, String credits, String collegeAchievement) {
    return new CreditConvertedBody(
        id,
        learner,
        rule,
        List.of(new AchievementRef(COLLEGE, collegeAchievement)),
        new BigDecimal(credits));
  }

  /** A conversion by the operator (which owns the rules) of one college achievement. */
  private byte[] convert(
      String id, String learner, String rule, String credits, String collegeAchievement) {
    return sign(
        OPERATOR, key(OPERATOR), conversion(id, learner, rule, credits, collegeAchievement));
  }

  // ---------------------------------------------------------------- byte surgery

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static JsonNode str(String s) {
    return JSON.getNodeFactory().textNode(s);
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  private static byte[] tail(String s) {
    return utf8(s.substring(20));
  }

  /** The statement with a string holding "é" encoded as Latin-1 (0xE9), not UTF-8. */
  private static byte[] latin1Title(String s) {
    return s.replaceFirst("\"body\":\\{", "\"body\":{\"n\":\"caf\u00e9\",")
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Inserts a member at the start of the body: strict JSON refuses it before anything else. */
  private static byte[] inBody(String s, String member) {
    return utf8(
        s.replaceFirst("\"body\":\\{", Matcher.quoteReplacement("\"body\":{" + member + ",")));
  }

  /** Pads with spaces before the closing brace to exactly {@code size} bytes. */
  static byte[] padTo(byte[] statement, int size) {
    byte[] out = new byte[size];
    Arrays.fill(out, (byte) ' ');
    System.arraycopy(statement, 0, out, 0, statement.length - 1);
    out[size - 1] = statement[statement.length - 1];
    return out;
  }

  static ObjectNode tree(byte[] statement) {
    try {
      return (ObjectNode) JSON.readTree(statement);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] write(ObjectNode o) {
    try {
      return JSON.writeValueAsBytes(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The statement with one top-level member set (added or replaced), not signed again. */
  private static byte[] with(byte[] statement, String member, JsonNode value) {
    ObjectNode o = tree(statement);
    o.set(member, value);
    return write(o);
  }

  /** The statement with one top-level member set, signed again with {@code key}. */
  private static byte[] with(
      byte[] statement, String member, JsonNode value, Ed25519PrivateKey key) {
    ObjectNode o = tree(statement);
    o.remove("proof");
    o.set(member, value);
    return Jcs.canonicalize(
        EddsaJcs2022.sign(o, key, o.get("issuedAt").textValue(), "assertionMethod"));
  }

  private static byte[] without(byte[] statement, String member) {
    ObjectNode o = tree(statement);
    o.remove(member);
    return write(o);
  }

  private static byte[] withProof(byte[] statement, String member, String value) {
    ObjectNode o = tree(statement);
    ((ObjectNode) o.get("proof")).put(member, value);
    return write(o);
  }
}
