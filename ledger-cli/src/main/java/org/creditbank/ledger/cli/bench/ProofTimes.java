package org.creditbank.ledger.cli.bench;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.creditbank.ledger.journal.Journal;

/**
 * How long inclusion and consistency proofs take to read from a journal's stored tree: median and
 * p99 over random (index, size) pairs, each kind timed after as many other pairs untimed, so that
 * the figure is that of a server that has been answering proofs for a while, not of one that just
 * opened.
 *
 * @param inclusionMedianMs inclusion proof, median, ms
 * @param inclusionP99Ms inclusion proof, 99th percentile, ms
 * @param consistencyMedianMs consistency proof, median, ms
 * @param consistencyP99Ms consistency proof, 99th percentile, ms
 */
record ProofTimes(
    double inclusionMedianMs,
    double inclusionP99Ms,
    double consistencyMedianMs,
    double consistencyP99Ms) {

  /**
   * Times {@code proofs} proofs of each kind in {@code journal}, whose size must be at least 2.
   *
   * @param seed the random pairs' seed
   */
  static ProofTimes measure(Journal<?> journal, int proofs, long seed) throws Exception {
    long n = journal.size();
    SplittableRandom rnd = new SplittableRandom(seed);
    long[] index = new long[4 * proofs];
    long[] size = new long[4 * proofs];
    for (int i = 0; i < 4 * proofs; i++) {
      size[i] = 1 + rnd.nextLong(n);
      index[i] = rnd.nextLong(size[i]);
    }
    double[] inclusion = time(proofs, i -> journal.inclusionProof(index[i], size[i]).size());
    int c = 2 * proofs;
    double[] consistency =
        time(proofs, i -> journal.consistencyProof(1 + index[c + i], size[c + i]).size());
    return new ProofTimes(inclusion[0], inclusion[1], consistency[0], consistency[1]);
  }

  /**
   * Times calls {@code proofs} to {@code 2·proofs - 1} of {@code op}, after calls 0 to {@code
   * proofs - 1} unmeasured; returns the median and the p99, ms.
   */
  private static double[] time(int proofs, Harness.Op op) throws Exception {
    long sink = 0;
    for (int i = 0; i < proofs; i++) {
      sink += op.run(i);
    }
    long[] took = new long[proofs];
    for (int i = 0; i < proofs; i++) {
      long t0 = System.nanoTime();
      sink += op.run(proofs + i);
      took[i] = System.nanoTime() - t0;
    }
    if (sink == Long.MIN_VALUE) {
      throw new IllegalStateException("unreachable: keeps the proofs from being optimized away");
    }
    Arrays.sort(took);
    int p99 = (int) Math.min(proofs - 1, Math.ceil(proofs * 0.99) - 1);
    return new double[] {took[proofs / 2] / 1e6, took[p99] / 1e6};
  }
}
