package org.creditbank.ledger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.demo.WorkedScenario;
import org.creditbank.ledger.journal.JournalOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ledger serve} as an operator runs it, a separate JVM sent real signals: SIGHUP reloads the
 * tokens file (a malformed one is logged and the tokens in use kept), and SIGTERM lets a request in
 * flight finish, then closes the ledger. The library's side of both is tested in ledger-server
 * ({@code LifecycleTest}); this is the wiring of {@code ServeCommand}. (About 5 to 15 s, most of it
 * JVM starts and the poll for the request in flight on a loaded machine.)
 */
class ServeSignalsTest {
  private static final String OLD = "operator-token-old-000001";
  private static final String NEW = "operator-token-new-000001";
  private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(20);

  @TempDir Path tmp;

  private final WorkedScenario scenario = new WorkedScenario();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private Path dir;
  private Path tokens;
  private Path stderr;
  private Process process;
  private URI uri;

  @BeforeEach
  void start() throws Exception {
    dir = tmp.resolve("ledger");
    ServeProcess.scenarioLedger(dir, scenario);
    tokens = tmp.resolve("tokens");
    Files.writeString(tokens, OLD + " operator\n");
    ServeProcess served = ServeProcess.start(tmp, dir, tokens, 4, tmp.resolve("serve.err"));
    process = served.process();
    uri = served.uri();
    stderr = served.stderr();
  }

  @AfterEach
  void stop() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void serve_sighup_reloadsTheTokensFileAndKeepsThemIfMalformed() throws Exception {
    assertEquals(200, metrics(OLD).statusCode());
    Files.writeString(tokens, NEW + " operator\n");
    hangup();
    HttpResponse<String> reloaded = poll(() -> metrics(NEW), r -> r.statusCode() == 200);
    assertEquals(200, reloaded.statusCode(), reloaded.body());
    assertEquals(401, metrics(OLD).statusCode());

    Files.writeString(tokens, "short operator\n");
    hangup();
    String kept = "kept the tokens in use: " + tokens + " line 1: want a token of 22 to 512";
    poll(() -> Files.readString(stderr), s -> s.contains(kept));
    assertTrue(Files.readString(stderr).contains(kept), Files.readString(stderr));
    assertEquals(200, metrics(NEW).statusCode());
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void serve_sigtermWithARequestInFlight_answersItThenClosesTheLedger() throws Exception {
    byte[] statement = scenario.extraCourse("SIGTERM-1");
    long before;
    try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
      s.setSoTimeout(30_000);
      OutputStream o = s.getOutputStream();
      // The headers and half the body: the server is now reading it, a request in flight.
      o.write(
          ("POST /v1/statements HTTP/1.1\r\nHost: x\r\nContent-Length: "
                  + statement.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      o.write(statement, 0, statement.length / 2);
      o.flush();
      // Ours and the metrics request itself.
      HttpResponse<String> m =
          poll(() -> metrics(OLD), r -> r.body().contains("\nledger_http_requests_in_flight 2\n"));
      assertTrue(m.body().contains("\nledger_http_requests_in_flight 2\n"), m.body());
      before = Long.parseLong(m.body().replaceAll("(?s).*\nledger_size (\\d+)\n.*", "$1"));

      process.destroy(); // SIGTERM
      // The server is stopping: it answers new requests 503 while it waits for ours.
      HttpResponse<String> stopping = poll(this::health, r -> r.statusCode() == 503);
      assertEquals(503, stopping.statusCode(), stopping.body());
      assertTrue(stopping.body().contains("\"code\" : \"UNAVAILABLE\""), stopping.body());

      o.write(statement, statement.length / 2, statement.length - statement.length / 2);
      o.flush();
      String head = new String(s.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
      assertEquals("HTTP/1.1 201", head);
    }
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "still running after SIGTERM");
    String log = Files.readString(stderr);
    int stopped = log.indexOf("stopped serving ledger " + WorkedScenario.ORIGIN);
    int closed = log.indexOf("ledger closed");
    assertTrue(stopped >= 0 && closed > stopped, log);
    try (CreditLedger ledger =
        CreditLedger.open(dir, scenario.checkpointSigner(), JournalOptions.DEFAULT)) {
      assertEquals(before + 1, ledger.journal().size());
    }
  }

  private void hangup() throws Exception {
    Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start();
    assertTrue(kill.waitFor(10, TimeUnit.SECONDS));
    assertEquals(0, kill.exitValue());
  }

  private HttpResponse<String> metrics(String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri.resolve("/metrics"))
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> health() throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri.resolve("/healthz")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Something to ask again until it is as wanted. */
  @FunctionalInterface
  private interface Ask<T> {
    T get() throws Exception;
  }

  /** Asks until the answer is as wanted or the deadline passes; returns the last answer. */
  private static <T> T poll(Ask<T> ask, Predicate<T> wanted) throws Exception {
    long deadline = System.nanoTime() + DEADLINE_NANOS;
    T last = ask.get();
    while (!wanted.test(last) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      last = ask.get();
    }
    return last;
  }
}
