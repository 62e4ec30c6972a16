package org.creditbank.ledger.json;

import java.math.BigInteger;

/**
 * Shortest round-trip decimal digits of a double (the Schubfach algorithm of R. Giulietti, "The
 * Schubfach way to render doubles", 2020), formatted as ECMAScript {@code Number::toString}
 * (ECMA-262 §6.1.6.1.20) and RFC 8785 §3.2.2.3 require.
 *
 * <p>{@code Double.toString} cannot be used: before JDK 19 (JDK-4511638) it sometimes prints more
 * digits than needed, and since JDK 19 it prints at least two significant digits ({@code 4.9E-324}
 * where ECMAScript wants {@code 5e-324}).
 */
final class NumberFormatter {
  private NumberFormatter() {}

  private static final int Q_MIN = -1074; // exponent of the least subnormal: 2^-1074
  private static final long C_MIN = 1L << 52; // least normal significand
  private static final int K_MIN = -324;
  private static final int K_MAX = 292;
  private static final long MASK_63 = (1L << 63) - 1;

  /**
   * For each k in [K_MIN, K_MAX]: g = floor(10^-k * 2^-r) + 1 with r = flog2pow10(-k) - 125, so
   * that 2^125 <= g < 2^126; split into its high 63 bits (even index) and low 63 bits (odd index).
   * Computed once with BigInteger instead of a 1,234-entry literal table.
   */
  private static final long[] G = buildTable();

  private static long[] buildTable() {
    long[] g = new long[(K_MAX - K_MIN + 1) * 2];
    for (int k = K_MIN; k <= K_MAX; k++) {
      int e = -k;
      int r = flog2pow10(e) - 125;
      BigInteger v;
      if (e >= 0) {
        BigInteger p = BigInteger.TEN.pow(e);
        v = r >= 0 ? p.shiftRight(r) : p.shiftLeft(-r);
      } else {
        // r < 0 here: 10^e * 2^-r = 2^-r / 10^-e, floored by integer division
        v = BigInteger.ONE.shiftLeft(-r).divide(BigInteger.TEN.pow(-e));
      }
      v = v.add(BigInteger.ONE);
      if (v.bitLength() != 126) {
        throw new AssertionError("bad table entry for k=" + k);
      }
      int i = (k - K_MIN) << 1;
      g[i] = v.shiftRight(63).longValueExact();
      g[i + 1] = v.longValue() & MASK_63;
    }
    return g;
  }

  /** floor(e * log10(2)), exact for |e| <= 5_456_721. */
  private static int flog10pow2(int e) {
    return (int) ((e * 661_971_961_083L) >> 41);
  }

  /** floor(log10(3/4 * 2^e)), exact for |e| <= 5_456_721. */
  private static int flog10threeQuartersPow2(int e) {
    return (int) ((e * 661_971_961_083L - 274_743_187_321L) >> 41);
  }

  /** floor(e * log2(10)), exact for |e| <= 1_838_394. */
  private static int flog2pow10(int e) {
    return (int) ((e * 913_124_641_741L) >> 38);
  }

