package org.creditbank.ledger.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow and hostile clients: slowloris headers, bodies that never end, thousands of idle
 * connections, and many large batches at once. Each test runs its own server with small limits and
 * short timeouts, and takes from 1 to about 6 seconds.
 */
class HostileClientsTest {
  /** What "promptly" means for a request served beside hostile clients. */
  static final Duration PROMPT = Duration.ofSeconds(5);

  @TempDir Path dir;

  // ---------------------------------------------------------------- slowloris

  @Test
  void slowHeaders_twiceAsManyAsTurns_othersServedPromptly() throws Exception {
    try (Fixture f =
            new Fixture(
                dir,
                o ->
                    o.withThreads(4)
                        .withReaders(64)
                        .withTimeouts(
                            Duration.ofSeconds(30),
                            Duration.ofSeconds(30),
                            Duration.ofSeconds(2)));
        Trickle slow = new Trickle(f, 8, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")) {
      // Every slow client holds a reader, reading its headers a byte at a time.
      awaitGauge(f, "ledger_http_readers_busy", n -> n >= 8 + 1);
      assertServedPromptly(f);
      assertEquals(8, slow.open(), "the slow clients were cut before their header timeout");
    }
  }

  @Test
  void slowHeaders_moreThanReaders_cutAtHeaderTimeoutThenServed() throws Exception {
    try (Fixture f =
            new Fixture(
                dir,
                o ->
                    o.withThreads(2)
                        .withReaders(4)
                        .withTimeouts(
                            Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(2)));
        Trickle slow = new Trickle(f, 6, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")) {
      // Four hold the readers, two more find none and are closed at once; after the header timeout
      // the four are cut too, however steadily they trickle.
      await(() -> slow.open() == 0, Duration.ofSeconds(10), "every slow client closed");
      assertServedPromptly(f);
      String m = metrics(f);
      assertTrue(gauge(m, "ledger_http_timeouts_total{phase=\"headers\"}") >= 4, m);
      assertTrue(gauge(m, "ledger_http_rejected_total{reason=\"readers\"}") >= 1, m);
    }
  }

  // ---------------------------------------------------------------- bodies that never end

  @Test
  void endlessBodies_lengthOverWhatIsSentAndUnfinishedChunks_othersServedThenCut()
      throws Exception {
    try (Fixture f =
            new Fixture(
                dir,
                o ->
                    o.withThreads(2)
                        .withReaders(32)
                        .withTimeouts(
                            Duration.ofSeconds(30), Duration.ofSeconds(3), Duration.ofSeconds(2)));
        Trickle lengths =
            new Trickle(
                f,
                4,
                "POST /v1/statements HTTP/1.1\r\nHost: x\r\nContent-Length: 60000\r\n\r\n{\"a\":\"");
        Trickle chunks =
            new Trickle(
                f,
                4,
                // A chunk of 5 bytes, then one of 4 KiB whose bytes come a byte at a time.
                String.join(
                    "\r\n",
                    "POST /v1/statements:batch HTTP/1.1",
                    "Host: x",
                    "Transfer-Encoding: chunked",
                    "",
                    "5",
                    "{\"st\"",
                    "1000",
                    ""))) {
      // Twice as many bodies as turns hang, read a byte at a time; none holds a turn.
      awaitGauge(f, "ledger_http_body_bytes_buffered", n -> n > 0);
      assertServedPromptly(f);
      // The body timeout cuts them all and gives back their buffer.
      await(
          () -> lengths.open() == 0 && chunks.open() == 0,
          Duration.ofSeconds(15),
          "every endless body closed");
      String m = awaitGauge(f, "ledger_http_body_bytes_buffered", n -> n == 0);
      assertTrue(gauge(m, "ledger_http_timeouts_total{phase=\"body\"}") >= 8, m);
      assertServedPromptly(f);
    }
  }

  // ---------------------------------------------------------------- idle connections

  @Test
  void idleConnections_thousands_othersServedPromptly() throws Exception {
    int n = idleBudget(2000);
    List<Socket> idle = new ArrayList<>();
    try (Fixture f = new Fixture(dir)) {
      try {
        for (int i = 0; i < n; i++) {
          Socket s = new Socket();
          idle.add(s);
          s.connect(f.server.address(), 10_000);
        }
        assertServedPromptly(f);
        // They are still open: the server neither closed them nor gave them a thread.
        for (Socket s : idle.subList(0, 50)) {
          assertStillOpen(s);
        }
        String m = metrics(f);
        assertTrue(gauge(m, "ledger_http_readers_busy") <= 16, m);
      } finally {
        for (Socket s : idle) {
          s.close();
        }
      }
    }
  }

  /**
   * How many idle connections this process can open, up to {@code want}: each takes two file
   * descriptors (the client's and the server's), and some are left for the ledger and the JVM.
   */
  private static int idleBudget(int want) {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      long free = unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount() - 512;
      long connections = Math.min(free / 2, LedgerServer.maxConnections() - 64);
      return (int) Math.max(100, Math.min(want, connections));
    }
    return want;
  }

  // ---------------------------------------------------------------- bodies held in memory

  @Test
  void batches_manyConcurrentAtTheLargestSize_bufferNeverOverItsCap() throws Exception {
    long cap = 2L * ServerOptions.MAX_BATCH_BODY;
    try (Fixture f =
        new Fixture(
            dir,
            o ->
                o.withThreads(4)
                    .withReaders(64)
                    .withMaxBufferedBytes(cap)
                    .withTimeouts(
                        Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(2)))) {
      byte[] batch = emptyBatch(ServerOptions.MAX_BATCH_BODY);
      String head =
          "POST /v1/statements:batch HTTP/1.1\r\nHost: x\r\nContent-Length: "
              + batch.length
              + "\r\n\r\n";
      // Two batches of the largest size, all but their last byte sent, fill the buffer...
      List<Socket> held = new ArrayList<>();
      try {
        for (int i = 0; i < 2; i++) {
          Socket s = new Socket();
          held.add(s);
          s.connect(f.server.address(), 10_000);
          s.setSoTimeout(20_000);
          s.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
          s.getOutputStream().write(batch, 0, batch.length - 1);
          s.getOutputStream().flush();
        }
        awaitGauge(f, "ledger_http_body_bytes_buffered", n -> n == cap);
        // ... so a third is refused at once, with a hint when to come back.
        HttpResponse<byte[]> third = f.post("/v1/statements:batch", batch);
        LedgerServerTest.assertProblem(third, 503, Problems.OVERLOADED);
        assertEquals("1", third.headers().firstValue("Retry-After").orElse(""));
        // The two finish and are answered.
        for (Socket s : held) {
          s.getOutputStream().write(batch, batch.length - 1, 1);
          s.getOutputStream().flush();
          byte[] status = s.getInputStream().readNBytes(12);
          assertEquals("HTTP/1.1 200", new String(status, StandardCharsets.ISO_8859_1));
        }
      } finally {
        for (Socket s : held) {
          s.close();
        }
      }
      // Then twelve at once: each is answered or refused, and the buffer never goes over its cap.
      ExecutorService pool = Executors.newFixedThreadPool(12);
      try {
        List<Future<HttpResponse<byte[]>>> answers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          Callable<HttpResponse<byte[]>> post =
              () ->
                  f.client.send(
                      HttpRequest.newBuilder(f.server.uri().resolve("/v1/statements:batch"))
                          .POST(HttpRequest.BodyPublishers.ofByteArray(batch))
                          .build(),
                      HttpResponse.BodyHandlers.ofByteArray());
          answers.add(pool.submit(post));
        }
        int ok = 0;
        for (Future<HttpResponse<byte[]>> a : answers) {
          HttpResponse<byte[]> r = a.get(60, TimeUnit.SECONDS);
          if (r.statusCode() == 200) {
            assertEquals(0, Fixture.json(r).path("results").size(), () -> Fixture.text(r));
            ok++;
          } else {
            LedgerServerTest.assertProblem(r, 503, Problems.OVERLOADED);
          }
        }
        assertTrue(ok >= 1, "no batch was answered");
      } finally {
        pool.shutdownNow();
      }
      String m = awaitGauge(f, "ledger_http_body_bytes_buffered", n -> n == 0);
      assertEquals(cap, gauge(m, "ledger_http_body_bytes_limit"), m);
      assertEquals(cap, gauge(m, "ledger_http_body_bytes_buffered_max"), m);
      assertTrue(gauge(m, "ledger_http_rejected_total{reason=\"buffer\"}") >= 1, m);
    }
  }

