package org.creditbank.ledger.cli;

import java.io.PrintWriter;

/** The progress bar on stderr: redrawn with {@code \r} on a terminal, else a line now and then. */
final class ProgressBar {
  private final PrintWriter err;
  private final String label;
  private final String unit;
  private final long total;
  private final long everyMs;
  private final boolean terminal = terminal();
  private long last = System.nanoTime();
  private long shown = -1;

  /**
   * A bar for {@code total} units of work, written to {@code err}; off a terminal, one line every
   * {@code everyMs} milliseconds.
   */
  ProgressBar(PrintWriter err, String label, String unit, long total, long everyMs) {
    this.err = err;
    this.label = label;
    this.unit = unit;
    this.total = total;
    this.everyMs = everyMs;
  }

  /** Shows {@code done} units done, if it is time to. Safe from any thread. */
  synchronized void show(long done) {
    long now = System.nanoTime();
    if (terminal) {
      if (done != shown && now - last >= 100_000_000L) {
        err.print("\r" + bar(done));
        err.flush();
        shown = done;
        last = now;
      }
    } else if (now - last >= everyMs * 1_000_000L) {
      err.println(bar(done));
      err.flush();
      last = now;
    }
  }

  /** Shows the final count on a line of its own. */
  synchronized void finish(long done) {
    if (terminal) {
      err.println("\r" + bar(done));
    } else {
      err.println(bar(done));
    }
    err.flush();
  }

  /**
   * Tells whether stderr is a terminal: before JDK 22 a console exists only then; from JDK 22 it
   * always exists and {@code Console.isTerminal()} says.
   */
  @SuppressWarnings("SystemConsoleNull")
  private static boolean terminal() {
    java.io.Console c = System.console();
    if (c == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  private String bar(long done) {
    int width = 30;
    int filled = total == 0 ? width : (int) (done * width / total);
    return Cli.format(
        "%s [%s%s] %d/%d %s",
        label, "#".repeat(filled), " ".repeat(width - filled), done, total, unit);
  }
}
