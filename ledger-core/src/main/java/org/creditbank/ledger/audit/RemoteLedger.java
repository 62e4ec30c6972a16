package org.creditbank.ledger.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.creditbank.ledger.util.Bytes;
import org.creditbank.ledger.util.Hash;

/**
 * A client of the few routes of a ledger server's {@code /v1} API that verifying and auditing need
 * ({@code docs/api.md}): the latest checkpoint, consistency proofs, the entries (auditor token) and
 * an achievement's status. It checks nothing it receives: the callers verify every answer.
 */
public final class RemoteLedger {
  /** The most entries asked for in one page ({@code GET /v1/entries} allows 10,000). */
  public static final int PAGE = 1000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ERROR_BODY = 64 * 1024;

  private final URI base;
  private final Optional<String> token;
  private final HttpClient client;

  /**
   * The status of one achievement as the server tells it.
   *
   * @param status {@code active}, {@code revoked} or {@code superseded}
   * @param statusSeq the seq of the entry that set it: the recording while active
   */
  public record Status(String status, long statusSeq) {
    /**
     * Checks the fields.
     *
     * @param status the status
     * @param statusSeq the seq that set it
     */
    public Status {
      Objects.requireNonNull(status, "status");
      if (statusSeq < 0) {
        throw new IllegalArgumentException("want statusSeq at least 0, got " + statusSeq);
      }
    }
  }

  /** Receives the lines of a streamed answer. */
  @FunctionalInterface
  public interface LineHandler {
    /**
     * Takes one line.
     *
     * @param line the line, without its end
     * @throws AuditFailedException if the line shows the ledger wrong
     * @throws InterruptedException if interrupted
     * @throws org.creditbank.ledger.journal.StorageException if the scratch state fails
     */
    void line(String line)
        throws AuditFailedException,
            InterruptedException,
            org.creditbank.ledger.journal.StorageException;
  }

