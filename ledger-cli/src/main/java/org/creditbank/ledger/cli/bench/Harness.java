package org.creditbank.ledger.cli.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.crypto.Ed25519PublicKey;

/**
 * A small benchmark harness: warm-up, then several measured rounds, reporting the median, min and
 * max rate. Each operation returns a value that is folded into a sink so the JIT cannot drop it.
 */
final class Harness {
  /** One unit of work; returns something derived from its result. */
  @FunctionalInterface
  interface Op {
    long run(int i) throws Exception;
  }

  /** The result of one benchmark: the rate of each round, sorted. */
  static final class Result {
    private final String name;
    private final String unit;
    private final double[] perSecond;

    Result(String name, String unit, double[] perSecond) {
      this.name = name;
      this.unit = unit;
      this.perSecond = perSecond.clone();
      Arrays.sort(this.perSecond);
    }

    String name() {
      return name;
    }

    String unit() {
      return unit;
    }

    double median() {
      return Load.median(perSecond);
    }

    double min() {
      return perSecond[0];
    }

    double max() {
      return perSecond[perSecond.length - 1];
    }
  }

  private final double warmupSeconds;
  private final double roundSeconds;
  private final int rounds;
  private final PrintWriter progress;
  private final AtomicLong sink = new AtomicLong();

  Harness(double warmupSeconds, double roundSeconds, int rounds, PrintWriter progress) {
    if (rounds < 1 || roundSeconds <= 0 || warmupSeconds < 0) {
      throw new IllegalArgumentException("want rounds >= 1, round time > 0, warm-up >= 0");
    }
    this.warmupSeconds = warmupSeconds;
    this.roundSeconds = roundSeconds;
    this.rounds = rounds;
    this.progress = progress;
  }

  /**
   * Measures an operation on one thread.
   *
   * @param scale what one operation counts for in {@code unit} (1 for ops, bytes/1e6 for MB)
   */
  Result measure(String name, String unit, double scale, Op op) throws Exception {
    return measureThreads(name, unit, scale, 1, op);
  }

  /** Measures an operation run by {@code threads} threads at once; the rate is their sum. */
  Result measureThreads(String name, String unit, double scale, int threads, Op op)
      throws Exception {
    progress.printf(Locale.ROOT, "  %-52s ", name);
    progress.flush();
    runFor(threads, warmupSeconds, op);
    double[] rates = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      rates[r] = runFor(threads, roundSeconds, op) * scale;
      progress.print('.');
      progress.flush();
    }
    Result res = new Result(name, unit, rates);
    progress.printf(
        Locale.ROOT,
        " %s %s (min %s, max %s)%n",
        format(res.median()),
        unit,
        format(res.min()),
        format(res.max()));
    progress.flush();
    return res;
  }

  /** Runs the op on each thread for about {@code seconds}; returns total operations per second. */
  private double runFor(int threads, double seconds, Op op) throws Exception {
    if (seconds == 0) {
      return 0;
    }
    long budget = (long) (seconds * 1e9);
    if (threads == 1) {
      long[] count = new long[1];
      long took = loop(op, budget, count, 0);
      return count[0] * 1e9 / took;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<double[]>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int offset = t * 1_000_003;
        fs.add(
            pool.submit(
                () -> {
                  long[] count = new long[1];
                  long took = loop(op, budget, count, offset);
                  return new double[] {count[0], took};
                }));
      }
      double total = 0;
      for (Future<double[]> f : fs) {
        double[] r = f.get();
        total += r[0] * 1e9 / r[1];
      }
      return total;
    } finally {
      pool.shutdownNow();
    }
  }

  private long loop(Op op, long budgetNanos, long[] count, int offset) throws Exception {
    long start = System.nanoTime();
    long n = 0;
    long acc = 0;
    long now;
    do {
      // Check the clock every few operations only, so timing costs little.
      for (int k = 0; k < 8; k++) {
        acc += op.run((int) (n + offset));
        n++;
      }
      now = System.nanoTime();
    } while (now - start < budgetNanos);
    sink.addAndGet(acc);
    count[0] = n;
    return now - start;
  }

  /**
   * The raw Ed25519 verify the ledger figures are compared with: strict verification of 64-byte
   * messages, cycling through 256 different keys and messages. Bouncy Castle verifies in variable
   * time, so one fixed signature can be markedly faster or slower than the average a ledger sees.
   */
  static Op rawVerify() {
    SplittableRandom rnd = new SplittableRandom(7);
    Ed25519PublicKey[] keys = new Ed25519PublicKey[256];
    byte[][] messages = new byte[256][];
    byte[][] signatures = new byte[256][];
    for (int i = 0; i < 256; i++) {
      byte[] seed = new byte[32];
      messages[i] = new byte[64];
      for (int j = 0; j < 32; j++) {
        seed[j] = (byte) rnd.nextInt(256);
      }
      for (int j = 0; j < 64; j++) {
        messages[i][j] = (byte) rnd.nextInt(256);
      }
      Ed25519PrivateKey k = Ed25519PrivateKey.fromSeed(seed);
      keys[i] = k.publicKey();
      signatures[i] = k.sign(messages[i]);
    }
    return i -> {
      int k = i & 255;
      keys[k].verify(messages[k], signatures[k]);
      return k;
    };
  }

  static String format(double v) {
    if (v >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (v >= 1) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    return String.format(Locale.ROOT, "%.4f", v);
  }

  /** A value derived from every operation's result, so that none can be optimized away. */
  long checksum() {
    return sink.get();
  }
}
