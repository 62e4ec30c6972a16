package org.creditbank.ledger.journal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The process {@link JournalCrashTest} kills: opens (or creates) a ledger and appends from several
 * threads, printing {@code "seq leafhashhex actor id"} for each receipt as soon as it has it.
 *
 * <p>Arguments: the ledger directory, the run number (it makes the actors, and so the ids, of this
 * run distinct), and the number of threads. It stops by itself after a bounded number of appends,
 * when its standard input closes (the parent is gone), or after a minute, so that a failing parent
 * never leaves it running.
 */
final class CrashChild {
  static final int PER_THREAD = 2_000;

  private CrashChild() {}

  static String actor(int run, int thread) {
    return "r" + run + "t" + thread;
  }

  public static void main(String[] args) throws Exception {
    Path dir = Paths.get(args[0]);
    int run = Integer.parseInt(args[1]);
    int threads = Integer.parseInt(args[2]);
    startWatchdogs();
    PrintStream out = System.out;
    Journal<Void> journal =
        Files.exists(dir.resolve("CURRENT"))
            ? Journal.open(dir, JournalSmokeTest.SIGNER, StateMachine.acceptAll(), opts())
            : Journal.create(dir, JournalSmokeTest.SIGNER, StateMachine.acceptAll(), opts());
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String actor = actor(run, t);
      Thread w =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < PER_THREAD; i++) {
                    String id = Integer.toString(i);
                    Receipt r = journal.append(JournalSmokeTest.stmt(actor, id, "crash"));
                    String line =
                        String.format(
                            Locale.ROOT, "%d %s %s %s\n", r.seq(), r.leafHash().toHex(), actor, id);
                    synchronized (out) {
                      out.print(line);
                      out.flush();
                    }
                  }
                } catch (Exception e) {
                  e.printStackTrace();
                  Runtime.getRuntime().halt(2);
                }
              },
              "writer-" + t);
      w.start();
      workers.add(w);
    }
    for (Thread w : workers) {
      w.join();
    }
    journal.close();
  }

  private static JournalOptions opts() {
    return JournalOptions.DEFAULT;
  }

  private static void startWatchdogs() {
    Thread stdin =
        new Thread(
            () -> {
              InputStream in = System.in;
              try {
                while (in.read() >= 0) {
                  // The parent never writes; reading only waits for it to go away.
                }
              } catch (IOException e) {
                // Gone either way.
              }
              Runtime.getRuntime().halt(3);
            },
            "stdin-watchdog");
    stdin.setDaemon(true);
    stdin.start();
    Thread timer =
        new Thread(
            () -> {
              try {
                new CountDownLatch(1).await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              Runtime.getRuntime().halt(4);
            },
            "time-watchdog");
    timer.setDaemon(true);
    timer.start();
  }
}
