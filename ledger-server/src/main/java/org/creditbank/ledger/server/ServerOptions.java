package org.creditbank.ledger.server;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link LedgerServer} runs, and the limits that keep slow or hostile clients from starving
 * the others (see {@code docs/operations.md}, "Limits and hostile clients").
 *
 * <p>A connection that sends bytes is given a <em>reader</em> thread, which reads the request line
 * and headers (within {@code headerTimeout}) and the body (within {@code bodyTimeout}, and only
 * while the body fits in {@code maxBufferedBytes} together with the others being held), then waits
 * up to {@code queueTimeout} for one of {@code threads} turns to handle the request. A request that
 * gets no turn, or whose body would overflow the buffer, is answered {@code 503} with {@code
 * Retry-After}; a client too slow to send its request has its connection closed.
 *
 * @param bind the address and port to listen on (port 0: any free port)
 * @param tokens the tokens file, or empty for none (every protected route then answers 401)
 * @param threads the requests handled at once; see {@link #defaultThreads()}
 * @param shutdownGrace how long {@link LedgerServer#close()} waits for requests in flight
 * @param readers the threads that read requests, at least {@code threads}; a connection holds one
 *     only while it sends a request or the request waits or is handled, never while it is idle
 * @param maxBufferedBytes the most bytes of request bodies held in memory at once, over all
 *     requests
 * @param headerTimeout the longest a client may take to send the request line and headers, from its
 *     first byte
 * @param bodyTimeout the longest a client may take to send a request body
 * @param queueTimeout the longest a request that has been read waits for a turn before it is
 *     answered 503
 */
public record ServerOptions(
    InetSocketAddress bind,
    Optional<Path> tokens,
    int threads,
    Duration shutdownGrace,
    int readers,
    long maxBufferedBytes,
    Duration headerTimeout,
    Duration bodyTimeout,
    Duration queueTimeout) {
  /** The largest request body of {@code POST /v1/statements}: a leaf's statement limit, 64 KiB. */
  public static final int MAX_BODY = 64 * 1024;

  /** The largest request body of {@code POST /v1/statements:batch}: 8 MiB. */
  public static final int MAX_BATCH_BODY = 8 * 1024 * 1024;

  /** The most statements in one batch. */
  public static final int MAX_BATCH = 1000;

  /** The longest request target (path and query), in bytes. */
  public static final int MAX_URI = 8 * 1024;

  /** The default number of reader threads. */
  public static final int DEFAULT_READERS = 1024;

  /** The default of {@link #maxBufferedBytes()}: 64 MiB, eight of the largest batches. */
  public static final long DEFAULT_MAX_BUFFERED_BYTES = 64L * 1024 * 1024;

  /** The default of {@link #headerTimeout()}. */
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);

  /** The default of {@link #bodyTimeout()}. */
  public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);

  /** The default of {@link #queueTimeout()}. */
  public static final Duration DEFAULT_QUEUE_TIMEOUT = Duration.ofSeconds(2);

  /**
   * Checks the fields.
   *
   * @param bind the address and port to listen on (port 0: any free port)
   * @param tokens the tokens file, or empty for none
   * @param threads the requests handled at once, from 1 to 4096
   * @param shutdownGrace how long {@link LedgerServer#close()} waits for requests in flight
   * @param readers the threads that read requests, from {@code threads} to 16384
   * @param maxBufferedBytes the most bytes of request bodies held at once, at least {@link
   *     #MAX_BODY}
   * @param headerTimeout the time allowed for the request line and headers, positive
   * @param bodyTimeout the time allowed for a request body, positive
   * @param queueTimeout the time a request waits for a turn, zero or more
   * @throws IllegalArgumentException if a count is out of range or a duration negative or zero
   */
  public ServerOptions {
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    Objects.requireNonNull(headerTimeout, "headerTimeout");
    Objects.requireNonNull(bodyTimeout, "bodyTimeout");
    Objects.requireNonNull(queueTimeout, "queueTimeout");
    if (threads < 1 || threads > 4096) {
      throw new IllegalArgumentException("want 1 to 4096 threads, got " + threads);
    }
    if (shutdownGrace.isNegative()) {
      throw new IllegalArgumentException("want a shutdown grace >= 0, got " + shutdownGrace);
    }
    if (readers < threads || readers > 16384) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "want %d to 16384 reader threads, got %d", threads, readers));
    }
    if (maxBufferedBytes < MAX_BODY) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "want at least %d bytes of bodies buffered, got %d",
              MAX_BODY,
              maxBufferedBytes));
    }
    if (headerTimeout.isNegative() || headerTimeout.isZero()) {
      throw new IllegalArgumentException("want a header timeout > 0, got " + headerTimeout);
    }
    if (bodyTimeout.isNegative() || bodyTimeout.isZero()) {
      throw new IllegalArgumentException("want a body timeout > 0, got " + bodyTimeout);
    }
    if (queueTimeout.isNegative()) {
      throw new IllegalArgumentException("want a queue timeout >= 0, got " + queueTimeout);
    }
  }

  /**
   * Returns options to listen on an address with no tokens, {@link #defaultThreads()} threads, a 10
   * s shutdown grace, and the default limits ({@link #DEFAULT_READERS}, {@link
   * #DEFAULT_MAX_BUFFERED_BYTES}, {@link #DEFAULT_HEADER_TIMEOUT}, {@link #DEFAULT_BODY_TIMEOUT},
   * {@link #DEFAULT_QUEUE_TIMEOUT}).
   *
   * @param bind the address and port
   * @return the options
   */
  public static ServerOptions of(InetSocketAddress bind) {
    return new ServerOptions(
        bind,
        Optional.empty(),
        defaultThreads(),
        Duration.ofSeconds(10),
        Math.max(DEFAULT_READERS, defaultThreads()),
        DEFAULT_MAX_BUFFERED_BYTES,
        DEFAULT_HEADER_TIMEOUT,
        DEFAULT_BODY_TIMEOUT,
        DEFAULT_QUEUE_TIMEOUT);
  }

  /**
   * Returns these options with a tokens file.
   *
   * @param file the tokens file
   * @return the new options
   */
  public ServerOptions withTokens(Path file) {
    return new ServerOptions(
        bind,
        Optional.of(file),
        threads,
        shutdownGrace,
        readers,
        maxBufferedBytes,
        headerTimeout,
        bodyTimeout,
        queueTimeout);
  }

  /**
   * Returns these options with another number of requests handled at once; the reader threads are
   * raised to as many if they were fewer.
   *
   * @param n the requests handled at once
   * @return the new options
   * @throws IllegalArgumentException if {@code n} is out of range
   */
  public ServerOptions withThreads(int n) {
    return new ServerOptions(
        bind,
        tokens,
        n,
        shutdownGrace,
        Math.max(readers, n),
        maxBufferedBytes,
        headerTimeout,
        bodyTimeout,
        queueTimeout);
  }

  /**
   * Returns these options with another number of reader threads.
   *
   * @param n the reader threads, from {@link #threads()} to 16384
   * @return the new options
   * @throws IllegalArgumentException if {@code n} is out of range
   */
  public ServerOptions withReaders(int n) {
    return new ServerOptions(
        bind,
        tokens,
        threads,
        shutdownGrace,
        n,
        maxBufferedBytes,
        headerTimeout,
        bodyTimeout,
        queueTimeout);
  }

  /**
   * Returns these options with another cap on the bytes of request bodies held at once.
   *
   * @param bytes the cap, at least {@link #MAX_BODY}
   * @return the new options
   * @throws IllegalArgumentException if {@code bytes} is below {@link #MAX_BODY}
   */
  public ServerOptions withMaxBufferedBytes(long bytes) {
    return new ServerOptions(
        bind,
        tokens,
        threads,
        shutdownGrace,
        readers,
        bytes,
        headerTimeout,
        bodyTimeout,
        queueTimeout);
  }

  /**
   * Returns these options with other request timeouts.
   *
   * @param header the time allowed for the request line and headers
   * @param body the time allowed for a request body
   * @param queue the time a request waits for a turn before a 503
   * @return the new options
   * @throws IllegalArgumentException if a timeout is negative, or the header or body one zero
   */
  public ServerOptions withTimeouts(Duration header, Duration body, Duration queue) {
    return new ServerOptions(
        bind, tokens, threads, shutdownGrace, readers, maxBufferedBytes, header, body, queue);
  }

  /**
   * The default number of requests handled at once: 32 per core, at least 64 and at most 256.
   *
   * <p>A submission holds its turn until its group is durable (an fsync, a few milliseconds), while
   * taking little CPU: the ledger gathers whatever is waiting into one group, so throughput grows
   * with the number of submissions blocked at once. One turn per concurrent client keeps them all
   * in the next group; 64 covers a typical fleet of institution clients, and an idle thread costs
   * only its stack. Beyond 256 the gain is nil (the group is then bounded by the verify rate of the
   * cores) and a burst would only pile up memory.
   *
   * @return the thread count for this machine
   */
  public static int defaultThreads() {
    int cores = Runtime.getRuntime().availableProcessors();
    return Math.max(64, Math.min(256, 32 * cores));
  }
}