  /**
   * Appends the ECMAScript serialization of a finite double.
   *
   * @throws IllegalArgumentException if {@code v} is NaN or infinite
   */
  static void append(double v, ByteSink out) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("number " + v + " is not finite, want a finite double");
    }
    long bits = Double.doubleToRawLongBits(v);
    if ((bits & ~Long.MIN_VALUE) == 0) {
      out.write('0'); // both +0 and -0 print as "0"
      return;
    }
    if (bits < 0) {
      out.write('-');
    }
    long t = bits & (C_MIN - 1);
    int bq = (int) (bits >>> 52) & 0x7ff;
    long f;
    int e;
    if (bq != 0) {
      int mq = -Q_MIN + 1 - bq;
      long c = C_MIN | t;
      long integer = c >> mq;
      if (0 < mq && mq < 53 && integer << mq == c) {
        // Integers below 2^53 are their own shortest representation.
        f = integer;
        e = 0;
      } else {
        e = exponent(-mq, c);
        f = shortest(-mq, c, e);
      }
    } else {
      e = exponent(Q_MIN, t);
      f = shortest(Q_MIN, t, e);
    }
    format(f, e, out);
  }

  /** The decimal exponent k of the candidates for c * 2^q: 10^k <= the gap between doubles. */
  private static int exponent(int q, long c) {
    return c != C_MIN || q == Q_MIN ? flog10pow2(q) : flog10threeQuartersPow2(q);
  }

  /**
   * The significand f of the decimal f * 10^k of fewest digits in the rounding interval of c * 2^q,
   * closest to it on a tie of length, even on a tie of distance; f may have trailing zeros.
   */
  private static long shortest(int q, long c, int k) {
    int out = (int) c & 1; // interval bounds are included when c is even (round half even)
    long cb = c << 2;
    long cbr = cb + 2;
    // At a power of two (except the least normal) the gap below is half the gap above.
    long cbl = c != C_MIN || q == Q_MIN ? cb - 2 : cb - 1;
    int h = q + flog2pow10(-k) + 2;
    int i = (k - K_MIN) << 1;
    long g1 = G[i];
    long g0 = G[i + 1];
    long vb = rop(g1, g0, cb << h);
    long vbl = rop(g1, g0, cbl << h);
    long vbr = rop(g1, g0, cbr << h);
    long s = vb >> 2;
    // Unlike Double.toString (JDK 19+), no minimum of two digits: a shorter multiple of 10^(k+1)
    // is taken whenever it lies in the interval (at most one can, as 10^(k+1) > 2^q).
    long sp10 = 10 * Math.floorDiv(s, 10);
    long tp10 = sp10 + 10;
    boolean upin = vbl + out <= sp10 << 2;
    boolean wpin = (tp10 << 2) + out <= vbr;
    if (upin != wpin) {
      return upin ? sp10 : tp10;
    }
    long tt = s + 1;
    boolean uin = vbl + out <= s << 2;
    boolean win = (tt << 2) + out <= vbr;
    if (uin != win) {
      return uin ? s : tt;
    }
    long cmp = vb - ((s + tt) << 1);
    return cmp < 0 || (cmp == 0 && (s & 1) == 0) ? s : tt;
  }

  /** Rounds (g * cp) / 2^127 to odd: the floor, with its least bit set if inexact. */
  private static long rop(long g1, long g0, long cp) {
    long x1 = Math.multiplyHigh(g0, cp);
    long y0 = g1 * cp;
    long y1 = Math.multiplyHigh(g1, cp);
    long z = (y0 >>> 1) + x1;
    long vbp = y1 + (z >>> 63);
    return vbp | ((z & MASK_63) + MASK_63) >>> 63;
  }

  /** Writes f * 10^e in the ECMAScript layout (ECMA-262 Number::toString steps 6 to 12). */
  private static void format(long f, int e, ByteSink out) {
    while (f % 10 == 0) {
      f /= 10;
      e++;
    }
    byte[] digits = new byte[20];
    int k = 0; // number of digits of f
    for (long v = f; v != 0; v /= 10) {
      digits[19 - k++] = (byte) ('0' + v % 10);
    }
    int first = 20 - k;
    int n = e + k; // value = 0.d1d2...dk * 10^n
    out.ensure(k + 8);
    if (k <= n && n <= 21) {
      put(digits, first, k, out);
      for (int z = 0; z < n - k; z++) {
        out.write('0');
      }
    } else if (0 < n && n <= 21) {
      put(digits, first, n, out);
      out.put('.');
      put(digits, first + n, k - n, out);
    } else if (-6 < n && n <= 0) {
      out.put('0');
      out.put('.');
      for (int z = 0; z < -n; z++) {
        out.put('0');
      }
      put(digits, first, k, out);
    } else {
      out.put(digits[first]);
      if (k > 1) {
        out.put('.');
        put(digits, first + 1, k - 1, out);
      }
      out.put('e');
      int x = n - 1;
      out.put(x < 0 ? '-' : '+');
      x = Math.abs(x);
      if (x >= 100) {
        out.put('0' + x / 100);
      }
      if (x >= 10) {
        out.put('0' + x / 10 % 10);
      }
      out.put('0' + x % 10);
    }
  }

  private static void put(byte[] digits, int from, int count, ByteSink out) {
    for (int i = from; i < from + count; i++) {
      out.put(digits[i]);
    }
  }
}
