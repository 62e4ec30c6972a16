package org.creditbank.ledger.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.creditbank.ledger.cli.ExitCodes;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.crypto.EddsaJcs2022;
import org.creditbank.ledger.journal.Durability;
import org.creditbank.ledger.journal.Journal;
import org.creditbank.ledger.journal.JournalOptions;
import org.creditbank.ledger.journal.Receipt;
import org.creditbank.ledger.journal.StateMachine;
import org.creditbank.ledger.journal.Submission;
import org.creditbank.ledger.json.Jcs;
import org.creditbank.ledger.json.StrictJson;
import org.creditbank.ledger.merkle.ProofVerifier;
import org.creditbank.ledger.note.NoteSigner;
import org.creditbank.ledger.util.Bytes;
import org.creditbank.ledger.util.Hash;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ledger bench journal}: durable appends per second and receipt latency with 1, 8 and 64
 * submitting threads, against the raw Ed25519 verify rate on all cores measured in the same run;
 * and proof times in a journal of a million entries.
 */
@Command(
    name = "journal",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the journal on this machine and disk: pre-signed statements of about 600 bytes"
          + " are parsed strictly, their eddsa-jcs-2022 proofs verified on the submitting"
          + " threads, and appended durably (WAL fsynced per group) with an accept-everything"
          + " state machine, by 1, 8 and 64 threads; then proofs in a ledger of --entries entries.",
      "Target: appends/s with 64 submitters >= 0.75 x the raw Ed25519 verify rate on all"
          + " cores, with p99 receipt latency <= 20 ms."
    })
