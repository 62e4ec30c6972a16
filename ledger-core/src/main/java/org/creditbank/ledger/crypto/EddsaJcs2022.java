package org.creditbank.ledger.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.creditbank.ledger.json.Jcs;
import org.creditbank.ledger.util.Bytes;
import org.creditbank.ledger.util.Hash;

/**
 * W3C Data Integrity proofs with the {@code eddsa-jcs-2022} cryptosuite (W3C "Data Integrity EdDSA
 * Cryptosuites v1.0", §3.3), keys named by {@code did:key}.
 *
 * <p>The signed message is 64 bytes: {@code SHA-256(JCS(proofConfig)) ‖ SHA-256(JCS(document))},
 * where {@code document} is the secured document without its {@code proof} member, {@code
 * proofConfig} is the proof without {@code proofValue} (given the document's {@code @context}, if
 * it has one, §3.3.5), and JCS is RFC 8785. The signature is Ed25519 (RFC 8032) and {@code
 * proofValue} is {@code "z" + base58btc(signature)}.
 *
 * <p>Verification is strict: one proof object (no proof sets or chains); its members only {@code
 * type}, {@code cryptosuite}, {@code created}, {@code verificationMethod}, {@code proofPurpose},
 * {@code proofValue} and {@code @context}; {@code type} {@code DataIntegrityProof}; {@code
 * cryptosuite} {@code eddsa-jcs-2022}; the verification method a {@code did:key} Ed25519 key.
 */
public final class EddsaJcs2022 {
  /** The proof type. */
  public static final String TYPE = "DataIntegrityProof";

  /** The cryptosuite identifier. */
  public static final String CRYPTOSUITE = "eddsa-jcs-2022";

  private static final Set<String> PROOF_MEMBERS =
      Set.of(
          "type",
          "cryptosuite",
          "created",
          "verificationMethod",
          "proofPurpose",
          "proofValue",
          "@context");

  /**
   * Parsed verification methods. Parsing a did:key validates the point fully (an order check, which
   * costs about as much as a signature verification), and a ledger sees the same few institution
   * keys over and over, so each distinct string is parsed once. Bounded: cleared when full.
   */
  private static final int KEY_CACHE_MAX = 4096;

  private static final ConcurrentHashMap<String, Ed25519PublicKey> KEY_CACHE =
      new ConcurrentHashMap<>();

  private EddsaJcs2022() {}

  private static Ed25519PublicKey keyOf(String verificationMethod) throws KeyFormatException {
    Ed25519PublicKey k = KEY_CACHE.get(verificationMethod);
    if (k == null) {
      k = Ed25519PublicKey.fromVerificationMethod(verificationMethod);
      if (KEY_CACHE.size() >= KEY_CACHE_MAX) {
        KEY_CACHE.clear();
      }
      KEY_CACHE.put(verificationMethod, k);
    }
    return k;
  }

  /**
   * What a proof claims, read without checking the signature.
   *
   * @param signer the key named by {@code verificationMethod}
   * @param verificationMethod the {@code verificationMethod} as written
   * @param proofPurpose for example {@code assertionMethod}
   * @param created the {@code created} timestamp as written, or null if absent
   */
  public record ProofClaims(
      Ed25519PublicKey signer, String verificationMethod, String proofPurpose, String created) {
    /**
     * Checks the fields.
     *
     * @param signer the key named by {@code verificationMethod}
     * @param verificationMethod the {@code verificationMethod} as written
     * @param proofPurpose for example {@code assertionMethod}
     * @param created the {@code created} timestamp as written, or null if absent
     */
    public ProofClaims {
      Objects.requireNonNull(signer, "signer");
      Objects.requireNonNull(verificationMethod, "verificationMethod");
      Objects.requireNonNull(proofPurpose, "proofPurpose");
    }
  }

