package org.creditbank.ledger.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.audit.AuditOptions;
import org.creditbank.ledger.backup.BackupManifest;
import org.creditbank.ledger.backup.LedgerBackup;
import org.creditbank.ledger.journal.JournalOptions;
import org.creditbank.ledger.merkle.ProofVerifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/admin/backup} and {@code GET /v1/admin/backup/{name}}: an online backup by the
 * server itself; about 3 s.
 */
class BackupRouteTest {
  @TempDir static Path dir;
  static Fixture f;

  @BeforeAll
  static void start() throws Exception {
    f = new Fixture(dir);
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  private static byte[] name(String n) {
    return ("{\"name\":\"" + n + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  /** Polls the backup's status until it is no longer running, for at most 60 s. */
  private static JsonNode finished(String name) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      HttpResponse<byte[]> r = f.get("/v1/admin/backup/" + name, Fixture.OPERATOR);
      assertEquals(200, r.statusCode(), Fixture.text(r));
      JsonNode o = Fixture.json(r);
      if (!o.path("status").asText().equals("running") || System.nanoTime() > deadline) {
        return o;
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  @Test
  void backup_operatorWhileSubmitting_restoresToAPrefixThatGrows() throws Exception {
    List<byte[]> statements = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      statements.add(f.enrolment());
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    HttpResponse<byte[]> r;
    try {
      List<Future<HttpResponse<byte[]>>> posted = new ArrayList<>();
      for (byte[] s : statements) {
        posted.add(pool.submit(() -> f.post("/v1/statements", s)));
      }
      r = f.post("/v1/admin/backup", name("during-load"), Fixture.OPERATOR);
      for (Future<HttpResponse<byte[]>> p : posted) {
        assertEquals(201, p.get(60, TimeUnit.SECONDS).statusCode());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(202, r.statusCode(), Fixture.text(r));
    assertEquals("/v1/admin/backup/during-load", r.headers().firstValue("Location").orElseThrow());
    Path out = f.backups.resolve("during-load").toAbsolutePath();
    assertEquals(out.toString(), Fixture.json(r).path("path").asText());
    JsonNode o = finished("during-load");
    assertEquals("done", o.path("status").asText(), o.toString());
    BackupManifest m = LedgerBackup.readManifest(out);
    assertEquals(m.size(), o.path("size").asLong());
    assertEquals(m.root().toBase64(), o.path("root").asText());

    long live = f.ledger.journal().size();
    assertTrue(m.size() <= live, m.size() + " > " + live);
    if (m.size() < live) {
      ProofVerifier.verifyConsistency(
          m.size(),
          live,
          f.ledger.journal().consistencyProof(m.size(), live),
          m.root(),
          f.ledger.journal().root());
    }
    Path restored = dir.resolve("restored");
    LedgerBackup.Restored back =
        LedgerBackup.restore(
            out,
            restored,
            false,
            Optional.of(f.scenario.checkpointSigner().verifier()),
            AuditOptions.defaults());
    assertEquals(m.size(), back.audit().entries());
    try (CreditLedger l =
        CreditLedger.open(restored, f.scenario.checkpointSigner(), JournalOptions.DEFAULT)) {
      assertEquals(m.root(), l.journal().root());
      assertEquals(m.size(), l.submit(f.enrolment()).seq());
    }
  }

  @Test
  void backup_auditorToken_forbidden() throws Exception {
    HttpResponse<byte[]> r = f.post("/v1/admin/backup", new byte[0], Fixture.AUDITOR);
    assertEquals(403, r.statusCode());
  }

  @Test
  void backup_nameTaken_conflict() throws Exception {
    assertEquals(202, f.post("/v1/admin/backup", name("twice"), Fixture.OPERATOR).statusCode());
    assertEquals("done", finished("twice").path("status").asText());
    HttpResponse<byte[]> r = f.post("/v1/admin/backup", name("twice"), Fixture.OPERATOR);
    assertEquals(409, r.statusCode());
    assertEquals("CONFLICT", Fixture.json(r).path("code").asText());
    assertEquals("a backup named twice already exists", Fixture.json(r).path("detail").asText());
  }

  @Test
  void status_unknownName_notFound() throws Exception {
    HttpResponse<byte[]> r = f.get("/v1/admin/backup/never", Fixture.OPERATOR);
    assertEquals(404, r.statusCode());
    assertEquals("no backup named never", Fixture.json(r).path("detail").asText());
  }

  @Test
  void backup_nameWithSeparator_badParameter() throws Exception {
    HttpResponse<byte[]> r = f.post("/v1/admin/backup", name("../x"), Fixture.OPERATOR);
    assertEquals(400, r.statusCode());
    assertEquals(
        "want a backup name matching [A-Za-z0-9][A-Za-z0-9._-]{0,99}, got \"../x\"",
        Fixture.json(r).path("detail").asText());
  }
}