  /** {@code {"statements":[]}} padded with spaces to exactly {@code size} bytes. */
  private static byte[] emptyBatch(int size) {
    byte[] open = "{\"statements\":[".getBytes(StandardCharsets.US_ASCII);
    byte[] close = "]}".getBytes(StandardCharsets.US_ASCII);
    byte[] b = new byte[size];
    java.util.Arrays.fill(b, (byte) ' ');
    System.arraycopy(open, 0, b, 0, open.length);
    System.arraycopy(close, 0, b, size - close.length, close.length);
    return b;
  }

  // ---------------------------------------------------------------- turns

  @Test
  void turns_allTakenLongerThanTheQueueTimeout_503WithRetryAfterThenServed() throws Exception {
    try (Fixture f =
        new Fixture(
            dir,
            o ->
                o.withThreads(1)
                    .withReaders(8)
                    .withTimeouts(
                        Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMillis(300)))) {
      // The one turn, taken here as a long request would take it.
      try (Admission.Hold busy = f.server.admission().enter()) {
        busy.turn();
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = f.post("/v1/statements", f.enrolment());
        double seconds = (System.nanoTime() - t0) / 1e9;
        JsonNode p = LedgerServerTest.assertProblem(r, 503, Problems.OVERLOADED);
        assertEquals(
            "want a turn among 1 requests handled at once within 300 ms, got none; retry later",
            p.path("detail").asText());
        assertEquals("1", r.headers().firstValue("Retry-After").orElse(""));
        assertTrue(seconds >= 0.3 && seconds < PROMPT.toSeconds(), "refused after " + seconds);
      }
      assertServedPromptly(f);
      assertEquals(1, gauge(metrics(f), "ledger_http_rejected_total{reason=\"busy\"}"));
    }
  }

