package org.creditbank.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.IntConsumer;
import org.creditbank.ledger.bank.AchievementRef;
import org.creditbank.ledger.bank.Body;
import org.creditbank.ledger.bank.RejectCode;
import org.creditbank.ledger.bank.StatementException;
import org.creditbank.ledger.bank.StatementSigner;
import org.creditbank.ledger.bundle.Bundle;
import org.creditbank.ledger.bundle.BundleException;
import org.creditbank.ledger.journal.CorruptionException;
import org.creditbank.ledger.journal.Leaf;
import org.creditbank.ledger.journal.Receipt;
import org.creditbank.ledger.json.Jcs;
import org.creditbank.ledger.json.JsonFormatException;
import org.creditbank.ledger.json.JsonLimits;
import org.creditbank.ledger.json.StrictJson;
import org.creditbank.ledger.note.Checkpoint;
import org.creditbank.ledger.note.NoteFormatException;
import org.creditbank.ledger.note.SignedNote;
import org.creditbank.ledger.note.TlogProof;
import org.creditbank.ledger.util.Hash;

/**
 * {@link LedgerAccess} over a ledger server's {@code /v1} API (docs/api.md), with the JDK's HTTP
 * client. It reads the server's JSON views back into what the commands print, and turns the
 * server's RFC 9457 problems into the same failures a local ledger gives: a problem whose {@code
 * code} is a {@link RejectCode} becomes that {@link StatementException}; 401 and 403 say the token
 * is not authorised (exit 4).
 */
final class RemoteLedger implements LedgerAccess {
  /** Statements per {@code POST /v1/statements:batch}. */
  static final int BATCH = 200;

  /** Batches in flight at once. */
  static final int BATCHES_IN_FLIGHT = 4;

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static final Duration BACKUP_POLL = Duration.ofMillis(200);

  /** The server's answers: views and batch results can be far larger than one statement. */
  private static final StrictJson JSON =
      new StrictJson(new JsonLimits(Bundle.MAX_BYTES, JsonLimits.DEFAULT.maxDepth()));

  private final String base;
  private final Optional<String> token;
  private final HttpClient client;

