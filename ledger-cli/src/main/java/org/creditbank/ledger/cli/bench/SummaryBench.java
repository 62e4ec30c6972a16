package org.creditbank.ledger.cli.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.audit.AuditOptions;
import org.creditbank.ledger.audit.AuditReport;
import org.creditbank.ledger.audit.LedgerAuditor;
import org.creditbank.ledger.bank.StatementSigner;
import org.creditbank.ledger.cli.ExitCodes;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.journal.JournalOptions;
import org.creditbank.ledger.note.NoteSigner;
import org.creditbank.ledger.util.Hash;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * {@code ledger bench} without a subcommand: every figure of the ledger in one run of about a
 * minute and a quarter, each next to the limit of this machine and disk it is bound by.
 *
 * <ol>
 *   <li>The limits: Ed25519 sign and (strict) verify on one thread and on all cores, SHA-256 MB/s,
 *       and RocksDB's synced single puts and synced batches on the benchmark's disk.
 *   <li>Durable submissions (the credit bank's script of four achievements to one conversion)
 *       through the facade with 1, 8 and 64 submitters, then over HTTP with 1, 8 and 64 clients,
 *       each measured round paired with the raw verify rate (as {@code bench ledger}).
 *   <li>Inclusion and consistency proofs read from the ledger those runs made (grown to {@code
 *       --entries} first if that is larger).
 *   <li>The audit of that ledger from seq 0 ({@link LedgerAuditor}).
 * </ol>
 */
final class SummaryBench {
  /** The targets of docs/benchmarks.md, as ratios to the raw verify rate on all cores. */
  static final double FACADE_TARGET = 0.75;

  static final double HTTP_TARGET = 0.5;
  static final double AUDIT_TARGET = 0.8;
  static final double P99_TARGET_MS = 20;
  static final double PROOF_TARGET_MS = 0.2;

  /** Statements each of 64 clients sends over HTTP before the HTTP figure is taken. */
  private static final int HTTP_WARMUP = 100;

  /** Statements a thread submits per round for one second of round: thread count to count. */
  private static int perThread(int threads, double seconds, boolean http) {
    double perSecond =
        switch (threads) {
          case 1 -> http ? 400 : 500;
          case 8 -> http ? 150 : 250;
          default -> http ? 40 : 60;
        };
    return Math.max(5, (int) Math.round(perSecond * seconds / 5) * 5);
  }

  private final Path dir;
  private final double seconds;
  private final int rounds;
  private final long entries;
  private final int warmup;
  private final PrintWriter log;

  /**
   * @param dir where the scratch database and the ledger go (made if missing)
   * @param seconds about how long each measured round takes
   * @param rounds measured rounds of each figure
   * @param entries the size the ledger grows to before the proofs and the audit, if larger than
   *     what the submissions made
   * @param warmup at most this many statements each of 64 threads sends before anything is measured
   * @param log where progress and the human-readable figures go
   */
  SummaryBench(Path dir, double seconds, int rounds, long entries, int warmup, PrintWriter log) {
    this.dir = dir;
    this.seconds = seconds;
    this.rounds = rounds;
    this.entries = entries;
    this.warmup = warmup;
    this.log = log;
  }

  /** What one run measured. */
  record Figures(ObjectNode json, long httpErrors) {
    /** 1 if an HTTP answer was not 201, else 0, whether the targets are met or not. */
    int exitCode() {
      return httpErrors == 0 ? ExitCodes.OK : ExitCodes.VERIFICATION_FAILED;
    }
  }

  Figures run() throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("cores", cores);
    root.put("java", Runtime.version().toString());
    root.put("dir", dir.toString());
    root.put("secondsPerRound", seconds);
    root.put("rounds", rounds);

    log.printf(
        Locale.ROOT, "ledger bench: %d cores, Java %s, in %s%n", cores, Runtime.version(), dir);
    log.println("limits of this machine and disk:");
    ObjectNode limits = root.putObject("limits");
    // Each Ed25519 primitive is measured on all cores first, after two seconds of warm-up (less
    // for a shorter run), so that the JIT has compiled it before any figure is taken; half a
    // second of warm-up serves for the rest.
    Harness first = new Harness(Math.min(2, seconds), seconds / 2, rounds, log);
    Harness h = new Harness(Math.min(0.5, seconds), seconds / 2, rounds, log);
    Ed25519PrivateKey k = LedgerBench.key(3);
    byte[][] messages = new byte[256][];
    for (int i = 0; i < messages.length; i++) {
      messages[i] = ByteBuffer.allocate(64).putInt(i).array();
    }
    Harness.Op sign = i -> k.sign(messages[i & 255])[0];
    put(
        limits,
        "signAllCores",
        first.measureThreads("Ed25519 sign, " + cores + " threads", "ops/s", 1, cores, sign));
    put(limits, "signOneThread", h.measure("Ed25519 sign, 1 thread", "ops/s", 1, sign));
    Harness.Op verify = Harness.rawVerify();
    Harness.Result verifyAll =
        first.measureThreads(
            "Ed25519 strict verify, " + cores + " threads", "ops/s", 1, cores, verify);
    put(limits, "verifyAllCores", verifyAll);
    put(
        limits,
        "verifyOneThread",
        h.measure("Ed25519 strict verify, 1 thread", "ops/s", 1, verify));
    byte[] block = new byte[64 * 1024];
    put(
        limits,
        "sha256MBps",
        h.measure(
            "SHA-256 of 64 KiB, 1 thread",
            "MB/s",
            block.length / 1e6,
            i -> {
              block[0] = (byte) i;
              return Hash.sha256(block).toByteArray()[0];
            }));
    Harness.Result put;
    Harness.Result batch;
    Path scratch = Files.createTempDirectory(dir, "disk-limits-");
    RocksDB.loadLibrary();
    try (Options o = new Options().setCreateIfMissing(true);
        RocksDB db = RocksDB.open(o, scratch.toString());
        WriteOptions synced = new WriteOptions().setSync(true)) {
      byte[] value = new byte[1024];
      put =
          h.measure(
              "RocksDB synced single put of 1 KiB",
              "puts/s",
              1,
              i -> {
                db.put(synced, key(i), value);
                return 1;
              });
      batch =
          h.measure(
              "RocksDB synced batch of 100 puts of 1 KiB",
              "puts/s",
              100,
              i -> {
                try (WriteBatch b = new WriteBatch()) {
                  for (int j = 0; j < 100; j++) {
                    b.put(key(i * 100 + j), value);
                  }
                  db.write(synced, b);
                }
                return 1;
              });
    } finally {
      JournalBench.deleteTree(scratch);
    }
    put(limits, "syncedPutsPerSecond", put);
    put(limits, "syncedBatchPutsPerSecond", batch);

    log.println("the ledger (targets in docs/benchmarks.md):");
    ObjectNode ledgerFigures = root.putObject("ledger");
    ArrayNode submissions = ledgerFigures.putArray("submissions");
    Ed25519PrivateKey opKey = LedgerBench.key(1);
    StatementSigner operator = new StatementSigner(LedgerBench.ORIGIN, LedgerBench.OPERATOR, opKey);
    NoteSigner checkpoints = NoteSigner.of(LedgerBench.ORIGIN, LedgerBench.key(2));
    Path ledgerDir = dir.resolve("ledger");
    // Phase 0 warms up; phases 1-3 are the facade's thread counts, 4-6 HTTP's; phase 7 warms up
    // the server's path.
    List<List<List<byte[]>>> work = new ArrayList<>();
    List<byte[]> enrolments = new ArrayList<>();
    int[] phaseThreads = {64, 1, 8, 64, 1, 8, 64, 64};
    int[] phaseCount = new int[phaseThreads.length];
    phaseCount[0] = warmup;
    for (int p = 1; p <= 6; p++) {
      phaseCount[p] = (rounds + 1) * perThread(phaseThreads[p], seconds, p >= 4);
    }
    phaseCount[7] = Math.min(warmup, HTTP_WARMUP);
    log.print("  signing the run's statements...");
    log.flush();
    long t0 = System.nanoTime();
    int signed = 0;
    for (int p = 0; p < phaseThreads.length; p++) {
      work.add(LedgerBench.scripts(operator, p, phaseThreads[p], phaseCount[p]));
      enrolments.addAll(LedgerBench.enrolments(p, phaseThreads[p], phaseCount[p]));
      signed += phaseThreads[p] * phaseCount[p];
    }
    log.printf(
        Locale.ROOT,
        " %,d and %,d enrolments in %.1f s%n",
        signed,
        enrolments.size(),
        (System.nanoTime() - t0) / 1e9);
    List<Row> rows = new ArrayList<>();
    long httpErrors;
    long size;
    ProofTimes proofs;
    try (CreditLedger ledger =
        CreditLedger.create(
            ledgerDir,
            checkpoints,
            operator.sign("genesis", LedgerBench.AT, LedgerBench.genesis(opKey)),
            JournalOptions.DEFAULT)) {
      LedgerBench.setUp(ledger, operator, enrolments, log);
      if (warmup > 0) {
        LedgerBench.warmUp(ledger::submit, work.get(0), 64, warmup, log);
      }
      for (int p = 1; p <= 3; p++) {
        rows.add(submissions(work.get(p), phaseThreads[p], false, verify, ledger::submit));
      }
      try (HttpLoad over = new HttpLoad(ledger, 64)) {
        List<List<byte[]>> warm = work.get(7);
        if (phaseCount[7] > 0) {
          Load.warmUp(64, phaseCount[7], (slot, round, i) -> over.submit(warm.get(slot).get(i)));
        }
        for (int p = 4; p <= 6; p++) {
          rows.add(submissions(work.get(p), phaseThreads[p], true, verify, over::submit));
        }
        httpErrors = over.errors();
      }
      for (Row r : rows) {
        ObjectNode o = submissions.addObject();
        o.put("via", r.http() ? "http" : "facade");
        o.put("threads", r.f().threads());
        o.put("perSecond", r.f().median());
        o.put("min", r.f().min());
        o.put("max", r.f().max());
        o.put("p50Ms", r.f().p50());
        o.put("p99Ms", r.f().p99());
        o.put("rawVerify", r.f().raw());
        o.put("ratioToVerify", r.f().ratio());
        // One submitter waits for an fsync per statement; more commit in groups, one fsync each.
        double sync = r.f().threads() == 1 ? put.median() : batch.median();
        o.put("syncLimit", sync);
        o.put("ratioToSyncLimit", r.f().median() / sync);
        o.put("cpuMicrosPerSubmission", r.f().cpuMicros());
        o.put("cpuMicrosPerRawVerify", r.f().rawVerifyMicros());
        o.put("verifyShareOfCpu", r.f().verifyShare());
      }
      ledgerFigures.put("httpErrors", httpErrors);
      if (ledger.journal().size() < entries) {
        grow(ledger, operator, entries);
      }
      size = ledger.journal().size();
      proofs = ProofTimes.measure(ledger.journal(), 2_000, size);
      log.printf(
          Locale.ROOT,
          "  proofs at %,d entries, 2,000 random pairs each: inclusion median %.3f ms (p99 %.3f),"
              + " consistency median %.3f ms (p99 %.3f)%n",
          size,
          proofs.inclusionMedianMs(),
          proofs.inclusionP99Ms(),
          proofs.consistencyMedianMs(),
          proofs.consistencyP99Ms());
      ObjectNode p = ledgerFigures.putObject("proofs");
      p.put("entries", size);
      p.put("inclusionMedianMs", proofs.inclusionMedianMs());
      p.put("inclusionP99Ms", proofs.inclusionP99Ms());
      p.put("consistencyMedianMs", proofs.consistencyMedianMs());
      p.put("consistencyP99Ms", proofs.consistencyP99Ms());
    }

    // The audit runs on a closed ledger, as `ledger audit --data` does, beside a fresh raw rate.
    Harness.Result auditRaw =
        new Harness(0.2, Math.max(0.2, seconds / 2), 1, log)
            .measureThreads(
                "raw verify, " + cores + " threads, before the audit", "ops/s", 1, cores, verify);
    Path auditScratch = Files.createTempDirectory(dir, "audit-scratch-");
    AuditReport a;
    try {
      a =
          LedgerAuditor.audit(
              ledgerDir,
              checkpoints.verifier(),
              new AuditOptions(Optional.empty(), cores, auditScratch, (done, total) -> {}));
    } finally {
      JournalBench.deleteTree(auditScratch);
    }
    double auditRate = a.entriesPerSecond();
    log.printf(
        Locale.ROOT,
        "  audit from seq 0: %,d entries (%,d checkpoints) in %.1f s, %s entries/s%n",
        a.entries(),
        a.checkpoints(),
        a.took().toNanos() / 1e9,
        Harness.format(auditRate));
    ObjectNode audit = ledgerFigures.putObject("audit");
    audit.put("entries", a.entries());
    audit.put("checkpoints", a.checkpoints());
    audit.put("seconds", a.took().toNanos() / 1e9);
    audit.put("entriesPerSecond", auditRate);
    audit.put("rawVerify", auditRaw.median());
    audit.put("ratio", auditRate / auditRaw.median());

    summary(
        root,
        new Measured(
            rows,
            httpErrors,
            put.median(),
            verifyAll.median(),
            auditRate,
            auditRaw.median(),
            size,
            proofs));
    return new Figures(root, httpErrors);
  }

  /** Grows the ledger to at least {@code target} entries with more of the script, 64 at a time. */
  private void grow(CreditLedger ledger, StatementSigner operator, long target) throws Exception {
    int phase = 100;
    long t0 = System.nanoTime();
    while (ledger.journal().size() < target) {
      int p = phase++;
      AuditBench.submitAll(ledger, List.of(LedgerBench.enrolments(p, 64, 50)), 64);
      AuditBench.submitAll(ledger, LedgerBench.scripts(operator, p, 64, 50), 64);
      long size = ledger.journal().size();
      log.printf(
          Locale.ROOT,
          "\r  growing the ledger to %,d entries: %,d (%,.0f entries/s)   ",
          target,
          size,
          size / ((System.nanoTime() - t0) / 1e9));
      log.flush();
    }
    log.println();
  }

  /** One submission figure and how it was submitted. */
  private record Row(Load.Figures f, boolean http) {}

  /**
   * What the summary judges: the submission rows, the fsync and verify limits, the audit's rate
   * beside the raw rate measured before it, and the proofs at the ledger's size.
   */
  private record Measured(
      List<Row> rows,
      long httpErrors,
      double syncedPut,
      double verifyAll,
      double auditRate,
      double auditRaw,
      long size,
      ProofTimes proofs) {}

  /** Measures {@code t} threads submitting their scripts of {@code work} through {@code sink}. */
  private Row submissions(
      List<List<byte[]>> work, int t, boolean http, Harness.Op verify, LedgerBench.Sink sink)
      throws Exception {
    int n = perThread(t, seconds, http);
    Load.Figures f =
        Load.measure(
            log,
            http ? "durable submissions over HTTP" : "durable submissions through the facade",
            t,
            rounds,
            n,
            Math.min(0.5, seconds),
            verify,
            (slot, round, i) -> sink.submit(work.get(slot).get(round * n + i)));
    return new Row(f, http);
  }

  /** Prints the table of every figure against its limit and target, and adds it to the JSON. */
  private void summary(ObjectNode root, Measured m) {
    ArrayNode targets = root.putArray("targets");
    log.println();
    log.printf(
        Locale.ROOT,
        "%-46s %12s %26s %6s %18s  %s%n",
        "figure",
        "measured",
        "bound by",
        "ratio",
        "target",
        "");
    for (Row r : m.rows()) {
      Load.Figures f = r.f();
      String what =
          String.format(
              Locale.ROOT,
              "submissions/s, %s, %d %s%s",
              r.http() ? "HTTP" : "facade",
              f.threads(),
              r.http() ? "client" : "submitter",
              f.threads() == 1 ? "" : "s");
      if (f.threads() == 1) {
        // Each receipt waits for its own fsync: the synced put is the limit.
        target(
            targets,
            what,
            f.median(),
            "synced put",
            m.syncedPut(),
            f.median() / m.syncedPut(),
            null,
            null);
      } else if (f.threads() == 64) {
        double want = r.http() ? HTTP_TARGET : FACADE_TARGET;
        boolean met = f.ratio() >= want && (!r.http() || m.httpErrors() == 0);
        target(
            targets,
            what,
            f.median(),
            "raw verify",
            f.raw(),
            f.ratio(),
            ">= " + want + (r.http() ? ", 0 errors" : ""),
            met);
        target(
            targets,
            "receipt p99 ms, " + what.substring("submissions/s, ".length()),
            f.p99(),
            "-",
            Double.NaN,
            Double.NaN,
            r.http() ? null : "<= " + P99_TARGET_MS,
            r.http() ? null : f.p99() <= P99_TARGET_MS);
      } else {
        target(targets, what, f.median(), "raw verify", f.raw(), f.ratio(), null, null);
      }
    }
    double auditRatio = m.auditRate() / m.auditRaw();
    target(
        targets,
        "audit entries/s",
        m.auditRate(),
        "raw verify",
        m.auditRaw(),
        auditRatio,
        ">= " + AUDIT_TARGET,
        auditRatio >= AUDIT_TARGET);
    // The proof target is at 10^7 entries; below that the figure is shown, not judged.
    boolean atTarget = m.size() >= 10_000_000L;
    String at = String.format(Locale.ROOT, " at %,d", m.size());
    double inclusion = m.proofs().inclusionMedianMs();
    double consistency = m.proofs().consistencyMedianMs();
    String proofTarget = "<= " + PROOF_TARGET_MS + " at 10^7";
    target(
        targets,
        "inclusion proof median ms" + at,
        inclusion,
        "-",
        Double.NaN,
        Double.NaN,
        proofTarget,
        atTarget ? inclusion <= PROOF_TARGET_MS : null);
    target(
        targets,
        "consistency proof median ms" + at,
        consistency,
        "-",
        Double.NaN,
        Double.NaN,
        proofTarget,
        atTarget ? consistency <= PROOF_TARGET_MS : null);
    log.printf(
        Locale.ROOT,
        "(raw verify on all cores in the limits: %s/s; each ratio uses the raw rate measured beside"
            + " it; a proof target is judged only at 10^7 entries: bench scale)%n",
        Harness.format(m.verifyAll()));
    // With the cores saturated, a ratio to the raw verify rate cannot exceed the verify's share
    // of a submission's CPU: say what that ceiling was, so that a miss reads as CPU, not waiting.
    for (Row r : m.rows()) {
      if (r.f().threads() == 64) {
        log.printf(
            Locale.ROOT,
            "(%s, 64: %.0f µs of CPU per submission against %.0f µs per raw verify; the ratio can"
                + " reach at most %.2f until the rest of a submission costs less)%n",
            r.http() ? "HTTP" : "facade",
            r.f().cpuMicros(),
            r.f().rawVerifyMicros(),
            r.f().verifyShare());
      }
    }
    log.flush();
  }

  /**
   * One row of the table and of the JSON's {@code targets}; no target when {@code target} is null.
   */
  private void target(
      ArrayNode targets,
      String figure,
      double measured,
      String boundBy,
      double limit,
      double ratio,
      String target,
      Boolean met) {
    log.printf(
        Locale.ROOT,
        "%-46s %12s %26s %6s %18s  %s%n",
        figure,
        Harness.format(measured),
        Double.isNaN(limit) ? boundBy : boundBy + " " + Harness.format(limit) + "/s",
        Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2f", ratio),
        target == null ? "" : target,
        met == null ? (target == null ? "" : "not judged") : met ? "MET" : "NOT MET");
    ObjectNode t = targets.addObject();
    t.put("figure", figure);
    t.put("measured", measured);
    if (!Double.isNaN(limit)) {
      t.put("limit", limit);
      t.put("ratio", ratio);
    }
    if (target != null) {
      t.put("target", target);
    }
    if (met != null) {
      t.put("met", met.booleanValue());
    } else {
      t.putNull("met");
    }
  }

  private static void put(ObjectNode o, String name, Harness.Result r) {
    ObjectNode v = o.putObject(name);
    v.put("median", r.median());
    v.put("min", r.min());
    v.put("max", r.max());
    v.put("unit", r.unit());
  }

  private static byte[] key(int i) {
    return ByteBuffer.allocate(8).putLong(i).array();
  }
}
