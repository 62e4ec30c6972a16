package org.creditbank.ledger.bank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.creditbank.ledger.crypto.DataIntegrityException;
import org.creditbank.ledger.crypto.EddsaJcs2022;
import org.creditbank.ledger.json.Jcs;
import org.creditbank.ledger.json.JsonFormatException;
import org.creditbank.ledger.json.StrictJson;
import org.creditbank.ledger.util.Bytes;

/**
 * A statement whose envelope has been checked: strict JSON, exactly the seven members, each of the
 * right type and pattern, for this ledger, with a valid {@code eddsa-jcs-2022} proof.
 *
 * <p>The wire form is a JSON object {@code {"type", "ledger", "id", "actor", "issuedAt", "body",
 * "proof"}}; {@code proof} is a W3C Data Integrity proof (Data Integrity EdDSA Cryptosuites v1.0
 * §3.3) over the other six members: the signed message is {@code SHA-256(JCS(proofConfig)) ‖
 * SHA-256(JCS(statement without proof))}, JCS being RFC 8785.
 *
 * <p>What is <em>not</em> checked here: whether the proof's key is an active key of {@code actor}
 * (and was at {@code issuedAt}), whether {@code id} is new, and the rules of each type's body. The
 * ledger's state machine checks those against its state.
 *
 * @param type the statement type
 * @param ledger the ledger (log origin) the statement is for
 * @param id the actor's id for the statement, unique per actor
 * @param actor the institution that makes the statement
 * @param issuedAt when the actor made it
 * @param body the type-specific content (copied in and out)
 * @param proof what the proof claims: its signer key, verification method, purpose and created
 * @param canonical the RFC 8785 canonical form of the whole statement, proof included (what the
 *     journal stores)
 */