  // ---------------------------------------------------------------- helpers

  /** Asserts that GET /healthz and POST /v1/statements are each answered within {@link #PROMPT}. */
  static void assertServedPromptly(Fixture f) throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<byte[]> h =
        f.client.send(
            HttpRequest.newBuilder(f.server.uri().resolve("/healthz")).timeout(PROMPT).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, h.statusCode(), () -> Fixture.text(h));
    HttpResponse<byte[]> p =
        f.client.send(
            HttpRequest.newBuilder(f.server.uri().resolve("/v1/statements"))
                .timeout(PROMPT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(f.enrolment()))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(201, p.statusCode(), () -> Fixture.text(p));
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertTrue(
        seconds < PROMPT.toSeconds(),
        String.format(Locale.ROOT, "served in %.1f s, want under %d", seconds, PROMPT.toSeconds()));
  }

  static String metrics(Fixture f) throws Exception {
    HttpResponse<byte[]> r = f.get("/metrics", Fixture.OPERATOR);
    assertEquals(200, r.statusCode(), () -> Fixture.text(r));
    return Fixture.text(r);
  }

  /** The value of one series in a /metrics text. */
  static long gauge(String metrics, String series) {
    Matcher m =
        Pattern.compile("^" + Pattern.quote(series) + " (\\d+)$", Pattern.MULTILINE)
            .matcher(metrics);
    if (!m.find()) {
      fail("no " + series + " in\n" + metrics);
    }
    return Long.parseLong(m.group(1));
  }

  /** Polls /metrics until a series satisfies a condition; returns the text that did. */
  static String awaitGauge(Fixture f, String series, java.util.function.LongPredicate ok)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String m = metrics(f);
    while (!ok.test(gauge(m, series))) {
      if (System.nanoTime() > deadline) {
        fail("want " + series + " to change in 10 s, got\n" + m);
      }
      Thread.sleep(20);
      m = metrics(f);
    }
    return m;
  }

  static void await(BooleanSupplier condition, Duration within, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("want " + what + " within " + within.toSeconds() + " s, got not yet");
      }
      Thread.sleep(20);
    }
  }

  private static void assertStillOpen(Socket s) throws IOException {
    s.setSoTimeout(20);
    try {
      int b = s.getInputStream().read();
      fail("want an idle connection kept open, got " + (b < 0 ? "it closed" : "a byte"));
    } catch (SocketTimeoutException expected) {
      // Nothing to read and not closed: still open.
    }
  }

  /**
   * Connections that send a request's start, then one more byte every 50 ms for ever (as long as
   * the server keeps them), on one background thread; each watched for the server closing it.
   */
  static final class Trickle implements AutoCloseable {
    private final List<Socket> sockets = new ArrayList<>();
    private final List<Boolean> closed = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;

    Trickle(Fixture f, int n, String start) throws IOException {
      for (int i = 0; i < n; i++) {
        Socket s = new Socket();
        s.connect(f.server.address(), 10_000);
        s.setSoTimeout(1);
        s.getOutputStream().write(start.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        sockets.add(s);
        closed.add(false);
      }
      thread = new Thread(this::run, "trickle");
      thread.setDaemon(true);
      thread.start();
    }

    private void run() {
      byte[] one = {'a'};
      while (!stop.get()) {
        for (int i = 0; i < sockets.size(); i++) {
          if (isClosed(i)) {
            continue;
          }
          Socket s = sockets.get(i);
          try {
            // A closed connection shows as end of stream, or as a reset on the next write.
            InputStream in = s.getInputStream();
            try {
              if (in.read() < 0) {
                markClosed(i);
                continue;
              }
            } catch (SocketTimeoutException e) {
              // Nothing from the server: still open.
            }
            OutputStream out = s.getOutputStream();
            out.write(one);
            out.flush();
          } catch (IOException e) {
            markClosed(i);
          }
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private synchronized boolean isClosed(int i) {
      return closed.get(i);
    }

    private synchronized void markClosed(int i) {
      closed.set(i, true);
    }

    /** How many the server has not closed yet. */
    synchronized int open() {
      return (int) closed.stream().filter(c -> !c).count();
    }

    @Override
    public void close() throws IOException {
      stop.set(true);
      thread.interrupt();
      // The thread may be in a write; closing the sockets ends it either way.
      for (Socket s : sockets) {
        s.close();
      }
    }
  }
}
