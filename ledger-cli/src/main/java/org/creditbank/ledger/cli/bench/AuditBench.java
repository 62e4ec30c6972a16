package org.creditbank.ledger.cli.bench;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.audit.AuditOptions;
import org.creditbank.ledger.audit.AuditReport;
import org.creditbank.ledger.audit.LedgerAuditor;
import org.creditbank.ledger.bank.StatementSigner;
import org.creditbank.ledger.cli.ExitCodes;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.journal.Durability;
import org.creditbank.ledger.journal.JournalOptions;
import org.creditbank.ledger.note.NoteSigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ledger bench audit}: builds a large ledger of the credit bank's real statements (those of
 * {@code ledger bench ledger}) with {@link Durability#ASYNC}, then audits it twice — at half the
 * build and at the end — each time beside the raw Ed25519 verify rate on all cores, and reports
 * entries/s, the ratio, and the audit's peak heap, which must not grow with the ledger.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
      "Build a ledger for --build-seconds (achievements and conversions through the facade,"
          + " ASYNC durability), audit it at half-time and at the end with `ledger audit`'s"
          + " library (LedgerAuditor), and compare entries/s with the raw Ed25519 verify rate on"
          + " all cores measured in the same run.",
      "Target: audit entries/s >= 0.8 x raw verify; peak heap not growing with the ledger."
    })
