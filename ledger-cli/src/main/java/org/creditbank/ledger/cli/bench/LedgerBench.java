package org.creditbank.ledger.cli.bench;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.bank.AchievementRecordedBody;
import org.creditbank.ledger.bank.AchievementRef;
import org.creditbank.ledger.bank.CreditConvertedBody;
import org.creditbank.ledger.bank.Evidence;
import org.creditbank.ledger.bank.GenesisBody;
import org.creditbank.ledger.bank.InstitutionKind;
import org.creditbank.ledger.bank.InstitutionRegisteredBody;
import org.creditbank.ledger.bank.LearnerEnrolledBody;
import org.creditbank.ledger.bank.OutcomeKind;
import org.creditbank.ledger.bank.ProgramPublishedBody;
import org.creditbank.ledger.bank.Result;
import org.creditbank.ledger.bank.RulePublishedBody;
import org.creditbank.ledger.bank.StatementSigner;
import org.creditbank.ledger.cli.ExitCodes;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.journal.JournalOptions;
import org.creditbank.ledger.note.NoteSigner;
import org.creditbank.ledger.util.Hash;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ledger bench ledger}: durable submissions per second through the {@link CreditLedger}
 * facade with the credit bank's real validation, by 1, 8 and 64 submitters, against the raw Ed25519
 * verify rate on all cores measured beside each round.
 */
@Command(
    name = "ledger",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the credit bank ledger on this machine and disk: signed statements (four"
          + " achievement.recorded of about 900 bytes to one credit.converted) are submitted"
          + " through the CreditLedger facade by 1, 8 and 64 threads; each is parsed strictly,"
          + " its proof verified on the submitting thread, its rules checked by the sequencer"
          + " against the state, and committed durably (WAL fsynced per group).",
      "Target: submissions/s with 64 submitters >= 0.6 x the raw Ed25519 verify rate on all"
          + " cores.",
      "With --http the same statements go over HTTP/1.1 (a minimal blocking client, one"
          + " keep-alive connection per submitting thread, as wrk does) to an in-process ledger"
          + " server (POST /v1/statements); target"
          + " >= 0.5 x the raw verify rate, and every answer must be 201."
    })
