package org.creditbank.ledger.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.Views;
import org.creditbank.ledger.bank.StatementException;
import org.creditbank.ledger.journal.CorruptionException;
import org.creditbank.ledger.journal.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger's HTTP/JSON API ({@code /v1}, see {@code docs/api.md}) over a {@link CreditLedger}, on
 * the JDK's built-in {@code com.sun.net.httpserver}.
 *
 * <p>Every failure is answered as an RFC 9457 problem ({@code application/problem+json}) with the
 * ledger's reject code or one of the server's codes, never with a stack trace. One access-log line
 * per request goes to the SLF4J logger {@code org.creditbank.ledger.server.access} at INFO.
 *
 * <p>Slow and hostile clients are bounded by the limits of {@link ServerOptions} (reader threads,
 * header and body timeouts, turns, a cap on request bodies held), enforced by {@code Admission};
 * see {@code docs/operations.md}, "Limits and hostile clients".
 *
 * <p>The server does not own the ledger: {@link #close()} stops accepting connections, lets the
 * requests in flight finish (up to {@link ServerOptions#shutdownGrace()}), and returns; the caller
 * then closes the ledger.
 */
public final class LedgerServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerServer.class);
  private static final Logger ACCESS =
      LoggerFactory.getLogger("org.creditbank.ledger.server.access");

  static {
    // The JDK server reads these once, when it first starts, for every server of the JVM. Without
    // them it waits for ever on a client that never finishes its request, and accepts 384 KiB of
    // headers. maxReqTime is only a backstop above the header and body timeouts of ServerOptions,
    // which Admission enforces per server; it also closes a connection that sends nothing at all.
    defaultProperty("sun.net.httpserver.maxReqTime", "60");
    defaultProperty("sun.net.httpserver.maxRspTime", "300");
    defaultProperty("sun.net.httpserver.maxReqHeaders", "100");
    defaultProperty("sun.net.httpserver.maxReqHeaderSize", "16384");
    // Connections beyond this are closed as soon as they are accepted. Half the file descriptors
    // the process may open: the other half is left to the ledger's files, and a server out of
    // descriptors would spin on accept() failing.
    defaultProperty("jdk.httpserver.maxConnections", Long.toString(defaultMaxConnections()));
    // The JDK server writes a response's headers and body apart; with Nagle's algorithm on, the
    // body then waits for the client's delayed ACK (tens of ms) on every request.
    defaultProperty("sun.net.httpserver.nodelay", "true");
  }

  private static long defaultMaxConnections() {
    long fds = 4096;
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      fds = unix.getMaxFileDescriptorCount();
    }
    return Math.max(256, Math.min(1_000_000, fds / 2));
  }

  /**
   * The connections the JDK server keeps open at most, for every server of this JVM: the system
   * property {@code jdk.httpserver.maxConnections}, by default half the file descriptors the
   * process may open (at least 256); 0 or less for no limit.
   */
  static long maxConnections() {
    return Long.getLong("jdk.httpserver.maxConnections", 0);
  }

  private static void defaultProperty(String name, String value) {
    if (System.getProperty(name) == null) {
      System.setProperty(name, value);
    }
  }

  // What is at least read and thrown away of a body the route refused or does not read (a route's
  // own limit when larger): a client still sending a body far over a 64 KiB limit gets its 413
  // instead of a connection reset under it (CI once lost the answer to a 200 KiB chunked body).
  private static final int DRAIN = 1024 * 1024;

  private final CreditLedger ledger;
  private final ServerOptions options;
  private final HttpServer http;
  private final Admission admission;
  private final AtomicReference<Tokens> tokens;
  private final Metrics metrics;
  private final Router router;
  private volatile boolean closing;
  private boolean closed;
  // Requests being handled; close() waits for it to reach 0.
  private final Object idle = new Object();
  private int inFlight;

  private LedgerServer(
      CreditLedger ledger,
      ServerOptions options,
      HttpServer http,
      Admission admission,
      Tokens tokens) {
    this.ledger = ledger;
    this.options = options;
    this.http = http;
    this.admission = admission;
    this.tokens = new AtomicReference<>(tokens);
    this.metrics =
        new Metrics(
            () -> ledger.journal().size(),
            out -> {
              admission.render(out);
              out.append(
                  "# HELP ledger_http_connections_limit Connections kept open at most (0: no"
                      + " limit).\n");
              out.append("# TYPE ledger_http_connections_limit gauge\n");
              out.append("ledger_http_connections_limit ")
                  .append(Math.max(0, maxConnections()))
                  .append('\n');
            });
    this.router = new Api(ledger, metrics, options.backups()).routes();
  }

  /**
   * Starts a server over an open ledger.
   *
   * @param ledger the ledger; the caller closes it after {@link #close()}
   * @param options the address, tokens file and threads
   * @return the running server
   * @throws IOException if the address cannot be bound
   * @throws TokenFileException if the tokens file cannot be read or is malformed
   */
  public static LedgerServer start(CreditLedger ledger, ServerOptions options)
      throws IOException, TokenFileException {
    Objects.requireNonNull(ledger, "ledger");
    Tokens tokens =
        options.tokens().isPresent() ? Tokens.load(options.tokens().get()) : Tokens.NONE;
    HttpServer http = HttpServer.create(options.bind(), 1024);
    // Reader threads, timeouts, turns and the body buffer cap: see Admission.
    Admission admission = new Admission(options);
    http.setExecutor(admission);
    LedgerServer s = new LedgerServer(ledger, options, http, admission, tokens);
    http.createContext("/", s::handle);
    http.start();
    LOG.info(
        "serving ledger {} on {} with {} threads ({} readers), {} tokens",
        ledger.origin(),
        s.uri(),
        options.threads(),
        options.readers(),
        tokens.size());
    long backstop = Long.getLong("sun.net.httpserver.maxReqTime", 0);
    long wanted = options.headerTimeout().plus(options.bodyTimeout()).toSeconds();
    if (backstop > 0 && backstop < wanted) {
      LOG.warn(
          "sun.net.httpserver.maxReqTime is {} s, below the header and body timeouts ({} s in"
              + " all): the JDK server will close slower requests first",
          backstop,
          wanted);
    }
    return s;
  }

  /**
   * Returns the address the server listens on, with the port it was given.
   *
   * @return the address
   */
  public InetSocketAddress address() {
    return http.getAddress();
  }

  /**
   * Returns the server's base URI, such as {@code http://127.0.0.1:8080}.
   *
   * @return the URI
   */
  public URI uri() {
    InetSocketAddress a = address();
    String host = a.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + a.getPort());
  }

  /**
   * Reads the tokens file again and, if it is well-formed, uses it from the next request on; if
   * not, keeps the tokens in use.
   *
   * @throws TokenFileException if the file cannot be read or is malformed
   */
  public void reloadTokens() throws TokenFileException {
    if (options.tokens().isEmpty()) {
      return;
    }
    Tokens t = Tokens.load(options.tokens().get());
    tokens.set(t);
    LOG.info("reloaded {} tokens from {}", t.size(), options.tokens().get());
  }

  /** Requests being handled now, for the test of a graceful stop. */
  int inFlight() {
    synchronized (idle) {
      return inFlight;
    }
  }

  /** The reader threads, turns and buffer, for the tests of hostile clients. */
  Admission admission() {
    return admission;
  }

  /** Whether {@link #close()} has begun. */
  boolean closing() {
    return closing;
  }

  /** The routes, for the test that checks them against the OpenAPI document. */
  List<Router.Route> routes() {
    return router.routes();
  }

  /**
   * Stops the server: stops accepting connections, waits up to the shutdown grace for the requests
   * in flight, then stops its threads. Does not close the ledger. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    // From now on, requests (new ones on kept-alive connections too) are answered 503 at once.
    closing = true;
    long deadline = System.nanoTime() + options.shutdownGrace().toNanos();
    boolean interrupted = false;
    synchronized (idle) {
      while (inFlight > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          LOG.warn("{} requests still in flight after the shutdown grace", inFlight);
          break;
        }
        try {
          idle.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          interrupted = true;
          break;
        }
      }
    }
    // The JDK 17 server's stop(delay) waits the whole delay while any connection is open, even an
    // idle keep-alive one; the requests in flight are done by now, so stop at once.
    http.stop(0);
    try {
      admission.close();
    } catch (InterruptedException e) {
      interrupted = true;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    LOG.info("stopped serving ledger {}", ledger.origin());
  }

  // ---------------------------------------------------------------- one request

  private void handle(HttpExchange ex) {
    long t0 = System.nanoTime();
    synchronized (idle) {
      inFlight++;
    }
    metrics.begin();
    String route = "unmatched";
    int maxBody = 0;
    int status = 0;
    long bytes = 0;
    Optional<Principal> who = Optional.empty();
    String target = ex.getRequestURI().getRawPath();
    try (Admission.Hold hold = admission.enter()) {
      Response r;
      try {
        if (closing) {
          throw new ProblemException(
              503,
              Problems.UNAVAILABLE,
              "the server is stopping",
              null,
              Map.of("Connection", "close"),
              null);
        }
        String raw = ex.getRequestURI().getRawPath();
        String q = ex.getRequestURI().getRawQuery();
        int len = raw.length() + (q == null ? 0 : q.length() + 1);
        if (len > ServerOptions.MAX_URI) {
          target = raw.length() > 64 ? raw.substring(0, 64) + "..." : raw;
          throw new ProblemException(
              414,
              Problems.URI_TOO_LONG,
              String.format(
                  Locale.ROOT,
                  "want a request target of at most %d bytes, got %d",
                  ServerOptions.MAX_URI,
                  len));
        }
        Router.Match m = router.match(ex.getRequestMethod(), raw);
        route = m.route().name();
        maxBody = m.route().maxBody();
        who = authenticate(ex, m.route().access());
        // Known before the role is checked, so that the access log names who was refused.
        authorize(who, m.route().access());
        // The body is read before the turn is taken, so a slow client holds a reader thread and
        // its share of the buffer, never a turn.
        Body body = m.route().maxBody() > 0 ? hold.readBody(ex, m.route().maxBody()) : null;
        hold.turn();
        r = m.route().handler().handle(new Request(ex, m.params(), who, body));
      } catch (ProblemException e) {
        r = problem(e);
      } catch (StatementException e) {
        r = problem(Problems.of(e));
      } catch (CorruptionException e) {
        LOG.error("corrupt storage on {} {}", ex.getRequestMethod(), target, e);
        r = problem(new ProblemException(500, Problems.INTERNAL, "the ledger's storage failed"));
      } catch (StorageException e) {
        LOG.error("storage failed on {} {}", ex.getRequestMethod(), target, e);
        r = problem(Problems.storage(ledger.journal().appendFailure().isPresent()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        r = problem(new ProblemException(503, Problems.UNAVAILABLE, "the server is stopping"));
      } catch (IOException e) {
        throw e;
      } catch (RuntimeException e) {
        if (closing) {
          r = problem(new ProblemException(503, Problems.UNAVAILABLE, "the server is stopping"));
        } else {
          LOG.error("bug on {} {}", ex.getRequestMethod(), target, e);
          r = problem(new ProblemException(500, Problems.INTERNAL, "internal error"));
        }
      } catch (Exception e) {
        LOG.error("bug on {} {}", ex.getRequestMethod(), target, e);
        r = problem(new ProblemException(500, Problems.INTERNAL, "internal error"));
      }
      // The handler is done with the body.
      hold.releaseBody();
      if (r.streamer() == null) {
        // The answer is made: a client slow to read it must not hold a turn.
        hold.releaseTurn();
      }
      status = r.status();
      bytes = send(ex, r, hold, Math.max(DRAIN, maxBody));
    } catch (Admission.RequestTimeout e) {
      LOG.debug("{} {}: {}", ex.getRequestMethod(), target, e.getMessage());
      if (status == 0) {
        status = 408;
      }
    } catch (IOException e) {
      // The client went away, or a streamed body failed half-way; nothing more can be said to it.
      LOG.debug("{} {}: {}", ex.getRequestMethod(), target, e.toString());
      if (status == 0) {
        status = 499;
      }
    } catch (Exception e) {
      LOG.warn("{} {}: streaming failed", ex.getRequestMethod(), target, e);
    } finally {
      ex.close();
      synchronized (idle) {
        if (--inFlight == 0) {
          idle.notifyAll();
        }
      }
      long nanos = System.nanoTime() - t0;
      metrics.request(route, status, nanos);
      ACCESS.info(
          "{} {} {} {} {} {}B {}ms",
          ex.getRemoteAddress().getAddress().getHostAddress(),
          who.map(Principal::toString).orElse("-"),
          ex.getRequestMethod(),
          target,
          status,
          bytes,
          String.format(Locale.ROOT, "%.1f", nanos / 1e6));
    }
  }

  private Optional<Principal> authenticate(HttpExchange ex, Router.Access access)
      throws ProblemException {
    if (access == Router.Access.PUBLIC) {
      return Optional.empty();
    }
    String h = ex.getRequestHeaders().getFirst("Authorization");
    if (h == null) {
      throw unauthenticated("want an Authorization: Bearer token, got none");
    }
    if (!h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw unauthenticated("want an Authorization: Bearer token, got another scheme");
    }
    Principal p =
        tokens
            .get()
            .lookup(h.substring(7).strip())
            .orElseThrow(() -> unauthenticated("want a known token, got an unknown one"));
    return Optional.of(p);
  }

  /** Refuses with 403 a known token whose role may not use a protected route. */
  private static void authorize(Optional<Principal> who, Router.Access access)
      throws ProblemException {
    if (access == Router.Access.PUBLIC) {
      return;
    }
    // authenticate gives a protected route a principal or refuses it; should that ever change,
    // a protected route without one is refused here rather than opened.
    Principal p =
        who.orElseThrow(() -> unauthenticated("want an Authorization: Bearer token, got none"));
    boolean ok =
        switch (access) {
          case PUBLIC -> true; // returned above
          case AUDITOR -> p.role() == Role.AUDITOR;
          case OPERATOR -> p.role() == Role.OPERATOR;
          case LEARNER_READER -> p.role() != Role.OPERATOR;
          case STATEMENT_READER -> p.role() == Role.AUDITOR || p.role() == Role.INSTITUTION;
        };
    if (!ok) {
      throw new ProblemException(
          403,
          Problems.FORBIDDEN,
          "want "
              + switch (access) {
                case LEARNER_READER -> "a learner, institution or auditor token";
                case STATEMENT_READER -> "an institution or auditor token";
                default -> "an " + access.name().toLowerCase(Locale.ROOT) + " token";
              }
              + ", got a token of role "
              + p.role().wireName());
    }
  }

  private static ProblemException unauthenticated(String detail) {
    return new ProblemException(
        401,
        Problems.UNAUTHENTICATED,
        detail,
        null,
        Map.of("WWW-Authenticate", "Bearer realm=\"ledger\""),
        null);
  }

  private static Response problem(ProblemException p) {
    Response r =
        Response.bytes(p.status(), Response.PROBLEM, Views.write(Problems.toJson(p)) + "\n");
    for (Map.Entry<String, String> h : p.headers().entrySet()) {
      r = r.withHeader(h.getKey(), h.getValue());
    }
    return r;
  }

  /**
   * Sends a response. What is left of the request body (nothing, unless the handler refused it
   * unread) is read and thrown away, up to {@code drain} bytes, after a fixed-length answer is on
   * its way and before it is closed: the client gets its answer at once even if it waits, and one
   * still sending has its body taken, not its connection reset under the answer.
   */
  private static long send(HttpExchange ex, Response r, Admission.Hold hold, long drain)
      throws Exception {
    ex.getResponseHeaders().set("Content-Type", r.contentType());
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    for (Map.Entry<String, String> h : r.headers().entrySet()) {
      ex.getResponseHeaders().set(h.getKey(), h.getValue());
    }
    if (r.streamer() == null) {
      byte[] b = r.body();
      ex.sendResponseHeaders(r.status(), b.length == 0 ? -1 : b.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(b);
        out.flush();
        hold.drain(ex, drain);
      }
      return b.length;
    }
    hold.drain(ex, drain);
    ex.sendResponseHeaders(r.status(), 0);
    CountingStream out = new CountingStream(ex.getResponseBody());
    try (out) {
      r.streamer().writeTo(out);
    }
    return out.count;
  }

  /** Counts what a streamed body wrote, for the access log. */
  private static final class CountingStream extends java.io.FilterOutputStream {
    long count;

    CountingStream(OutputStream out) {
      super(new java.io.BufferedOutputStream(out, 16 * 1024));
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