  /**
   * Signs a document: returns a copy with a {@code proof} member added (§3.3.1 Create Proof).
   *
   * @param unsecured the document, a JSON object without a {@code proof} member
   * @param key the signing key; the proof names its public key as a did:key verification method
   * @param created the proof's {@code created} timestamp (RFC 3339, for example {@code
   *     2026-11-27T09:30:00Z}), or null to leave it out
   * @param proofPurpose for example {@code assertionMethod}
   * @return the secured document
   * @throws IllegalArgumentException if the document already has a proof or {@code created} is not
   *     a timestamp
   */
  public static ObjectNode sign(
      ObjectNode unsecured, Ed25519PrivateKey key, String created, String proofPurpose) {
    if (unsecured.has("proof")) {
      throw new IllegalArgumentException("document already has a proof");
    }
    if (created != null) {
      checkTimestamp(created);
    }
    ObjectNode config = JsonNodeFactory.instance.objectNode();
    config.put("type", TYPE);
    config.put("cryptosuite", CRYPTOSUITE);
    if (created != null) {
      config.put("created", created);
    }
    config.put("verificationMethod", key.publicKey().toVerificationMethod());
    config.put("proofPurpose", Objects.requireNonNull(proofPurpose, "proofPurpose"));
    if (unsecured.has("@context")) {
      config.set("@context", unsecured.get("@context").deepCopy());
    }
    byte[] signature = key.sign(hashData(config, unsecured).toByteArray());
    ObjectNode proof = config.deepCopy();
    proof.put("proofValue", Base58.encodeMultibase(signature));
    ObjectNode secured = unsecured.deepCopy();
    secured.set("proof", proof);
    return secured;
  }

  /**
   * Computes the message an {@code eddsa-jcs-2022} proof signs (§3.3.4 Hashing).
   *
   * @param proofConfig the proof configuration (the proof without {@code proofValue})
   * @param unsecured the document without its proof
   * @return {@code SHA-256(JCS(proofConfig)) ‖ SHA-256(JCS(unsecured))}, 64 bytes
   */
  public static Bytes hashData(JsonNode proofConfig, JsonNode unsecured) {
    MessageDigest md = Hash.newSha256();
    byte[] out = new byte[64];
    System.arraycopy(md.digest(Jcs.canonicalize(proofConfig)), 0, out, 0, 32);
    System.arraycopy(md.digest(Jcs.canonicalize(unsecured)), 0, out, 32, 32);
    return Bytes.copyFrom(out);
  }

  /**
   * Reads what a secured document's proof claims, checking its shape but not its signature.
   *
   * @param secured the secured document
   * @return the claims: signer key, verification method, purpose, created
   * @throws DataIntegrityException if the proof is missing or malformed
   */
  public static ProofClaims readProof(JsonNode secured) throws DataIntegrityException {
    ObjectNode proof = proofOf(secured);
    return claims(proof);
  }

  private static ProofClaims claims(ObjectNode proof) throws DataIntegrityException {
    String vm = text(proof, "verificationMethod");
    Ed25519PublicKey signer;
    try {
      signer = keyOf(vm);
    } catch (KeyFormatException e) {
      throw new DataIntegrityException("proof.verificationMethod: " + e.getMessage(), e);
    }
    String created = null;
    if (proof.has("created")) {
      created = text(proof, "created");
      try {
        checkTimestamp(created);
      } catch (IllegalArgumentException e) {
        throw new DataIntegrityException("proof.created: " + e.getMessage(), e);
      }
    }
    return new ProofClaims(signer, vm, text(proof, "proofPurpose"), created);
  }

