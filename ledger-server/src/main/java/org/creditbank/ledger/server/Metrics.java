package org.creditbank.ledger.server;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The server's counters in the Prometheus text exposition format (version 0.0.4): requests by route
 * and status, request latency by route, appends by outcome, entries per commit group, the ledger's
 * size, and the admission series of {@link Admission}. Lock-free: every request updates adders
 * only.
 */
final class Metrics {
  private static final double[] LATENCY_BUCKETS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };
  private static final double[] GROUP_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};

  /** A cumulative histogram. */
  private static final class Histogram {
    private final double[] bounds;
    private final LongAdder[] counts;
    private final LongAdder count = new LongAdder();
    private final java.util.concurrent.atomic.DoubleAdder sum =
        new java.util.concurrent.atomic.DoubleAdder();

    Histogram(double[] bounds) {
      this.bounds = bounds.clone();
      this.counts = new LongAdder[bounds.length];
      for (int i = 0; i < counts.length; i++) {
        counts[i] = new LongAdder();
      }
    }

    void observe(double v) {
      for (int i = 0; i < bounds.length; i++) {
        if (v <= bounds[i]) {
          counts[i].increment();
          break;
        }
      }
      count.increment();
      sum.add(v);
    }

    void write(StringBuilder out, String name, String labels) {
      long cumulative = 0;
      String sep = labels.isEmpty() ? "" : labels + ",";
      for (int i = 0; i < bounds.length; i++) {
        cumulative += counts[i].sum();
        out.append(
            String.format(
                Locale.ROOT,
                "%s_bucket{%sle=\"%s\"} %d%n",
                name,
                sep,
                number(bounds[i]),
                cumulative));
      }
      String braces = labels.isEmpty() ? "" : "{" + labels + "}";
      out.append(
          String.format(Locale.ROOT, "%s_bucket{%sle=\"+Inf\"} %d%n", name, sep, count.sum()));
      out.append(String.format(Locale.ROOT, "%s_sum%s %s%n", name, braces, number(sum.sum())));
      out.append(String.format(Locale.ROOT, "%s_count%s %d%n", name, braces, count.sum()));
    }
  }

  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final Map<String, Histogram> latency = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> appends = new ConcurrentHashMap<>();
  private final Histogram groups = new Histogram(GROUP_BUCKETS);
  private final AtomicLong lastDurableSize = new AtomicLong(-1);
  private final AtomicLong inFlight = new AtomicLong();
  private final LongSupplier ledgerSize;
  private final Consumer<StringBuilder> more;

  /** Counts for a ledger of the given size; {@code more} appends further series to each render. */
  Metrics(LongSupplier ledgerSize, Consumer<StringBuilder> more) {
    this.ledgerSize = ledgerSize;
    this.more = more;
    lastDurableSize.set(ledgerSize.getAsLong());
  }

  void begin() {
    inFlight.incrementAndGet();
  }

  /** Counts a finished request; {@code route} is its template, never the raw path. */
  void request(String route, int status, long nanos) {
    inFlight.decrementAndGet();
    requests.computeIfAbsent(route + "\u0000" + status, k -> new LongAdder()).increment();
    latency.computeIfAbsent(route, k -> new Histogram(LATENCY_BUCKETS)).observe(nanos / 1e9);
  }

  /** Counts a submission's outcome: accepted, repeat, a reject code, or STORAGE_UNAVAILABLE. */
  void append(String outcome) {
    appends.computeIfAbsent(outcome, k -> new LongAdder()).increment();
  }

  /**
   * Notes the tree size of a receipt. Receipts name the checkpoint they were made durable with; the
   * first receipt of a larger checkpoint tells how many entries that commit made durable at once,
   * which is the journal's group size as the clients see it.
   */
  void durableSize(long size) {
    long last = lastDurableSize.get();
    while (size > last) {
      if (lastDurableSize.compareAndSet(last, size)) {
        groups.observe((double) (size - last));
        return;
      }
      last = lastDurableSize.get();
    }
  }

  String render() {
    StringBuilder out = new StringBuilder();
    out.append("# HELP ledger_http_requests_total HTTP requests by route and status.\n");
    out.append("# TYPE ledger_http_requests_total counter\n");
    for (Map.Entry<String, LongAdder> e : new TreeMap<>(requests).entrySet()) {
      String[] k = e.getKey().split("\u0000", 2);
      out.append(
          String.format(
              Locale.ROOT,
              "ledger_http_requests_total{route=\"%s\",status=\"%s\"} %d%n",
              escape(k[0]),
              k[1],
              e.getValue().sum()));
    }
    out.append("# HELP ledger_http_request_duration_seconds HTTP request latency by route.\n");
    out.append("# TYPE ledger_http_request_duration_seconds histogram\n");
    for (Map.Entry<String, Histogram> e : new TreeMap<>(latency).entrySet()) {
      e.getValue()
          .write(
              out, "ledger_http_request_duration_seconds", "route=\"" + escape(e.getKey()) + "\"");
    }
    out.append("# HELP ledger_http_requests_in_flight HTTP requests being handled.\n");
    out.append("# TYPE ledger_http_requests_in_flight gauge\n");
    out.append("ledger_http_requests_in_flight ").append(inFlight.get()).append('\n');
    out.append("# HELP ledger_appends_total Submitted statements by outcome.\n");
    out.append("# TYPE ledger_appends_total counter\n");
    for (Map.Entry<String, LongAdder> e : new TreeMap<>(appends).entrySet()) {
      out.append(
          String.format(
              Locale.ROOT,
              "ledger_appends_total{outcome=\"%s\"} %d%n",
              escape(e.getKey()),
              e.getValue().sum()));
    }
    out.append(
        "# HELP ledger_commit_group_entries Entries made durable by one commit, as receipts"
            + " show.\n");
    out.append("# TYPE ledger_commit_group_entries histogram\n");
    groups.write(out, "ledger_commit_group_entries", "");
    out.append("# HELP ledger_size Entries in the ledger's latest checkpoint.\n");
    out.append("# TYPE ledger_size gauge\n");
    out.append("ledger_size ").append(ledgerSize.getAsLong()).append('\n');
    more.accept(out);
    return out.toString();
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String number(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
