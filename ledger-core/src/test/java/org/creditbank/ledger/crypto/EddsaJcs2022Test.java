package org.creditbank.ledger.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.creditbank.ledger.Vectors;
import org.creditbank.ledger.json.Jcs;
import org.creditbank.ledger.json.StrictJson;
import org.creditbank.ledger.util.Hash;
import org.creditbank.ledger.util.Hex;
import org.junit.jupiter.api.Test;

class EddsaJcs2022Test {
  private static final String DIR = "di-eddsa-jcs-2022/";

  private static String text(String name) throws IOException {
    return Files.readString(Vectors.path(DIR + name), StandardCharsets.UTF_8).strip();
  }

  private static ObjectNode json(String name) throws Exception {
    byte[] b = Files.readAllBytes(Vectors.path(DIR + name));
    return (ObjectNode) StrictJson.withDefaults().parse(b);
  }

  private static Ed25519PrivateKey vectorKey() throws Exception {
    return Ed25519PrivateKey.fromMultibase(
        json("keyPair.json").get("privateKeyMultibase").textValue());
  }

  @Test
  void intermediates_w3cVectors_reproduceEveryValue() throws Exception {
    ObjectNode unsigned = json("unsigned.json");
    ObjectNode config = json("proofConfigJCS.json");
    byte[] canonDoc = Jcs.canonicalize(unsigned);
    byte[] canonProof = Jcs.canonicalize(config);
    assertEquals(text("canonDocJCS.txt"), new String(canonDoc, StandardCharsets.UTF_8));
    assertEquals(text("proofCanonJCS.txt"), new String(canonProof, StandardCharsets.UTF_8));
    assertEquals(text("docHashJCS.txt"), Hash.sha256(canonDoc).toHex());
    assertEquals(text("proofHashJCS.txt"), Hash.sha256(canonProof).toHex());
    assertEquals(text("combinedHashJCS.txt"), EddsaJcs2022.hashData(config, unsigned).toHex());

    Ed25519PrivateKey key = vectorKey();
    assertEquals(
        json("keyPair.json").get("publicKeyMultibase").textValue(), key.publicKey().toMultibase());
    byte[] sig = key.sign(EddsaJcs2022.hashData(config, unsigned).toByteArray());
    assertEquals(text("sigHexJCS.txt"), Hex.encode(sig));
    assertEquals(text("sigBTC58JCS.txt"), Base58.encodeMultibase(sig));
  }

  @Test
  void sign_w3cUnsignedDocument_equalsSignedVector() throws Exception {
    ObjectNode signed =
        EddsaJcs2022.sign(
            json("unsigned.json"), vectorKey(), "2023-02-24T23:36:38Z", "assertionMethod");
    assertEquals(json("signedJCS.json"), signed);
    assertArrayEquals(Jcs.canonicalize(json("signedJCS.json")), Jcs.canonicalize(signed));
  }

  @Test
  void verify_w3cSignedVector_passes() throws Exception {
    ObjectNode signed = json("signedJCS.json");
    EddsaJcs2022.ProofClaims claims = EddsaJcs2022.readProof(signed);
    assertEquals("assertionMethod", claims.proofPurpose());
    assertEquals("2023-02-24T23:36:38Z", claims.created());
    assertDoesNotThrow(() -> EddsaJcs2022.verify(signed, claims.signer()));
  }

  /** Every way of changing one value of the signed vector: each must make verification fail. */
  @Test
  void verify_anyChangedValueOfSignedVector_fails() throws Exception {
    ObjectNode signed = json("signedJCS.json");
    Ed25519PublicKey key = vectorKey().publicKey();
    List<String> paths = new ArrayList<>();
    collectStringPaths(signed, "", paths);
    List<String> failures = new ArrayList<>();
    int tried = 0;
    for (String path : paths) {
      if (path.equals("/proof/verificationMethod")) {
        continue; // changing it names another key: covered by its own test
      }
      for (Consumer<ObjectNode> change : changesAt(path)) {
        ObjectNode copy = signed.deepCopy();
        change.accept(copy);
        tried++;
        try {
          EddsaJcs2022.verify(copy, key);
          failures.add(path + " changed, still verifies: " + copy.at(path));
        } catch (DataIntegrityException expected) {
          // what we want
        }
      }
    }
    assertEquals(2 * (paths.size() - 1), tried);
    assertTrue(tried >= 30, "want at least 30 changes, got " + tried);
    assertEquals(List.of(), failures);
  }

  private static List<Consumer<ObjectNode>> changesAt(String path) {
    int cut = path.lastIndexOf('/');
    String parent = path.substring(0, cut);
    String last = path.substring(cut + 1);
    Consumer<ObjectNode> append =
        doc -> replace(doc.at(parent), last, doc.at(path).textValue() + "x");
    Consumer<ObjectNode> remove = doc -> removeAt(doc.at(parent), last);
    return List.of(append, remove);
  }

