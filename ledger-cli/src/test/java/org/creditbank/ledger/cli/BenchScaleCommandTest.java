package org.creditbank.ledger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.creditbank.ledger.cli.CliWorld.Run;
import org.creditbank.ledger.json.StrictJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ledger bench scale} on a tiny ledger: every stage gets its figures, and a second run over
 * the same directory continues the ledger and keeps the stages measured before. About 15 s.
 */
class BenchScaleCommandTest {
  @TempDir Path tmp;

  private static final String[] SMALL = {
    "--seconds",
    "0.2",
    "--rounds",
    "1",
    "--proofs",
    "200",
    "--threads",
    "8",
    "--http-per-client",
    "5"
  };

  private Run scale(String... args) {
    List<String> a = new ArrayList<>(List.of("bench", "scale", "--dir", tmp.toString()));
    a.addAll(List.of(SMALL));
    a.addAll(List.of(args));
    return CliWorld.ok(a.toArray(String[]::new));
  }

  @Test
  void benchScale_runThenContinue_figuresForEachStageOnce() throws Exception {
    Run first = scale("--entries", "1000", "--stages", "500,1000", "--json");
    JsonNode report = StrictJson.withDefaults().parse(first.out().getBytes(StandardCharsets.UTF_8));
    JsonNode stages = report.get("stages");
    assertEquals(2, stages.size(), first.out());
    List<String> failures = new ArrayList<>();
    long[] want = {500, 1000};
    for (int i = 0; i < 2; i++) {
      JsonNode s = stages.get(i);
      String at = "stage " + want[i] + ": ";
      if (s.get("stage").asLong() != want[i] || s.get("entries").asLong() < want[i]) {
        failures.add(at + "stage/entries " + s.get("stage") + "/" + s.get("entries"));
      }
      for (String f :
          List.of(
              "submissionsPerSecond",
              "receiptP50Ms",
              "rawVerifyPerSecond",
              "ratio",
              "inclusionMedianMs",
              "consistencyMedianMs",
              "heapAfterGcBytes",
              "heapPeakBytes",
              "diskBytesPerEntry")) {
        if (!(s.get(f).asDouble() > 0)) {
          failures.add(at + "want " + f + " > 0, got " + s.get(f));
        }
      }
      if (s.get("receiptP99Ms").asDouble() < s.get("receiptP50Ms").asDouble()) {
        failures.add(at + "p99 below p50");
      }
      if (!s.get("auditPerSecond").isNull() || s.get("httpErrors").asLong() != 0) {
        failures.add(at + "audit " + s.get("auditPerSecond") + ", errors " + s.get("httpErrors"));
      }
    }
    assertEquals(List.of(), failures);
    assertEquals("ASYNC", report.get("growthDurability").asText());
    assertTrue(first.err().contains("growing with ASYNC durability"), first.err());
    assertTrue(first.err().contains("audit: not measured"), first.err());

    Run second = scale("--entries", "1500", "--stages", "500,1000,1500");
    assertTrue(second.out().contains("continuing the ledger of "), second.out());
    assertTrue(second.out().contains("stage 500: measured by an earlier run"), second.out());
    assertTrue(second.out().contains("stage 1,000: measured by an earlier run"), second.out());
    for (String row : List.of("         500 ", "       1,000 ", "       1,500 ")) {
      assertTrue(second.out().contains("\n" + row), row + "\n" + second.out());
    }
    assertTrue(second.out().contains("not measured"), second.out());
    assertTrue(second.out().contains("heap used after a full GC: "), second.out());
    JsonNode kept =
        StrictJson.withDefaults()
            .parse(Files.readAllBytes(tmp.resolve("scale-stages.json")))
            .get("stages");
    assertEquals(3, kept.size());
    assertEquals(stages.get(0), kept.get(0));
    assertEquals(stages.get(1), kept.get(1));
    assertTrue(kept.get(2).get("entries").asLong() >= 1500, kept.toString());
  }

  @Test
  void benchScale_stagesNotAscending_usage() {
    Run r =
        CliWorld.run(
            "bench", "scale", "--dir", tmp.toString(), "--entries", "10", "--stages", "5,3");
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(
        r.err()
            .startsWith(
                "ledger bench scale: want --stages ascending, from 1 to --entries (10), got [5, 3]"),
        r.err());
  }
}
