package org.creditbank.ledger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.creditbank.ledger.cli.CliWorld.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code issue --csv}: per-row errors in row order, idempotent re-runs, and a SIGKILL halfway. */
class IssueCsvTest {
  static final String HEADER =
      "achievement,learner,kind,title,code,field,level,credits,hours,result,completed";

  @TempDir Path tmp;

  /** One valid CSV row: a 1-credit course {@code VC-i} of {@link CliWorld#LEARNER}. */
  static String row(int i) {
    return "VC-"
        + i
        + ","
        + CliWorld.LEARNER
        + ",course,\"Course "
        + i
        + ", part one\",NUR-"
        + i
        + ",0913,5,1,16,passed,2026-07-10";
  }

  private long size(CliWorld w) {
    String info = CliWorld.ok("info", "--data", w.data.toString(), "--json").out();
    Matcher m = Pattern.compile("\"size\" : (\\d+)").matcher(info);
    assertTrue(m.find(), info);
    return Long.parseLong(m.group(1));
  }

  /**
   * Rows submitted concurrently commit in groups, and a checkpoint is stored only at the size each
   * group ends with: {@code prove --size} at a size inside a group is a usage error naming why.
   * (About 5 s.)
   */
  @Test
  void prove_sizeInsideACommitGroup_usageErrorSayingWhy() throws Exception {
    CliWorld w = new CliWorld(tmp).setUp();
    Path csv = tmp.resolve("group.csv");
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    for (int i = 1; i <= 200; i++) {
      text.append(row(i)).append('\n');
    }
    Files.writeString(csv, text);
    CliWorld.ok(w.college("issue", "--csv", csv.toString()));
    long size = size(w);
    long inside = -1;
    for (long n = size - 1; n > size - 200 && inside < 0; n--) {
      Run r = CliWorld.run("prove", "1", "--size", Long.toString(n), "--data", w.data.toString());
      if (r.code() != ExitCodes.OK) {
        inside = n;
        assertEquals(ExitCodes.USAGE, r.code(), r.err());
        assertEquals("ledger prove: " + Cli.noCheckpoint(n) + "\n", r.err());
      }
    }
    assertTrue(inside > 0, "200 rows on 32 threads committed one by one: no size inside a group");
    Run latest =
        CliWorld.ok("prove", "1", "--size", Long.toString(size), "--data", w.data.toString());
    assertTrue(latest.out().contains("\n" + size + "\n"), latest.out());
  }

  @Test
  void issueCsv_malformedAndRejectedRows_reportedInRowOrderOthersRecorded() throws Exception {
    CliWorld w = new CliWorld(tmp).setUp();
    Path csv = tmp.resolve("rows.csv");
    Files.writeString(
        csv,
        String.join(
                "\n",
                HEADER,
                row(1),
                "VC-2," + CliWorld.LEARNER + ",course,Too few,NUR-2",
                row(3),
                "VC-4,"
                    + CliWorld.LEARNER
                    + ",course,Bad number,NUR-4,0913,5,four,16,passed,2026-07-10",
                "VC-5," + CliWorld.LEARNER + ",course,Bad date,NUR-5,0913,5,1,16,passed,2026-02-30",
                "VC-6,L-2026-NOBODY,course,Unknown learner,NUR-6,0913,5,1,16,passed,2026-07-10",
                row(7))
            + "\n");
    long before = size(w);
    Run r = CliWorld.run(w.college("issue", "--csv", csv.toString()));
    assertEquals(ExitCodes.REJECTED, r.code(), r.err());
    List<String> errors = r.err().lines().filter(l -> l.startsWith("ledger issue: ")).toList();
    String p = "ledger issue: " + csv + " row ";
    assertEquals(
        List.of(
            p + "3: want 11 columns, got 5",
            p + "5: want a number for credits, got 'four'",
            p
                + "6: bad achievement.recorded body: want a date such as \"2026-07-01\" at"
                + " /body/completed, got \"2026-02-30\"",
            p
                + "7: rejected (UNKNOWN_LEARNER at /body/learner): want an enrolled learner at"
                + " /body/learner, got \"L-2026-NOBODY\""),
        errors);
    assertTrue(r.err().contains("issue [##############################] 7/7 rows"), r.err());
    assertEquals(
        "7 rows: 3 recorded, 0 already recorded, 4 failed",
        r.out().strip().replaceAll(" \\(.*\\)$", ""));
    assertEquals(before + 3, size(w));

    // The same file again records nothing new and reports the same rows.
    Run again = CliWorld.run(w.college("issue", "--csv", csv.toString()));
    assertEquals(ExitCodes.REJECTED, again.code());
    assertEquals(
        "7 rows: 0 recorded, 3 already recorded, 4 failed",
        again.out().strip().replaceAll(" \\(.*\\)$", ""));
    assertEquals(before + 3, size(w));
  }