  /**
   * Verifies a secured document's proof (§3.3.2 Verify Proof) against the key the caller expects.
   *
   * <p>Success is returning normally. The caller decides beforehand, from {@link
   * #readProof(JsonNode)}, whether the named key may sign this document.
   *
   * @param secured the secured document
   * @param expected the key that must have made the proof
   * @throws DataIntegrityException if the proof is malformed, names another key, or its signature
   *     does not verify
   */
  public static void verify(JsonNode secured, Ed25519PublicKey expected)
      throws DataIntegrityException {
    ObjectNode proof = proofOf(secured);
    ProofClaims claims = claims(proof);
    if (!claims.signer().equals(expected)) {
      throw new DataIntegrityException(
          String.format(
              Locale.ROOT,
              "proof: want a proof by %s, got one by %s",
              expected.toDidKey(),
              claims.signer().toDidKey()));
    }
    byte[] signature;
    try {
      signature = Base58.decodeMultibase(text(proof, "proofValue"));
    } catch (EncodingException e) {
      throw new DataIntegrityException("proof.proofValue: " + e.getMessage(), e);
    }
    // Shallow copies: the members are shared, never changed.
    ObjectNode unsecured = without((ObjectNode) secured, "proof");
    ObjectNode config = without(proof, "proofValue");
    if (config.has("@context")) {
      checkContextPrefix(secured.get("@context"), config.get("@context"));
      unsecured.set("@context", config.get("@context"));
    }
    try {
      expected.verify(hashData(config, unsecured).toByteArray(), signature);
    } catch (SignatureVerificationException e) {
      throw new DataIntegrityException("proof: signature does not verify: " + e.getMessage(), e);
    }
  }

  private static ObjectNode without(ObjectNode o, String name) {
    ObjectNode copy = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> e : o.properties()) {
      if (!e.getKey().equals(name)) {
        copy.set(e.getKey(), e.getValue());
      }
    }
    return copy;
  }

  private static ObjectNode proofOf(JsonNode secured) throws DataIntegrityException {
    if (secured == null || !secured.isObject()) {
      throw new DataIntegrityException("want a JSON object as the secured document");
    }
    JsonNode p = secured.get("proof");
    if (p == null) {
      throw new DataIntegrityException("document has no proof");
    }
    if (!p.isObject()) {
      throw new DataIntegrityException(
          "proof: want one proof object, got " + p.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    ObjectNode proof = (ObjectNode) p;
    for (Iterator<String> it = proof.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!PROOF_MEMBERS.contains(name)) {
        throw new DataIntegrityException("proof: unknown member \"" + name + "\"");
      }
    }
    String type = text(proof, "type");
    if (!type.equals(TYPE)) {
      throw new DataIntegrityException("proof.type: want " + TYPE + ", got " + type);
    }
    String suite = text(proof, "cryptosuite");
    if (!suite.equals(CRYPTOSUITE)) {
      throw new DataIntegrityException("proof.cryptosuite: want " + CRYPTOSUITE + ", got " + suite);
    }
    return proof;
  }

  private static String text(ObjectNode o, String name) throws DataIntegrityException {
    JsonNode v = o.get(name);
    if (v == null) {
      throw new DataIntegrityException("proof: missing " + name);
    }
    if (!v.isTextual()) {
      throw new DataIntegrityException(
          "proof."
              + name
              + ": want a string, got "
              + v.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    return v.textValue();
  }

  private static void checkContextPrefix(JsonNode documentContext, JsonNode proofContext)
      throws DataIntegrityException {
    ArrayNode doc = asArray(documentContext);
    ArrayNode prf = asArray(proofContext);
    if (doc == null || prf == null || prf.size() > doc.size()) {
      throw new DataIntegrityException(
          "proof.@context: want a prefix of the document's @context, got " + proofContext);
    }
    for (int i = 0; i < prf.size(); i++) {
      if (!prf.get(i).equals(doc.get(i))) {
        throw new DataIntegrityException(
            "proof.@context: want a prefix of the document's @context, got " + proofContext);
      }
    }
  }

  private static ArrayNode asArray(JsonNode context) {
    if (context == null) {
      return null;
    }
    if (context.isArray()) {
      return (ArrayNode) context;
    }
    return JsonNodeFactory.instance.arrayNode().add(context);
  }

  private static void checkTimestamp(String t) {
    try {
      OffsetDateTime.parse(t);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("want an RFC 3339 timestamp, got \"" + t + "\"", e);
    }
  }
}
