package org.creditbank.ledger.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.creditbank.ledger.Vectors;
import org.creditbank.ledger.util.Hash;
import org.creditbank.ledger.util.Hex;
import org.creditbank.ledger.util.LedgerException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The 8-leaf RFC 6962 reference tree of transparency-dev/merkle, reproduced exactly. */
class ReferenceTreeVectorsTest {
  private static JsonNode vectors;
  private static List<Hash> leafHashes;
  private static ListNodeSource source;

  @BeforeAll
  static void load() throws IOException {
    vectors =
        new ObjectMapper().readTree(Vectors.path("merkle/rfc6962_reference_tree.json").toFile());
    leafHashes = new ArrayList<>();
    for (JsonNode leaf : vectors.get("leaves")) {
      leafHashes.add(Rfc6962.leafHash(Hex.decode(leaf.asText())));
    }
    source = new ListNodeSource(leafHashes);
  }

  private static List<Hash> hashes(JsonNode array) {
    List<Hash> out = new ArrayList<>();
    for (JsonNode h : array) {
      out.add(Hash.fromHex(h.asText()));
    }
    return out;
  }

  @Test
  void hasher_vectors_reproduced() {
    List<String> failures = new ArrayList<>();
    int ran = 0;
    for (JsonNode v : vectors.get("hasherVectors")) {
      ran++;
      Hash want = Hash.fromHex(v.get("want").asText());
      Hash got =
          switch (v.get("kind").asText()) {
            case "emptyRoot" -> Rfc6962.emptyRoot();
            case "leaf" -> Rfc6962.leafHash(Hex.decode(v.get("dataHex").asText()));
            case "node" ->
                Rfc6962.nodeHash(
                    Hex.decode(v.get("leftHex").asText()), Hex.decode(v.get("rightHex").asText()));
            default -> null;
          };
      if (!want.equals(got)) {
        failures.add(v.get("desc").asText() + ": got " + got);
      }
    }
    assertEquals(List.of(), failures);
    assertEquals(4, ran);
  }

  @Test
  void nodeHash_ofHashes_equalsBytePrefixedDigest() {
    Hash l = leafHashes.get(0);
    Hash r = leafHashes.get(1);
    assertEquals(
        Hash.sha256(new byte[] {1}, l.toByteArray(), r.toByteArray()), Rfc6962.nodeHash(l, r));
    assertEquals(Rfc6962.nodeHash(l.toByteArray(), r.toByteArray()), Rfc6962.nodeHash(l, r));
  }

  @Test
  void nodeHashes_everySubtree_reproduced() throws LedgerException {
    List<String> failures = new ArrayList<>();
    int ran = 0;
    JsonNode levels = vectors.get("nodeHashes");
    for (int level = 0; level < levels.size(); level++) {
      for (int index = 0; index < levels.get(level).size(); index++) {
        ran++;
        Hash want = Hash.fromHex(levels.get(level).get(index).asText());
        Hash got = source.node(level, index);
        Hash viaRoot =
            MerkleTree.rangeHash((long) index << level, (long) (index + 1) << level, source);
        if (!want.equals(got) || !want.equals(viaRoot)) {
          failures.add(
              String.format(Locale.ROOT, "(%d,%d): got %s / %s", level, index, got, viaRoot));
        }
      }
    }
    assertEquals(List.of(), failures);
    assertEquals(8 + 4 + 2 + 1, ran);
  }

  @Test
  void roots_everySize_reproducedByTreeAndCompactRange() throws LedgerException {
    List<String> failures = new ArrayList<>();
    JsonNode roots = vectors.get("roots");
    CompactRange range = CompactRange.empty();
    for (int size = 0; size < roots.size(); size++) {
      Hash want = Hash.fromHex(roots.get(size).asText());
      Hash got = MerkleTree.root(size, source);
      if (!want.equals(got) || !want.equals(range.root())) {
        failures.add(String.format(Locale.ROOT, "size %d: got %s / %s", size, got, range.root()));
      }
      if (size < leafHashes.size()) {
        range.append(leafHashes.get(size), (level, index, hash) -> {});
      }
    }
    assertEquals(List.of(), failures);
    assertEquals(9, roots.size());
  }

  @Test
  void inclusionProofs_generatedExactly_andVerify() throws LedgerException {
    List<String> failures = new ArrayList<>();
    int ran = 0;
    for (JsonNode v : vectors.get("inclusionProofs")) {
      ran++;
      long index = v.get("leafIndex").asLong();
      long size = v.get("treeSize").asLong();
      List<Hash> want = hashes(v.get("proof"));
      List<Hash> got = MerkleTree.inclusionProof(index, size, source);
      if (!want.equals(got)) {
        failures.add(String.format(Locale.ROOT, "PATH(%d, %d): got %s", index, size, got));
      }
      try {
        ProofVerifier.verifyInclusion(
            index, size, leafHashes.get((int) index), want, MerkleTree.root(size, source));
      } catch (ProofException e) {
        failures.add(String.format(Locale.ROOT, "PATH(%d, %d): %s", index, size, e.getMessage()));
      }
    }
    assertEquals(List.of(), failures);
    assertEquals(7, ran);
  }

  @Test
  void consistencyProofs_generatedExactly_andVerify() throws LedgerException {
    List<String> failures = new ArrayList<>();
    int ran = 0;
    for (JsonNode v : vectors.get("consistencyProofs")) {
      ran++;
      long size1 = v.get("size1").asLong();
      long size2 = v.get("size2").asLong();
      List<Hash> want = hashes(v.get("proof"));
      List<Hash> got = MerkleTree.consistencyProof(size1, size2, source);
      if (!want.equals(got)) {
        failures.add(String.format(Locale.ROOT, "PROOF(%d, %d): got %s", size1, size2, got));
      }
      try {
        ProofVerifier.verifyConsistency(
            size1, size2, want, MerkleTree.root(size1, source), MerkleTree.root(size2, source));
      } catch (ProofException e) {
        failures.add(String.format(Locale.ROOT, "PROOF(%d, %d): %s", size1, size2, e.getMessage()));
      }
    }
    assertEquals(List.of(), failures);
    assertEquals(4, ran);
  }
}