public final class LedgerBench implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin LoadOptions load;

  @Option(
      names = "--per-thread",
      defaultValue = "250",
      description =
          "statements each thread submits per round, a multiple of 5 (default ${DEFAULT-VALUE})")
  int perThread;

  @Option(
      names = "--warmup",
      defaultValue = "1500",
      description =
          "at most this many statements each of the most submitting threads sends before"
              + " anything is measured, stopping early once the JIT is done; a multiple of 100"
              + " (default ${DEFAULT-VALUE})")
  int warmup;

  @Option(
      names = "--http",
      description = "submit over HTTP to an in-process ledger server instead of calling the facade")
  boolean http;

  static final String ORIGIN = "bench.creditbank.example/city";
  static final String OPERATOR = "BENCH-OU";
  private static final int COLLEGES = 8;
  static final Instant AT = Instant.parse("2026-11-27T09:30:00Z");

  static Ed25519PrivateKey key(int n) {
    byte[] s = new byte[32];
    Arrays.fill(s, (byte) n);
    s[31] = 0x5a;
    return Ed25519PrivateKey.fromSeed(s);
  }

  static String college(int slot) {
    return String.format(Locale.ROOT, "BENCH-VC-%02d", slot % COLLEGES + 1);
  }

  static String learner(int phase, int slot, int group) {
    return String.format(Locale.ROOT, "L-%02d-%02d-%05d", phase, slot, group);
  }

  @Override
  public Integer call() throws Exception {
    if (perThread % 5 != 0 || perThread <= 0) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--per-thread must be a positive multiple of 5, got " + perThread);
    }
    if (warmup % 100 != 0 || warmup < 0) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--warmup must be a multiple of 100 from 0, got " + warmup);
    }
    PrintWriter out = spec.commandLine().getOut();
    int cores = Runtime.getRuntime().availableProcessors();
    Path base =
        load.dir != null
            ? Files.createDirectories(load.dir)
            : Files.createTempDirectory("ledger-bench-");
    out.printf(
        Locale.ROOT,
        "ledger bench ledger: %d cores, Java %s, in %s%n",
        cores,
        Runtime.version(),
        base);
    try {
      Ed25519PrivateKey opKey = key(1);
      StatementSigner operator = new StatementSigner(ORIGIN, OPERATOR, opKey);
      NoteSigner checkpoints = NoteSigner.of(ORIGIN, key(2));
      Harness h = new Harness(2, 2, 5, out);
      Harness.Op rawVerify = Harness.rawVerify();
      h.measureThreads("raw Ed25519 verify, " + cores + " threads", "ops/s", 1, cores, rawVerify);

      int maxThreads = Arrays.stream(load.threads).max().orElse(1);
      // Phase 0 is the warm-up with the most threads; then one phase per thread count.
      int[] phaseThreads = new int[load.threads.length + 1];
      int[] phaseCount = new int[load.threads.length + 1];
      phaseThreads[0] = maxThreads;
      phaseCount[0] = warmup;
      for (int k = 0; k < load.threads.length; k++) {
        phaseThreads[k + 1] = load.threads[k];
        phaseCount[k + 1] = (load.rounds + 1) * perThread;
      }
      int statements = 0;
      for (int k = 0; k < phaseThreads.length; k++) {
        statements += phaseThreads[k] * phaseCount[k];
      }
      out.printf(
          Locale.ROOT,
          "  signing %,d statements and %,d enrolments for the run...",
          statements,
          statements / 5);
      out.flush();
      long t0 = System.nanoTime();
      // work[t][slot] is what thread `slot` submits, in order, when t threads run.
      List<List<List<byte[]>>> work = new ArrayList<>();
      List<byte[]> enrolments = new ArrayList<>();
      for (int k = 0; k < phaseThreads.length; k++) {
        work.add(scripts(operator, k, phaseThreads[k], phaseCount[k]));
        enrolments.addAll(enrolments(k, phaseThreads[k], phaseCount[k]));
      }
      out.printf(Locale.ROOT, " done in %.1f s%n", (System.nanoTime() - t0) / 1e9);

      try (CreditLedger ledger =
          CreditLedger.create(
              base.resolve("ledger"),
              checkpoints,
              operator.sign("genesis", AT, genesis(opKey)),
              JournalOptions.DEFAULT)) {
        setUp(ledger, operator, enrolments, out);
        HttpLoad over = http ? new HttpLoad(ledger, maxThreads) : null;
        if (over != null) {
          out.printf(Locale.ROOT, "  serving the ledger on %s%n", over.uri());
        }
        Sink sink = over != null ? over::submit : ledger::submit;
        try {
          return measure(ledger, sink, over, work, maxThreads, rawVerify, out);
        } finally {
          if (over != null) {
            over.close();
          }
        }
      }
    } finally {
      if (!load.keep) {
        JournalBench.deleteTree(base);
      }
    }
  }

  /**
   * What {@code t} threads submit in phase {@code phase}, {@code count} statements each: {@link
   * #script} per thread, signed in parallel.
   */
  static List<List<byte[]>> scripts(StatementSigner operator, int phase, int t, int count) {
    return IntStream.range(0, t)
        .parallel()
        .mapToObj(slot -> script(operator, phase, slot, count))
        .toList();
  }

  /** The enrolments of every learner {@link #scripts} with the same arguments uses. */
  static List<byte[]> enrolments(int phase, int t, int count) {
    List<byte[]> e = new ArrayList<>();
    for (int slot = 0; slot < t; slot++) {
      e.addAll(enrolmentsOfSlot(phase, slot, count));
    }
    return e;
  }

  /** Submits one statement and waits until it is durable. */
  @FunctionalInterface
  interface Sink {
    void submit(byte[] statement) throws Exception;
  }

  private int measure(
      CreditLedger ledger,
      Sink sink,
      HttpLoad over,
      List<List<List<byte[]>>> work,
      int maxThreads,
      Harness.Op rawVerify,
      PrintWriter out)
      throws Exception {
    if (warmup > 0) {
      warmUp(sink, work.get(0), maxThreads, warmup, out);
    }
    Load.Figures atMax = null;
    for (int k = 0; k < load.threads.length; k++) {
      List<List<byte[]>> perSlot = work.get(k + 1);
      Load.Figures f =
          Load.measure(
              out,
              over != null
                  ? "durable submissions over HTTP"
                  : "durable submissions through the facade",
              load.threads[k],
              load.rounds,
              perThread,
              rawVerify,
              (slot, round, i) -> sink.submit(perSlot.get(slot).get(round * perThread + i)));
      if (load.threads[k] == maxThreads) {
        atMax = f;
      }
    }
    out.printf(
        Locale.ROOT,
        "  ledger size %,d; %d rules, %d institutions%n",
        ledger.journal().size(),
        ledger.rules().size(),
        ledger.institutions().size());
    double target = over != null ? 0.5 : 0.6;
    boolean met = atMax.ratio() >= target;
    out.printf(
        Locale.ROOT,
        "target with %d submitters: submissions/s%s >= %.1f x raw verify (%s): %.2f x (%s/s),"
            + " p50 %.2f ms, p99 %.2f ms -> %s%n",
        maxThreads,
        over != null ? " over HTTP" : "",
        target,
        Harness.format(atMax.raw()),
        atMax.ratio(),
        Harness.format(atMax.median()),
        atMax.p50(),
        atMax.p99(),
        met ? "MET" : "NOT MET");
    if (over != null) {
      out.printf(Locale.ROOT, "  HTTP errors (answers other than 201): %d%n", over.errors());
      out.flush();
      return over.errors() == 0 ? ExitCodes.OK : ExitCodes.VERIFICATION_FAILED;
    }
    out.flush();
    return ExitCodes.OK;
  }

  /**
   * Submits the warm-up statements in chunks until the JIT is done: a chunk during which the
   * compiler threads used under 5 % of the CPUs, or the statements run out. The path through the
   * credit bank's rules is large; C2 compiles (and recompiles) it for tens of seconds, and a figure
   * taken meanwhile measures the compiler as much as the ledger.
   */
  static void warmUp(Sink sink, List<List<byte[]>> warm, int t, int warmup, PrintWriter out)
      throws Exception {
    java.lang.management.CompilationMXBean jit =
        java.lang.management.ManagementFactory.getCompilationMXBean();
    boolean timed = jit != null && jit.isCompilationTimeMonitoringSupported();
    int cores = Runtime.getRuntime().availableProcessors();
    int chunk = 100;
    out.printf(Locale.ROOT, "  warming up with %d threads until the JIT is done", t);
    out.flush();
    long w0 = System.nanoTime();
    int done = 0;
    double share = 1;
    while (done + chunk <= warmup) {
      int offset = done;
      long c0 = timed ? jit.getTotalCompilationTime() : 0;
      long n0 = System.nanoTime();
      Load.warmUp(t, chunk, (slot, round, i) -> sink.submit(warm.get(slot).get(offset + i)));
      double wallMs = (System.nanoTime() - n0) / 1e6;
      done += chunk;
      out.print('.');
      out.flush();
      if (timed) {
        share = (jit.getTotalCompilationTime() - c0) / (wallMs * cores);
        if (share < 0.05) {
          break;
        }
      }
    }
    out.printf(
        Locale.ROOT,
        " %,d submissions in %.1f s%s%n",
        done * t,
        (System.nanoTime() - w0) / 1e9,
        timed
            ? String.format(
                Locale.ROOT, "; compiler at %.0f %% of the CPUs in the last chunk", share * 100)
            : "");
  }

  static GenesisBody genesis(Ed25519PrivateKey opKey) {
    List<GenesisBody.Level> levels = new ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      levels.add(new GenesisBody.Level(Integer.toString(i), "Level " + i));
    }
    return new GenesisBody(
        ORIGIN,
        new GenesisBody.Operator(OPERATOR, "Bench open university", opKey.publicKey()),
        new GenesisBody.Framework("Seven-level framework", levels),
        16,
        new GenesisBody.Policy(new BigDecimal("0.5")));
  }

  /** Registers the colleges, a programme and a rule, and enrols every learner (not measured). */
  static void setUp(
      CreditLedger ledger, StatementSigner operator, List<byte[]> enrolments, PrintWriter out)
      throws Exception {
    out.print("  registering 8 colleges, a programme and a rule; enrolling learners...");
    out.flush();
    long t0 = System.nanoTime();
    for (int c = 0; c < COLLEGES; c++) {
      ledger.submit(
          operator.sign(
              "reg-" + college(c),
              AT,
              new InstitutionRegisteredBody(
                  college(c),
                  "Bench vocational college " + (c + 1),
                  InstitutionKind.VOCATIONAL_COLLEGE,
                  List.of(key(10 + c).publicKey()),
                  new InstitutionRegisteredBody.Permissions(
                      Set.of(OutcomeKind.COURSE), true, false),
                  Optional.empty())));
    }
    ledger.submit(
        operator.sign(
            "prog",
            AT,
            new ProgramPublishedBody(
                "BENCH-PROG",
                "Bench programme",
                "5",
                new ProgramPublishedBody.Requirements(
                    new BigDecimal("120"), List.of(), List.of(), Optional.empty()))));
    ledger.submit(operator.sign("rule", AT, rule()));
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int k = 0; k < 32; k++) {
        fs.add(
            pool.submit(
                () -> {
                  int i;
                  while ((i = next.getAndIncrement()) < enrolments.size()) {
                    ledger.submit(enrolments.get(i));
                  }
                  return null;
                }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    out.printf(Locale.ROOT, " %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }

  private static RulePublishedBody rule() {
    return new RulePublishedBody(
        "R-NC",
        new RulePublishedBody.SourceCriteria(
            List.of(OutcomeKind.COURSE),
            List.of(),
            List.of("NC-*"),
            Optional.empty(),
            Optional.of("3"),
            Optional.of(new BigDecimal("60")),
            Optional.empty(),
            Optional.empty()),
        new RulePublishedBody.Target(
            "BENCH-PROG",
            "NC-900",
            new RulePublishedBody.Factor(BigDecimal.ONE, new BigDecimal("5"))),
        new BigDecimal("60"),
        LocalDate.parse("2026-01-01"),
        Optional.empty());
  }

  /**
   * The enrolments of the learners that {@link #script} with the same phase, slot and count uses,
   * one per group of five statements, each signed by the slot's college.
   */
  static List<byte[]> enrolmentsOfSlot(int phase, int slot, int count) {
    StatementSigner c = new StatementSigner(ORIGIN, college(slot), key(10 + slot % COLLEGES));
    List<byte[]> e = new ArrayList<>();
    for (int g = 0; g < (count + 4) / 5; g++) {
      String l = learner(phase, slot, g);
      e.add(c.sign("enrol-" + l, AT, new LearnerEnrolledBody(l, Optional.empty())));
    }
    return e;
  }

  /**
   * What one thread submits: groups of four achievements of one learner, then the conversion of the
   * first of them.
   */
  static List<byte[]> script(StatementSigner operator, int phase, int slot, int count) {
    StatementSigner college = new StatementSigner(ORIGIN, college(slot), key(10 + slot % COLLEGES));
    List<byte[]> s = new ArrayList<>(count);
    for (int g = 0; s.size() < count; g++) {
      String learner = learner(phase, slot, g);
      BigDecimal first = null;
      String firstId = null;
      for (int a = 0; a < 4; a++) {
        String id = String.format(Locale.ROOT, "A-%02d-%02d-%05d-%d", phase, slot, g, a);
        BigDecimal credits = BigDecimal.valueOf(2 + (g + a) % 4).add(new BigDecimal("0.5"));
        if (a == 0) {
          first = credits;
          firstId = id;
        }
        s.add(college.sign(id, AT, achievement(id, learner, credits, g * 4 + a)));
      }
      String conversion = String.format(Locale.ROOT, "CV-%02d-%02d-%05d", phase, slot, g);
      s.add(
          operator.sign(
              conversion,
              AT,
              new CreditConvertedBody(
                  conversion,
                  learner,
                  "R-NC",
                  List.of(new AchievementRef(college(slot), firstId)),
                  first.min(new BigDecimal("5")))));
    }
    return s;
  }

  private static AchievementRecordedBody achievement(
      String id, String learner, BigDecimal credits, int n) {
    return new AchievementRecordedBody(
        id,
        learner,
        OutcomeKind.COURSE,
        "Numerical control machining and programming, part " + (n % 9 + 1),
        "NC-" + (200 + n % 50),
        "0715",
        Integer.toString(3 + n % 3),
        credits,
        credits.multiply(BigDecimal.valueOf(16)).intValue(),
        new Result.Score(BigDecimal.valueOf(60 + n % 40)),
        LocalDate.parse("2026-07-01"),
        Optional.of(LocalDate.parse("2031-06-30")),
        Optional.of(
            new Evidence(
                Hash.sha256(id.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                "application/pdf")),
        Optional.empty());
  }
}
