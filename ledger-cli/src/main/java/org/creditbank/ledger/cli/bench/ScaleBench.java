package org.creditbank.ledger.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.Views;
import org.creditbank.ledger.audit.AuditOptions;
import org.creditbank.ledger.bank.StatementSigner;
import org.creditbank.ledger.cli.ExitCodes;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.journal.Durability;
import org.creditbank.ledger.journal.JournalOptions;
import org.creditbank.ledger.json.StrictJson;
import org.creditbank.ledger.note.NoteSigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ledger bench scale}: grows one ledger of the credit bank's real statements (those of
 * {@code ledger bench ledger}) to {@code --entries}, and at each stage measures durable
 * submissions, proof times, the audit (when asked) and the heap of a server over the ledger, to
 * show that none of them degrades as the ledger grows. The ledger stays in {@code --dir}, and a run
 * continues one that was stopped.
 */
@Command(
    name = "scale",
    mixinStandardHelpOptions = true,
    description = {
      "Grow one ledger of the credit bank's real statements (four achievement.recorded of about"
          + " 900 bytes to one credit.converted, each learner enrolled first) to --entries, signed"
          + " in chunks and submitted through the CreditLedger facade with ASYNC durability"
          + " (bulk; --sync-growth for SYNC), and at each of --stages measure: durable (SYNC)"
          + " submissions/s with 64 submitters beside the raw Ed25519 verify rate; inclusion and"
          + " consistency proof times (median, p99) read from the stored tree; the audit's rate"
          + " (only with --audit: the audit replays from seq 0); the heap of an in-process ledger"
          + " server after a short HTTP load (after a full GC, and peak); and disk bytes per"
          + " entry.",
      "Targets: rates within 20 %% of each other across the stages, the heap flat, proofs"
          + " <= 0.2 ms median at the largest stage.",
      "The ledger is kept in DIR/ledger and each stage's figures in DIR/scale-stages.json: run"
          + " the same command again to continue a run that was stopped (Ctrl-C leaves a"
          + " consistent ledger)."
    })
