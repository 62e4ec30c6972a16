package org.creditbank.ledger.bank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.json.JsonFormatException;
import org.creditbank.ledger.json.StrictJson;

/** Fixed keys and helpers shared by the bank tests. */
final class TestKeys {
  static final String LEDGER = "creditbank.example/city-a";
  static final String ACTOR = "UNIV-0001";

  private TestKeys() {}

  static Ed25519PrivateKey seeded(int b) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) b);
    return Ed25519PrivateKey.fromSeed(seed);
  }

  static ObjectNode tree(byte[] json) {
    try {
      JsonNode n = StrictJson.withDefaults().parse(json);
      return (ObjectNode) n;
    } catch (JsonFormatException e) {
      throw new AssertionError(e);
    }
  }
}
