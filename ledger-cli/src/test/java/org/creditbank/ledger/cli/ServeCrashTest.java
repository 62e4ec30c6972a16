package org.creditbank.ledger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.audit.AuditOptions;
import org.creditbank.ledger.audit.AuditReport;
import org.creditbank.ledger.audit.LedgerAuditor;
import org.creditbank.ledger.demo.WorkedScenario;
import org.creditbank.ledger.journal.Journal;
import org.creditbank.ledger.journal.JournalOptions;
import org.creditbank.ledger.merkle.ProofVerifier;
import org.creditbank.ledger.note.Checkpoint;
import org.creditbank.ledger.note.NoteVerifier;
import org.creditbank.ledger.note.SignedNote;
import org.creditbank.ledger.util.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills {@code ledger serve}, a separate JVM, with SIGKILL at random moments while client threads
 * submit signed achievements over HTTP, again and again on one ledger. After each restart every
 * receipt a client got is there with the same seq and leaf hash, the checkpoint of each is
 * consistent with the new head, a statement left without an answer is either absent or answered
 * with its original receipt (never a second entry), and at the end the audit of the directory
 * passes.
 *
 * <p>The kills follow a fixed seed, printed, so a failure reproduces: {@code -Dledger.crash.seed=N}
 * picks another, {@code -Dledger.crash.runs=N} the number of kills (default 30). About 60 to 90
 * seconds on two cores, most of it JVM starts.
 */
