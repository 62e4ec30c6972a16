package org.creditbank.ledger.merkle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.creditbank.ledger.util.Hash;

/**
 * RFC 6962 §2.1 written out as literally as possible, as a reference for the fast code: MTH, PATH
 * and PROOF/SUBPROOF over a list of leaf hashes. Only MTH is memoized (by range), so that
 * exhaustive comparisons stay fast; the recursion itself is the RFC's.
 */
final class NaiveMerkle {
  private final List<Hash> leaves;
  private final Map<Long, Hash> mthCache = new HashMap<>();

  NaiveMerkle(List<Hash> leaves) {
    this.leaves = List.copyOf(leaves);
  }

  /** MTH(D[lo:hi]). */
  Hash mth(int lo, int hi) {
    int n = hi - lo;
    if (n == 0) {
      return Hash.sha256();
    }
    if (n == 1) {
      return leaves.get(lo);
    }
    long key = (long) lo << 32 | hi;
    Hash cached = mthCache.get(key);
    if (cached != null) {
      return cached;
    }
    int k = largestPowerOfTwoBelow(n);
    Hash h = Rfc6962.nodeHash(mth(lo, lo + k), mth(lo + k, hi));
    mthCache.put(key, h);
    return h;
  }

  /** PATH(m, D[n]). */
  List<Hash> path(int m, int n) {
    return path(m, 0, n);
  }

  private List<Hash> path(int m, int lo, int hi) {
    int n = hi - lo;
    if (n == 1) {
      return new ArrayList<>();
    }
    int k = largestPowerOfTwoBelow(n);
    List<Hash> out;
    if (m < k) {
      out = path(m, lo, lo + k);
      out.add(mth(lo + k, hi));
    } else {
      out = path(m - k, lo + k, hi);
      out.add(mth(lo, lo + k));
    }
    return out;
  }

  /** PROOF(m, D[n]) = SUBPROOF(m, D[n], true). */
  List<Hash> proof(int m, int n) {
    return subproof(m, 0, n, true);
  }

  private List<Hash> subproof(int m, int lo, int hi, boolean b) {
    int n = hi - lo;
    if (m == n) {
      List<Hash> out = new ArrayList<>();
      if (!b) {
        out.add(mth(lo, hi));
      }
      return out;
    }
    int k = largestPowerOfTwoBelow(n);
    List<Hash> out;
    if (m <= k) {
      out = subproof(m, lo, lo + k, b);
      out.add(mth(lo + k, hi));
    } else {
      out = subproof(m - k, lo + k, hi, false);
      out.add(mth(lo, lo + k));
    }
    return out;
  }

  /** The largest power of two smaller than n, for n > 1. */
  private static int largestPowerOfTwoBelow(int n) {
    int k = 1;
    while (k << 1 < n) {
      k <<= 1;
    }
    return k;
  }
}
