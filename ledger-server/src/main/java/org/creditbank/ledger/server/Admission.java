package org.creditbank.ledger.server;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Keeps slow and hostile clients from starving the others: the reader threads, the request
 * timeouts, the turns to handle a request, and the cap on request bodies held in memory.
 *
 * <p>The JDK server hands a connection to its executor (this) as soon as the connection has bytes
 * to read, and reads the request line and headers on that thread with blocking reads that have no
 * timeout of their own. So the reader pool is large and cheap (threads are made on demand and
 * mostly wait), and a watchdog interrupts a reader that is still reading headers after {@link
 * ServerOptions#headerTimeout()} or a body after {@link ServerOptions#bodyTimeout()}: the socket is
 * an interruptible channel, so the interrupt closes the connection and the blocked read fails. The
 * work itself (parsing, verifying, waiting for the durable receipt) takes one of {@link
 * ServerOptions#threads()} turns, given only once the request has been read in full, so a slow
 * client never holds a turn.
 *
 * <p>A reader is interrupted only while it is in a reading phase, under the phase's lock, and
 * clears the interrupt under the same lock when it leaves the phase; so the interrupt never reaches
 * the ledger's own code.
 */
final class Admission implements Executor {
  // The exchange each reader thread runs now; a reader serves one Admission only.
  private static final ThreadLocal<Task> current = new ThreadLocal<>();

  /** A request that took too long to arrive; its connection is closed. */
  static final class RequestTimeout extends IOException {
    private static final long serialVersionUID = 1L;

    RequestTimeout(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private enum Phase {
    HEADERS,
    BODY,
    OTHER
  }

  /** One request on one reader thread, from its first byte to its last. */
  private static final class Task {
    private final Thread thread;
    private Phase phase = Phase.HEADERS;
    private long deadline;
    private boolean bodyStarted;
    private boolean timedOut;

    Task(Thread thread, long deadline) {
      this.thread = thread;
      this.deadline = deadline;
    }
  }

  private final ServerOptions options;
  private final ThreadPoolExecutor readers;
  private final ScheduledThreadPoolExecutor watchdog;
  private final ScheduledFuture<?> ticks;
  private final Semaphore turns;
  private final Set<Task> tasks = ConcurrentHashMap.newKeySet();
  private final AtomicLong buffered = new AtomicLong();
  private final AtomicLong bufferedPeak = new AtomicLong();
  private final AtomicInteger waiting = new AtomicInteger();
  private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> timeouts = new ConcurrentHashMap<>();

  Admission(ServerOptions options) {
    this.options = options;
    AtomicInteger n = new AtomicInteger();
    // No queue: a connection either gets a reader now or is closed (counted as rejected); readers
    // beyond the need die after a minute idle.
    this.readers =
        new ThreadPoolExecutor(
            0,
            options.readers(),
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "ledger-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.turns = new Semaphore(options.threads(), true);
    this.watchdog =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "ledger-http-watchdog");
              t.setDaemon(true);
              return t;
            });
    long shortest = Math.min(options.headerTimeout().toMillis(), options.bodyTimeout().toMillis());
    long tick = Math.max(10, Math.min(1000, shortest / 10));
    this.ticks = watchdog.scheduleWithFixedDelay(this::expire, tick, tick, TimeUnit.MILLISECONDS);
    for (String reason : new String[] {"busy", "buffer", "readers"}) {
      rejected.put(reason, new LongAdder());
    }
    for (String phase : new String[] {"headers", "body"}) {
      timeouts.put(phase, new LongAdder());
    }
  }

  // ---------------------------------------------------------------- the JDK server's executor

  /**
   * Runs one exchange of the JDK server (reading its headers, then our handler) on a reader.
   *
   * @throws RejectedExecutionException if every reader is busy; the JDK server then closes the
   *     connection
   */
  @Override
  public void execute(Runnable exchange) {
    try {
      readers.execute(() -> run(exchange));
    } catch (RejectedExecutionException e) {
      rejected.get("readers").increment();
      throw e;
    }
  }

  private void run(Runnable exchange) {
    Task t =
        new Task(Thread.currentThread(), System.nanoTime() + options.headerTimeout().toNanos());
    current.set(t);
    tasks.add(t);
    try {
      exchange.run();
    } finally {
      tasks.remove(t);
      current.remove();
      synchronized (t) {
        t.phase = Phase.OTHER;
        // An interrupt meant for this exchange must not reach the next one on this thread.
        boolean unused = Thread.interrupted();
      }
    }
  }

  /** Interrupts the readers whose phase has outlived its deadline. */
  private void expire() {
    long now = System.nanoTime();
    for (Task t : tasks) {
      synchronized (t) {
        if (t.phase != Phase.OTHER && !t.timedOut && now - t.deadline >= 0) {
          t.timedOut = true;
          timeouts.get(t.phase == Phase.HEADERS ? "headers" : "body").increment();
          t.thread.interrupt();
        }
      }
    }
  }

  /** Stops the readers (waiting up to 5 s for those still running) and the watchdog. */
  void close() throws InterruptedException {
    readers.shutdown();
    try {
      if (!readers.awaitTermination(5, TimeUnit.SECONDS)) {
        readers.shutdownNow();
      }
    } finally {
      ticks.cancel(false);
      watchdog.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- one request

  /**
   * Called by the handler on entering: the headers are read. Returns the request's hold on turns
   * and buffer, which the handler closes when it is done.
   */
  Hold enter() {
    Task t = current.get();
    if (t != null) {
      synchronized (t) {
        t.phase = Phase.OTHER;
        // Late by a hair: the interrupt came after the last read, so the connection is whole.
        if (t.timedOut) {
          t.timedOut = false;
          boolean unused = Thread.interrupted();
        }
      }
    }
    return new Hold(t);
  }

  /** What one request holds: a turn, bytes of the buffer. */
  final class Hold implements AutoCloseable {
    private final Task task;
    private long reserved;
    private boolean turn;

    private Hold(Task task) {
      this.task = task;
    }

    /**
     * Reads the request body, refusing with 413 one over {@code limit} bytes (at once if its
     * Content-Length says so, else as soon as one byte too many has come), and with 503 one whose
     * next chunk would take the bytes held by all requests over {@link
     * ServerOptions#maxBufferedBytes()}.
     *
     * @throws RequestTimeout if the body did not arrive within the body timeout
     * @throws IOException if the client went away
     */
    Body readBody(HttpExchange ex, int limit) throws ProblemException, IOException {
      String cl = ex.getRequestHeaders().getFirst("Content-Length");
      long declared = -1;
      if (cl != null) {
        // The JDK server has refused a malformed or negative length already; what is left over 18
        // digits is over every limit.
        declared = Request.DIGITS.matcher(cl).matches() ? Long.parseLong(cl) : Long.MAX_VALUE;
        if (declared > limit) {
          throw tooLarge(limit, cl);
        }
      }
      beginBody();
      long before = reserved;
      boolean read = false;
      try {
        InputStream in = ex.getRequestBody();
        Body body = read(in, declared, limit);
        read = true;
        return body;
      } catch (IOException e) {
        if (endBody()) {
          throw new RequestTimeout(
              "want a body within " + options.bodyTimeout().toMillis() + " ms, got it slower", e);
        }
        throw e;
      } finally {
        endBody();
        if (!read) {
          // Given back at once, not when the refusal has been sent: among large bodies arriving
          // together, those refused make room for the others to finish.
          release(reserved - before);
        }
      }
    }

    /** Gives back the buffer the body holds: the handler is done with it. */
    void releaseBody() {
      if (reserved != 0) {
        release(reserved);
      }
    }

    /**
     * Reads what is left of the request body, up to {@code most} bytes, and throws it away; the
     * body timeout applies. A client still sending a body the server refused would otherwise have
     * its connection reset under it, and lose the answer; the JDK server would drain it too, but
     * when the response is closed, outside any timeout.
     */
    void drain(HttpExchange ex, long most) throws IOException {
      beginBody();
      try (InputStream in = ex.getRequestBody()) {
        byte[] sink = new byte[8192];
        long left = most;
        while (left > 0) {
          int r = in.read(sink, 0, (int) Math.min(sink.length, left));
          if (r < 0) {
            break;
          }
          left -= r;
        }
      } catch (IOException e) {
        if (endBody()) {
          throw new RequestTimeout("want the rest of the body in time, got it slower", e);
        }
        throw e;
      } finally {
        endBody();
      }
    }

    /**
     * Reads a body of the declared length, or up to its end if none was declared (chunked), chunk
     * by chunk, each chunk reserved just before it is read into: a client that declares 8 MiB and
     * sends a trickle holds what it sent and one chunk, not what it declared.
     */
    private Body read(InputStream in, long declared, int limit)
        throws ProblemException, IOException {
      long most = declared >= 0 ? declared : limit + 1L;
      List<byte[]> chunks = new ArrayList<>();
      long n = 0;
      while (n < most) {
        int size = (int) Math.min(Body.CHUNK, most - n);
        reserve(size);
        byte[] c = new byte[size];
        chunks.add(c);
        int filled = 0;
        while (filled < size) {
          int r = in.read(c, filled, size - filled);
          if (r < 0) {
            break;
          }
          filled += r;
        }
        n += filled;
        if (filled < size) {
          // The end came inside this chunk: keep only what it holds.
          chunks.remove(chunks.size() - 1);
          if (filled > 0) {
            reserve(filled);
            chunks.add(Arrays.copyOf(c, filled));
          }
          release(size);
          break;
        }
      }
      if (n > limit) {
        throw tooLarge(limit, null);
      }
      if (declared >= 0 && n < declared) {
        throw new IOException("connection closed before all the body was received");
      }
      return new Body(chunks);
    }

    private void reserve(long n) throws ProblemException {
      long max = options.maxBufferedBytes();
      while (true) {
        long now = buffered.get();
        if (now + n > max) {
          throw overloaded(
              "buffer",
              String.format(
                  Locale.ROOT,
                  "want request bodies of at most %d bytes held at once, got %d held and %d more"
                      + " asked; retry later",
                  max,
                  now,
                  n));
        }
        if (buffered.compareAndSet(now, now + n)) {
          bufferedPeak.accumulateAndGet(now + n, Math::max);
          reserved += n;
          return;
        }
      }
    }

    private void release(long n) {
      reserved -= n;
      buffered.addAndGet(-n);
    }

    /**
     * Waits up to the queue timeout for a turn to handle the request.
     *
     * @throws ProblemException 503 if none came
     */
    void turn() throws ProblemException, InterruptedException {
      if (turn) {
        return;
      }
      waiting.incrementAndGet();
      try {
        if (!turns.tryAcquire(options.queueTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
          throw overloaded(
              "busy",
              String.format(
                  Locale.ROOT,
                  "want a turn among %d requests handled at once within %d ms, got none; retry"
                      + " later",
                  options.threads(),
                  options.queueTimeout().toMillis()));
        }
        turn = true;
      } finally {
        waiting.decrementAndGet();
      }
    }

    /** Gives the turn back, if held: the work is done, only the sending is left. */
    void releaseTurn() {
      if (turn) {
        turn = false;
        turns.release();
      }
    }

    /** Gives back the turn and the buffer. */
    @Override
    public void close() {
      releaseTurn();
      releaseBody();
    }

    private void beginBody() {
      if (task == null) {
        return;
      }
      synchronized (task) {
        if (!task.bodyStarted) {
          task.bodyStarted = true;
          task.deadline = System.nanoTime() + options.bodyTimeout().toNanos();
        }
        task.phase = Phase.BODY;
      }
    }

    /** Leaves the body phase; true if the watchdog interrupted it (the interrupt is cleared). */
    private boolean endBody() {
      if (task == null) {
        return false;
      }
      synchronized (task) {
        task.phase = Phase.OTHER;
        if (task.timedOut) {
          task.timedOut = false;
          boolean unused = Thread.interrupted();
          return true;
        }
        return false;
      }
    }
  }

  private static ProblemException tooLarge(int limit, String got) {
    return new ProblemException(
        413,
        Problems.BODY_TOO_LARGE,
        got == null
            ? String.format(Locale.ROOT, "want a body of at most %d bytes, got more", limit)
            : String.format(Locale.ROOT, "want a body of at most %d bytes, got %s", limit, got));
  }

  /** Counts a refusal for {@code reason} and makes its 503. */
  private ProblemException overloaded(String reason, String detail) {
    rejected.get(reason).increment();
    return new ProblemException(
        503,
        Problems.OVERLOADED,
        detail,
        null,
        // The body may be unread: the connection is not worth keeping.
        Map.of("Retry-After", "1", "Connection", "close"),
        null);
  }

  // ---------------------------------------------------------------- metrics

  /** Bytes of request bodies held now. */
  long buffered() {
    return buffered.get();
  }

  /** The most bytes of request bodies ever held at once. */
  long bufferedPeak() {
    return bufferedPeak.get();
  }

  /** Appends the admission series in the Prometheus text format. */
  void render(StringBuilder out) {
    out.append(
        "# HELP ledger_http_rejected_total Requests refused for overload: busy (no turn within the"
            + " queue timeout, 503), buffer (bodies over the buffer cap, 503), readers (every"
            + " reader busy, connection closed).\n");
    out.append("# TYPE ledger_http_rejected_total counter\n");
    for (String reason : new String[] {"buffer", "busy", "readers"}) {
      out.append(
          String.format(
              Locale.ROOT,
              "ledger_http_rejected_total{reason=\"%s\"} %d%n",
              reason,
              rejected.get(reason).sum()));
    }
    out.append(
        "# HELP ledger_http_timeouts_total Requests whose headers or body did not arrive in time"
            + " (connection closed).\n");
    out.append("# TYPE ledger_http_timeouts_total counter\n");
    for (String phase : new String[] {"body", "headers"}) {
      out.append(
          String.format(
              Locale.ROOT,
              "ledger_http_timeouts_total{phase=\"%s\"} %d%n",
              phase,
              timeouts.get(phase).sum()));
    }
    gauge(out, "ledger_http_body_bytes_buffered", "Bytes of request bodies held now.", buffered());
    gauge(
        out,
        "ledger_http_body_bytes_buffered_max",
        "The most bytes of request bodies held at once since the start.",
        bufferedPeak());
    gauge(
        out,
        "ledger_http_body_bytes_limit",
        "The cap on bytes of request bodies held at once.",
        options.maxBufferedBytes());
    gauge(
        out,
        "ledger_http_readers_busy",
        "Reader threads reading, waiting or handling a request.",
        readers.getActiveCount());
    gauge(out, "ledger_http_readers_limit", "Reader threads at most.", options.readers());
    gauge(
        out,
        "ledger_http_requests_waiting",
        "Requests read and waiting for a turn.",
        waiting.get());
    gauge(
        out,
        "ledger_http_turns_limit",
        "Requests handled at once at most (--threads).",
        options.threads());
  }

  private static void gauge(StringBuilder out, String name, String help, long value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" gauge\n");
    out.append(name).append(' ').append(value).append('\n');
  }
}
