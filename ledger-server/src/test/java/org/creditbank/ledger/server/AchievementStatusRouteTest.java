package org.creditbank.ledger.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.creditbank.ledger.bank.AchievementRecord;
import org.creditbank.ledger.demo.WorkedScenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /v1/achievements/{issuer}/{id}/status}: public, and tells the status only. */
class AchievementStatusRouteTest {
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

  @Test
  void status_revokedAchievement_isRevokedWithTheRevokingSeq() throws Exception {
    AchievementRecord a =
        f.ledger.read(q -> q.achievement(WorkedScenario.CERT, "NQC-2026-3301")).orElseThrow();
    HttpResponse<byte[]> r =
        f.get("/v1/achievements/" + WorkedScenario.CERT + "/NQC-2026-3301/status", null);
    assertEquals(200, r.statusCode());
    JsonNode o = Fixture.json(r);
    assertEquals(
        Fixture.JSON.readTree(
            "{\"status\":\"revoked\",\"statusSeq\":" + a.statusSeq().getAsLong() + "}"),
        o);
  }

  @Test
  void status_activeAchievement_isActiveWithTheRecordingSeq() throws Exception {
    AchievementRecord a =
        f.ledger.read(q -> q.achievement(WorkedScenario.COLLEGE, "VC-2026-0001")).orElseThrow();
    HttpResponse<byte[]> r =
        f.get("/v1/achievements/" + WorkedScenario.COLLEGE + "/VC-2026-0001/status", null);
    assertEquals(200, r.statusCode());
    assertEquals(
        Fixture.JSON.readTree("{\"status\":\"active\",\"statusSeq\":" + a.seq() + "}"),
        Fixture.json(r));
  }

  @Test
  void status_unknownAchievement_is404() throws Exception {
    HttpResponse<byte[]> r = f.get("/v1/achievements/NURSE-VC/NO-SUCH/status", null);
    assertEquals(404, r.statusCode());
    assertEquals("no achievement NURSE-VC/NO-SUCH", Fixture.json(r).path("detail").asText());
  }
}
