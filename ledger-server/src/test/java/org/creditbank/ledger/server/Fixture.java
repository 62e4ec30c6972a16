package org.creditbank.ledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.bank.LearnerEnrolledBody;
import org.creditbank.ledger.bank.StatementSigner;
import org.creditbank.ledger.demo.WorkedScenario;
import org.creditbank.ledger.journal.JournalOptions;

/** A ledger of the worked scenario, served on a random port with a token of every kind. */
final class Fixture implements AutoCloseable {
  static final String OPERATOR = "operator-token-0000000001";
  static final String AUDITOR = "auditor-token-00000000001";
  static final String LEARNER = "learner-token-00000000001";
  static final String OTHER_LEARNER = "learner-token-00000000002";
  static final String ENROLLER = "district-token-0000000001";
  static final String ISSUER = "college-token-00000000001";
  static final String STRANGER = "stranger-token-0000000001";
  static final String UNKNOWN = "unknown-token-00000000001";

  static final ObjectMapper JSON = new ObjectMapper();

  final WorkedScenario scenario = new WorkedScenario();
  final CreditLedger ledger;
  final LedgerServer server;
  final Path tokens;
  final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private int next;

  Fixture(Path dir) throws Exception {
    this(dir, o -> o);
  }

  /**
   * A fixture whose server runs with options changed by {@code tune} from the usual ones: 16
   * threads, and request timeouts of 2 s so that a test of a slow client takes seconds.
   */
  Fixture(Path dir, UnaryOperator<ServerOptions> tune) throws Exception {
    ledger =
        CreditLedger.create(
            dir.resolve("ledger"),
            scenario.checkpointSigner(),
            scenario.genesis(),
            JournalOptions.DEFAULT);
    scenario.run(ledger, line -> {});
    tokens = dir.resolve("tokens");
    Files.writeString(
        tokens,
        String.join(
            "\n",
            "# role tokens for the tests",
            OPERATOR + " operator",
            AUDITOR + " auditor",
            LEARNER + " learner " + WorkedScenario.LEARNER,
            OTHER_LEARNER + " learner L-2026-OTHER",
            ENROLLER + " institution " + WorkedScenario.DISTRICT,
            ISSUER + " institution " + WorkedScenario.CERT,
            STRANGER + " institution " + WorkedScenario.OPERATOR,
            ""));
    server =
        LedgerServer.start(
            ledger,
            tune.apply(
                ServerOptions.of(
                        new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0))
                    .withTokens(tokens)
                    .withThreads(16)
                    .withTimeouts(
                        Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2))));
  }

  StatementSigner signer(String institution) {
    return new StatementSigner(WorkedScenario.ORIGIN, institution, scenario.key(institution));
  }

  /** A new enrolment by the district branch, which may enrol. */
  byte[] enrolment() {
    next++;
    String learner = "L-HTTP-" + System.nanoTime() % 100000 + "-" + next;
    return signer(WorkedScenario.DISTRICT)
        .sign(
            "enrol-" + learner,
            WorkedScenario.ISSUED_FROM,
            new LearnerEnrolledBody(learner, Optional.empty()));
  }

  HttpResponse<byte[]> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve(path)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<byte[]> post(String path, byte[] body) throws Exception {
    return client.send(
        HttpRequest.newBuilder(server.uri().resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<byte[]> send(String method, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(server.uri().resolve(path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  static JsonNode json(HttpResponse<byte[]> r) throws IOException {
    return JSON.readTree(r.body());
  }

  static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  /** Sends raw bytes on a new connection and returns all the server sends until it closes. */
  String raw(byte[] request) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(server.address(), 10_000);
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      try {
        in.transferTo(got);
      } catch (java.net.SocketException e) {
        // A reset after the response: what was read is what counts.
      }
      return got.toString(StandardCharsets.ISO_8859_1);
    }
  }

  List<String> lines(HttpResponse<byte[]> r) {
    return text(r).lines().toList();
  }

  @Override
  public void close() {
    server.close();
    ledger.close();
  }
}
