package org.creditbank.ledger.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.creditbank.ledger.merkle.ProofVerifier;
import org.creditbank.ledger.note.Checkpoint;
import org.creditbank.ledger.util.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing process ({@link CrashChild}) with SIGKILL again and again on the same ledger, and
 * checks after each kill that every receipt it handed out survived and the log is still one
 * verifiable, append-only chain and tree.
 */
class JournalCrashTest {
  private static final int RUNS = 20;
  private static final int THREADS = 4;
  private static final int MAX_RECEIPTS_BEFORE_KILL = 300;

  /** One receipt the child printed. */
  private record Printed(long seq, String leafHashHex, String actor, String id) {
    static Printed parse(String line) {
      String[] f = line.split(" ", -1);
      if (f.length != 4) {
        throw new IllegalStateException("want 4 fields in the child's line, got: " + line);
      }
      return new Printed(Long.parseLong(f[0]), f[1], f[2], f[3]);
    }
  }

  /** Reads only lines the child finished: a torn last line (no newline) is not a receipt. */
  private static String readCompleteLine(InputStream in, StringBuilder partial) throws IOException {
    while (true) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      if (b == '\n') {
        String line = partial.toString();
        partial.setLength(0);
        return line;
      }
      partial.append((char) b);
    }
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void append_childKilledRepeatedly_everyPrintedReceiptSurvivesAndLogVerifies(@TempDir Path tmp)
      throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    Path ledger = tmp.resolve("ledger");
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("java.class.path");

    List<Printed> printed = new ArrayList<>();
    List<Hash> leafHashes = new ArrayList<>();
    long prevSize = 0;
    Hash prevRoot = null;
    for (int run = 0; run < RUNS; run++) {
      String where = String.format(Locale.ROOT, "seed %d, run %d: ", seed, run);
      int killAt = 1 + random.nextInt(MAX_RECEIPTS_BEFORE_KILL);
      Path stderr = tmp.resolve("child-" + run + ".err");
      ProcessBuilder childBuilder =
          new ProcessBuilder(
                  java,
                  "-XX:TieredStopAtLevel=1",
                  "-XX:+UseSerialGC",
                  "-Xmx128m",
                  "-cp",
                  classpath,
                  CrashChild.class.getName(),
                  ledger.toString(),
                  Integer.toString(run),
                  Integer.toString(THREADS))
              .redirectError(stderr.toFile());
      // RocksDB copies its native library to a temporary file that a killed JVM never deletes
      // (15 MB a run); with this directory it overwrites one fixed file there instead.
      childBuilder.environment().put("ROCKSDB_SHAREDLIB_DIR", tmp.toString());
      Process child = childBuilder.start();
      int runPrinted = 0;
      try {
        InputStream in = child.getInputStream();
        StringBuilder partial = new StringBuilder();
        String line;
        while (runPrinted < killAt && (line = readCompleteLine(in, partial)) != null) {
          printed.add(Printed.parse(line));
          runPrinted++;
        }
        // SIGKILL through the handle: Process.destroyForcibly would also close our end of the pipe,
        // and the lines still in it are receipts too.
        assertTrue(child.toHandle().destroyForcibly(), where + "cannot kill the child");
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), where + "child did not die");
        assertEquals(
            killAt,
            runPrinted,
            where
                + "the child stopped before it was killed; its stderr: "
                + Files.readString(stderr, StandardCharsets.UTF_8));
        // Lines it printed between our last read and the kill are receipts too.
        while ((line = readCompleteLine(in, partial)) != null) {
          printed.add(Printed.parse(line));
          runPrinted++;
        }
      } finally {
        child.destroyForcibly();
      }

      try (Journal<Void> j =
          Journal.open(
              ledger, JournalSmokeTest.SIGNER, StateMachine.acceptAll(), JournalOptions.DEFAULT)) {
        List<String> failures = new ArrayList<>();
        long size = j.size();
        if (size < printed.size()) {
          failures.add("size " + size + " is below the " + printed.size() + " receipts printed");
        }
        for (Printed p : printed) {
          if (p.seq() >= size) {
            failures.add(p + " is beyond the size " + size);
            continue;
          }
          Leaf leaf = j.leaf(p.seq());
          if (!leaf.hash().toHex().equals(p.leafHashHex())) {
            failures.add(p + ": the leaf there hashes to " + leaf.hash().toHex());
          }
          if (!leaf.statement()
              .equals(JournalSmokeTest.stmt(p.actor(), p.id(), "crash").statement())) {
            failures.add(p + ": the leaf there holds another statement");
          }
          OptionalLong found = j.find(p.actor(), p.id());
          if (!found.equals(OptionalLong.of(p.seq()))) {
            failures.add(p + ": find gives " + found);
          }
        }
        // The new leaves continue the chain, and all of them come from this run's child.
        String actorPrefix = "r" + run + "t";
        try (LeafCursor c = j.leaves(prevSize, size)) {
          Hash prev = prevSize == 0 ? Leaf.ZERO : leafHashes.get((int) prevSize - 1);
          Leaf previous = prevSize == 0 ? null : j.leaf(prevSize - 1);
          while (c.advance()) {
            Leaf leaf = c.leaf();
            if (!leaf.prev().equals(prev)) {
              failures.add("leaf " + leaf.seq() + " has prev " + leaf.prev() + ", want " + prev);
            }
            if (previous != null && leaf.time().isBefore(previous.time())) {
              failures.add("leaf " + leaf.seq() + " goes back in time");
            }
            String text = new String(leaf.statement().toByteArray(), StandardCharsets.UTF_8);
            if (!text.startsWith("{\"actor\":\"" + actorPrefix)) {
              failures.add("leaf " + leaf.seq() + " is not from run " + run + ": " + text);
            }
            leafHashes.add(leaf.hash());
            prev = leaf.hash();
            previous = leaf;
          }
        }
        assertEquals(List.of(), failures, where + "after the kill");
        assertEquals(size, leafHashes.size(), where + "leaves read");
        assertTrue(size > prevSize, where + "the run added nothing");

        Hash root = j.root();
        assertEquals(JournalConcurrencyTest.naiveRoot(leafHashes), root, where + "root");
        j.latestCheckpoint().verify(JournalSmokeTest.SIGNER.verifier());
        Checkpoint cp = Checkpoint.parse(j.latestCheckpoint().text());
        assertEquals(size, cp.size(), where + "checkpoint size");
        assertEquals(root, cp.root(), where + "checkpoint root");
        if (prevSize > 0) {
          assertEquals(prevRoot, j.rootAt(prevSize), where + "root of the previous size");
          ProofVerifier.verifyConsistency(
              prevSize, size, j.consistencyProof(prevSize, size), prevRoot, root);
        }
        prevSize = size;
        prevRoot = root;
      }
    }
    assertTrue(printed.size() >= RUNS, "receipts printed: " + printed.size());
  }
}