class ServeCrashTest {
  private static final long DEFAULT_SEED = 20_260_909L;
  private static final int DEFAULT_RUNS = 30;
  private static final int CLIENTS = 6;
  private static final String AUDITOR = "auditor-token-crash-00001";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** A receipt a client got: the statement's id, its entry, and the checkpoint it came with. */
  private record Got(String id, long seq, Hash leafHash, long size, Hash root) {}

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void serve_killedUnderLoad_everyReceiptSurvivesAndAuditPasses() throws Exception {
    long seed = Long.getLong("ledger.crash.seed", DEFAULT_SEED);
    int runs = Integer.getInteger("ledger.crash.runs", DEFAULT_RUNS);
    System.out.printf(
        Locale.ROOT,
        "ServeCrashTest: seed %d, %d kills (-Dledger.crash.seed=%d reproduces)%n",
        seed,
        runs,
        seed);
    Random random = new Random(seed);
    WorkedScenario s = new WorkedScenario();
    NoteVerifier verifier = s.checkpointSigner().verifier();
    Path dir = tmp.resolve("ledger");
    ServeProcess.scenarioLedger(dir, s);
    Path tokens = tmp.resolve("tokens");
    Files.writeString(tokens, AUDITOR + " auditor\n");

    List<Got> all = new ArrayList<>();
    List<Got> unchecked = new ArrayList<>();
    List<String> unanswered = new ArrayList<>();
    AtomicInteger nextId = new AtomicInteger();
    long lastSize = 0;
    Hash lastRoot = null;
    int repeats = 0;
    int absent = 0;
    for (int run = 0; run < runs; run++) {
      String where = String.format(Locale.ROOT, "seed %d, run %d: ", seed, run);
      long t0 = System.nanoTime();
      ServeProcess served = start(dir, tokens, run);
      long startMillis = (System.nanoTime() - t0) / 1_000_000;
      try {
        // The head after the restart: signed, and an extension of the last head seen.
        SignedNote note =
            SignedNote.parse(get(served, "/v1/checkpoint").body().getBytes(StandardCharsets.UTF_8));
        note.verify(verifier);
        Checkpoint head = Checkpoint.parse(note.text());
        assertTrue(head.size() >= lastSize, where + "the log shrank from " + lastSize);
        if (lastRoot != null && lastSize > 0) {
          checkConsistent(served, lastSize, lastRoot, head, where);
        }
        // Every receipt of the last run is there, unchanged, and its checkpoint is consistent with
        // the new head; the receipts of earlier runs follow from the consistency of the heads.
        Map<Long, Hash> sizesChecked = new HashMap<>();
        for (Got g : unchecked) {
          assertTrue(head.size() > g.seq(), where + "seq " + g.seq() + " of a receipt is gone");
          JsonNode entry = json(get(served, "/v1/entries/" + g.seq()));
          assertEquals(
              g.leafHash().toHex(), entry.get("hash").asText(), where + "entry " + g.seq());
          if (sizesChecked.put(g.size(), g.root()) == null) {
            checkConsistent(served, g.size(), g.root(), head, where);
          }
        }
        unchecked.clear();
        // A statement without an answer is in the log once or not at all; sent again, it gets its
        // original receipt, or is appended now.
        for (String id : unanswered) {
          HttpResponse<String> held =
              get(served, "/v1/statements/" + WorkedScenario.COLLEGE + "/" + id);
          assertTrue(
              held.statusCode() == 200 || held.statusCode() == 404,
              where + "GET statement " + id + ": " + held.statusCode() + " " + held.body());
          HttpResponse<String> again = post(served, s.extraCourse(id));
          JsonNode r = json(again);
          if (held.statusCode() == 200) {
            repeats++;
            assertEquals(200, again.statusCode(), where + id + ": " + again.body());
            assertTrue(r.get("repeat").asBoolean(), where + id);
            assertEquals(json(held).get("seq").asLong(), r.get("seq").asLong(), where + id);
          } else {
            absent++;
            assertEquals(201, again.statusCode(), where + id + ": " + again.body());
            assertTrue(r.get("seq").asLong() >= head.size(), where + id);
          }
          Got g = got(id, r, verifier);
          all.add(g);
          unchecked.add(g);
        }
        unanswered.clear();
        lastSize = head.size();
        lastRoot = head.root();

        // Load, then SIGKILL after a random delay: most kills land with groups in flight.
        AtomicBoolean stop = new AtomicBoolean();
        List<Got> gotThisRun = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(CLIENTS);
        // Opened by the run's first receipt, or by a client that stopped early (a failure).
        CountDownLatch underWay = new CountDownLatch(1);
        for (int c = 0; c < CLIENTS; c++) {
          Thread t =
              new Thread(
                  () -> {
                    try {
                      while (!stop.get()) {
                        String id =
                            String.format(Locale.ROOT, "KILL-%06d", nextId.getAndIncrement());
                        HttpResponse<String> r;
                        try {
                          r = post(served, s.extraCourse(id));
                        } catch (IOException e) {
                          synchronized (lost) {
                            lost.add(id);
                          }
                          return;
                        }
                        if (r.statusCode() != 201) {
                          synchronized (bad) {
                            bad.add(id + ": " + r.statusCode() + " " + r.body());
                          }
                          return;
                        }
                        Got g = got(id, json(r), verifier);
                        synchronized (gotThisRun) {
                          gotThisRun.add(g);
                        }
                        underWay.countDown();
                      }
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      synchronized (bad) {
                        bad.add(e.toString());
                      }
                    } catch (Exception e) {
                      synchronized (bad) {
                        bad.add(e.toString());
                      }
                    } finally {
                      underWay.countDown();
                      done.countDown();
                    }
                  },
                  "crash-client-" + c);
          t.setDaemon(true);
          t.start();
        }
        // The kill moment is what the seed picks: 0 to 500 ms after the run's first receipt, so
        // that even on a slow machine the load is under way, with groups in flight, when it lands.
        int delay = random.nextInt(500);
        assertTrue(underWay.await(60, TimeUnit.SECONDS), where + "no receipt within 60 s");
        Thread.sleep(delay);
        assertTrue(served.process().toHandle().destroyForcibly(), where + "cannot kill");
        assertTrue(served.process().waitFor(30, TimeUnit.SECONDS), where + "did not die");
        stop.set(true);
        assertTrue(done.await(60, TimeUnit.SECONDS), where + "clients did not stop");
        assertEquals(List.of(), bad, where + "unexpected answers");
        all.addAll(gotThisRun);
        unchecked.addAll(gotThisRun);
        unanswered.addAll(lost);
        System.out.printf(
            Locale.ROOT,
            "run %d: started in %d ms, head %d, killed %d ms after the first receipt: %d receipts,"
                + " %d without an answer%n",
            run,
            startMillis,
            head.size(),
            delay,
            gotThisRun.size(),
            lost.size());
      } finally {
        served.process().destroyForcibly();
      }
    }

    // After the last kill, through the library: every receipt is there, and the audit passes.
    long size;
    try (CreditLedger ledger =
        CreditLedger.open(dir, s.checkpointSigner(), JournalOptions.DEFAULT)) {
      Journal<?> j = ledger.journal();
      size = j.size();
      for (Got g : all) {
        assertEquals(g.leafHash(), j.leaf(g.seq()).hash(), "seq " + g.seq());
        assertEquals(g.seq(), j.find(WorkedScenario.COLLEGE, g.id()).orElse(-1), g.id());
        ProofVerifier.verifyConsistency(
            g.size(), size, j.consistencyProof(g.size(), size), g.root(), j.root());
      }
    }
    AuditReport audit = LedgerAuditor.audit(dir, verifier, AuditOptions.defaults().withThreads(2));
    assertEquals(size, audit.entries());
    System.out.printf(
        Locale.ROOT,
        "ServeCrashTest: %d kills, %d receipts, %d entries; of the unanswered, %d were in the log"
            + " and %d not%n",
        runs,
        all.size(),
        size,
        repeats,
        absent);
    assertTrue(all.size() > runs, "too few receipts to mean anything: " + all.size());
    assertFalse(all.isEmpty());
  }

