package org.creditbank.ledger.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.creditbank.ledger.AchievementHistory;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.Views;
import org.creditbank.ledger.bank.AchievementRecord;
import org.creditbank.ledger.bank.AchievementRef;
import org.creditbank.ledger.bank.InstitutionRecord;
import org.creditbank.ledger.bank.LearnerRecord;
import org.creditbank.ledger.bank.ProgramRecord;
import org.creditbank.ledger.bank.RejectCode;
import org.creditbank.ledger.bank.RuleRecord;
import org.creditbank.ledger.bank.StatementException;
import org.creditbank.ledger.bundle.Bundle;
import org.creditbank.ledger.bundle.BundleException;
import org.creditbank.ledger.journal.CorruptionException;
import org.creditbank.ledger.journal.Journal;
import org.creditbank.ledger.journal.Leaf;
import org.creditbank.ledger.journal.LeafCursor;
import org.creditbank.ledger.journal.Receipt;
import org.creditbank.ledger.journal.StorageException;
import org.creditbank.ledger.note.SignedNote;
import org.creditbank.ledger.note.TlogProof;
import org.creditbank.ledger.util.Hash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes of the {@code /v1} API and their handlers; every JSON body comes from {@link Views}.
 */
final class Api {
  private static final Logger LOG = LoggerFactory.getLogger(Api.class);

  /** The default and the most entries {@code GET /v1/entries} returns at once. */
  static final int DEFAULT_LIMIT = 100;

  static final int MAX_LIMIT = 10_000;

  private static final JsonFactory JSON = new JsonFactory();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final CreditLedger ledger;
  private final Journal<?> journal;
  private final Metrics metrics;

  Api(CreditLedger ledger, Metrics metrics) {
    this.ledger = ledger;
    this.journal = ledger.journal();
    this.metrics = metrics;
  }

  Router routes() {
    Router r = new Router();
    r.add("POST", "/v1/statements", Router.Access.PUBLIC, ServerOptions.MAX_BODY, this::submit);
    r.add(
        "POST",
        "/v1/statements:batch",
        Router.Access.PUBLIC,
        ServerOptions.MAX_BATCH_BODY,
        this::batch);
    r.add("GET", "/v1/checkpoint", Router.Access.PUBLIC, this::checkpoint);
    r.add("GET", "/v1/proofs/inclusion", Router.Access.PUBLIC, this::inclusion);
    r.add("GET", "/v1/proofs/consistency", Router.Access.PUBLIC, this::consistency);
    r.add("GET", "/v1/entries/{seq}", Router.Access.AUDITOR, this::entry);
    r.add("GET", "/v1/entries", Router.Access.AUDITOR, this::entries);
    r.add(
        "GET",
        "/v1/achievements/{issuer}/{id}/status",
        Router.Access.PUBLIC,
        this::achievementStatus);
    r.add("GET", "/v1/learners/{id}/transcript", Router.Access.LEARNER_READER, this::transcript);
    r.add("GET", "/v1/learners/{id}/history", Router.Access.LEARNER_READER, this::history);
    r.add("GET", "/v1/learners/{id}/bundle", Router.Access.LEARNER_READER, this::bundle);
    r.add(
        "GET",
        "/v1/achievements/{issuer}/{id}/history",
        Router.Access.LEARNER_READER,
        this::achievementHistory);
    r.add("GET", "/v1/statements/{actor}/{id}", Router.Access.STATEMENT_READER, this::statement);
    r.add("GET", "/v1/institutions", Router.Access.PUBLIC, this::institutions);
    r.add("GET", "/v1/rules", Router.Access.PUBLIC, this::rules);
    r.add("GET", "/v1/programs", Router.Access.PUBLIC, this::programs);
    r.add("GET", "/healthz", Router.Access.PUBLIC, this::health);
    r.add("GET", "/metrics", Router.Access.OPERATOR, this::metrics);
    return r;
  }

  // ---------------------------------------------------------------- submitting

  private Response submit(Request rq) throws Exception {
    Receipt r = submitOne(rq.body().bytes());
    Response resp = Response.json(r.repeat() ? 200 : 201, Views.receipt(r));
    return resp.withHeader("Location", "/v1/entries/" + r.seq());
  }