public final class AuditBench implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--dir",
      description = "where to put the ledger (default: a new temporary directory)")
  Path dir;

  @Option(names = "--keep", description = "keep the ledger instead of deleting it")
  boolean keep;

  @Option(
      names = "--build-seconds",
      defaultValue = "180",
      description = "how long to build the ledger (default ${DEFAULT-VALUE})")
  int buildSeconds;

  @Option(
      names = "--max-entries",
      defaultValue = "100000000",
      description = "stop building at this many entries (default ${DEFAULT-VALUE})")
  long maxEntries;

  private static final int THREADS = 8;
  private static final int PER_THREAD = 500;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    int cores = Runtime.getRuntime().availableProcessors();
    Path base =
        dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("ledger-bench-");
    Path ledgerDir = base.resolve("audit-ledger");
    out.printf(
        Locale.ROOT,
        "ledger bench audit: %d cores, Java %s, max heap %d MiB, in %s%n",
        cores,
        Runtime.version(),
        Runtime.getRuntime().maxMemory() >> 20,
        base);
    try {
      Ed25519PrivateKey opKey = LedgerBench.key(1);
      StatementSigner operator =
          new StatementSigner(LedgerBench.ORIGIN, LedgerBench.OPERATOR, opKey);
      NoteSigner checkpoints = NoteSigner.of(LedgerBench.ORIGIN, LedgerBench.key(2));
      JournalOptions options = JournalOptions.DEFAULT.withDurability(Durability.ASYNC);
      long t0 = System.nanoTime();
      long halfAt = (long) (buildSeconds * 0.5e9);
      long endAt = (long) (buildSeconds * 1e9);
      boolean auditedHalf = false;
      int phase = 1;
      CreditLedger ledger =
          CreditLedger.create(
              ledgerDir,
              checkpoints,
              operator.sign("genesis", LedgerBench.AT, LedgerBench.genesis(opKey)),
              options);
      try {
        boolean first = true;
        while (true) {
          int p = phase++;
          List<List<byte[]>> work = LedgerBench.scripts(operator, p, THREADS, PER_THREAD);
          List<byte[]> enrolments = LedgerBench.enrolments(p, THREADS, PER_THREAD);
          if (first) {
            LedgerBench.setUp(
                ledger, operator, enrolments, new PrintWriter(PrintWriter.nullWriter()));
            first = false;
          } else {
            submitAll(ledger, List.of(enrolments), THREADS * 4);
          }
          submitAll(ledger, work, THREADS * 4);
          long now = System.nanoTime() - t0;
          long size = ledger.journal().size();
          out.printf(
              Locale.ROOT,
              "\r  building: %,d entries in %.0f s (%,.0f entries/s)   ",
              size,
              now / 1e9,
              size / (now / 1e9));
          out.flush();
          if (!auditedHalf && now >= halfAt) {
            out.println();
            ledger.close();
            audit(out, ledgerDir, checkpoints, AuditOptions.defaults());
            ledger = CreditLedger.open(ledgerDir, checkpoints, options);
            auditedHalf = true;
            t0 += System.nanoTime() - t0 - now; // the audit does not count as build time
          }
          if (now >= endAt || size >= maxEntries) {
            break;
          }
        }
      } finally {
        ledger.close();
      }
      out.println();
      audit(out, ledgerDir, checkpoints, AuditOptions.defaults());
      out.flush();
      return ExitCodes.OK;
    } finally {
      if (!keep) {
        JournalBench.deleteTree(base);
      } else {
        out.println("  kept the ledger in " + ledgerDir);
        out.flush();
      }
    }
  }

  /**
   * Submits each list in order on one of {@code threads} threads; a single list (enrolments, whose
   * order does not matter) is split across all of them.
   */
  static void submitAll(CreditLedger ledger, List<List<byte[]>> lists, int threads)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (List<byte[]> l : lists) {
        // Within a list order matters (enrolment before achievement before conversion); a list
        // of enrolments alone can be split.
        int parts = lists.size() == 1 ? threads : 1;
        AtomicInteger next = new AtomicInteger();
        for (int k = 0; k < parts; k++) {
          fs.add(
              pool.submit(
                  () -> {
                    int i;
                    while ((i = next.getAndIncrement()) < l.size()) {
                      ledger.submit(l.get(i));
                    }
                    return null;
                  }));
        }
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * What one audit measured.
   *
   * @param entries entries audited
   * @param seconds how long the audit took
   * @param perSecond entries per second
   * @param raw the raw verify rate, mean of before and after the audit
   * @param ratio entries per second over the raw verify rate
   * @param peakHeapMiB the sum of the heap pools' peaks during the audit, MiB
   */
  record Figures(
      long entries, double seconds, double perSecond, double raw, double ratio, long peakHeapMiB) {}

  /**
   * Audits the closed ledger in {@code ledgerDir} with {@link LedgerAuditor}, beside the raw verify
   * rate measured just before and just after, and prints the figures.
   */
  static Figures audit(
      PrintWriter out, Path ledgerDir, NoteSigner checkpoints, AuditOptions options)
      throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    Harness h = new Harness(1, 2, 3, out);
    Harness.Result raw =
        h.measureThreads(
            "raw Ed25519 verify, " + cores + " threads", "ops/s", 1, cores, Harness.rawVerify());
    List<MemoryPoolMXBean> heap = heapPools();
    System.gc();
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
    long hwm0 = vmHwmKib();
    AuditReport r = LedgerAuditor.audit(ledgerDir, checkpoints.verifier(), options);
    long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    // Measured again after the audit: on a shared machine the CPU the process gets varies, and
    // the mean of before and after is the fairer yardstick for a long audit.
    Harness.Result after =
        h.measureThreads(
            "raw Ed25519 verify again, " + cores + " threads",
            "ops/s",
            1,
            cores,
            Harness.rawVerify());
    double rawRate = (raw.median() + after.median()) / 2;
    double ratio = r.entriesPerSecond() / rawRate;
    out.printf(
        Locale.ROOT,
        "  audit of %,d entries (%,d checkpoints): %.1f s, %s entries/s = %.2f x raw verify (%s/s, mean of"
            + " before and after) -> %s%n",
        r.entries(),
        r.checkpoints(),
        r.took().toNanos() / 1e9,
        Harness.format(r.entriesPerSecond()),
        ratio,
        Harness.format(rawRate),
        ratio >= 0.8 ? "MET" : "NOT MET");
    double sigs = (r.entries() + r.checkpoints()) / (r.took().toNanos() / 1e9);
    out.printf(
        Locale.ROOT,
        "  signatures verified (statements + checkpoints): %s/s = %.2f x raw verify%n",
        Harness.format(sigs),
        sigs / rawRate);
    out.printf(
        Locale.ROOT,
        "  audit peak heap used %,d MiB (sum of the heap pools' peaks); process peak RSS %,d MiB"
            + " (was %,d MiB before the audit)%n",
        peak >> 20,
        vmHwmKib() >> 10,
        hwm0 >> 10);
    out.flush();
    return new Figures(
        r.entries(), r.took().toNanos() / 1e9, r.entriesPerSecond(), rawRate, ratio, peak >> 20);
  }

  /** The JVM's heap memory pools (young, survivor, old); their peaks sum to the heap's peak. */
  static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP)
        .toList();
  }

  /** The process's peak resident set size (Linux {@code VmHWM}), or 0 where unknown. */
  private static long vmHwmKib() {
    try {
      for (String line :
          Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (java.io.IOException | NumberFormatException e) {
      // Not Linux: no figure.
    }
    return 0;
  }
}
