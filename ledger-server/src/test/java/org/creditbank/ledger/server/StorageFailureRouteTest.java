package org.creditbank.ledger.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.audit.AuditOptions;
import org.creditbank.ledger.audit.AuditReport;
import org.creditbank.ledger.audit.LedgerAuditor;
import org.creditbank.ledger.demo.WorkedScenario;
import org.creditbank.ledger.journal.JournalFaults;
import org.creditbank.ledger.journal.JournalOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write failure over HTTP: submissions get {@code 503 STORAGE_UNAVAILABLE} until the ledger is
 * reopened, reads go on and show nothing of the refused statements, {@code /healthz} turns {@code
 * 503}, and the restarted server continues from the stored head (docs/operations.md). A few
 * seconds.
 */
@Timeout(60)
class StorageFailureRouteTest {
  private static final String STOPPED =
      "the ledger could not write to its storage and takes no submissions until it is restarted;"
          + " reads still work";

  @TempDir Path tmp;

  @Test
  void submit_writeFails_503UntilRestartedThenContinues() throws Exception {
    long size;
    try (Fixture f = new Fixture(tmp)) {
      WorkedScenario s = f.scenario;
      assertEquals(201, f.post("/v1/statements", s.extraCourse("HTTP-ok")).statusCode());
      size = f.ledger.journal().size();
      byte[] checkpoint = f.get("/v1/checkpoint", null).body();

      JournalFaults.failWrites(f.ledger.journal());
      HttpResponse<byte[]> refused = f.post("/v1/statements", s.extraCourse("HTTP-full"));
      assertEquals(503, refused.statusCode());
      assertEquals(
          "application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
      JsonNode p = Fixture.json(refused);
      assertEquals("STORAGE_UNAVAILABLE", p.get("code").asText());
      assertEquals(STOPPED, p.get("detail").asText());

      // Reads work and show nothing of the refused statement; the health check tells.
      assertArrayEquals(checkpoint, f.get("/v1/checkpoint", null).body());
      assertEquals(
          404,
          f.get("/v1/statements/" + WorkedScenario.COLLEGE + "/HTTP-full", Fixture.AUDITOR)
              .statusCode());
      HttpResponse<byte[]> health = f.get("/healthz", null);
      assertEquals(503, health.statusCode());
      assertEquals("storage-failed", Fixture.json(health).get("status").asText());

      // A batch answers each statement, rather than one bare 503 for all.
      String batch =
          "{\"statements\": ["
              + new String(s.extraCourse("HTTP-b1"), StandardCharsets.UTF_8)
              + ","
              + new String(s.extraCourse("HTTP-b2"), StandardCharsets.UTF_8)
              + "]}";
      HttpResponse<byte[]> b =
          f.post("/v1/statements:batch", batch.getBytes(StandardCharsets.UTF_8));
      assertEquals(200, b.statusCode());
      for (JsonNode r : Fixture.json(b).get("results")) {
        assertEquals(503, r.get("status").asInt());
        assertEquals("STORAGE_UNAVAILABLE", r.get("problem").get("code").asText());
      }

      // The disk has room again; this ledger still refuses until it is reopened.
      JournalFaults.healWrites(f.ledger.journal());
      assertEquals(503, f.post("/v1/statements", s.extraCourse("HTTP-full")).statusCode());
      assertEquals(size, f.ledger.journal().size());
    }

    WorkedScenario s = new WorkedScenario();
    Path dir = tmp.resolve("ledger");
    try (CreditLedger ledger =
            CreditLedger.open(dir, s.checkpointSigner(), JournalOptions.DEFAULT);
        LedgerServer server =
            LedgerServer.start(
                ledger,
                ServerOptions.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))) {
      HttpResponse<byte[]> again =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(server.uri().resolve("/v1/statements"))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofByteArray(s.extraCourse("HTTP-full")))
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(201, again.statusCode(), new String(again.body(), StandardCharsets.UTF_8));
      assertEquals(size, Fixture.json(again).get("seq").asLong());
    }
    AuditReport audit =
        LedgerAuditor.audit(
            dir, s.checkpointSigner().verifier(), AuditOptions.defaults().withThreads(2));
    assertEquals(size + 1, audit.entries());
  }
}
