package org.creditbank.ledger.cli.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.server.LedgerServer;
import org.creditbank.ledger.server.ServerOptions;
import org.creditbank.ledger.server.TokenFileException;

/**
 * Submits statements to an in-process {@link LedgerServer} over HTTP/1.1 on the loopback, with the
 * JDK's {@code java.net.http} client, counting every answer other than {@code 201} (or {@code 200}
 * to a {@code GET}) as an error.
 */
final class HttpLoad implements AutoCloseable {
  private final LedgerServer server;
  private final HttpClient client;
  private final URI statements;
  private final LongAdder errors = new LongAdder();

  /** Starts a server over the ledger with at least {@code clients} request threads. */
  HttpLoad(CreditLedger ledger, int clients) throws IOException, TokenFileException {
    // A console line per request would measure the terminal: the access log is off for the run.
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger("org.creditbank.ledger.server.access"))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    ServerOptions o = ServerOptions.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    server = LedgerServer.start(ledger, o.withThreads(Math.max(o.threads(), clients)));
    // One client, its pool keeps a connection per concurrent caller (HTTP/1.1 keep-alive).
    client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            // Complete each exchange on the client's selector thread rather than handing it to a
            // pool thread that then wakes the caller: two fewer context switches per request.
            .executor(Runnable::run)
            .build();
    statements = server.uri().resolve("/v1/statements");
  }

  URI uri() {
    return server.uri();
  }

  /** Submits one statement and waits for its receipt. */
  void submit(byte[] statement) throws IOException, InterruptedException {
    HttpResponse<byte[]> r =
        client.send(
            HttpRequest.newBuilder(statements)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(statement))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 201) {
      errors.increment();
    }
  }

  /**
   * Sends {@code GET path} (with its query) and waits for the answer; other than 200 is an error.
   */
  void get(String path) throws IOException, InterruptedException {
    HttpResponse<byte[]> r =
        client.send(
            HttpRequest.newBuilder(server.uri().resolve(path)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      errors.increment();
    }
  }

  /** Answers other than 201 to a statement or 200 to a GET so far. */
  long errors() {
    return errors.sum();
  }

  @Override
  public void close() {
    server.close();
  }
}
