package org.creditbank.ledger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.creditbank.ledger.bank.LearnerEnrolledBody;
import org.creditbank.ledger.bank.RejectCode;
import org.creditbank.ledger.bank.StatementException;
import org.creditbank.ledger.bank.StatementSigner;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code issue --csv} over HTTP ({@link RemoteLedger#submitAllOnce}) posts its statements in
 * batches to {@code POST /v1/statements:batch}, several batches at once, and reads each batch's
 * results back in the drafts' order. A stub server stands in for the ledger server: it holds each
 * batch until a second one is in flight (or a deadline passes), so a client that sent one batch at
 * a time is seen, not just slower. (About 1 s.)
 */
class RemoteLedgerBatchTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long HOLD_NANOS = TimeUnit.SECONDS.toNanos(10);

  private HttpServer http;
  private ExecutorService pool;
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();
  private final Object monitor = new Object();

  @BeforeEach
  void start() throws IOException {
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    pool = Executors.newFixedThreadPool(8);
    http.setExecutor(pool);
    http.createContext("/", this::handle);
    http.start();
  }

  @AfterEach
  void stop() {
    http.stop(0);
    pool.shutdownNow();
  }

  /** Answers a batch with a rejection (UNKNOWN_LEARNER) for each statement, in its order. */
  private void handle(HttpExchange ex) throws IOException {
    requests.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
    JsonNode envelope = JSON.readTree(ex.getRequestBody().readAllBytes());
    int n = envelope.path("statements").size();
    batchSizes.add(n);
    int now = inFlight.incrementAndGet();
    mostInFlight.accumulateAndGet(now, Math::max);
    synchronized (monitor) {
      monitor.notifyAll();
      long deadline = System.nanoTime() + HOLD_NANOS;
      // Held until another batch is in flight: batches sent one at a time wait out the deadline.
      while (mostInFlight.get() < 2 && System.nanoTime() < deadline) {
        try {
          monitor.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    ObjectNode body = JSON.createObjectNode();
    ArrayNode results = body.putArray("results");
    for (int i = 0; i < n; i++) {
      String learner = envelope.path("statements").get(i).path("body").path("learner").asText();
      ObjectNode r = results.addObject().put("index", i).put("status", 422);
      r.putObject("problem")
          .put("type", "urn:creditbank:problem:UNKNOWN_LEARNER")
          .put("title", "Unknown learner")
          .put("status", 422)
          .put("detail", "no learner " + learner)
          .put("code", "UNKNOWN_LEARNER")
          .put("field", "/body/learner");
    }
    byte[] out = JSON.writeValueAsBytes(body);
    inFlight.decrementAndGet();
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(200, out.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(out);
    }
  }

  @Test
  void submitAllOnce_manyDrafts_concurrentBatchesResultsInDraftOrder() throws Exception {
    int drafts = 2 * RemoteLedger.BATCH + 50;
    StatementSigner signer =
        new StatementSigner(
            CliWorld.ORIGIN, "NURSE-VC", Ed25519PrivateKey.generate(new SecureRandom()));
    List<LedgerAccess.Draft> list = new ArrayList<>();
    for (int i = 0; i < drafts; i++) {
      String learner = String.format(Locale.ROOT, "L-2026-B%05d", i);
      list.add(
          new LedgerAccess.Draft("enrol-" + i, new LearnerEnrolledBody(learner, Optional.empty())));
    }
    AtomicInteger done = new AtomicInteger();
    List<LedgerAccess.Outcome> out;
    try (RemoteLedger remote =
        new RemoteLedger(URI.create("http://" + hostPort()), Optional.empty())) {
      out =
          remote.submitAllOnce(
              signer, Instant.parse("2026-11-27T09:00:00Z"), list, done::addAndGet);
    }
    assertEquals(
        Collections.nCopies(3, "POST /v1/statements:batch"), requests, "one request a batch");
    List<Integer> sizes = new ArrayList<>(batchSizes);
    Collections.sort(sizes);
    assertEquals(List.of(50, RemoteLedger.BATCH, RemoteLedger.BATCH), sizes);
    assertTrue(
        mostInFlight.get() >= 2 && mostInFlight.get() <= RemoteLedger.BATCHES_IN_FLIGHT,
        "batches in flight at once: " + mostInFlight.get());
    assertEquals(drafts, out.size());
    assertEquals(drafts, done.get());
    for (int i = 0; i < drafts; i++) {
      StatementException rejection = out.get(i).rejection().orElseThrow();
      assertEquals(RejectCode.UNKNOWN_LEARNER, rejection.code());
      assertEquals(
          String.format(Locale.ROOT, "no learner L-2026-B%05d", i), rejection.getMessage());
    }
  }

  private String hostPort() {
    InetSocketAddress a = http.getAddress();
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }
}
