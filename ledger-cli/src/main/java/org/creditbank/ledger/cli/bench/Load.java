package org.creditbank.ledger.cli.bench;

import java.io.PrintWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Durable-submission load: {@code t} threads each submit {@code perThread} statements per round,
 * timing each receipt; every measured round is paired with a measurement of the raw Ed25519 verify
 * rate on all cores just before it, because the machine's speed drifts (shared virtual CPUs), and
 * the ratio is taken per round.
 */
final class Load {
  /** Submits statement {@code i} (0-based within the round) from thread {@code slot}. */
  @FunctionalInterface
  interface Submit {
    void submit(int slot, int round, int i) throws Exception;
  }

  /**
   * What one thread count measured: medians over the rounds.
   *
   * @param threads submitting threads
   * @param median submissions per second, median round
   * @param min slowest round
   * @param max fastest round
   * @param p50 receipt latency, ms, over all rounds
   * @param p99 receipt latency, ms, over all rounds
   * @param ratio submissions per second over the paired raw verify rate, median round
   * @param raw the paired raw verify rate, median round
   * @param cpuMicros process CPU time per submission over the measured rounds, µs
   * @param sequencerMicros the sequencer thread's CPU time per submission, µs
   * @param submitterMicros the submitting threads' CPU time per submission, µs
   * @param cores the cores the raw verify rate was measured on
   */
  record Figures(
      int threads,
      double median,
      double min,
      double max,
      double p50,
      double p99,
      double ratio,
      double raw,
      double cpuMicros,
      double sequencerMicros,
      double submitterMicros,
      int cores) {

    /** CPU time of one raw verify, µs: the cores over the paired raw rate. */
    double rawVerifyMicros() {
      return cores * 1e6 / raw;
    }

    /**
     * The signature check's share of a submission's CPU. With every core busy, submissions per
     * second over the raw verify rate cannot exceed it, whatever the scheduling: it is the ceiling
     * of {@link #ratio()} until the rest of a submission costs less.
     */
    double verifyShare() {
      return rawVerifyMicros() / cpuMicros;
    }
  }

  /** CPU time of the whole process so far, ns; or -1 if the platform cannot tell. */
  private static long processCpu() {
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun
        ? sun.getProcessCpuTime()
        : -1;
  }

  /** CPU time of the journal's sequencer thread so far, ns; 0 if there is none. */
  private static long sequencerCpu() {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long total = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("ledger-sequencer")) {
        long c = mx.getThreadCpuTime(t.getId());
        total += Math.max(0, c);
      }
    }
    return total;
  }

  private Load() {}

  /**
   * Runs one warm-up round (round 0) and {@code rounds} measured rounds (1..rounds) with {@code t}
   * threads, printing one line.
   */
  static Figures measure(
      PrintWriter out,
      String what,
      int t,
      int rounds,
      int perThread,
      Harness.Op rawVerify,
      Submit submit)
      throws Exception {
    return measure(out, what, t, rounds, perThread, 1, rawVerify, submit);
  }

  /**
   * As {@link #measure(PrintWriter, String, int, int, int, Harness.Op, Submit)}, with each paired
   * raw verify measurement taking {@code pairedSeconds} after 0.2 s of warm-up.
   */
  static Figures measure(
      PrintWriter out,
      String what,
      int t,
      int rounds,
      int perThread,
      double pairedSeconds,
      Harness.Op rawVerify,
      Submit submit)
      throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    Harness paired = new Harness(0.2, pairedSeconds, 1, new PrintWriter(Writer.nullWriter()));
    out.printf(Locale.ROOT, "  %s, %2d submitting threads  ", what, t);
    out.flush();
    run(t, perThread, 0, null, null, submit);
    double[] rates = new double[rounds];
    double[] ratios = new double[rounds];
    double[] raws = new double[rounds];
    List<long[]> latencies = new ArrayList<>();
    long cpu = 0;
    long seq = 0;
    AtomicLong submitters = new AtomicLong();
    for (int r = 0; r < rounds; r++) {
      long[] lat = new long[t * perThread];
      raws[r] = paired.measureThreads("raw", "ops/s", 1, cores, rawVerify).median();
      long cpu0 = processCpu();
      long seq0 = sequencerCpu();
      rates[r] = run(t, perThread, r + 1, lat, submitters, submit);
      cpu += processCpu() - cpu0;
      seq += sequencerCpu() - seq0;
      ratios[r] = rates[r] / raws[r];
      latencies.add(lat);
      out.print('.');
      out.flush();
    }
    long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    Arrays.sort(rates);
    Arrays.sort(ratios);
    Arrays.sort(raws);
    Figures f =
        new Figures(
            t,
            median(rates),
            rates[0],
            rates[rates.length - 1],
            all[all.length / 2] / 1e6,
            all[(int) Math.min(all.length - 1, Math.ceil(all.length * 0.99) - 1)] / 1e6,
            median(ratios),
            median(raws),
            cpu / 1e3 / ((double) rounds * t * perThread),
            seq / 1e3 / ((double) rounds * t * perThread),
            submitters.get() / 1e3 / ((double) rounds * t * perThread),
            cores);
    out.printf(
        Locale.ROOT,
        " %s/s (min %s, max %s); receipt latency p50 %.2f ms, p99 %.2f ms;"
            + " %.2f x the raw verify rate (%s) measured beside each round;"
            + " CPU per submission %.0f µs (submitting threads %.0f µs, sequencer %.0f µs),"
            + " per raw verify %.0f µs, so the verify is %.2f of a submission's CPU%n",
        Harness.format(f.median()),
        Harness.format(f.min()),
        Harness.format(f.max()),
        f.p50(),
        f.p99(),
        f.ratio(),
        Harness.format(f.raw()),
        f.cpuMicros(),
        f.submitterMicros(),
        f.sequencerMicros(),
        f.rawVerifyMicros(),
        f.verifyShare());
    return f;
  }

  /** The median of sorted values: the middle one, or the mean of the two middle ones. */
  static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /**
   * Submits without measuring, so the JIT compiles the whole path before any figure is taken: with
   * the credit bank's validation, the first tens of thousands of submissions run at well under half
   * the steady rate while the compiler threads take CPU from the submitters.
   */
  static void warmUp(int t, int perThread, Submit submit) throws Exception {
    run(t, perThread, 0, null, null, submit);
  }

  /**
   * One round; returns submissions per second. Adds the submitting threads' CPU time, ns, to {@code
   * cpu} unless it is null.
   */
  private static double run(
      int t, int perThread, int round, long[] latencies, AtomicLong cpu, Submit submit)
      throws Exception {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    CyclicBarrier start = new CyclicBarrier(t + 1);
    ExecutorService pool = Executors.newFixedThreadPool(t);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int k = 0; k < t; k++) {
        int slot = k;
        fs.add(
            pool.submit(
                () -> {
                  start.await();
                  long cpu0 = cpu == null ? 0 : mx.getCurrentThreadCpuTime();
                  for (int i = 0; i < perThread; i++) {
                    long began = System.nanoTime();
                    submit.submit(slot, round, i);
                    if (latencies != null) {
                      latencies[slot * perThread + i] = System.nanoTime() - began;
                    }
                  }
                  if (cpu != null) {
                    cpu.addAndGet(mx.getCurrentThreadCpuTime() - cpu0);
                  }
                  return null;
                }));
      }
      start.await();
      long began = System.nanoTime();
      for (Future<?> f : fs) {
        f.get();
      }
      return t * perThread * 1e9 / (System.nanoTime() - began);
    } finally {
      pool.shutdownNow();
    }
  }
}