  private static void replace(JsonNode parent, String last, String value) {
    if (parent.isArray()) {
      ((ArrayNode) parent).set(Integer.parseInt(last), TextNode.valueOf(value));
    } else {
      ((ObjectNode) parent).put(last, value);
    }
  }

  private static void removeAt(JsonNode parent, String last) {
    if (parent.isArray()) {
      ((ArrayNode) parent).remove(Integer.parseInt(last));
    } else {
      ((ObjectNode) parent).remove(last);
    }
  }

  private static void collectStringPaths(JsonNode node, String prefix, List<String> out) {
    if (node.isTextual()) {
      out.add(prefix);
    } else if (node.isObject()) {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        collectStringPaths(node.get(name), prefix + "/" + name, out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collectStringPaths(node.get(i), prefix + "/" + i, out);
      }
    }
  }

  @Test
  void verify_addedMember_fails() throws Exception {
    ObjectNode signed = json("signedJCS.json");
    signed.put("extra", "x");
    DataIntegrityException e =
        assertThrows(
            DataIntegrityException.class,
            () -> EddsaJcs2022.verify(signed, vectorKey().publicKey()));
    assertTrue(e.getMessage().startsWith("proof: signature does not verify"), e.getMessage());
  }

  @Test
  void verify_otherKey_failsNamingBothKeys() throws Exception {
    ObjectNode signed = json("signedJCS.json");
    Ed25519PublicKey other = Ed25519PrivateKey.fromSeed(new byte[32]).publicKey();
    DataIntegrityException e =
        assertThrows(DataIntegrityException.class, () -> EddsaJcs2022.verify(signed, other));
    assertEquals(
        "proof: want a proof by "
            + other.toDidKey()
            + ", got one by "
            + vectorKey().publicKey().toDidKey(),
        e.getMessage());
  }

  @Test
  void readProof_malformedProofs_failWithPreciseMessages() throws Exception {
    ObjectNode base = json("signedJCS.json");
    assertMessage("document has no proof", doc -> doc.remove("proof"), base);
    assertMessage(
        "proof: want one proof object, got array",
        doc -> doc.set("proof", JsonNodeFactory.instance.arrayNode().add(doc.get("proof"))),
        base);
    assertMessage(
        "proof: unknown member \"nonce\"",
        doc -> ((ObjectNode) doc.get("proof")).put("nonce", "1"),
        base);
    assertMessage(
        "proof.type: want DataIntegrityProof, got Ed25519Signature2020",
        doc -> ((ObjectNode) doc.get("proof")).put("type", "Ed25519Signature2020"),
        base);
    assertMessage(
        "proof.cryptosuite: want eddsa-jcs-2022, got eddsa-rdfc-2022",
        doc -> ((ObjectNode) doc.get("proof")).put("cryptosuite", "eddsa-rdfc-2022"),
        base);
    assertMessage(
        "proof: missing proofPurpose",
        doc -> ((ObjectNode) doc.get("proof")).remove("proofPurpose"),
        base);
    assertMessage(
        "proof.created: want an RFC 3339 timestamp, got \"yesterday\"",
        doc -> ((ObjectNode) doc.get("proof")).put("created", "yesterday"),
        base);
    assertMessage(
        "proof.proofPurpose: want a string, got number",
        doc -> ((ObjectNode) doc.get("proof")).put("proofPurpose", 1),
        base);
  }

  private static void assertMessage(String want, Consumer<ObjectNode> change, ObjectNode base) {
    ObjectNode doc = base.deepCopy();
    change.accept(doc);
    DataIntegrityException e =
        assertThrows(DataIntegrityException.class, () -> EddsaJcs2022.readProof(doc));
    assertEquals(want, e.getMessage());
  }

  @Property(tries = 50)
  void signThenVerify_randomDocuments_roundTripAndBitFlipFails(
      @ForAll @StringLength(max = 40) String value, @ForAll byte[] seed) throws Exception {
    byte[] s = new byte[32];
    System.arraycopy(seed, 0, s, 0, Math.min(seed.length, 32));
    Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(s);
    ObjectNode doc = JsonNodeFactory.instance.objectNode();
    doc.put("type", "achievement.recorded");
    doc.put("value", value);
    ObjectNode signed = EddsaJcs2022.sign(doc, key, "2026-11-27T09:30:00Z", "assertionMethod");
    EddsaJcs2022.verify(signed, key.publicKey());
    ObjectNode changed = signed.deepCopy();
    changed.put("value", value + "!");
    assertThrows(DataIntegrityException.class, () -> EddsaJcs2022.verify(changed, key.publicKey()));
  }
}
