package org.creditbank.ledger.cli.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.LongAdder;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.server.LedgerServer;
import org.creditbank.ledger.server.ServerOptions;
import org.creditbank.ledger.server.TokenFileException;

/**
 * Submits statements to an in-process {@link LedgerServer} over HTTP/1.1 on the loopback, and reads
 * from it, counting every answer other than {@code 201} to a statement (or {@code 200} to a {@code
 * GET}) as an error.
 *
 * <p>The client is a minimal blocking HTTP/1.1 client: one keep-alive connection per concurrent
 * caller, the request written and the answer read by that thread, as load generators such as wrk
 * do. The server and its load share this machine's cores, so every microsecond the client spends is
 * one the server does not get: the JDK's {@code java.net.http} client hands each exchange between
 * the caller, its selector thread and back (several thread switches and tens of microseconds a
 * request), which measured the client more than the server.
 */
final class HttpLoad implements AutoCloseable {
  private static final int MAX_HEADERS = 16 * 1024;

  private final LedgerServer server;
  private final InetSocketAddress address;
  private final String host;
  private final byte[] head;
  private final LongAdder errors = new LongAdder();

  /**
   * Kept-alive connections not in use. A caller takes one (or opens one) for each exchange and
   * gives it back after, so there are never more connections than callers at once, whichever
   * threads the load runs on (each round may run on new threads).
   */
  private final Deque<Connection> idle = new ConcurrentLinkedDeque<>();

  /** Every connection open, to close them all at the end. */
  private final Set<Connection> open = ConcurrentHashMap.newKeySet();

  /** Starts a server over the ledger with at least {@code clients} request threads. */
  HttpLoad(CreditLedger ledger, int clients) throws IOException, TokenFileException {
    // A console line per request would measure the terminal: the access log is off for the run.
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger("org.creditbank.ledger.server.access"))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    ServerOptions o = ServerOptions.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    server = LedgerServer.start(ledger, o.withThreads(Math.max(o.threads(), clients)));
    address = server.address();
    host = address.getHostString() + ":" + address.getPort();
    head =
        ("POST /v1/statements HTTP/1.1\r\nHost: "
                + host
                + "\r\nContent-Type: application/json\r\nContent-Length: ")
            .getBytes(StandardCharsets.US_ASCII);
  }

  URI uri() {
    return server.uri();
  }

  /** Submits one statement and waits for its receipt. */
  void submit(byte[] statement) throws IOException, InterruptedException {
    if (exchange(c -> c.exchange(head, statement)) != 201) {
      errors.increment();
    }
  }

  /** Sends {@code GET path} (with its query) and reads the answer; other than 200 is an error. */
  void get(String path) throws IOException {
    byte[] request =
        ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    if (exchange(c -> c.exchange(request, null)) != 200) {
      errors.increment();
    }
  }

  /** One exchange on this thread's connection. */
  @FunctionalInterface
  private interface Exchange {
    int run(Connection c) throws IOException;
  }

  /** Runs one exchange on an idle connection, or a new one; returns the status. */
  private int exchange(Exchange x) throws IOException {
    Connection c = idle.pollFirst();
    if (c == null) {
      c = new Connection(address);
      open.add(c);
    }
    int status;
    try {
      status = x.run(c);
    } catch (IOException e) {
      close(c);
      throw e;
    }
    if (c.closeAfter) {
      close(c);
    } else {
      idle.offerFirst(c);
    }
    return status;
  }

  private void close(Connection c) {
    open.remove(c);
    try {
      c.socket.close();
    } catch (IOException e) {
      // Closing a connection that failed: nothing more to do with it.
    }
  }

  /** Answers other than 201 to a statement or 200 to a GET so far. */
  long errors() {
    return errors.sum();
  }

  @Override
  public void close() {
    for (Connection c : open) {
      try {
        c.socket.close();
      } catch (IOException e) {
        // Shutting down: the server is closed next either way.
      }
    }
    server.close();
  }

  /** One keep-alive connection, used by one caller at a time. */
  private static final class Connection {
    final Socket socket;
    final OutputStream out;
    final InputStream in;
    boolean closeAfter;

    Connection(InetSocketAddress address) throws IOException {
      socket = new Socket();
      try {
        socket.setTcpNoDelay(true);
        socket.connect(address, 10_000);
        out = new BufferedOutputStream(socket.getOutputStream(), 8192);
        in = new BufferedInputStream(socket.getInputStream(), 8192);
      } catch (IOException e) {
        socket.close();
        throw e;
      }
    }

    /** Sends {@code head}, then the body's length and the body unless it is null; reads. */
    int exchange(byte[] head, byte[] body) throws IOException {
      out.write(head);
      if (body != null) {
        out.write((Integer.toString(body.length) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
      }
      out.flush();
      return readResponse(in);
    }

    /**
     * Reads the status line and headers, then the body by its Content-Length, or to chunks' end.
     */
    private int readResponse(InputStream i) throws IOException {
      String statusLine = line(i);
      if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
        throw new IOException("want an HTTP/1.1 status line, got " + statusLine);
      }
      int status = Integer.parseInt(statusLine.substring(9, 12));
      long length = -1;
      boolean chunked = false;
      closeAfter = false;
      int total = 0;
      for (String h = line(i); !h.isEmpty(); h = line(i)) {
        total += h.length();
        if (total > MAX_HEADERS) {
          throw new IOException("the answer's headers exceed " + MAX_HEADERS + " bytes");
        }
        int colon = h.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = h.substring(colon + 1).trim();
        if (name.equals("content-length")) {
          length = Long.parseLong(value);
        } else if (name.equals("transfer-encoding")) {
          chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        } else if (name.equals("connection")) {
          closeAfter = value.equalsIgnoreCase("close");
        }
      }
      if (chunked) {
        for (long n = Long.parseLong(line(i).trim(), 16); n > 0; ) {
          skip(i, n);
          line(i);
          n = Long.parseLong(line(i).trim(), 16);
        }
        line(i);
      } else if (length > 0) {
        skip(i, length);
      } else if (length < 0 && status != 204 && status != 304) {
        closeAfter = true; // the body runs to the end of the connection: drop it
      }
      return status;
    }

    /** One header line without its CRLF (ISO-8859-1, as HTTP/1.1 headers are). */
    private static String line(InputStream i) throws IOException {
      StringBuilder b = new StringBuilder(64);
      for (int c = i.read(); c != '\n'; c = i.read()) {
        if (c < 0) {
          throw new EOFException("the server closed the connection mid-answer");
        }
        if (b.length() > MAX_HEADERS) {
          throw new IOException("an answer's line exceeds " + MAX_HEADERS + " bytes");
        }
        if (c != '\r') {
          b.append((char) c);
        }
      }
      return b.toString();
    }

    private static void skip(InputStream i, long n) throws IOException {
      for (long left = n; left > 0; ) {
        long k = i.skip(left);
        if (k <= 0) {
          if (i.read() < 0) {
            throw new EOFException("the server closed the connection mid-body");
          }
          k = 1;
        }
        left -= k;
      }
    }
  }
}