  private Receipt submitOne(byte[] statement)
      throws StatementException, StorageException, InterruptedException {
    try {
      Receipt r = ledger.submit(statement);
      metrics.append(r.repeat() ? "repeat" : "accepted");
      metrics.durableSize(r.tree().size());
      return r;
    } catch (StatementException e) {
      metrics.append(e.code().name());
      throw e;
    } catch (StorageException e) {
      metrics.append(Problems.STORAGE_UNAVAILABLE);
      throw e;
    }
  }

  /**
   * {@code {"statements": [statement, ...]}}: each statement is submitted in turn, in order (so a
   * later one may rely on an earlier one), and succeeds or fails on its own. Each statement is cut
   * out of the body as the bytes it was sent as, so the ledger parses it as strictly as a single
   * submission.
   */
  private Response batch(Request rq) throws Exception {
    Body body = rq.body();
    List<int[]> spans = new ArrayList<>();
    List<String> notObjects = new ArrayList<>();
    try (JsonParser p = JSON.createParser(body.stream())) {
      expect(p.nextToken() == JsonToken.START_OBJECT, "a JSON object {\"statements\": [...]}");
      expect(
          p.nextToken() == JsonToken.FIELD_NAME && "statements".equals(p.currentName()),
          "the one member \"statements\"");
      expect(p.nextToken() == JsonToken.START_ARRAY, "\"statements\" to be an array");
      JsonToken t;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (spans.size() == ServerOptions.MAX_BATCH) {
          throw new ProblemException(
              413,
              Problems.BODY_TOO_LARGE,
              String.format(
                  Locale.ROOT,
                  "want at most %d statements in a batch, got more",
                  ServerOptions.MAX_BATCH));
        }
        if (t == JsonToken.START_OBJECT) {
          int start = (int) p.currentTokenLocation().getByteOffset();
          p.skipChildren();
          int end = (int) p.currentLocation().getByteOffset();
          spans.add(new int[] {start, end});
          notObjects.add(null);
        } else {
          p.skipChildren();
          spans.add(null);
          notObjects.add(t.isScalarValue() ? "a " + t.asString() : "an array");
        }
      }
      expect(p.nextToken() == JsonToken.END_OBJECT, "\"statements\" as the only member");
      expect(p.nextToken() == null, "nothing after the object");
    } catch (JsonProcessingException e) {
      throw ProblemException.badParameter(
          "want a JSON object {\"statements\": [...]}, got malformed JSON: "
              + e.getOriginalMessage());
    }
    ArrayNode results = F.arrayNode();
    for (int i = 0; i < spans.size(); i++) {
      ObjectNode res = results.addObject();
      res.put("index", i);
      int[] s = spans.get(i);
      try {
        if (s == null) {
          metrics.append(RejectCode.SCHEMA.name());
          throw new StatementException(
              RejectCode.SCHEMA, "", "want a statement object, got " + notObjects.get(i));
        }
        if (s[1] - s[0] > ServerOptions.MAX_BODY) {
          // Not copied out of the body: it could not be a statement, and the copy would be held
          // outside the buffer's cap.
          metrics.append(RejectCode.TOO_LARGE.name());
          throw new StatementException(
              RejectCode.TOO_LARGE,
              "",
              String.format(
                  Locale.ROOT,
                  "want a statement of at most %d bytes, got %d",
                  ServerOptions.MAX_BODY,
                  s[1] - s[0]));
        }
        Receipt r = submitOne(body.bytes(s[0], s[1]));
        res.put("status", r.repeat() ? 200 : 201);
        res.set("receipt", Views.receipt(r));
      } catch (StatementException e) {
        ProblemException p = Problems.of(e);
        res.put("status", p.status());
        res.set("problem", Problems.toJson(p));
      } catch (CorruptionException e) {
        throw e;
      } catch (StorageException e) {
        // The receipts of the statements before it are durable: answer them, not a bare 503.
        LOG.error("storage failed on statement {} of a batch", i, e);
        ProblemException p = Problems.storage(journal.appendFailure().isPresent());
        res.put("status", p.status());
        res.set("problem", Problems.toJson(p));
      }
    }
    ObjectNode o = F.objectNode();
    o.set("results", results);
    return Response.json(200, o);
  }

  private static void expect(boolean ok, String what) throws ProblemException {
    if (!ok) {
      throw ProblemException.badParameter("want " + what + " as the batch, got something else");
    }
  }

  // ---------------------------------------------------------------- the log

  private Response checkpoint(Request rq) {
    return Response.bytes(200, Response.TEXT, journal.latestCheckpoint().toBytes());
  }

  private Response inclusion(Request rq) throws Exception {
    long seq = rq.longParam("seq", 0);
    String format = format(rq, "json", "tlog-proof");
    Optional<String> sizeParam = rq.query("size");
    if (sizeParam.isEmpty()) {
      requireEntry(seq);
      Receipt r = journal.receipt(seq);
      if (format.equals("tlog-proof")) {
        return Response.bytes(200, Response.TEXT, r.toTlogProof().toBytes());
      }
      return Response.json(
          200,
          Views.inclusionProof(
              seq, r.tree().size(), r.leafHash(), r.tree().root(), r.inclusionProof()));
    }
    long size = Request.parseLong("size", sizeParam.get(), 1);
    requireTree(size);
    if (seq >= size) {
      throw ProblemException.badParameter(
          String.format(Locale.ROOT, "want seq below size %d, got %d", size, seq));
    }
    List<Hash> proof = journal.inclusionProof(seq, size);
    Hash leafHash = journal.leaf(seq).hash();
    if (format.equals("tlog-proof")) {
      SignedNote note =
          journal
              .checkpoint(size)
              .orElseThrow(
                  () ->
                      ProblemException.notFound(
                          "no checkpoint was signed at size %d; leave size out for the latest",
                          size));
      return Response.bytes(200, Response.TEXT, TlogProof.of(seq, proof, note).toBytes());
    }
    return Response.json(
        200, Views.inclusionProof(seq, size, leafHash, journal.rootAt(size), proof));
  }

  private Response consistency(Request rq) throws Exception {
    long from = rq.longParam("from", 1);
    long to = rq.longParam("to", 1, journal.size());
    requireTree(to);
    if (from > to) {
      throw ProblemException.badParameter(
          String.format(Locale.ROOT, "want from at most to (%d), got %d", to, from));
    }
    return Response.json(
        200,
        Views.consistencyProof(
            from,
            to,
            journal.rootAt(from),
            journal.rootAt(to),
            journal.consistencyProof(from, to)));
  }

  private Response entry(Request rq) throws Exception {
    long seq = Request.parseLong("seq", rq.param("seq"), 0);
    String format = format(rq, "json", "raw");
    requireEntry(seq);
    Leaf leaf = journal.leaf(seq);
    if (format.equals("raw")) {
      return Response.bytes(200, Response.OCTETS, leaf.bytes().toByteArray());
    }
    return Response.json(200, Views.leaf(leaf));
  }

  private Response entries(Request rq) throws Exception {
    long from = rq.longParam("from", 0, 0);
    long limit = rq.longParam("limit", 1, DEFAULT_LIMIT);
    if (limit > MAX_LIMIT) {
      throw ProblemException.badParameter(
          String.format(Locale.ROOT, "want limit at most %d, got %d", MAX_LIMIT, limit));
    }
    long size = journal.size();
    if (from > size) {
      throw ProblemException.notFound("no entry %d: the log has %d entries", from, size);
    }
    long to = Math.min(size, from + limit);
    return Response.stream(
        200,
        Response.NDJSON,
        out -> {
          try (LeafCursor c = journal.leaves(from, to)) {
            while (c.advance()) {
              out.write(
                  (Views.writeLine(Views.leaf(c.leaf())) + "\n").getBytes(StandardCharsets.UTF_8));
            }
          }
        });
  }

  private void requireEntry(long seq) throws ProblemException {
    long size = journal.size();
    if (seq >= size) {
      throw ProblemException.notFound("no entry %d: the log has %d entries", seq, size);
    }
  }

  private void requireTree(long size) throws ProblemException {
    long have = journal.size();
    if (size > have) {
      throw ProblemException.notFound("no tree of size %d: the log has %d entries", size, have);
    }
  }

  private static String format(Request rq, String dflt, String other) throws ProblemException {
    String f = rq.query("format").orElse(dflt);
    if (!f.equals(dflt) && !f.equals(other)) {
      throw ProblemException.badParameter(
          "want format " + dflt + " or " + other + ", got \"" + f + "\"");
    }
    return f;
  }

  // ---------------------------------------------------------------- achievements

  /**
   * {@code {"status", "statusSeq"}}: the stored status of one achievement ({@code active}, {@code
   * revoked} or {@code superseded}) and the seq of the entry that set it (its recording while
   * active). Public, so a verifier holding a learner's bundle can ask; it tells nothing of the
   * learner or the achievement's content, only that an achievement with this issuer and id exists.
   */
  private Response achievementStatus(Request rq) throws Exception {
    String issuer = rq.param("issuer");
    String id = rq.param("id");
    AchievementRecord a =
        ledger
            .read(q -> q.achievement(issuer, id))
            .orElseThrow(() -> ProblemException.notFound("no achievement %s/%s", issuer, id));
    ObjectNode o = F.objectNode();
    o.put("status", a.status().name().toLowerCase(Locale.ROOT));
    o.put("statusSeq", a.statusSeq().orElse(a.seq()));
    return Response.json(200, o);
  }

  // ---------------------------------------------------------------- learners

  private Response transcript(Request rq) throws Exception {
    String id = rq.param("id");
    authorizeLearner(rq, id);
    ObjectNode t =
        Views.transcript(
            ledger
                .transcript(id)
                .orElseThrow(() -> ProblemException.notFound("no learner %s", id)));
    List<String> program = rq.queryAll("program");
    if (program.size() > 1) {
      throw ProblemException.badParameter("want query parameter program once, got it twice");
    }
    if (!program.isEmpty()) {
      String[] p = ref("program", "OWNER/PROGRAM", program.get(0));
      t.set(
          "progress",
          Views.progress(
              ledger
                  .progress(id, p[0], p[1])
                  .orElseThrow(
                      () -> ProblemException.notFound("no programme %s", program.get(0)))));
    }
    return Response.json(200, t);
  }

  /**
   * The learner's bundle ({@code docs/bundle.md}), of the achievements named by repeated {@code
   * achievement=ISSUER/ID} parameters, or of all of them.
   */
  private Response bundle(Request rq) throws Exception {
    String id = rq.param("id");
    authorizeLearner(rq, id);
    List<AchievementRef> refs = new ArrayList<>();
    for (String a : rq.queryAll("achievement")) {
      String[] p = ref("achievement", "ISSUER/ID", a);
      try {
        refs.add(new AchievementRef(p[0], p[1]));
      } catch (IllegalArgumentException e) {
        throw ProblemException.badParameter("bad achievement " + a + ": " + e.getMessage());
      }
    }
    Bundle b;
    try {
      b = ledger.export(id, refs);
    } catch (BundleException e) {
      throw new ProblemException(404, Problems.NOT_FOUND, e.getMessage(), null, Map.of(), e);
    }
    return Response.bytes(200, Response.JSON, b.toJson());
  }

  /**
   * Every entry that touched one achievement; readable by those who may read its learner, and
   * refused with 403 to others before telling whether it exists.
   */
  private Response achievementHistory(Request rq) throws Exception {
    String issuer = rq.param("issuer");
    String id = rq.param("id");
    Optional<AchievementHistory> h = ledger.history(issuer, id);
    Principal p = rq.principal().orElseThrow();
    if (h.isEmpty()) {
      if (p.role() != Role.AUDITOR) {
        throw forbidden(p, "achievement " + issuer + "/" + id);
      }
      throw ProblemException.notFound("no achievement %s/%s", issuer, id);
    }
    authorizeLearner(rq, h.get().achievement().body().learner());
    return Response.json(200, Views.history(h.get()));
  }

  /**
   * The entry holding an actor's statement id: for the actor itself (an institution's token of that
   * subject) or an auditor, so a client that signed the same statement again can tell a repeat from
   * a conflict.
   */
  private Response statement(Request rq) throws Exception {
    String actor = rq.param("actor");
    String id = rq.param("id");
    Principal p = rq.principal().orElseThrow();
    if (p.role() != Role.AUDITOR && !p.subject().orElse("").equals(actor)) {
      throw new ProblemException(
          403,
          Problems.FORBIDDEN,
          "want the actor's own institution token or an auditor's; got "
              + p
              + " for statements of "
              + actor);
    }
    OptionalLong seq = journal.find(actor, id);
    if (seq.isEmpty()) {
      throw ProblemException.notFound("no statement %s/%s", actor, id);
    }
    return Response.json(200, Views.leaf(journal.leaf(seq.getAsLong())))
        .withHeader("Location", "/v1/entries/" + seq.getAsLong());
  }

  private static String[] ref(String name, String label, String v) throws ProblemException {
    int slash = v.indexOf('/');
    if (slash <= 0 || slash == v.length() - 1 || v.indexOf('/', slash + 1) >= 0) {
      throw ProblemException.badParameter("want " + name + " as " + label + ", got \"" + v + "\"");
    }
    return new String[] {v.substring(0, slash), v.substring(slash + 1)};
  }

  private static ProblemException forbidden(Principal p, String what) {
    return new ProblemException(
        403,
        Problems.FORBIDDEN,
        "want the learner's own token, an enrolling or issuing institution's, or an auditor's;"
            + " got "
            + p
            + " for "
            + what);
  }

  private Response history(Request rq) throws Exception {
    String id = rq.param("id");
    LearnerRecord l = authorizeLearner(rq, id);
    List<AchievementHistory> hs = new ArrayList<>();
    for (AchievementRef a : l.achievements()) {
      ledger.history(a.issuer(), a.achievement()).ifPresent(hs::add);
    }
    return Response.json(200, Views.learnerHistory(l, hs));
  }

  /**
   * Lets through the learner themself, the institution that enrolled them or issued to them, and
   * any auditor; refuses others with 403 before telling whether the learner exists.
   */
  private LearnerRecord authorizeLearner(Request rq, String id) throws Exception {
    Principal p = rq.principal().orElseThrow();
    Optional<LearnerRecord> l = ledger.learner(id);
    String subject = p.subject().orElse("");
    boolean ok =
        switch (p.role()) {
          case AUDITOR -> true;
          case LEARNER -> subject.equals(id);
          case INSTITUTION ->
              l.isPresent()
                  && (l.get().enrolledBy().equals(subject)
                      || l.get().achievements().stream().anyMatch(a -> a.issuer().equals(subject)));
          case OPERATOR -> false;
        };
    if (!ok) {
      throw forbidden(p, "learner " + id);
    }
    return l.orElseThrow(() -> ProblemException.notFound("no learner %s", id));
  }

  // ---------------------------------------------------------------- registries and operations

  private Response institutions(Request rq) throws Exception {
    ObjectNode o = F.objectNode();
    ArrayNode a = o.putArray("institutions");
    for (InstitutionRecord r : ledger.institutions()) {
      a.add(Views.institution(r));
    }
    return Response.json(200, o);
  }

  private Response rules(Request rq) throws Exception {
    ObjectNode o = F.objectNode();
    ArrayNode a = o.putArray("rules");
    for (RuleRecord r : ledger.rules()) {
      a.add(Views.rule(r));
    }
    return Response.json(200, o);
  }

  private Response programs(Request rq) throws Exception {
    ObjectNode o = F.objectNode();
    ArrayNode a = o.putArray("programs");
    for (ProgramRecord r : ledger.programs()) {
      a.add(Views.program(r));
    }
    return Response.json(200, o);
  }

  private Response health(Request rq) {
    // A journal that stopped appending still serves reads, but is not healthy: a supervisor or
    // load balancer watching this route restarts it (which reopens the ledger) or routes around.
    boolean appending = journal.appendFailure().isEmpty();
    ObjectNode o = F.objectNode();
    o.put("status", appending ? "ok" : "storage-failed");
    o.put("origin", ledger.origin());
    o.put("size", journal.size());
    return Response.json(appending ? 200 : 503, o);
  }

  private Response metrics(Request rq) {
    return Response.bytes(200, "text/plain; version=0.0.4; charset=utf-8", metrics.render());
  }

  static void write(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
  }
}
