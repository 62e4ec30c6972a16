package org.creditbank.ledger.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.crypto.Ed25519PublicKey;
import org.creditbank.ledger.crypto.EddsaJcs2022;
import org.creditbank.ledger.json.Jcs;
import org.creditbank.ledger.json.StrictJson;
import org.creditbank.ledger.merkle.MerkleTree;
import org.creditbank.ledger.merkle.NodeSource;
import org.creditbank.ledger.merkle.ProofVerifier;
import org.creditbank.ledger.merkle.Rfc6962;
import org.creditbank.ledger.util.Hash;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ledger bench core}: the primitives every append and every proof is made of — Ed25519,
 * {@code eddsa-jcs-2022}, RFC 8785 canonicalization, and RFC 6962 proofs at a million leaves.
 */
@Command(
    name = "core",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the cryptographic and proof primitives on this machine: Ed25519 sign and verify"
          + " (one thread and all cores), eddsa-jcs-2022 verification of a 1 KiB statement,"
          + " RFC 8785 canonicalization, and inclusion proofs in a tree of 1,000,000 leaves.",
      "Each figure is the median of the measured rounds, after a warm-up, with min and max."
    })
public final class CoreBench implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--rounds",
      defaultValue = "5",
      description = "measured rounds (default ${DEFAULT-VALUE})")
  int rounds;

  @Option(
      names = "--seconds",
      defaultValue = "1",
      description = "seconds per round (default ${DEFAULT-VALUE})")
  double seconds;

  @Option(
      names = "--warmup",
      defaultValue = "2",
      description = "warm-up seconds per benchmark (default ${DEFAULT-VALUE})")
  double warmup;

  @Option(
      names = "--leaves",
      defaultValue = "1000000",
      description = "leaves in the proof benchmark's tree (default ${DEFAULT-VALUE})")
  int leaves;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    int cores = Runtime.getRuntime().availableProcessors();
    Harness h = new Harness(warmup, seconds, rounds, out);
    out.printf(
        Locale.ROOT,
        "ledger bench core: %d cores, Java %s, %d rounds of %.1f s after %.1f s warm-up%n",
        cores,
        Runtime.version(),
        rounds,
        seconds,
        warmup);

    Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(seed(1));
    Ed25519PublicKey pub = key.publicKey();
    byte[][] messages = new byte[256][];
    byte[][] signatures = new byte[256][];
    SplittableRandom rnd = new SplittableRandom(7);
    for (int i = 0; i < messages.length; i++) {
      messages[i] = new byte[64];
      for (int j = 0; j < 64; j++) {
        messages[i][j] = (byte) rnd.nextInt(256);
      }
      signatures[i] = key.sign(messages[i]);
    }
    out.println("Ed25519 (64-byte messages):");
    h.measure("sign, 1 thread", "ops/s", 1, i -> key.sign(messages[i & 255])[0]);
    h.measure(
        "verify, 1 thread",
        "ops/s",
        1,
        i -> {
          pub.verify(messages[i & 255], signatures[i & 255]);
          return i;
        });
    h.measureThreads(
        "verify, " + cores + " threads",
        "ops/s",
        1,
        cores,
        i -> {
          pub.verify(messages[i & 255], signatures[i & 255]);
          return i;
        });

    ObjectNode doc = statement(1024 - 330); // the proof adds about 330 bytes
    ObjectNode signed = EddsaJcs2022.sign(doc, key, "2026-11-27T09:30:00Z", "assertionMethod");
    byte[] signedBytes = Jcs.canonicalize(signed);
    StrictJson parser = StrictJson.withDefaults();
    out.printf(
        Locale.ROOT, "eddsa-jcs-2022 (statement of %d bytes, canonical):%n", signedBytes.length);
    h.measure(
        "verify a parsed document, 1 thread",
        "ops/s",
        1,
        i -> {
          EddsaJcs2022.verify(signed, pub);
          return i;
        });
    h.measure(
        "strict parse + verify from bytes, 1 thread",
        "ops/s",
        1,
        i -> {
          JsonNode n = parser.parse(signedBytes);
          EddsaJcs2022.verify(n, pub);
          return n.size();
        });
    h.measureThreads(
        "strict parse + verify from bytes, " + cores + " threads",
        "ops/s",
        1,
        cores,
        i -> {
          JsonNode n = parser.parse(signedBytes);
          EddsaJcs2022.verify(n, pub);
          return n.size();
        });

    out.println("RFC 8785 canonicalization (output MB/s, 1 thread):");
    int small = Jcs.canonicalize(signed).length;
    h.measure("1 KiB statement", "MB/s", small / 1e6, i -> Jcs.canonicalize(signed).length);
    ObjectNode big = mixed(60_000);
    int bigLen = Jcs.canonicalize(big).length;
    h.measure(
        String.format(Locale.ROOT, "%d KiB mixed document", bigLen / 1024),
        "MB/s",
        bigLen / 1e6,
        i -> Jcs.canonicalize(big).length);
    h.measure(
        "1 KiB statement, strict parse",
        "MB/s",
        signedBytes.length / 1e6,
        i -> parser.parse(signedBytes).size());

    out.printf(Locale.ROOT, "RFC 6962 proofs (tree of %,d leaves, nodes in memory):%n", leaves);
    InMemoryTree tree = new InMemoryTree(leaves);
    long n = leaves;
    Hash root = MerkleTree.root(n, tree);
    List<List<Hash>> proofs = new ArrayList<>();
    long[] idx = new long[1024];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = rnd.nextLong(n);
      proofs.add(MerkleTree.inclusionProof(idx[i], n, tree));
    }
    Harness.Result gen =
        h.measure(
            "inclusion proof, generate",
            "ops/s",
            1,
            i -> MerkleTree.inclusionProof(idx[i & 1023], n, tree).size());
    Harness.Result ver =
        h.measure(
            "inclusion proof, verify",
            "ops/s",
            1,
            i -> {
              int k = i & 1023;
              ProofVerifier.verifyInclusion(idx[k], n, tree.node(0, idx[k]), proofs.get(k), root);
              return k;
            });
    out.printf(
        Locale.ROOT,
        "  (per proof: generate %.2f µs, verify %.2f µs; %d hashes per proof)%n",
        1e6 / gen.median(),
        1e6 / ver.median(),
        proofs.get(0).size());
    h.measure(
        "consistency proof, generate",
        "ops/s",
        1,
        i -> MerkleTree.consistencyProof(1 + idx[i & 1023] % (n - 1), n, tree).size());
    out.printf(Locale.ROOT, "done (checksum %x)%n", h.checksum());
    out.flush();
    return org.creditbank.ledger.cli.ExitCodes.OK;
  }

  private static byte[] seed(int b) {
    byte[] s = new byte[32];
    s[0] = (byte) b;
    return s;
  }

  /** A statement-shaped document whose canonical form is about {@code size} bytes. */
  static ObjectNode statement(int size) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode doc = f.objectNode();
    doc.put("type", "achievement.recorded");
    doc.put("ledger", "credit-bank.example.city/ledger");
    doc.put("id", "rec-2026-000123");
    doc.put("actor", "VC-0042");
    doc.put("issuedAt", "2026-11-27T09:30:00Z");
    ObjectNode body = doc.putObject("body");
    body.put("learner", "L-7f3a9c21");
    body.put("kind", "course");
    body.put("title", "数控加工技术 Numerical control machining");
    body.put("code", "NC-201");
    body.put("level", 4);
    body.put("credits", 3.5);
    body.put("hours", 56);
    body.put("result", "pass");
    body.put("evidence", Hash.sha256(new byte[] {1}).toHex());
    StringBuilder notes = new StringBuilder();
    while (Jcs.canonicalize(doc).length + notes.length() < size - 180) {
      notes.append("学分 credit ");
    }
    body.put("notes", notes.toString());
    return doc;
  }

  /** A document of strings, numbers and nesting, about {@code size} bytes canonical. */
  static ObjectNode mixed(int size) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode doc = f.objectNode();
    SplittableRandom rnd = new SplittableRandom(11);
    int i = 0;
    while (Jcs.canonicalize(doc).length < size) {
      ObjectNode o = doc.putObject("k" + Integer.toString(rnd.nextInt(1 << 20), 36) + "€" + i++);
      o.put("n", rnd.nextDouble() * 1e6);
      o.put("i", rnd.nextInt());
      o.put("s", "text with \"quotes\", tabs\t, 学分银行 and 😀 " + i);
      ArrayNode a = o.putArray("a");
      for (int j = 0; j < 8; j++) {
        a.add(rnd.nextInt(1000) / 100.0);
      }
    }
    return doc;
  }

  /** A complete Merkle tree held in memory level by level, for the proof benchmarks. */
  static final class InMemoryTree implements NodeSource {
    private final byte[][] levels;

    InMemoryTree(int size) {
      List<byte[]> ls = new ArrayList<>();
      byte[] level = new byte[size * 32];
      byte[] data = new byte[8];
      for (int i = 0; i < size; i++) {
        for (int b = 0; b < 8; b++) {
          data[b] = (byte) (i >>> (8 * b));
        }
        Rfc6962.leafHash(data).copyTo(level, i * 32);
      }
      ls.add(level);
      while (level.length >= 64) {
        int n = level.length / 64;
        byte[] up = new byte[n * 32];
        for (int i = 0; i < n; i++) {
          Hash l = Hash.of(java.util.Arrays.copyOfRange(level, 64 * i, 64 * i + 32));
          Hash r = Hash.of(java.util.Arrays.copyOfRange(level, 64 * i + 32, 64 * i + 64));
          Rfc6962.nodeHash(l, r).copyTo(up, i * 32);
        }
        ls.add(up);
        level = up;
      }
      levels = ls.toArray(new byte[0][]);
    }

    @Override
    public Hash node(int level, long index) {
      byte[] l = levels[level];
      int off = Math.toIntExact(index * 32);
      return Hash.of(java.util.Arrays.copyOfRange(l, off, off + 32));
    }
  }
}