public final class JournalBench implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin LoadOptions load;

  @Option(
      names = "--per-thread",
      defaultValue = "400",
      description = "statements each thread appends per round (default ${DEFAULT-VALUE})")
  int perThread;

  @Option(
      names = "--entries",
      defaultValue = "1000000",
      description = "entries of the ledger the proof benchmark runs on (default ${DEFAULT-VALUE})")
  int entries;

  private static final String ORIGIN = "bench.creditbank.example/ledger";

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    int cores = Runtime.getRuntime().availableProcessors();
    Path base =
        load.dir != null
            ? Files.createDirectories(load.dir)
            : Files.createTempDirectory("ledger-bench-");
    out.printf(
        Locale.ROOT,
        "ledger bench journal: %d cores, Java %s, in %s%n",
        cores,
        Runtime.version(),
        base);
    try {
      Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(seed(3));
      NoteSigner signer = NoteSigner.of(ORIGIN, Ed25519PrivateKey.fromSeed(seed(4)));

      Harness h = new Harness(2, 2, 5, out);
      Harness.Op rawVerify = Harness.rawVerify();
      h.measureThreads("raw Ed25519 verify, " + cores + " threads", "ops/s", 1, cores, rawVerify);

      int maxThreads = Arrays.stream(load.threads).max().orElse(1);
      int total = 0;
      for (int t : load.threads) {
        total += t * perThread * (load.rounds + 1);
      }
      out.printf(Locale.ROOT, "  signing %,d statements for the run...", total);
      out.flush();
      long t0 = System.nanoTime();
      List<byte[]> statements = presign(key, total);
      out.printf(
          Locale.ROOT,
          " done in %.1f s (%d bytes each)%n",
          (System.nanoTime() - t0) / 1e9,
          statements.get(0).length);

      AtomicInteger next = new AtomicInteger();
      Load.Figures atMax = null;
      try (Journal<Void> journal =
          Journal.create(
              base.resolve("appends"), signer, StateMachine.acceptAll(), JournalOptions.DEFAULT)) {
        for (int t : load.threads) {
          StrictJson parser = StrictJson.withDefaults();
          Load.Figures f =
              Load.measure(
                  out,
                  "durable appends",
                  t,
                  load.rounds,
                  perThread,
                  rawVerify,
                  (slot, round, i) ->
                      submit(journal, parser, statements.get(next.getAndIncrement())));
          if (t == maxThreads) {
            atMax = f;
          }
        }
        out.printf(
            Locale.ROOT,
            "  ledger size %,d; %s%n",
            journal.size(),
            journal.latestCheckpoint().text().replace('\n', ' ').trim());
      }
      double ratio = atMax.ratio();
      double p99at64 = atMax.p99();
      double rawAtMax = atMax.raw();
      boolean met = ratio >= 0.75 && p99at64 <= 20;
      out.printf(
          Locale.ROOT,
          "target with %d submitters: appends/s >= 0.75 x raw verify (%s): %.2f x; p99 <= 20 ms:"
              + " %.2f ms -> %s%n",
          maxThreads,
          Harness.format(rawAtMax),
          ratio,
          p99at64,
          met ? "MET" : "NOT MET");

      proofs(base.resolve("proofs"), signer, out);
      out.flush();
      return ExitCodes.OK;
    } finally {
      if (!load.keep) {
        deleteTree(base);
      }
    }
  }

  /** What a submitting thread does: parse strictly, verify the proof, canonicalize, append. */
  private static Receipt submit(Journal<Void> journal, StrictJson parser, byte[] raw)
      throws Exception {
    JsonNode n = parser.parse(raw);
    EddsaJcs2022.ProofClaims claims = EddsaJcs2022.readProof(n);
    EddsaJcs2022.verify(n, claims.signer());
    byte[] canonical = Jcs.canonicalize(n);
    return journal.append(
        new Submission<>(
            n.get("actor").textValue(), n.get("id").textValue(), Bytes.copyFrom(canonical), null));
  }

  private static List<byte[]> presign(Ed25519PrivateKey key, int count) {
    return IntStream.range(0, count)
        .parallel()
        .mapToObj(
            i ->
                Jcs.canonicalize(
                    EddsaJcs2022.sign(
                        statement(i), key, "2026-11-27T09:30:00Z", "assertionMethod")))
        .toList();
  }

  /** A statement whose canonical signed form is about 600 bytes. */
  static ObjectNode statement(int i) {
    ObjectNode s = JsonNodeFactory.instance.objectNode();
    s.put("type", "achievement.recorded");
    s.put("ledger", ORIGIN);
    s.put("id", String.format(Locale.ROOT, "rec-%08d", i));
    s.put("actor", "BENCH-VC-01");
    s.put("issuedAt", "2026-11-27T09:30:00Z");
    ObjectNode body = s.putObject("body");
    body.put("learner", String.format(Locale.ROOT, "L-%08x", i * 2654435761L & 0xffffffffL));
    body.put("kind", "course");
    body.put("title", "Numerical control machining");
    body.put("code", "NC-201");
    body.put("credits", 3.5);
    body.put("evidence", Hash.sha256(new byte[] {(byte) i}).toHex().substring(0, 16));
    return s;
  }

  /** Fills a ledger with {@code entries} small statements (async WAL), then times its proofs. */
  private void proofs(Path where, NoteSigner signer, PrintWriter out) throws Exception {
    out.printf(
        Locale.ROOT, "  filling a ledger with %,d entries (bulk, WAL not synced)...", entries);
    out.flush();
    long t0 = System.nanoTime();
    JournalOptions bulk =
        JournalOptions.DEFAULT.withDurability(Durability.ASYNC).withMaxGroup(4096);
    try (Journal<Void> journal = Journal.create(where, signer, StateMachine.acceptAll(), bulk)) {
      int fillers = 16;
      AtomicInteger next = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(fillers);
      try {
        List<Future<?>> fs = new ArrayList<>();
        for (int k = 0; k < fillers; k++) {
          fs.add(
              pool.submit(
                  () -> {
                    int i;
                    while ((i = next.getAndIncrement()) < entries) {
                      byte[] b =
                          ("{\"actor\":\"BULK\",\"id\":\"" + i + "\",\"n\":" + i + "}")
                              .getBytes(StandardCharsets.UTF_8);
                      journal.append(
                          new Submission<>("BULK", Integer.toString(i), Bytes.copyFrom(b), null));
                    }
                    return null;
                  }));
        }
        for (Future<?> f : fs) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      out.printf(Locale.ROOT, " %.1f s%n", (System.nanoTime() - t0) / 1e9);
      long n = journal.size();
      Hash root = journal.root();
      SplittableRandom rnd = new SplittableRandom(5);
      long[] seqs = rnd.longs(1024, 0, n).toArray();
      Harness h = new Harness(1, 1, 5, out);
      Harness.Result gen =
          h.measure(
              String.format(Locale.ROOT, "inclusion proof at %,d entries, from RocksDB", n),
              "ops/s",
              1,
              i -> journal.inclusionProof(seqs[i & 1023], n).size());
      List<List<Hash>> proofs = new ArrayList<>();
      List<Hash> leaves = new ArrayList<>();
      for (long s : seqs) {
        proofs.add(journal.inclusionProof(s, n));
        leaves.add(journal.leaf(s).hash());
      }
      Harness.Result ver =
          h.measure(
              "inclusion proof verify",
              "ops/s",
              1,
              i -> {
                int k = i & 1023;
                ProofVerifier.verifyInclusion(seqs[k], n, leaves.get(k), proofs.get(k), root);
                return k;
              });
      Harness.Result cons =
          h.measure(
              "consistency proof, from RocksDB",
              "ops/s",
              1,
              i -> journal.consistencyProof(1 + seqs[i & 1023] % (n - 1), n).size());
      out.printf(
          Locale.ROOT,
          "  per proof: inclusion %.1f µs to generate, %.1f µs to verify; consistency %.1f µs%n",
          1e6 / gen.median(),
          1e6 / ver.median(),
          1e6 / cons.median());
    }
  }

  private static byte[] seed(int b) {
    byte[] s = new byte[32];
    s[0] = (byte) b;
    return s;
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      s.sorted(Comparator.reverseOrder())
          .forEach(
              x -> {
                try {
                  Files.delete(x);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
