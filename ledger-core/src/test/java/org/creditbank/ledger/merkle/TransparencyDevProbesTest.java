package org.creditbank.ledger.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.creditbank.ledger.Vectors;
import org.creditbank.ledger.util.Bytes;
import org.creditbank.ledger.util.Hash;
import org.junit.jupiter.api.Test;

/**
 * The inclusion and consistency verification probes of transparency-dev/merkle {@code testdata/},
 * each with its expected verdict.
 */
class TransparencyDevProbesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * Probes whose verdict differs from upstream, with the exact rejection message. Upstream hashes
   * are untyped byte slices, so it accepts equal 12-byte "roots" when size1 == size2; here a root
   * must be a 32-byte SHA-256 digest before anything is compared.
   */
  private static final Map<String, String> DEVIATIONS =
      Map.of(
          "consistency/additional/sizes-are-equal-one-and-proof-is-empty.json",
          "root1 has 12 bytes, want 32");

  /** A probe's verdict: null when accepted, else the rejection message. */
  private static String inclusionVerdict(JsonNode p) {
    try {
      long index = unsigned(p.get("leafIdx"));
      long size = unsigned(p.get("treeSize"));
      Hash leaf = ProofVerifier.decodeHash("leaf hash", bytes(p.get("leafHash")));
      Hash root = ProofVerifier.decodeHash("root", bytes(p.get("root")));
      List<Hash> proof = ProofVerifier.decodeProof(proofBytes(p.get("proof")));
      ProofVerifier.verifyInclusion(index, size, leaf, proof, root);
      return null;
    } catch (ProofException e) {
      return e.getMessage();
    }
  }

  private static String consistencyVerdict(JsonNode p) {
    try {
      long size1 = unsigned(p.get("size1"));
      long size2 = unsigned(p.get("size2"));
      Hash root1 = ProofVerifier.decodeHash("root1", bytes(p.get("root1")));
      Hash root2 = ProofVerifier.decodeHash("root2", bytes(p.get("root2")));
      List<Hash> proof = ProofVerifier.decodeProof(proofBytes(p.get("proof")));
      ProofVerifier.verifyConsistency(size1, size2, proof, root1, root2);
      return null;
    } catch (ProofException e) {
      return e.getMessage();
    }
  }

  /** Reads a JSON integer as unsigned 64-bit, never through a double. */
  private static long unsigned(JsonNode n) {
    if (!n.isIntegralNumber()) {
      throw new IllegalArgumentException("want an integer, got " + n);
    }
    return Long.parseUnsignedLong(n.bigIntegerValue().toString());
  }

  private static Bytes bytes(JsonNode n) {
    return Bytes.copyFrom(Base64.getDecoder().decode(n.asText()));
  }

  private static List<Bytes> proofBytes(JsonNode n) {
    List<Bytes> out = new ArrayList<>();
    if (n != null && !n.isNull()) {
      for (JsonNode h : n) {
        out.add(bytes(h));
      }
    }
    return out;
  }

  private static List<Path> probeFiles(String kind) throws IOException {
    Path dir = Vectors.path("merkle/transparency-dev-testdata/" + kind);
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
  }

  private static int runProbes(String kind, List<String> failures, List<String> deviationsSeen)
      throws IOException {
    Path base = Vectors.path("merkle/transparency-dev-testdata");
    int ran = 0;
    for (Path f : probeFiles(kind)) {
      ran++;
      String name = base.relativize(f).toString().replace('\\', '/');
      JsonNode p = MAPPER.readTree(f.toFile());
      boolean wantErr = p.get("wantErr").asBoolean();
      String verdict = kind.equals("inclusion") ? inclusionVerdict(p) : consistencyVerdict(p);
      String deviation = DEVIATIONS.get(name);
      if (deviation != null) {
        deviationsSeen.add(name);
        if (!deviation.equals(verdict)) {
          failures.add(name + ": want rejection \"" + deviation + "\", got " + verdict);
        }
      } else if (wantErr && verdict == null) {
        failures.add(name + " (" + p.get("desc").asText() + "): accepted, want an error");
      } else if (!wantErr && verdict != null) {
        failures.add(name + " (" + p.get("desc").asText() + "): rejected: " + verdict);
      }
    }
    return ran;
  }

  @Test
  void verifyInclusion_allProbes_expectedVerdicts() throws IOException {
    List<String> failures = new ArrayList<>();
    List<String> deviations = new ArrayList<>();
    int ran = runProbes("inclusion", failures, deviations);
    assertEquals(List.of(), failures);
    assertEquals(98, ran);
    assertEquals(List.of(), deviations);
  }

  @Test
  void verifyConsistency_allProbes_expectedVerdicts() throws IOException {
    List<String> failures = new ArrayList<>();
    List<String> deviations = new ArrayList<>();
    int ran = runProbes("consistency", failures, deviations);
    assertEquals(List.of(), failures);
    assertEquals(98, ran);
    assertEquals(List.copyOf(DEVIATIONS.keySet()), deviations);
  }

  @Test
  void verifyInclusion_leafIndexTwoToThe64MinusOne_rejectedWithUnsignedMessage()
      throws IOException {
    JsonNode p =
        MAPPER.readTree(
            Vectors.path("merkle/transparency-dev-testdata/inclusion/0/leafIdx-sub-@1.json")
                .toFile());
    assertEquals(-1L, unsigned(p.get("leafIdx")));
    assertEquals("index 18446744073709551615 is beyond size 1", inclusionVerdict(p));
  }

  @Test
  void verifyInclusion_garbageProofHash_rejectedWithLengthMessage() throws IOException {
    JsonNode p =
        MAPPER.readTree(
            Vectors.path("merkle/transparency-dev-testdata/inclusion/1/trailing-garbage.json")
                .toFile());
    assertEquals("proof hash 3 has 0 bytes, want 32", inclusionVerdict(p));
  }

  @Test
  void verifyConsistency_sizesZero_rejected() throws IOException {
    JsonNode p =
        MAPPER.readTree(
            Vectors.path(
                    "merkle/transparency-dev-testdata/consistency/additional/"
                        + "sizes-match-but-proof-is-not-empty-and-sizes-are-zero.json")
                .toFile());
    assertEquals(
        "size1 is 0, want > 0: a consistency proof from the empty tree is meaningless",
        consistencyVerdict(p));
  }
}
