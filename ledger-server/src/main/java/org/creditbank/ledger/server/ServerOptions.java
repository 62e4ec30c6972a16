package org.creditbank.ledger.server;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link LedgerServer} runs.
 *
 * @param bind the address and port to listen on (port 0: any free port)
 * @param tokens the tokens file, or empty for none (every protected route then answers 401)
 * @param threads the request threads; see {@link #defaultThreads()}
 * @param shutdownGrace how long {@link LedgerServer#close()} waits for requests in flight
 * @param backups where {@code POST /v1/admin/backup} writes backups and the checkpoint key file it
 *     copies into each, or empty for no backups (the route then answers 409)
 */
public record ServerOptions(
    InetSocketAddress bind,
    Optional<Path> tokens,
    int threads,
    Duration shutdownGrace,
    Optional<Backups> backups) {
  /**
   * Where the server writes backups, and the checkpoint key it copies into them.
   *
   * @param dir the directory that holds the backups, on the server's machine; created if missing
   * @param checkpointKey the ledger's checkpoint key file (PKCS#8 PEM)
   */
  public record Backups(Path dir, Path checkpointKey) {
    /**
     * Checks the fields.
     *
     * @param dir the directory of backups
     * @param checkpointKey the checkpoint key file
     */
    public Backups {
      Objects.requireNonNull(dir, "dir");
      Objects.requireNonNull(checkpointKey, "checkpointKey");
    }
  }

  /** The largest request body of {@code POST /v1/statements}: a leaf's statement limit, 64 KiB. */
  public static final int MAX_BODY = 64 * 1024;

  /** The largest request body of {@code POST /v1/statements:batch}: 8 MiB. */
  public static final int MAX_BATCH_BODY = 8 * 1024 * 1024;

  /** The most statements in one batch. */
  public static final int MAX_BATCH = 1000;

  /** The longest request target (path and query), in bytes. */
  public static final int MAX_URI = 8 * 1024;

  /**
   * Checks the fields.
   *
   * @param bind the address and port to listen on (port 0: any free port)
   * @param tokens the tokens file, or empty for none
   * @param threads the request threads, from 1 to 4096
   * @param shutdownGrace how long {@link LedgerServer#close()} waits for requests in flight
   * @param backups where backups go, or empty for none
   * @throws IllegalArgumentException if {@code threads} is out of range or the grace negative
   */
  public ServerOptions {
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    Objects.requireNonNull(backups, "backups");
    if (threads < 1 || threads > 4096) {
      throw new IllegalArgumentException("want 1 to 4096 threads, got " + threads);
    }
    if (shutdownGrace.isNegative()) {
      throw new IllegalArgumentException("want a shutdown grace >= 0, got " + shutdownGrace);
    }
  }

  /**
   * Returns options to listen on an address with no tokens, {@link #defaultThreads()} threads and a
   * 10 s shutdown grace.
   *
   * @param bind the address and port
   * @return the options
   */
  public static ServerOptions of(InetSocketAddress bind) {
    return new ServerOptions(
        bind, Optional.empty(), defaultThreads(), Duration.ofSeconds(10), Optional.empty());
  }

  /**
   * Returns these options with a tokens file.
   *
   * @param file the tokens file
   * @return the new options
   */
  public ServerOptions withTokens(Path file) {
    return new ServerOptions(bind, Optional.of(file), threads, shutdownGrace, backups);
  }

  /**
   * Returns these options with another number of request threads.
   *
   * @param n the request threads
   * @return the new options
   */
  public ServerOptions withThreads(int n) {
    return new ServerOptions(bind, tokens, n, shutdownGrace, backups);
  }

  /**
   * Returns these options with backups on: {@code POST /v1/admin/backup} (operator token) writes
   * each backup into a new directory under {@code dir}, with a copy of the checkpoint key.
   *
   * @param dir the directory of backups, on the server's machine
   * @param checkpointKey the ledger's checkpoint key file
   * @return the new options
   */
  public ServerOptions withBackups(Path dir, Path checkpointKey) {
    return new ServerOptions(
        bind, tokens, threads, shutdownGrace, Optional.of(new Backups(dir, checkpointKey)));
  }

  /**
   * The default number of request threads: 32 per core, at least 64 and at most 256.
   *
   * <p>A submission holds its thread until its group is durable (an fsync, a few milliseconds),
   * while taking little CPU: the ledger gathers whatever is waiting into one group, so throughput
   * grows with the number of submissions blocked at once. One thread per concurrent client keeps
   * them all in the next group; 64 covers a typical fleet of institution clients, and an idle
   * thread costs only its stack. Beyond 256 the gain is nil (the group is then bounded by the
   * verify rate of the cores) and a burst would only pile up memory.
   *
   * @return the thread count for this machine
   */
  public static int defaultThreads() {
    int cores = Runtime.getRuntime().availableProcessors();
    return Math.max(64, Math.min(256, 32 * cores));
  }
}