  /** Starts {@code ledger serve} in a new JVM and waits for the line with its address. */
  private ServeProcess start(Path dir, Path tokens, int run) throws IOException {
    return ServeProcess.start(tmp, dir, tokens, 16, tmp.resolve("serve-" + run + ".err"));
  }

  private void checkConsistent(
      ServeProcess served, long size, Hash root, Checkpoint head, String where) throws Exception {
    if (size == head.size()) {
      assertEquals(root, head.root(), where + "same size, other root");
      return;
    }
    JsonNode c = json(get(served, "/v1/proofs/consistency?from=" + size + "&to=" + head.size()));
    List<Hash> proof = new ArrayList<>();
    for (JsonNode h : c.get("proof")) {
      proof.add(Hash.fromBase64(h.asText()));
    }
    ProofVerifier.verifyConsistency(size, head.size(), proof, root, head.root());
  }

  /** Reads a receipt and checks it: signed checkpoint, inclusion proof to it. */
  private static Got got(String id, JsonNode r, NoteVerifier verifier) throws Exception {
    SignedNote note =
        SignedNote.parse(r.get("checkpoint").asText().getBytes(StandardCharsets.UTF_8));
    note.verify(verifier);
    Checkpoint cp = Checkpoint.parse(note.text());
    long seq = r.get("seq").asLong();
    Hash leaf = Hash.fromHex(r.get("leafHash").asText());
    List<Hash> proof = new ArrayList<>();
    for (JsonNode h : r.get("inclusionProof")) {
      proof.add(Hash.fromBase64(h.asText()));
    }
    ProofVerifier.verifyInclusion(seq, cp.size(), leaf, proof, cp.root());
    return new Got(id, seq, leaf, cp.size(), cp.root());
  }

  private HttpResponse<String> get(ServeProcess served, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(served.uri().resolve(path))
            .header("Authorization", "Bearer " + AUDITOR)
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(ServeProcess served, byte[] statement)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(served.uri().resolve("/v1/statements"))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofByteArray(statement))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body());
  }
}