public record Statement(
    StatementType type,
    String ledger,
    String id,
    String actor,
    Instant issuedAt,
    ObjectNode body,
    EddsaJcs2022.ProofClaims proof,
    Bytes canonical) {

  /** The pattern of {@code id}. */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

  /** The pattern of {@code actor}, an institution id. */
  static final Pattern ACTOR = Pattern.compile("[A-Z0-9-]{2,32}");

  /**
   * RFC 3339 §5.6 date-time, restricted to UTC written as 'Z', hours 00 to 23 and no leap second
   * (java.time would read 24:00 and :60 as other instants than written).
   */
  static final Pattern ISSUED_AT =
      Pattern.compile(
          "[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?Z");

  /** The proof purpose every statement's proof must have. */
  static final String PROOF_PURPOSE = "assertionMethod";

  private static final List<String> MEMBERS =
      List.of("type", "ledger", "id", "actor", "issuedAt", "body", "proof");

  private static final Set<String> MEMBER_SET = Set.copyOf(MEMBERS);

  /** Found values longer than this many code points are cut in messages. */
  private static final int QUOTE_MAX = 80;

  /**
   * Checks the fields and copies the body.
   *
   * @param type the statement type
   * @param ledger the ledger the statement is for, not empty
   * @param id the statement id, matching {@code [A-Za-z0-9][A-Za-z0-9._:-]{0,63}}
   * @param actor the institution id, matching {@code [A-Z0-9-]{2,32}}
   * @param issuedAt when the actor made it
   * @param body the type-specific content
   * @param proof the proof's claims
   * @param canonical the canonical form of the whole statement
   * @throws IllegalArgumentException if {@code ledger} is empty or {@code id} or {@code actor}
   *     breaks its pattern
   * @throws NullPointerException if any argument is null
   */
  public Statement {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(proof, "proof");
    Objects.requireNonNull(canonical, "canonical");
    if (ledger.isEmpty()) {
      throw new IllegalArgumentException("want a non-empty ledger, got \"\"");
    }
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("want an id matching " + ID + ", got " + quote(id));
    }
    if (!ACTOR.matcher(actor).matches()) {
      throw new IllegalArgumentException(
          "want an actor matching " + ACTOR + ", got " + quote(actor));
    }
    body = body.deepCopy();
  }

  /**
   * Returns the type-specific content.
   *
   * @return a copy of the body; changing it does not change this statement
   */
  @Override
  public ObjectNode body() {
    return body.deepCopy();
  }

  /**
   * Parses and verifies an untrusted statement.
   *
   * <p>Checks, in this order: strict JSON ({@link StrictJson} defaults); a JSON object with exactly
   * the members {@code type, ledger, id, actor, issuedAt, body, proof}; each member's JSON type;
   * {@code type} a known wire name; {@code ledger} equal to {@code expectedLedger}; the patterns of
   * {@code id} ({@code [A-Za-z0-9][A-Za-z0-9._:-]{0,63}}), {@code actor} ({@code [A-Z0-9-]{2,32}})
   * and {@code issuedAt} (RFC 3339 §5.6 in UTC with {@code Z}, hours 00 to 23, no leap second,
   * fractional seconds allowed); the proof's shape ({@link EddsaJcs2022#readProof}); its {@code
   * proofPurpose} {@code assertionMethod}; and its signature, by the key its {@code
   * verificationMethod} names ({@link EddsaJcs2022#verify}, Data Integrity EdDSA Cryptosuites v1.0
   * §3.3.2).
   *
   * <p>A valid signature by <em>any</em> key passes: whether that key belongs to {@code actor} is
   * for the state machine to check, from {@link #proof()}{@code .signer()}.
   *
   * @param bytes the statement as UTF-8 JSON (not modified, not retained)
   * @param expectedLedger the origin of the ledger receiving the statement
   * @return the statement
   * @throws StatementException with {@link RejectCode#SCHEMA} if it is not strict JSON or its
   *     members are missing, unknown, of the wrong type or outside their patterns; {@link
   *     RejectCode#UNKNOWN_TYPE} if {@code type} is not known; {@link RejectCode#WRONG_LEDGER} if
   *     it is for another ledger; {@link RejectCode#BAD_PROOF} if the proof is malformed, has
   *     another purpose or does not verify
   */
  public static Statement parse(byte[] bytes, String expectedLedger) throws StatementException {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(expectedLedger, "expectedLedger");
    JsonNode root;
    try {
      root = StrictJson.withDefaults().parse(bytes);
    } catch (JsonFormatException e) {
      throw new StatementException(
          RejectCode.SCHEMA, "", "statement is not strict JSON: " + e.getMessage(), e);
    }
    if (!root.isObject()) {
      throw new StatementException(
          RejectCode.SCHEMA, "", "want a JSON object as the statement, got " + typeName(root));
    }
    ObjectNode o = (ObjectNode) root;
    for (String m : MEMBERS) {
      if (!o.has(m)) {
        throw new StatementException(RejectCode.SCHEMA, "/" + m, "missing member /" + m);
      }
    }
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!MEMBER_SET.contains(name)) {
        String pointer = "/" + name.replace("~", "~0").replace("/", "~1");
        throw new StatementException(RejectCode.SCHEMA, pointer, "unknown member " + pointer);
      }
    }
    String typeText = string(o, "type");
    String ledger = string(o, "ledger");
    String id = string(o, "id");
    String actor = string(o, "actor");
    String issuedAtText = string(o, "issuedAt");
    JsonNode body = o.get("body");
    if (!body.isObject()) {
      throw new StatementException(
          RejectCode.SCHEMA, "/body", "want an object at /body, got " + typeName(body));
    }
    if (!o.get("proof").isObject()) {
      throw new StatementException(
          RejectCode.SCHEMA, "/proof", "want an object at /proof, got " + typeName(o.get("proof")));
    }
    StatementType type =
        StatementType.fromWire(typeText)
            .orElseThrow(
                () ->
                    new StatementException(
                        RejectCode.UNKNOWN_TYPE,
                        "/type",
                        "want a known statement type at /type, got " + quote(typeText)));
    if (!ledger.equals(expectedLedger)) {
      throw new StatementException(
          RejectCode.WRONG_LEDGER,
          "/ledger",
          "statement is for ledger "
              + quote(ledger)
              + " at /ledger, want "
              + quote(expectedLedger));
    }
    checkPattern(ID, id, "/id", "an id");
    checkPattern(ACTOR, actor, "/actor", "an actor");
    Instant issuedAt = parseIssuedAt(issuedAtText);
    EddsaJcs2022.ProofClaims claims;
    try {
      claims = EddsaJcs2022.readProof(o);
    } catch (DataIntegrityException e) {
      throw new StatementException(
          RejectCode.BAD_PROOF, "/proof", "bad proof at /proof: " + e.getMessage(), e);
    }
    if (!claims.proofPurpose().equals(PROOF_PURPOSE)) {
      throw new StatementException(
          RejectCode.BAD_PROOF,
          "/proof/proofPurpose",
          "want proofPurpose "
              + quote(PROOF_PURPOSE)
              + " at /proof/proofPurpose, got "
              + quote(claims.proofPurpose()));
    }
    try {
      EddsaJcs2022.verify(o, claims.signer());
    } catch (DataIntegrityException e) {
      throw new StatementException(
          RejectCode.BAD_PROOF, "/proof", "proof at /proof does not verify: " + e.getMessage(), e);
    }
    return new Statement(
        type,
        ledger,
        id,
        actor,
        issuedAt,
        (ObjectNode) body,
        claims,
        Bytes.copyFrom(Jcs.canonicalize(o)));
  }

  private static String string(ObjectNode o, String name) throws StatementException {
    JsonNode v = o.get(name);
    if (!v.isTextual()) {
      throw new StatementException(
          RejectCode.SCHEMA, "/" + name, "want a string at /" + name + ", got " + typeName(v));
    }
    return v.textValue();
  }

  private static void checkPattern(Pattern p, String value, String field, String what)
      throws StatementException {
    if (!p.matcher(value).matches()) {
      throw new StatementException(
          RejectCode.SCHEMA,
          field,
          "want " + what + " matching " + p + " at " + field + ", got " + quote(value));
    }
  }

  static Instant parseIssuedAt(String text) throws StatementException {
    String want = "want an RFC 3339 UTC time such as \"2026-11-27T09:30:00Z\" at /issuedAt, got ";
    if (!ISSUED_AT.matcher(text).matches()) {
      throw new StatementException(RejectCode.SCHEMA, "/issuedAt", want + quote(text));
    }
    // The pattern fixed every field's position and the range of the time fields, so the fields
    // are read by hand: DateTimeFormatter.ISO_INSTANT would cost more than the rest of the
    // envelope's checks.
    try {
      LocalDate date =
          LocalDate.of(
              Integer.parseInt(text, 0, 4, 10),
              Integer.parseInt(text, 5, 7, 10),
              Integer.parseInt(text, 8, 10, 10));
      int nanos = 0;
      int zone = text.length() - 1;
      if (zone > 19) {
        nanos = Integer.parseInt(text, 20, zone, 10);
        for (int i = zone - 20; i < 9; i++) {
          nanos *= 10;
        }
      }
      LocalTime time =
          LocalTime.of(
              Integer.parseInt(text, 11, 13, 10),
              Integer.parseInt(text, 14, 16, 10),
              Integer.parseInt(text, 17, 19, 10),
              nanos);
      return LocalDateTime.of(date, time).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      // The pattern passed, so a field is out of range, such as month 13 or February 30.
      throw new StatementException(RejectCode.SCHEMA, "/issuedAt", want + quote(text), e);
    }
  }

  /** The JSON type of a node as a message names it: "string", "number", "array", .... */
  static String typeName(JsonNode n) {
    return n.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  /** A found value as a JSON string, cut to {@link #QUOTE_MAX} code points. */
  static String quote(String s) {
    if (s.codePointCount(0, s.length()) <= QUOTE_MAX) {
      return Jcs.canonicalString(TextNode.valueOf(s));
    }
    String cut = s.substring(0, s.offsetByCodePoints(0, QUOTE_MAX));
    return Jcs.canonicalString(TextNode.valueOf(cut)) + "…";
  }
}
