package org.creditbank.ledger.bank;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.crypto.EddsaJcs2022;
import org.creditbank.ledger.crypto.KeyFormatException;
import org.creditbank.ledger.json.Jcs;

/**
 * Builds and signs statements for one actor on one ledger: the client side of {@link Statement},
 * for an institution's software and the CLI.
 *
 * <p>The proof is an {@code eddsa-jcs-2022} Data Integrity proof (Data Integrity EdDSA Cryptosuites
 * v1.0 §3.3.1) with {@code proofPurpose} {@code assertionMethod}, {@code created} equal to {@code
 * issuedAt}, and the key's {@code did:key} as verification method. The signed message is {@code
 * SHA-256(JCS(proofConfig)) ‖ SHA-256(JCS(statement without proof))} (RFC 8785 JCS). Instances are
 * immutable and thread-safe; {@code toString} never shows the key.
 */
public final class StatementSigner {
  private static final Instant MIN = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private final String ledger;
  private final String actor;
  private final Ed25519PrivateKey key;

  /**
   * Creates a signer.
   *
   * @param ledger the origin of the ledger the statements are for, not empty
   * @param actor the institution id, matching {@code [A-Z0-9-]{2,32}}
   * @param key the institution's signing key
   * @throws IllegalArgumentException if {@code ledger} is empty or {@code actor} breaks its pattern
   * @throws NullPointerException if an argument is null
   */
  public StatementSigner(String ledger, String actor, Ed25519PrivateKey key) {
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(actor, "actor");
    this.key = Objects.requireNonNull(key, "key");
    if (ledger.isEmpty()) {
      throw new IllegalArgumentException("want a non-empty ledger, got \"\"");
    }
    if (!Statement.ACTOR.matcher(actor).matches()) {
      throw new IllegalArgumentException(
          "want an actor matching " + Statement.ACTOR + ", got " + Statement.quote(actor));
    }
    this.ledger = ledger;
    this.actor = actor;
  }

  /**
   * Creates a signer from a PKCS#8 PEM private key file (the form {@code openssl genpkey -algorithm
   * ed25519} writes, RFC 8410).
   *
   * @param pem the key file
   * @param ledger the origin of the ledger the statements are for, not empty
   * @param actor the institution id, matching {@code [A-Z0-9-]{2,32}}
   * @return the signer
   * @throws IOException if the file cannot be read
   * @throws KeyFormatException if the file is not a PKCS#8 Ed25519 private key
   * @throws IllegalArgumentException if {@code ledger} is empty or {@code actor} breaks its pattern
   */
  public static StatementSigner fromPemFile(Path pem, String ledger, String actor)
      throws IOException, KeyFormatException {
    String text = Files.readString(pem, StandardCharsets.UTF_8);
    return new StatementSigner(ledger, actor, Ed25519PrivateKey.fromPem(text));
  }

  /**
   * Returns the ledger this signer's statements are for.
   *
   * @return the ledger origin
   */
  public String ledger() {
    return ledger;
  }

  /**
   * Returns the actor this signer signs as.
   *
   * @return the institution id
   */
  public String actor() {
    return actor;
  }

  /**
   * Builds and signs a statement.
   *
   * <p>{@code issuedAt} is written as RFC 3339 UTC with {@code Z}, with fractional seconds only if
   * it has any ({@link DateTimeFormatter#ISO_INSTANT}), both as the statement's {@code issuedAt}
   * and as the proof's {@code created}.
   *
   * @param type the statement type
   * @param id the statement id, unique for this actor, matching {@code
   *     [A-Za-z0-9][A-Za-z0-9._:-]{0,63}}
   * @param issuedAt when the statement is made, in years 0000 to 9999
   * @param body the type-specific content (copied, not retained); must be I-JSON
   * @return the signed statement in RFC 8785 canonical form, ready to submit
   * @throws IllegalArgumentException if {@code id} breaks its pattern, {@code issuedAt} is outside
   *     years 0000 to 9999, or {@code body} cannot be canonicalized (RFC 8785)
   * @throws NullPointerException if an argument is null
   */
  public byte[] sign(StatementType type, String id, Instant issuedAt, ObjectNode body) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(body, "body");
    if (!Statement.ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "want an id matching " + Statement.ID + ", got " + Statement.quote(id));
    }
    if (issuedAt.isBefore(MIN) || issuedAt.isAfter(MAX)) {
      throw new IllegalArgumentException("want issuedAt in years 0000 to 9999, got " + issuedAt);
    }
    String time = DateTimeFormatter.ISO_INSTANT.format(issuedAt);
    ObjectNode statement = JsonNodeFactory.instance.objectNode();
    statement.put("type", type.wireName());
    statement.put("ledger", ledger);
    statement.put("id", id);
    statement.put("actor", actor);
    statement.put("issuedAt", time);
    statement.set("body", body.deepCopy());
    ObjectNode signed = EddsaJcs2022.sign(statement, key, time, Statement.PROOF_PURPOSE);
    return Jcs.canonicalize(signed);
  }

  /**
   * Builds and signs a statement from a typed body: the type is the body's.
   *
   * @param id the statement id, unique for this actor
   * @param issuedAt when the statement is made, in years 0000 to 9999
   * @param body the typed body, built with its record's constructor
   * @return the signed statement in RFC 8785 canonical form, ready to submit
   * @throws IllegalArgumentException if {@code id} breaks its pattern or {@code issuedAt} is out of
   *     range
   * @throws NullPointerException if an argument is null
   */
  public byte[] sign(String id, Instant issuedAt, Body body) {
    return sign(body.type(), id, issuedAt, body.toJson());
  }

  /**
   * Returns the public key statements are signed with, as a {@code did:key}.
   *
   * @return the verification key
   */
  public String didKey() {
    return key.publicKey().toDidKey();
  }

  /** Names the ledger, actor and public key; never the private key. */
  @Override
  public String toString() {
    return "StatementSigner[ledger="
        + ledger
        + ", actor="
        + actor
        + ", key="
        + key.publicKey().toDidKey()
        + "]";
  }
}
