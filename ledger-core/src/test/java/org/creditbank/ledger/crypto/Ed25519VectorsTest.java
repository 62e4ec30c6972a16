package org.creditbank.ledger.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.creditbank.ledger.Vectors;
import org.creditbank.ledger.util.Hex;
import org.junit.jupiter.api.Test;

class Ed25519VectorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode read(String path) throws IOException {
    return JSON.readTree(Files.readString(Vectors.path(path)));
  }

  @Test
  void rfc8032Section71_allVectors_deriveSignAndVerify() throws Exception {
    JsonNode root = read("ed25519/rfc8032_section7.1_ed25519.json");
    List<String> failures = new ArrayList<>();
    int count = 0;
    for (JsonNode v : root.get("vectors")) {
      count++;
      String name = v.get("name").asText();
      byte[] seed = Hex.decode(v.get("secretKey").asText());
      byte[] message = Hex.decode(v.get("message").asText());
      String wantPub = v.get("publicKey").asText();
      String wantSig = v.get("signature").asText();
      Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(seed);
      if (!key.publicKey().bytes().toHex().equals(wantPub)) {
        failures.add(name + ": public key " + key.publicKey().bytes().toHex());
      }
      byte[] sig = key.sign(message);
      if (!Hex.encode(sig).equals(wantSig)) {
        failures.add(name + ": signature " + Hex.encode(sig));
      }
      try {
        Ed25519PublicKey.fromBytes(Hex.decode(wantPub)).verify(message, Hex.decode(wantSig));
      } catch (KeyFormatException | SignatureVerificationException e) {
        failures.add(name + ": verify: " + e.getMessage());
      }
    }
    assertEquals(5, count);
    assertEquals(List.of(), failures);
  }

  @Test
  void wycheproof_all151Cases_expectedVerdict() throws Exception {
    JsonNode root = read("ed25519/wycheproof_ed25519_test.json");
    List<String> failures = new ArrayList<>();
    int count = 0;
    int valid = 0;
    for (JsonNode group : root.get("testGroups")) {
      byte[] pk = Hex.decode(group.get("publicKey").get("pk").asText());
      for (JsonNode t : group.get("tests")) {
        count++;
        int id = t.get("tcId").asInt();
        boolean wantValid = t.get("result").asText().equals("valid");
        valid += wantValid ? 1 : 0;
        byte[] msg = Hex.decode(t.get("msg").asText());
        byte[] sig = Hex.decode(t.get("sig").asText());
        String got;
        try {
          Ed25519PublicKey.fromBytes(pk).verify(msg, sig);
          got = "valid";
        } catch (KeyFormatException | SignatureVerificationException e) {
          got = "invalid (" + e.getMessage() + ")";
        }
        if (wantValid != got.equals("valid")) {
          failures.add("tcId " + id + " " + t.get("comment").asText() + ": got " + got);
        }
      }
    }
    assertEquals(151, count);
    assertEquals(88, valid);
    assertEquals(List.of(), failures);
  }

  @Test
  void verify_wycheproofTcId151NonCanonicalR_rejectedWithReason() throws Exception {
    Ed25519PublicKey key =
        Ed25519PublicKey.fromBytes(
            Hex.decode("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
    byte[] sig =
        Hex.decode(
            "0100000000000000000000000000000000000000000000000000000000000080"
                + "c803ee1f2342aa96ff698a393d1ab5e66f3eda101d6d120b394c3fd32c117d0a");
    SignatureVerificationException e =
        assertThrows(
            SignatureVerificationException.class,
            () -> key.verify(Hex.decode("313233343030"), sig));
    assertEquals(
        "want a canonical encoding of signature R, got x = 0 with the sign bit set",
        e.getMessage());
  }

  @Test
  void diEddsaKeyPair_multibaseKeys_matchEachOther() throws Exception {
    JsonNode root = read("di-eddsa-jcs-2022/keyPair.json");
    String pub = root.get("publicKeyMultibase").asText();
    Ed25519PrivateKey key =
        Ed25519PrivateKey.fromMultibase(root.get("privateKeyMultibase").asText());
    Ed25519PublicKey parsed = Ed25519PublicKey.fromMultibase(pub);
    assertEquals(parsed, key.publicKey());
    assertEquals(pub, key.publicKey().toMultibase());
    assertEquals("did:key:" + pub, key.publicKey().toDidKey());
    assertEquals(parsed, Ed25519PublicKey.fromDidKey("did:key:" + pub));
    assertEquals(parsed, Ed25519PublicKey.fromVerificationMethod("did:key:" + pub + "#" + pub));
  }

  @Test
  void diEddsaSignature_knownSignature_reproducedAndVerifies() throws Exception {
    JsonNode root = read("di-eddsa-jcs-2022/keyPair.json");
    Ed25519PrivateKey key =
        Ed25519PrivateKey.fromMultibase(root.get("privateKeyMultibase").asText());
    byte[] message =
        Hex.decode(Files.readString(Vectors.path("di-eddsa-jcs-2022/combinedHashJCS.txt")).strip());
    String sigHex = Files.readString(Vectors.path("di-eddsa-jcs-2022/sigHexJCS.txt")).strip();
    String sigB58 = Files.readString(Vectors.path("di-eddsa-jcs-2022/sigBTC58JCS.txt")).strip();
    assertEquals(sigHex, Hex.encode(key.sign(message)));
    assertArrayEquals(Hex.decode(sigHex), Base58.decodeMultibase(sigB58));
    key.publicKey().verify(message, Hex.decode(sigHex));
  }
}
