package org.creditbank.ledger.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.creditbank.ledger.util.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ed25519PemTest {
  private static final String OPENSSL = "/usr/bin/openssl";
  // SubjectPublicKeyInfo prefix of an Ed25519 key (RFC 8410 §4), followed by the 32 key bytes.
  private static final String SPKI_PREFIX = "302a300506032b6570032100";
  private static final String RFC8032_TEST1_SEED =
      "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

  @TempDir Path dir;

  private static byte[] run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + err);
    }
    return out;
  }

  private static byte[] spkiKey(byte[] der) {
    assertEquals(SPKI_PREFIX, Hex.encode(Arrays.copyOf(der, 12)));
    assertEquals(44, der.length);
    return Arrays.copyOfRange(der, 12, 44);
  }

  @Test
  void fromPem_opensslGeneratedKey_samePublicKey() throws Exception {
    Path pem = dir.resolve("openssl.pem");
    run(OPENSSL, "genpkey", "-algorithm", "ed25519", "-out", pem.toString());
    byte[] opensslPub =
        spkiKey(run(OPENSSL, "pkey", "-in", pem.toString(), "-pubout", "-outform", "DER"));
    String text = Files.readString(pem);
    Ed25519PrivateKey key = Ed25519PrivateKey.fromPem(text);
    assertArrayEquals(opensslPub, key.publicKey().toByteArray());
    assertEquals(text, key.toPem());
  }

  @Test
  void toPem_readByOpenssl_samePublicKeyAndSignature() throws Exception {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(new SecureRandom());
    Path pem = dir.resolve("ours.pem");
    Files.writeString(pem, key.toPem());
    byte[] opensslPub =
        spkiKey(run(OPENSSL, "pkey", "-in", pem.toString(), "-pubout", "-outform", "DER"));
    assertArrayEquals(key.publicKey().toByteArray(), opensslPub);

    byte[] message = "credit bank ledger: deterministic Ed25519\n".getBytes(StandardCharsets.UTF_8);
    Path msg = dir.resolve("message.txt");
    Files.write(msg, message);
    byte[] opensslSig =
        run(OPENSSL, "pkeyutl", "-sign", "-rawin", "-inkey", pem.toString(), "-in", msg.toString());
    assertArrayEquals(key.sign(message), opensslSig);
  }

  @Test
  void toPem_rfc8032Test1Seed_exactOpensslLayout() {
    Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(Hex.decode(RFC8032_TEST1_SEED));
    String der = "302e020100300506032b657004220420" + RFC8032_TEST1_SEED;
    String want =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getEncoder().encodeToString(Hex.decode(der))
            + "\n-----END PRIVATE KEY-----\n";
    assertEquals(want, key.toPem());
  }

  @Test
  void fromPem_version1WithMatchingPublicKey_accepted() throws Exception {
    Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(Hex.decode(RFC8032_TEST1_SEED));
    String der =
        "3051020101300506032b657004220420"
            + RFC8032_TEST1_SEED
            + "812100"
            + key.publicKey().bytes().toHex();
    Ed25519PrivateKey parsed = Ed25519PrivateKey.fromPem(pem(der));
    assertEquals(key.publicKey(), parsed.publicKey());
  }

  private static String pem(String derHex) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(Hex.decode(derHex))
        + "\n-----END PRIVATE KEY-----\n";
  }

  private static String error(String pem) {
    return assertThrows(KeyFormatException.class, () -> Ed25519PrivateKey.fromPem(pem))
        .getMessage();
  }

  @Test
  void fromPem_malformed_preciseErrors() {
    String seed = RFC8032_TEST1_SEED;
    List<String[]> cases =
        List.of(
            new String[] {
              "hello", "PEM: want a line \"-----BEGIN PRIVATE KEY-----\", got no PEM header"
            },
            new String[] {
              "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n",
              "PEM: want first line \"-----BEGIN PRIVATE KEY-----\", got a different line of 30"
                  + " characters"
            },
            new String[] {
              "-----BEGIN PRIVATE KEY-----\nAAAA\n",
              "PEM: want final line \"-----END PRIVATE KEY-----\", got line 2 of 4 characters"
            },
            new String[] {
              "-----BEGIN PRIVATE KEY-----\n",
              "PEM: want final line \"-----END PRIVATE KEY-----\", got only the first line"
            },
            new String[] {
              "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n",
              "PEM: want base64 between the header and footer, got none"
            },
            new String[] {
              "-----BEGIN PRIVATE KEY-----\nA*AA\n-----END PRIVATE KEY-----\n",
              "PEM: want base64 between the header and footer"
            },
            new String[] {
              pem("302e020100300506032b657104220420" + seed),
              "PKCS#8: want algorithm OID 1.3.101.112 (Ed25519), got 1.3.101.113"
            },
            new String[] {
              pem("302d020100300506032b6570042104" + "1f" + seed.substring(2)),
              "PKCS#8: want a 32-byte Ed25519 seed, got 31 bytes"
            },
            new String[] {
              pem("302e020102300506032b657004220420" + seed),
              "PKCS#8: want version 0 or 1, got INTEGER 0x02"
            });
    for (String[] c : cases) {
      assertEquals(c[1], error(c[0]), c[0]);
    }
    assertEquals(
        "PKCS#8: want end of PrivateKeyInfo, got 1 more bytes",
        error(pem("302f020100300506032b657004220420" + seed + "05")));
    assertEquals(
        "PKCS#8: want the publicKey [1] of the seed, got a different public key",
        error(
            pem(
                "3051020101300506032b657004220420"
                    + seed
                    + "812100"
                    + "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c")));
  }
}