  RemoteLedger(URI server, Optional<String> token) {
    String s = server.toString();
    this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    this.token = token.filter(t -> !t.isBlank());
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  // ---------------------------------------------------------------- reading

  @Override
  public String origin() {
    return tree().origin();
  }

  @Override
  public long size() {
    return tree().size();
  }

  private Checkpoint tree() {
    byte[] note = checkpoint();
    try {
      return Checkpoint.parse(SignedNote.parse(note).text());
    } catch (NoteFormatException e) {
      throw bad("checkpoint", e);
    }
  }

  @Override
  public Info info() {
    Checkpoint c = tree();
    Optional<String> time = Optional.empty();
    if (token.isPresent()) {
      // The latest entry's time is for auditors; others see the rest.
      HttpResponse<byte[]> r = get("/v1/entries/" + (c.size() - 1), true);
      if (r.statusCode() == 200) {
        time = Optional.of(json(r, "entry").path("time").asText());
      } else if (r.statusCode() != 401 && r.statusCode() != 403) {
        throw failure(r);
      }
    }
    // The server does not publish its verifier key: one from the server it checks would prove
    // nothing, so it comes from the operator.
    return new Info(
        c.origin(), c.size(), c.root().toBase64(), time, Optional.empty(), Optional.empty());
  }

  @Override
  public byte[] checkpoint() {
    return ok(get("/v1/checkpoint", false)).body();
  }

  @Override
  public Leaf entry(long seq) {
    try {
      return Leaf.parse(ok(get("/v1/entries/" + seq + "?format=raw", true)).body());
    } catch (CorruptionException e) {
      throw bad("entry " + seq, e);
    }
  }

  @Override
  public byte[] prove(long seq, OptionalLong size) {
    String q = "/v1/proofs/inclusion?seq=" + seq + "&format=tlog-proof";
    if (size.isPresent()) {
      q += "&size=" + size.getAsLong();
    }
    HttpResponse<byte[]> r = get(q, false);
    if (r.statusCode() == 404 && size.isPresent()) {
      throw new Cli.Failure(ExitCodes.USAGE, Cli.noCheckpoint(size.getAsLong()));
    }
    return ok(r).body();
  }

  @Override
  public ObjectNode transcript(String learner, Optional<String> program) {
    String path = "/v1/learners/" + learner + "/transcript";
    if (program.isPresent()) {
      path += "?program=" + query(program.get());
    }
    HttpResponse<byte[]> r = get(path, true);
    if (r.statusCode() == 404) {
      String detail = problem(r).path("detail").asText();
      throw new Cli.Failure(
          ExitCodes.USAGE,
          detail.startsWith("no programme") ? "no programme " + program.orElse("") : detail);
    }
    return object(ok(r), "transcript");
  }

  @Override
  public ObjectNode history(String issuer, String achievement) {
    HttpResponse<byte[]> r =
        get("/v1/achievements/" + issuer + "/" + achievement + "/history", true);
    if (r.statusCode() == 404) {
      throw new Cli.Failure(ExitCodes.USAGE, "no achievement " + issuer + "/" + achievement);
    }
    return object(ok(r), "history");
  }

  @Override
  public Bundle export(String learner, List<AchievementRef> achievements) {
    StringBuilder path = new StringBuilder("/v1/learners/" + learner + "/bundle");
    char sep = '?';
    for (AchievementRef a : achievements) {
      path.append(sep).append("achievement=").append(query(a.issuer() + "/" + a.achievement()));
      sep = '&';
    }
    HttpResponse<byte[]> r = get(path.toString(), true);
    if (r.statusCode() == 404) {
      throw new Cli.Failure(ExitCodes.USAGE, problem(r).path("detail").asText());
    }
    try {
      return Bundle.parse(ok(r).body());
    } catch (BundleException e) {
      throw bad("bundle", e);
    }
  }

  // ---------------------------------------------------------------- submitting

  @Override
  public Receipt submit(byte[] statement) throws StatementException {
    return receiptOrRejection(send(post("/v1/statements", statement)));
  }

  @Override
  public Receipt submitOnce(StatementSigner signer, String id, Instant issuedAt, Body body)
      throws StatementException {
    try {
      return submit(signer.sign(id, issuedAt, body));
    } catch (StatementException e) {
      return repeatOf(signer.actor(), id, body, e);
    }
  }

  /**
   * Tells a repeat from a conflict after the server refused an id as used: the same statement
   * signed at another time has other bytes, so only its type and body can show it is a repeat.
   * Reading the stored statement needs the actor's or an auditor's token; without one, the server's
   * refusal stands.
   */
  private Receipt repeatOf(String actor, String id, Body body, StatementException refused)
      throws StatementException {
    if (refused.code() != RejectCode.DUPLICATE_ID) {
      throw refused;
    }
    if (token.isEmpty()) {
      throw cannotTell(refused, "without a token");
    }
    HttpResponse<byte[]> r = get("/v1/statements/" + actor + "/" + id, true);
    if (r.statusCode() == 401 || r.statusCode() == 403) {
      throw cannotTell(refused, "with this token");
    }
    if (r.statusCode() != 200) {
      throw refused;
    }
    JsonNode entry = json(r, "entry");
    long seq = entry.path("seq").asLong();
    LocalLedger.sameStatement(actor, id, seq, entry.path("statement"), body);
    byte[] proof = ok(get("/v1/proofs/inclusion?seq=" + seq + "&format=tlog-proof", false)).body();
    try {
      TlogProof p = TlogProof.parse(proof);
      return new Receipt(
          seq,
          Hash.fromHex(entry.path("hash").asText()),
          p.checkpoint(),
          p.checkpointBody(),
          p.hashes(),
          true);
    } catch (NoteFormatException | IllegalArgumentException e) {
      throw bad("proof", e);
    }
  }

  /**
   * The server's refusal of a used id, with what the user can do: the most common cause is the same
   * command run again (another {@code issuedAt}), which only a token that may read the stored
   * statement lets the CLI recognise.
   */
  private static StatementException cannotTell(StatementException refused, String how) {
    return new StatementException(
        refused.code(),
        refused.field(),
        refused.getMessage()
            + " (if that is this same statement signed again, the CLI cannot tell "
            + how
            + ": give the actor's institution token or an auditor's with --token or LEDGER_TOKEN,"
            + " and it reports the statement as already recorded)",
        refused);
  }

  @Override
  public List<Outcome> submitAllOnce(
      StatementSigner signer, Instant issuedAt, List<Draft> drafts, IntConsumer done)
      throws InterruptedException {
    List<byte[]> signed = new ArrayList<>();
    for (Draft d : drafts) {
      signed.add(signer.sign(d.id(), issuedAt, d.body()));
    }
    Semaphore inFlight = new Semaphore(BATCHES_IN_FLIGHT);
    List<CompletableFuture<HttpResponse<byte[]>>> sent = new ArrayList<>();
    for (int from = 0; from < signed.size(); from += BATCH) {
      List<byte[]> batch = signed.subList(from, Math.min(signed.size(), from + BATCH));
      inFlight.acquire();
      CompletableFuture<HttpResponse<byte[]>> f =
          client.sendAsync(
              post("/v1/statements:batch", envelope(batch)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      sent.add(f.whenComplete((r, e) -> inFlight.release()));
    }
    List<Outcome> out = new ArrayList<>();
    for (int b = 0; b < sent.size(); b++) {
      HttpResponse<byte[]> r = await(sent.get(b));
      JsonNode results = json(ok(r), "batch").path("results");
      for (int i = 0; i < results.size(); i++) {
        int k = b * BATCH + i;
        JsonNode res = results.get(i);
        if (res.has("receipt")) {
          out.add(Outcome.of(receipt(res.path("receipt"))));
        } else {
          StatementException e = rejection(res.path("problem"));
          try {
            Draft d = drafts.get(k);
            out.add(Outcome.of(repeatOf(signer.actor(), d.id(), d.body(), e)));
          } catch (StatementException again) {
            out.add(Outcome.of(again));
          }
        }
        done.accept(1);
      }
    }
    if (out.size() != drafts.size()) {
      throw new Cli.Failure(
          ExitCodes.IO,
          Cli.format(
              "the server at %s answered %d results for %d statements",
              base, out.size(), drafts.size()));
    }
    return out;
  }

  private HttpResponse<byte[]> await(CompletableFuture<HttpResponse<byte[]>> f)
      throws InterruptedException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      throw unreachable(e.getCause());
    }
  }

  private static byte[] envelope(List<byte[]> statements) {
    StringBuilder sb = new StringBuilder("{\"statements\":[");
    for (int i = 0; i < statements.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(new String(statements.get(i), StandardCharsets.UTF_8));
    }
    return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  private Receipt receiptOrRejection(HttpResponse<byte[]> r) throws StatementException {
    if (r.statusCode() == 200 || r.statusCode() == 201) {
      return receipt(json(r, "receipt"));
    }
    JsonNode p = problem(r);
    if (rejectCode(p.path("code").asText()).isPresent()) {
      throw rejection(p);
    }
    throw failure(r);
  }

  /** Reads a receipt view ({@link org.creditbank.ledger.Views#receipt}) back. */
  private Receipt receipt(JsonNode v) {
    try {
      SignedNote note =
          SignedNote.parse(v.path("checkpoint").asText().getBytes(StandardCharsets.UTF_8));
      List<Hash> proof = new ArrayList<>();
      for (JsonNode h : v.path("inclusionProof")) {
        proof.add(Hash.fromBase64(h.asText()));
      }
      return new Receipt(
          v.path("seq").asLong(),
          Hash.fromHex(v.path("leafHash").asText()),
          note,
          Checkpoint.parse(note.text()),
          proof,
          v.path("repeat").asBoolean());
    } catch (NoteFormatException | IllegalArgumentException e) {
      throw bad("receipt", e);
    }
  }

  /** The rejection a problem ({@code code}, {@code field}, {@code detail}) stands for. */
  private StatementException rejection(JsonNode problem) {
    RejectCode code =
        rejectCode(problem.path("code").asText())
            .orElseThrow(
                () ->
                    new Cli.Failure(
                        ExitCodes.IO,
                        "the server at "
                            + base
                            + " refused a statement: "
                            + problem.path("detail").asText()));
    return new StatementException(
        code, problem.path("field").asText(""), problem.path("detail").asText());
  }

  private static Optional<RejectCode> rejectCode(String name) {
    try {
      return Optional.of(RejectCode.valueOf(name));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  // ---------------------------------------------------------------- operating

  /**
   * Asks the server for an online backup ({@code POST /v1/admin/backup}, an operator's token),
   * written on the server's machine under its backup directory, and waits for it ({@code GET
   * /v1/admin/backup/{name}}, polled): a large ledger takes minutes, longer than one request may.
   *
   * @param name the backup's directory name, or empty for the server's (the time)
   * @return the backup's summary, its {@code "name"} and its {@code "path"} on the server's machine
   * @throws Cli.Failure exit 4 with the server's reason if it refused or the backup failed
   */
  ObjectNode backup(Optional<String> name) {
    byte[] body = new byte[0];
    if (name.isPresent()) {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("name", name.get());
      body = Jcs.canonicalize(o);
    }
    HttpResponse<byte[]> r =
        send(
            request("/v1/admin/backup", true)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    if (r.statusCode() != 202) {
      throw failure(r);
    }
    ObjectNode status = object(r, "backup status");
    String path = "/v1/admin/backup/" + status.path("name").asText();
    while ("running".equals(status.path("status").asText())) {
      try {
        Thread.sleep(BACKUP_POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Cli.Failure(
            ExitCodes.IO,
            "interrupted; the backup goes on on the server: " + status.path("path").asText(),
            e);
      }
      status = object(ok(get(path, true)), "backup status");
    }
    if (!"done".equals(status.path("status").asText())) {
      throw new Cli.Failure(
          ExitCodes.IO,
          "the backup on the server at "
              + base
              + " failed: "
              + status.path("error").asText("(no reason given)"));
    }
    return status;
  }

  // ---------------------------------------------------------------- HTTP

  private HttpRequest.Builder request(String path, boolean authorised) {
    HttpRequest.Builder b;
    try {
      b = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT);
    } catch (IllegalArgumentException e) {
      throw Cli.usage("bad request path " + path + " for --server " + base + ": " + e.getMessage());
    }
    if (authorised && token.isPresent()) {
      b.header("Authorization", "Bearer " + token.get());
    }
    return b;
  }

  private HttpRequest.Builder post(String path, byte[] body) {
    return request(path, false)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
  }

  private HttpResponse<byte[]> get(String path, boolean authorised) {
    return send(request(path, authorised).GET());
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder b) {
    try {
      return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Cli.Failure(ExitCodes.IO, "interrupted", e);
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  private Cli.Failure unreachable(Throwable e) {
    if (e instanceof ConnectException) {
      return new Cli.Failure(
          ExitCodes.IO, "cannot reach the ledger server at " + base + ": connection refused", e);
    }
    if (e instanceof HttpTimeoutException) {
      return new Cli.Failure(
          ExitCodes.IO, "the ledger server at " + base + " did not answer in time", e);
    }
    return new Cli.Failure(
        ExitCodes.IO, "cannot talk to the ledger server at " + base + ": " + e, e);
  }

  private HttpResponse<byte[]> ok(HttpResponse<byte[]> r) {
    if (r.statusCode() != 200) {
      throw failure(r);
    }
    return r;
  }

  /** The failure of an answer other than 200: not authorised, or what the problem says. */
  private Cli.Failure failure(HttpResponse<byte[]> r) {
    JsonNode p = problem(r);
    String detail = p.path("detail").asText("");
    if (r.statusCode() == 401 || r.statusCode() == 403) {
      return new Cli.Failure(
          ExitCodes.IO,
          "not authorised by the server at "
              + base
              + ": "
              + detail
              + (token.isEmpty() ? " (give --token or set LEDGER_TOKEN)" : ""));
    }
    return new Cli.Failure(
        ExitCodes.IO,
        Cli.format(
            "the server at %s answered %d %s: %s",
            base, r.statusCode(), p.path("code").asText("?"), detail));
  }

  private static JsonNode problem(HttpResponse<byte[]> r) {
    try {
      return JSON.parse(r.body());
    } catch (JsonFormatException e) {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("detail", "a body that is no problem document");
      return o;
    }
  }

  private JsonNode json(HttpResponse<byte[]> r, String what) {
    try {
      return JSON.parse(r.body());
    } catch (JsonFormatException e) {
      throw bad(what, e);
    }
  }

  private ObjectNode object(HttpResponse<byte[]> r, String what) {
    JsonNode n = json(r, what);
    if (!(n instanceof ObjectNode o)) {
      throw new Cli.Failure(
          ExitCodes.IO, "the server at " + base + " sent a " + what + " that is no JSON object");
    }
    return o;
  }

  private Cli.Failure bad(String what, Exception e) {
    return new Cli.Failure(
        ExitCodes.IO, "the server at " + base + " sent a bad " + what + ": " + e.getMessage(), e);
  }

  private static String query(String v) {
    return URLEncoder.encode(v, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    // The JDK client's threads end with it; nothing is held per command.
  }
}