  @Test
  void issueCsv_emptyEvidenceType_defaultsToPdf() throws Exception {
    // Regression: an empty evidenceType cell was sent as mediaType "", which the body rules
    // refuse, although docs/cli.md says an empty optional field is absent (default PDF).
    CliWorld w = new CliWorld(tmp).setUp();
    Path csv = tmp.resolve("evidence.csv");
    String sha = "3a6eb0790f39ac87c94f3856b2dd2c5d110e6811602261a9a923d3bb23adc8b7";
    Files.writeString(
        csv,
        HEADER
            + ",evidenceSha256,evidenceType\n"
            + "VC-E1,"
            + CliWorld.LEARNER
            + ",course,With evidence,NUR-E1,0913,5,1,16,passed,2026-07-10,"
            + sha
            + ",\n");
    Run r = CliWorld.run(w.college("issue", "--csv", csv.toString()));
    assertEquals(ExitCodes.OK, r.code(), r.err());
    String h =
        CliWorld.ok("history", "--data", w.data.toString(), "--achievement", "NURSE-VC/VC-E1")
            .out();
    assertTrue(h.startsWith("NURSE-VC/VC-E1: With evidence, 1 credits, ACTIVE"), h);
    String leaf =
        CliWorld.ok("entry", "--data", w.data.toString(), String.valueOf(size(w) - 1)).out();
    assertTrue(leaf.contains("\"mediaType\" : \"application/pdf\"") && leaf.contains(sha), leaf);
  }

  @Test
  void issueCsv_unknownColumn_usageError() throws Exception {
    CliWorld w = new CliWorld(tmp).setUp();
    Path csv = tmp.resolve("cols.csv");
    Files.writeString(csv, HEADER + ",colour\n");
    Run r = CliWorld.run(w.college("issue", "--csv", csv.toString()));
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals(
        "ledger issue: " + csv + ": unknown column 'colour' in the header (see docs/cli.md)\n",
        r.err());
  }

  @Test
  void issueCsv_killedHalfwayThenRerun_recordsEachRowExactlyOnce() throws Exception {
    CliWorld w = new CliWorld(tmp).setUp();
    int n = 2500;
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    for (int i = 0; i < n; i++) {
      text.append(row(i)).append('\n');
    }
    Path csv = tmp.resolve("big.csv");
    Files.writeString(csv, text);
    long before = size(w);

    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(w.college("issue", "--csv", csv.toString(), "--progress-every-ms", "20")));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    // RocksDB copies its native library to a temporary file that a killed JVM never deletes; with
    // this directory it writes one fixed file there instead, removed with the test's directory.
    pb.environment().put("ROCKSDB_SHAREDLIB_DIR", tmp.toString());
    Process child = pb.start();
    Pattern progress = Pattern.compile("issue \\[[# ]+\\] (\\d+)/" + n + " rows");
    int doneAtKill = -1;
    try (BufferedReader err =
        new BufferedReader(new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = err.readLine()) != null) {
        Matcher m = progress.matcher(line);
        if (m.matches() && Integer.parseInt(m.group(1)) >= 200) {
          doneAtKill = Integer.parseInt(m.group(1));
          child.destroyForcibly(); // SIGKILL on POSIX: no shutdown hooks, no close
          break;
        }
      }
    }
    assertTrue(child.waitFor(60, TimeUnit.SECONDS));
    assertTrue(doneAtKill >= 200 && doneAtKill < n, "killed at " + doneAtKill);

    Run rerun = CliWorld.run(w.college("issue", "--csv", csv.toString()));
    assertEquals(ExitCodes.OK, rerun.code(), rerun.err());
    Matcher s =
        Pattern.compile(n + " rows: (\\d+) recorded, (\\d+) already recorded, 0 failed")
            .matcher(rerun.out());
    assertTrue(s.find(), rerun.out());
    int recorded = Integer.parseInt(s.group(1));
    int already = Integer.parseInt(s.group(2));
    assertEquals(n, recorded + already);
    // Every row the child saw done was durable; some were left for the re-run.
    assertTrue(already >= doneAtKill, already + " already recorded, child had done " + doneAtKill);
    assertTrue(recorded > 0, "the child finished before it was killed");
    // Each row is in the log exactly once.
    assertEquals(before + n, size(w));
  }
}