  private RemoteLedger(URI base, Optional<String> token) {
    String s = base.toString();
    this.base = URI.create(s.endsWith("/") ? s : s + "/");
    this.token = token;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * Makes a client of the server at {@code base}.
   *
   * @param base the server's address, such as {@code http://127.0.0.1:8080}
   * @param token the bearer token sent with every request, if any (the entries need an auditor's)
   * @return the client
   * @throws IllegalArgumentException if {@code base} is not an absolute http or https URI
   */
  public static RemoteLedger of(URI base, Optional<String> token) {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(token, "token");
    String scheme = base.getScheme();
    if ((!"http".equals(scheme) && !"https".equals(scheme)) || base.getHost() == null) {
      throw new IllegalArgumentException("want an http or https URL, got " + base);
    }
    return new RemoteLedger(base, token);
  }

  /**
   * Returns the server's address.
   *
   * @return the base URI, ending in a slash
   */
  public URI base() {
    return base;
  }

  /**
   * Fetches the latest signed checkpoint: {@code GET /v1/checkpoint}.
   *
   * @return the signed note bytes, not verified
   * @throws RemoteLedgerException if the server cannot be asked or answers with an error
   * @throws InterruptedException if interrupted
   */
  public Bytes checkpoint() throws RemoteLedgerException, InterruptedException {
    return Bytes.copyFrom(get("v1/checkpoint").body());
  }

  /**
   * Fetches a consistency proof: {@code GET /v1/proofs/consistency?from=&to=}.
   *
   * @param from the older size, at least 1
   * @param to the newer size
   * @return the proof's hashes, not verified
   * @throws RemoteLedgerException if the server cannot be asked, answers with an error, or the
   *     answer is not a proof from {@code from} to {@code to}
   * @throws InterruptedException if interrupted
   */
  public List<Hash> consistencyProof(long from, long to)
      throws RemoteLedgerException, InterruptedException {
    String path = String.format(Locale.ROOT, "v1/proofs/consistency?from=%d&to=%d", from, to);
    JsonNode o = json(path, get(path).body());
    if (o.path("from").asLong(-1) != from || o.path("to").asLong(-1) != to) {
      throw malformed(path, "the proof is not from " + from + " to " + to);
    }
    JsonNode proof = o.path("proof");
    if (!proof.isArray()) {
      throw malformed(path, "no proof array");
    }
    List<Hash> hashes = new ArrayList<>(proof.size());
    for (JsonNode h : proof) {
      try {
        hashes.add(Hash.fromBase64(h.asText()));
      } catch (IllegalArgumentException e) {
        throw new RemoteLedgerException(
            200, "GET /" + path + ": a proof hash is not base64 of 32 bytes: " + h, e);
      }
    }
    return hashes;
  }

  /**
   * Fetches the status of an achievement: {@code GET /v1/achievements/{issuer}/{id}/status}.
   *
   * @param issuer the issuing institution
   * @param id the achievement id
   * @return the status, or empty if the server holds no such achievement (404)
   * @throws RemoteLedgerException if the server cannot be asked, answers with another error, or the
   *     answer is malformed
   * @throws InterruptedException if interrupted
   */
  public Optional<Status> achievementStatus(String issuer, String id)
      throws RemoteLedgerException, InterruptedException {
    String path = "v1/achievements/" + segment(issuer) + "/" + segment(id) + "/status";
    HttpResponse<byte[]> r = send(path);
    if (r.statusCode() == 404) {
      return Optional.empty();
    }
    JsonNode o = json(path, ok(path, r).body());
    JsonNode status = o.path("status");
    JsonNode seq = o.path("statusSeq");
    if (!status.isTextual() || !seq.canConvertToLong() || seq.asLong() < 0) {
      throw malformed(path, "want {\"status\", \"statusSeq\"}, got " + o);
    }
    return Optional.of(new Status(status.asText(), seq.asLong()));
  }

  /**
   * Streams entries {@code [from, from + limit)}: {@code GET /v1/entries?from=&limit=}, one leaf
   * view a line (auditor token).
   *
   * @param from the first seq
   * @param limit how many, from 1 to {@link #PAGE}
   * @param handler takes each line as it arrives
   * @return the number of lines handled
   * @throws RemoteLedgerException if the server cannot be asked or answers with an error
   * @throws AuditFailedException if the handler finds the ledger wrong
   * @throws org.creditbank.ledger.journal.StorageException if the handler's scratch state fails
   * @throws InterruptedException if interrupted
   */
  public long entries(long from, int limit, LineHandler handler)
      throws RemoteLedgerException,
          AuditFailedException,
          org.creditbank.ledger.journal.StorageException,
          InterruptedException {
    if (limit < 1 || limit > PAGE) {
      throw new IllegalArgumentException("want limit from 1 to " + PAGE + ", got " + limit);
    }
    String path = String.format(Locale.ROOT, "v1/entries?from=%d&limit=%d", from, limit);
    HttpResponse<InputStream> r;
    try {
      r = client.send(request(path), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw unreachable(path, e);
    }
    try (InputStream in = r.body()) {
      if (r.statusCode() != 200) {
        throw failed(path, r.statusCode(), in.readNBytes(MAX_ERROR_BODY));
      }
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      long n = 0;
      String line;
      while ((line = lines.readLine()) != null) {
        if (!line.isEmpty()) {
          handler.line(line);
          n++;
        }
      }
      return n;
    } catch (IOException e) {
      throw new RemoteLedgerException(
          r.statusCode(), "GET /" + path + ": the stream broke: " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- HTTP

  private HttpRequest request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60)).GET();
    token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
    return b.build();
  }

  private HttpResponse<byte[]> send(String path)
      throws RemoteLedgerException, InterruptedException {
    try {
      return client.send(request(path), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw unreachable(path, e);
    }
  }

  private HttpResponse<byte[]> get(String path) throws RemoteLedgerException, InterruptedException {
    return ok(path, send(path));
  }

  private static HttpResponse<byte[]> ok(String path, HttpResponse<byte[]> r)
      throws RemoteLedgerException {
    if (r.statusCode() != 200) {
      throw failed(path, r.statusCode(), r.body());
    }
    return r;
  }

  private RemoteLedgerException unreachable(String path, IOException e) {
    // A refused connection has no message, and its class name told a user nothing; say it as
    // the CLI's other --server commands do.
    String why =
        e instanceof java.net.ConnectException
            ? "connection refused"
            : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    return new RemoteLedgerException(
        0, "cannot reach the ledger server at " + base + ": GET " + path + ": " + why, e);
  }

  /** An error answer: its problem's {@code detail} when it has one. */
  private static RemoteLedgerException failed(String path, int status, byte[] body) {
    String detail = null;
    try {
      JsonNode p = JSON.readTree(body);
      if (p != null && p.path("detail").isTextual()) {
        detail = p.path("detail").asText();
      }
    } catch (IOException e) {
      // Not a problem document: say the status only.
    }
    String what = path.startsWith("v1/entries") ? "GET /v1/entries" : "GET /" + path;
    return new RemoteLedgerException(
        status,
        String.format(
            Locale.ROOT,
            "%s: the server answered %d%s",
            what,
            status,
            detail != null ? ": " + detail : ""),
        null);
  }

  private static JsonNode json(String path, byte[] body) throws RemoteLedgerException {
    try {
      JsonNode n = JSON.readTree(body);
      if (n == null || !n.isObject()) {
        throw malformed(path, "the answer is not a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new RemoteLedgerException(
          200, "GET /" + path + ": the answer is not JSON: " + e.getMessage(), e);
    }
  }

  private static RemoteLedgerException malformed(String path, String what) {
    return new RemoteLedgerException(200, "GET /" + path + ": " + what, null);
  }

  private static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