public final class ScaleBench implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--entries",
      defaultValue = "10000000",
      description = "grow the ledger to this many entries (default ${DEFAULT-VALUE})")
  long entries;

  @Option(
      names = "--stages",
      split = ",",
      defaultValue = "100000,1000000,10000000",
      description =
          "ledger sizes at which to measure, ascending, at most --entries"
              + " (default ${DEFAULT-VALUE})")
  long[] stages;

  @Option(
      names = "--dir",
      required = true,
      description =
          "where the ledger (DIR/ledger) and the figures so far (DIR/scale-stages.json) are"
              + " kept; a DIR that holds them is continued")
  Path dir;

  @Option(
      names = "--threads",
      defaultValue = "64",
      description = "submitting threads while growing (default ${DEFAULT-VALUE})")
  int threads;

  @Option(
      names = "--seconds",
      defaultValue = "30",
      description =
          "about how long each stage measures durable submissions, its warm-up round apart"
              + " (default ${DEFAULT-VALUE})")
  double seconds;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description =
          "measured rounds of durable submissions per stage, each paired with a raw verify"
              + " measurement (default ${DEFAULT-VALUE})")
  int rounds;

  @Option(
      names = "--proofs",
      defaultValue = "10000",
      description =
          "random (index, size) pairs timed per stage for each kind of proof, after as many"
              + " others untimed"
              + " (default ${DEFAULT-VALUE})")
  int proofs;

  @Option(
      names = "--http-per-client",
      defaultValue = "25",
      description =
          "statements each of the 64 HTTP clients posts in a stage's server load, each followed"
              + " by a GET of an inclusion proof; a multiple of 5 (default ${DEFAULT-VALUE})")
  int httpPerClient;

  @Option(
      names = "--audit",
      description =
          "audit the whole ledger at each stage (the audit replays from seq 0, so at 10^7"
              + " entries it takes long); without it the audit rate is not measured")
  boolean audit;

  @Option(
      names = "--sync-growth",
      description = "grow with SYNC durability too (default: ASYNC for the bulk growth only)")
  boolean syncGrowth;

  @Option(names = "--json", description = "print the figures as JSON (progress goes to stderr)")
  boolean json;

  /** Submitting threads in each stage's measurement, and lanes (ordered scripts) per chunk. */
  static final int LANES = 64;

  /** The most groups of five statements a lane holds in one growth chunk: 3,840 entries. */
  private static final int MAX_GROUPS = 10;

  /**
   * Statements of a stage's measurement use phases from here on (the phase is the ledger's size
   * then, so each is new), apart from the growth chunks' phases 0, 1, 2, ...
   */
  private static final int MEASURE_PHASE = 1_000_000_000;

  /** Bounds of "within 20 % of each other" and of the median proof time at the largest stage. */
  private static final double SPREAD = 0.20;

  private static final double PROOF_MS = 0.2;

  static final String RESULTS = "scale-stages.json";

  private final StatementSigner operator =
      new StatementSigner(LedgerBench.ORIGIN, LedgerBench.OPERATOR, LedgerBench.key(1));
  private final NoteSigner checkpoints = NoteSigner.of(LedgerBench.ORIGIN, LedgerBench.key(2));
  private volatile boolean stopping;
  private CreditLedger ledger;
  private int nextChunk;
  private double lastSyncRate = Double.NaN;

  /**
   * What one stage measured.
   *
   * @param stage the stage
   * @param entries the ledger's size when the stage was measured
   * @param growthPerSecond entries per second of the growth up to this stage in this run, or NaN
   * @param loadAverage the system's load average at the stage's start
   * @param submissionsPerSecond durable (SYNC) submissions per second, 64 submitters, median round
   * @param receiptP50Ms receipt latency p50, ms
   * @param receiptP99Ms receipt latency p99, ms
   * @param rawVerifyPerSecond the raw Ed25519 verify rate on all cores beside the rounds
   * @param ratio submissions per second over the raw verify rate, median round
   * @param inclusionMedianMs time to read an inclusion proof from the stored tree, median, ms
   * @param inclusionP99Ms the same, p99
   * @param consistencyMedianMs time to read a consistency proof, median, ms
   * @param consistencyP99Ms the same, p99
   * @param auditPerSecond the full audit's entries per second, if measured
   * @param auditRatio the audit's rate over the raw verify rate, if measured
   * @param heapAfterGc heap used with the server up, after its load and a full GC, bytes
   * @param heapPeak the sum of the heap pools' peaks during the server's load, bytes
   * @param httpErrors answers of the server other than 201 or 200
   * @param diskBytes the ledger directory's files, bytes, at {@code entries}
   */
  record Stage(
      long stage,
      long entries,
      double growthPerSecond,
      double loadAverage,
      double submissionsPerSecond,
      double receiptP50Ms,
      double receiptP99Ms,
      double rawVerifyPerSecond,
      double ratio,
      double inclusionMedianMs,
      double inclusionP99Ms,
      double consistencyMedianMs,
      double consistencyP99Ms,
      OptionalDouble auditPerSecond,
      OptionalDouble auditRatio,
      long heapAfterGc,
      long heapPeak,
      long httpErrors,
      long diskBytes) {

    double bytesPerEntry() {
      return (double) diskBytes / entries;
    }

    ObjectNode toJson() {
      ObjectNode n = JsonNodeFactory.instance.objectNode();
      n.put("stage", stage);
      n.put("entries", entries);
      putNumber(n, "growthPerSecond", growthPerSecond);
      n.put("loadAverage", loadAverage);
      n.put("submissionsPerSecond", submissionsPerSecond);
      n.put("receiptP50Ms", receiptP50Ms);
      n.put("receiptP99Ms", receiptP99Ms);
      n.put("rawVerifyPerSecond", rawVerifyPerSecond);
      n.put("ratio", ratio);
      n.put("inclusionMedianMs", inclusionMedianMs);
      n.put("inclusionP99Ms", inclusionP99Ms);
      n.put("consistencyMedianMs", consistencyMedianMs);
      n.put("consistencyP99Ms", consistencyP99Ms);
      putNumber(n, "auditPerSecond", auditPerSecond.orElse(Double.NaN));
      putNumber(n, "auditRatio", auditRatio.orElse(Double.NaN));
      n.put("heapAfterGcBytes", heapAfterGc);
      n.put("heapPeakBytes", heapPeak);
      n.put("httpErrors", httpErrors);
      n.put("diskBytes", diskBytes);
      n.put("diskBytesPerEntry", bytesPerEntry());
      return n;
    }

    /** Reads what {@link #toJson} wrote; a missing field is a NullPointerException. */
    static Stage fromJson(JsonNode n) {
      return new Stage(
          n.get("stage").asLong(),
          n.get("entries").asLong(),
          number(n, "growthPerSecond"),
          n.get("loadAverage").asDouble(),
          n.get("submissionsPerSecond").asDouble(),
          n.get("receiptP50Ms").asDouble(),
          n.get("receiptP99Ms").asDouble(),
          n.get("rawVerifyPerSecond").asDouble(),
          n.get("ratio").asDouble(),
          n.get("inclusionMedianMs").asDouble(),
          n.get("inclusionP99Ms").asDouble(),
          n.get("consistencyMedianMs").asDouble(),
          n.get("consistencyP99Ms").asDouble(),
          optional(number(n, "auditPerSecond")),
          optional(number(n, "auditRatio")),
          n.get("heapAfterGcBytes").asLong(),
          n.get("heapPeakBytes").asLong(),
          n.get("httpErrors").asLong(),
          n.get("diskBytes").asLong());
    }
  }

  /** JSON has no NaN: a figure not measured is null. */
  private static void putNumber(ObjectNode n, String name, double v) {
    if (Double.isNaN(v)) {
      n.putNull(name);
    } else {
      n.put(name, v);
    }
  }

  private static double number(JsonNode n, String name) {
    JsonNode v = n.get(name);
    return v == null || v.isNull() ? Double.NaN : v.asDouble();
  }

  private static OptionalDouble optional(double v) {
    return Double.isNaN(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
  }

  /** Heap used after a full GC and the heap's peak during a server's load, bytes; its errors. */
  private record ServerHeap(long afterGc, long peak, long errors) {}

  @Override
  public Integer call() throws Exception {
    check();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter log = json ? spec.commandLine().getErr() : out;
    Path ledgerDir = dir.resolve("ledger");
    Path results = dir.resolve(RESULTS);
    Files.createDirectories(dir);
    JournalOptions growth =
        JournalOptions.DEFAULT.withDurability(syncGrowth ? Durability.SYNC : Durability.ASYNC);
    log.printf(
        Locale.ROOT,
        "ledger bench scale: %d cores, Java %s, max heap %,d MiB, load average %.1f, in %s%n"
            + "  growing with %s durability%s; the measured submissions are SYNC%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.version(),
        Runtime.getRuntime().maxMemory() >> 20,
        loadAverage(),
        dir,
        growth.durability(),
        syncGrowth ? "" : " (bulk growth only: a crash of the machine may lose its last seconds)");
    log.flush();
    SortedMap<Long, Stage> done = readResults(results);
    CountDownLatch closed = new CountDownLatch(1);
    // Ctrl-C: stop at the end of the current chunk or step and close the ledger, so that the
    // next run opens it at once. (Killed harder, the journal still recovers a consistent prefix.)
    Thread hook =
        new Thread(
            () -> {
              stopping = true;
              try {
                closed.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "scale-bench-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    long started = System.nanoTime();
    long size = 0;
    try {
      open(ledgerDir, growth, log);
      for (long stage : stages) {
        if (done.containsKey(stage)) {
          log.printf(Locale.ROOT, "  stage %,d: measured by an earlier run%n", stage);
          continue;
        }
        double rate = grow(stage, log);
        if (stopping) {
          break;
        }
        Stage s = measure(stage, rate, ledgerDir, growth, log);
        if (s == null) {
          break;
        }
        done.put(stage, s);
        writeResults(results, done);
      }
      if (!stopping) {
        grow(entries, log);
      }
      size = ledger.journal().size();
    } finally {
      if (ledger != null) {
        ledger.close();
      }
      if (stopping) {
        // Before the latch: once it opens, the stopping JVM may halt at any moment.
        log.printf(
            Locale.ROOT,
            "stopped; the ledger in %s is closed: run the same command again to continue%n",
            ledgerDir);
        log.flush();
      }
      closed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is shutting down (Ctrl-C): the hook is running.
      }
    }
    if (stopping) {
      return ExitCodes.OK;
    }
    long disk = diskBytes(ledgerDir);
    log.printf(
        Locale.ROOT,
        "  run took %s; ledger at the end: %s on disk%n",
        duration((System.nanoTime() - started) / 1e9),
        mib(disk));
    List<Stage> all = done.values().stream().filter(s -> contains(stages, s.stage())).toList();
    if (json) {
      out.println(Views.write(report(all, growth.durability(), size)));
    } else {
      table(out, all);
      for (String v : verdicts(all)) {
        out.println(v);
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  private void check() {
    String bad = null;
    if (entries < 1 || threads < 1 || seconds <= 0 || rounds < 1 || proofs < 1) {
      bad = "want --entries, --threads, --seconds, --rounds and --proofs above 0";
    } else if (httpPerClient < 5 || httpPerClient % 5 != 0) {
      bad = "want --http-per-client a positive multiple of 5, got " + httpPerClient;
    } else if (stages.length == 0) {
      bad = "want at least one stage";
    } else {
      for (int i = 0; i < stages.length; i++) {
        if (stages[i] < 1 || stages[i] > entries || (i > 0 && stages[i] <= stages[i - 1])) {
          bad =
              String.format(
                  Locale.ROOT,
                  "want --stages ascending, from 1 to --entries (%d), got %s",
                  entries,
                  Arrays.toString(stages));
          break;
        }
      }
    }
    if (bad != null) {
      throw new ParameterException(spec.commandLine(), bad);
    }
  }

  private static boolean contains(long[] a, long v) {
    return Arrays.stream(a).anyMatch(x -> x == v);
  }

  // ---------------------------------------------------------------- the ledger

  /** Opens the ledger in {@code ledgerDir}, or creates it; finds where its growth continues. */
  private void open(Path ledgerDir, JournalOptions options, PrintWriter log) throws Exception {
    if (Files.exists(ledgerDir)) {
      ledger = CreditLedger.open(ledgerDir, checkpoints, options);
      nextChunk = lastChunkStarted();
      log.printf(
          Locale.ROOT,
          "  continuing the ledger of %,d entries; growth resumes with chunk %d%n",
          ledger.journal().size(),
          nextChunk);
    } else {
      Ed25519PrivateKey opKey = LedgerBench.key(1);
      ledger =
          CreditLedger.create(
              ledgerDir,
              checkpoints,
              operator.sign("genesis", LedgerBench.AT, LedgerBench.genesis(opKey)),
              options);
      nextChunk = 0;
    }
    // Repeats of statements already in the log are answered with their receipts, so this also
    // completes a set-up that an earlier run was stopped in.
    LedgerBench.setUp(ledger, operator, List.of(), new PrintWriter(PrintWriter.nullWriter()));
  }

  /** Closes the ledger and opens it again, with other durability. */
  private void reopen(Path ledgerDir, JournalOptions options) throws Exception {
    ledger.close();
    ledger = null;
    ledger = CreditLedger.open(ledgerDir, checkpoints, options);
  }

  /**
   * The last growth chunk that an earlier run began: chunks are submitted one after another, so
   * every chunk before it is complete, and submitting it again adds what it lacks (a repeat is
   * answered with the original receipt). A chunk has begun if its first learner is enrolled.
   */
  private int lastChunkStarted() throws Exception {
    if (!begun(0)) {
      return 0;
    }
    int lo = 0;
    int hi = 1;
    while (begun(hi)) {
      lo = hi;
      hi *= 2;
    }
    while (hi - lo > 1) {
      int mid = lo + (hi - lo) / 2;
      if (begun(mid)) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private boolean begun(int chunk) throws Exception {
    return ledger
        .journal()
        .find(LedgerBench.college(0), "enrol-" + LedgerBench.learner(chunk, 0, 0))
        .isPresent();
  }

  /**
   * Grows the ledger to at least {@code target} entries in chunks: each chunk's learners are
   * enrolled, then {@link #LANES} scripts of {@link LedgerBench#script} run on {@code --threads}
   * threads. Returns entries per second, or NaN if the ledger was that large already.
   */
  private double grow(long target, PrintWriter log) throws Exception {
    long from = ledger.journal().size();
    if (from >= target) {
      return Double.NaN;
    }
    long t0 = System.nanoTime();
    long shown = t0;
    long size = from;
    while (size < target && !stopping) {
      int chunk = nextChunk++;
      int groups = (int) Math.max(1, Math.min(MAX_GROUPS, (target - size) / (LANES * 6)));
      List<byte[]> enrolments =
          IntStream.range(0, LANES)
              .parallel()
              .mapToObj(slot -> LedgerBench.enrolmentsOfSlot(chunk, slot, groups * 5))
              .flatMap(List::stream)
              .toList();
      List<List<byte[]>> lanes =
          IntStream.range(0, LANES)
              .parallel()
              .mapToObj(slot -> LedgerBench.script(operator, chunk, slot, groups * 5))
              .toList();
      AuditBench.submitAll(ledger, List.of(enrolments), threads);
      AuditBench.submitAll(ledger, lanes, threads);
      size = ledger.journal().size();
      long now = System.nanoTime();
      if (now - shown >= 10_000_000_000L || size >= target) {
        double rate = (size - from) / ((now - t0) / 1e9);
        log.printf(
            Locale.ROOT,
            "  growing: %,d entries, %s entries/s; ETA %s to %,d%s%n",
            size,
            Harness.format(rate),
            duration(Math.max(0, target - size) / rate),
            target,
            target < entries
                ? String.format(
                    Locale.ROOT,
                    ", %s to %,d",
                    duration(Math.max(0, entries - size) / rate),
                    entries)
                : "");
        log.flush();
        shown = now;
      }
    }
    return (size - from) / ((System.nanoTime() - t0) / 1e9);
  }

  // ---------------------------------------------------------------- one stage

  /** Measures one stage; null if stopped on the way. */
  private Stage measure(
      long stage, double growthRate, Path ledgerDir, JournalOptions growth, PrintWriter log)
      throws Exception {
    if (growth.durability() != Durability.SYNC) {
      reopen(ledgerDir, JournalOptions.DEFAULT);
    }
    long n = ledger.journal().size();
    double load = loadAverage();
    long disk = diskBytes(ledgerDir);
    log.printf(
        Locale.ROOT,
        "stage %,d: %,d entries, %s on disk (%,.0f bytes/entry), load average %.1f%n",
        stage,
        n,
        mib(disk),
        (double) disk / n,
        load);
    log.flush();
    ProofTimes proofTimes = ProofTimes.measure(ledger.journal(), proofs, stage);
    log.printf(
        Locale.ROOT,
        "  proofs from the stored tree, %,d random (index, size) pairs each after as many to warm"
            + " up: inclusion median %.3f"
            + " ms, p99 %.3f ms; consistency median %.3f ms, p99 %.3f ms%n",
        proofs,
        proofTimes.inclusionMedianMs(),
        proofTimes.inclusionP99Ms(),
        proofTimes.consistencyMedianMs(),
        proofTimes.consistencyP99Ms());
    log.flush();
    if (stopping) {
      return null;
    }
    // The window is sized from the last stage's rate, else the growth's, else a guess.
    double estimate =
        !Double.isNaN(lastSyncRate) ? lastSyncRate : Double.isNaN(growthRate) ? 1000 : growthRate;
    Load.Figures sub = submissions(estimate, log);
    lastSyncRate = sub.median();
    if (stopping) {
      return null;
    }
    ServerHeap heap = serverHeap(log);
    if (stopping) {
      return null;
    }
    OptionalDouble auditRate = OptionalDouble.empty();
    OptionalDouble auditRatio = OptionalDouble.empty();
    if (audit) {
      ledger.close();
      ledger = null;
      AuditBench.Figures a =
          AuditBench.audit(
              log,
              ledgerDir,
              checkpoints,
              new AuditOptions(
                  Optional.empty(), Runtime.getRuntime().availableProcessors(), dir, (d, t) -> {}));
      auditRate = OptionalDouble.of(a.perSecond());
      auditRatio = OptionalDouble.of(a.ratio());
      ledger = CreditLedger.open(ledgerDir, checkpoints, growth);
    } else {
      log.println("  audit: not measured (it replays from seq 0; --audit runs it in full)");
      if (growth.durability() != Durability.SYNC) {
        reopen(ledgerDir, growth);
      }
    }
    log.flush();
    return new Stage(
        stage,
        n,
        growthRate,
        load,
        sub.median(),
        sub.p50(),
        sub.p99(),
        sub.raw(),
        sub.ratio(),
        proofTimes.inclusionMedianMs(),
        proofTimes.inclusionP99Ms(),
        proofTimes.consistencyMedianMs(),
        proofTimes.consistencyP99Ms(),
        auditRate,
        auditRatio,
        heap.afterGc(),
        heap.peak(),
        heap.errors(),
        disk);
  }

  /**
   * A new phase for a stage's measurement statements: the ledger's size, which only grows, so the
   * ids and learners are new even in a run that continues a stopped one.
   */
  private int measurePhase() {
    return Math.toIntExact(MEASURE_PHASE + ledger.journal().size());
  }

  /** The learners of {@code lanes}' scripts, enrolled (not measured). */
  private void enrol(int phase, int perLane) throws Exception {
    List<byte[]> enrolments =
        IntStream.range(0, LANES)
            .parallel()
            .mapToObj(slot -> LedgerBench.enrolmentsOfSlot(phase, slot, perLane))
            .flatMap(List::stream)
            .toList();
    AuditBench.submitAll(ledger, List.of(enrolments), LANES);
  }

  private List<List<byte[]>> lanes(int phase, int perLane) {
    return IntStream.range(0, LANES)
        .parallel()
        .mapToObj(slot -> LedgerBench.script(operator, phase, slot, perLane))
        .toList();
  }

  /**
   * Durable submissions by {@link #LANES} threads, sized from {@code estimate} (submissions per
   * second) to take about {@code --seconds} over {@code --rounds} rounds, with {@link Load}.
   */
  private Load.Figures submissions(double estimate, PrintWriter log) throws Exception {
    long perRound = Math.round(estimate * seconds / rounds / LANES / 5);
    int perThread = (int) Math.max(5, Math.min(100_000, perRound * 5));
    int phase = measurePhase();
    List<List<byte[]>> work = lanes(phase, (rounds + 1) * perThread);
    enrol(phase, (rounds + 1) * perThread);
    return Load.measure(
        log,
        "durable (SYNC) submissions through the facade",
        LANES,
        rounds,
        perThread,
        Harness.rawVerify(),
        (slot, round, i) -> ledger.submit(work.get(slot).get(round * perThread + i)));
  }

  /**
   * Starts a ledger server over the ledger, has {@link #LANES} clients each post {@code
   * --http-per-client} statements, each followed by a GET of a random entry's inclusion proof, and
   * returns the heap used after a full GC with the server still up, the heap's peak during the
   * load, and the errors. The heap is this process's: the server's and the bench's, whose own share
   * is small here (the statements of the load only).
   */
  private ServerHeap serverHeap(PrintWriter log) throws Exception {
    List<MemoryPoolMXBean> pools = AuditBench.heapPools();
    long n = ledger.journal().size();
    try (HttpLoad over = new HttpLoad(ledger, LANES)) {
      System.gc();
      pools.forEach(MemoryPoolMXBean::resetPeakUsage);
      long t0 = System.nanoTime();
      httpLoad(over, n);
      double took = (System.nanoTime() - t0) / 1e9;
      long peak = pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
      System.gc();
      long after = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      log.printf(
          Locale.ROOT,
          "  server: %,d POST /v1/statements and as many GET /v1/proofs/inclusion by %d clients"
              + " in %.1f s, %d errors; heap used after a full GC %s, peak during the load %s%n",
          LANES * httpPerClient,
          LANES,
          took,
          over.errors(),
          mib(after),
          mib(peak));
      log.flush();
      return new ServerHeap(after, peak, over.errors());
    }
  }

  /** The load itself: its statements are garbage once it returns, before the heap is measured. */
  private void httpLoad(HttpLoad over, long n) throws Exception {
    int phase = measurePhase();
    List<List<byte[]>> work = lanes(phase, httpPerClient);
    enrol(phase, httpPerClient);
    Load.warmUp(
        LANES,
        httpPerClient,
        (slot, round, i) -> {
          over.submit(work.get(slot).get(i));
          over.get("/v1/proofs/inclusion?seq=" + ThreadLocalRandom.current().nextLong(n));
        });
  }

  // ---------------------------------------------------------------- figures

  private static long diskBytes(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      long sum = 0;
      for (Path f : (Iterable<Path>) s::iterator) {
        if (Files.isRegularFile(f)) {
          sum += Files.size(f);
        }
      }
      return sum;
    }
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%,.1f MiB", bytes / 1048576.0);
  }

  static String duration(double seconds) {
    if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
      return "?";
    }
    if (seconds < 120) {
      return String.format(Locale.ROOT, "%.0f s", seconds);
    }
    if (seconds < 7200) {
      return String.format(Locale.ROOT, "%.0f min", seconds / 60);
    }
    return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
  }

  private static SortedMap<Long, Stage> readResults(Path file) throws Exception {
    SortedMap<Long, Stage> m = new TreeMap<>();
    if (Files.exists(file)) {
      JsonNode root = StrictJson.withDefaults().parse(Files.readAllBytes(file));
      for (JsonNode n : root.get("stages")) {
        Stage s = Stage.fromJson(n);
        m.put(s.stage(), s);
      }
    }
    return m;
  }

  /** Replaces the figures file whole, so that a stop leaves the old one or the new one. */
  private static void writeResults(Path file, SortedMap<Long, Stage> done) throws IOException {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ArrayNode a = root.putArray("stages");
    done.values().forEach(s -> a.add(s.toJson()));
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, Views.write(root) + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private ObjectNode report(List<Stage> all, Durability growth, long size) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("cores", Runtime.getRuntime().availableProcessors());
    root.put("java", Runtime.version().toString());
    root.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    root.put("dir", dir.toString());
    root.put("growthDurability", growth.name());
    root.put("entries", size);
    ArrayNode a = root.putArray("stages");
    all.forEach(s -> a.add(s.toJson()));
    ObjectNode v = root.putObject("spreads");
    putNumber(v, "submissionRatio", spread(all, Stage::ratio));
    putNumber(v, "submissionsPerSecond", spread(all, Stage::submissionsPerSecond));
    putNumber(v, "heapAfterGc", spread(all, s -> s.heapAfterGc()));
    putNumber(v, "inclusionMedian", spread(all, Stage::inclusionMedianMs));
    putNumber(v, "consistencyMedian", spread(all, Stage::consistencyMedianMs));
    putNumber(
        v,
        "auditRatio",
        all.stream().allMatch(s -> s.auditRatio().isPresent())
            ? spread(all, s -> s.auditRatio().getAsDouble())
            : Double.NaN);
    return root;
  }

  /** 1 - min / max over the stages: 0 when all are equal; NaN for fewer than two stages. */
  private static double spread(List<Stage> all, ToDoubleFunction<Stage> f) {
    if (all.size() < 2) {
      return Double.NaN;
    }
    double min = all.stream().mapToDouble(f).min().orElseThrow();
    double max = all.stream().mapToDouble(f).max().orElseThrow();
    return max > 0 ? 1 - min / max : 0;
  }

  private static void table(PrintWriter out, List<Stage> all) {
    out.printf(
        Locale.ROOT,
        "%n%12s %12s %9s %15s %9s %6s %15s %15s %15s %17s %11s%n",
        "stage",
        "entries",
        "subm./s",
        "p50 / p99 ms",
        "raw/s",
        "ratio",
        "incl. ms",
        "cons. ms",
        "audit/s",
        "heap GC/peak MiB",
        "bytes/entry");
    for (Stage s : all) {
      out.printf(
          Locale.ROOT,
          "%,12d %,12d %9s %15s %9s %6.2f %15s %15s %15s %17s %,11.0f%n",
          s.stage(),
          s.entries(),
          Harness.format(s.submissionsPerSecond()),
          String.format(Locale.ROOT, "%.1f / %.1f", s.receiptP50Ms(), s.receiptP99Ms()),
          Harness.format(s.rawVerifyPerSecond()),
          s.ratio(),
          String.format(Locale.ROOT, "%.3f / %.3f", s.inclusionMedianMs(), s.inclusionP99Ms()),
          String.format(Locale.ROOT, "%.3f / %.3f", s.consistencyMedianMs(), s.consistencyP99Ms()),
          s.auditPerSecond().isPresent()
              ? String.format(
                  Locale.ROOT,
                  "%s (%.2f x)",
                  Harness.format(s.auditPerSecond().getAsDouble()),
                  s.auditRatio().getAsDouble())
              : "not measured",
          String.format(
              Locale.ROOT, "%.0f / %.0f", s.heapAfterGc() / 1048576.0, s.heapPeak() / 1048576.0),
          s.bytesPerEntry());
    }
  }

  private static List<String> verdicts(List<Stage> all) {
    List<String> v = new ArrayList<>();
    if (all.size() < 2) {
      v.add("(one stage: nothing to compare across stages)");
    } else {
      v.add(
          within(
              "durable submissions/s over the raw verify rate beside them",
              spread(all, Stage::ratio)));
      v.add(
          String.format(
              Locale.ROOT,
              "  (submissions/s alone, which the machine's speed moves too: spread %.0f %%)",
              100 * spread(all, Stage::submissionsPerSecond)));
      v.add(within("heap used after a full GC", spread(all, s -> s.heapAfterGc())));
      if (all.stream().allMatch(s -> s.auditRatio().isPresent())) {
        v.add(
            within(
                "audit entries/s over the raw verify rate",
                spread(all, s -> s.auditRatio().getAsDouble())));
      } else {
        v.add("audit rate: not measured at every stage (--audit)");
      }
    }
    Stage last = all.get(all.size() - 1);
    double worst = Math.max(last.inclusionMedianMs(), last.consistencyMedianMs());
    v.add(
        String.format(
            Locale.ROOT,
            "proofs at %,d entries: median inclusion %.3f ms, consistency %.3f ms (target <= %.1f"
                + " ms) -> %s",
            last.entries(),
            last.inclusionMedianMs(),
            last.consistencyMedianMs(),
            PROOF_MS,
            worst <= PROOF_MS ? "MET" : "NOT MET"));
    return v;
  }

  private static String within(String what, double spread) {
    return String.format(
        Locale.ROOT,
        "%s: lowest stage %.0f %% below the highest (target within %.0f %%) -> %s",
        what,
        100 * spread,
        100 * SPREAD,
        spread <= SPREAD ? "MET" : "NOT MET");
  }
}
