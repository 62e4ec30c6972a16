package org.creditbank.ledger.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.creditbank.ledger.util.Hex;
import org.junit.jupiter.api.Test;

/** Regression tests: parse errors of private keys must not quote key material. */
class PrivateKeyLeakTest {
  private static final String SEED =
      "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

  /** Every 8-character substring of {@code secret} that occurs in {@code message}. */
  private static List<String> leaked(String message, String secret) {
    List<String> found = new ArrayList<>();
    for (int i = 0; i + 8 <= secret.length(); i++) {
      String part = secret.substring(i, i + 8);
      if (message.contains(part)) {
        found.add(part);
      }
    }
    return found;
  }

  @Test
  void fromPem_collapsedNewlinesOrMissingFooter_messageHasNoKeyMaterial() {
    String pem = Ed25519PrivateKey.fromSeed(Hex.decode(SEED)).toPem();
    String body = pem.substring(pem.indexOf('\n') + 1, pem.indexOf("\n-----END"));
    String[] inputs = {
      pem.replace("\n", " "),
      pem.substring(0, pem.indexOf("-----END")),
      pem.replace("\n-----END", "-----END"),
      pem.replace("-----BEGIN PRIVATE KEY-----\n", "-----BEGIN PRIVATE KEY-----"),
    };
    String[] want = {
      "PEM: want first line \"-----BEGIN PRIVATE KEY-----\", got a different line of 118"
          + " characters",
      "PEM: want final line \"-----END PRIVATE KEY-----\", got line 2 of 64 characters",
      "PEM: want final line \"-----END PRIVATE KEY-----\", got line 2 of 89 characters",
      "PEM: want first line \"-----BEGIN PRIVATE KEY-----\", got a different line of 91"
          + " characters",
    };
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < inputs.length; i++) {
      String pemText = inputs[i];
      String msg =
          assertThrows(KeyFormatException.class, () -> Ed25519PrivateKey.fromPem(pemText))
              .getMessage();
      if (!leaked(msg, body).isEmpty()) {
        failures.add("case " + i + " leaks " + leaked(msg, body));
      }
      if (!msg.equals(want[i])) {
        failures.add("case " + i + ": " + msg);
      }
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void fromMultibase_wrongPrefix_messageHasNoSeedBytes() {
    // The first two bytes of the seed stand where the prefix should be.
    String mb = Base58.encodeMultibase(Hex.decode("9d61" + SEED));
    String msg =
        assertThrows(KeyFormatException.class, () -> Ed25519PrivateKey.fromMultibase(mb))
            .getMessage();
    assertEquals("private Multikey: want multicodec prefix 0x8026 (ed25519-priv)", msg);
  }
}
