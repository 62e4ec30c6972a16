package org.creditbank.ledger.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.bank.RejectCode;
import org.creditbank.ledger.bank.StatementException;
import org.creditbank.ledger.demo.WorkedScenario;
import org.creditbank.ledger.journal.Receipt;
import org.creditbank.ledger.server.BadInputCatalogue.Case;
import org.creditbank.ledger.server.BadInputCatalogue.Expect;
import org.creditbank.ledger.server.BadInputCatalogue.Item;
import org.creditbank.ledger.server.BadInputCatalogue.Kind;
import org.creditbank.ledger.util.Hash;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input campaign: every case of {@link BadInputCatalogue}, in order, over HTTP and through
 * {@code CreditLedger.submit}, each answered with its documented status (the table in {@code
 * docs/api.md}), code and field, never a 5xx; afterwards the ledger holds exactly what the valid
 * submissions alone produce. About 3 s for both campaigns and the ledger of valid submissions.
 */
class BadInputCampaignTest {
  private static final Pattern STATUS_ROW = Pattern.compile("^\\| `([A-Z_]+)` \\| (\\d{3}) \\|");

  @TempDir static Path dir;

  static final List<Case> CASES = BadInputCatalogue.build();

  /** The documented status of each code, read from docs/api.md. */
  static Map<String, Integer> documented;

  /** The ledger of the worked scenario and the campaign's valid submissions only. */
  static Snapshot validOnly;

  /** What the campaign must leave: the log's size and root, and the derived state. */
  record Snapshot(long size, Hash root, Hash stateDigest) {
    static Snapshot of(CreditLedger l) throws Exception {
      long size = l.journal().size();
      return new Snapshot(size, l.journal().rootAt(size), l.stateDigest());
    }
  }

  @BeforeAll
  static void setUp() throws Exception {
    documented = new HashMap<>();
    for (String line : Files.readAllLines(Path.of("..", "docs", "api.md"))) {
      Matcher m = STATUS_ROW.matcher(line);
      if (m.find()) {
        documented.put(m.group(1), Integer.parseInt(m.group(2)));
      }
    }
    try (CreditLedger l = scenarioLedger(dir.resolve("valid-only"))) {
      for (Case c : CASES) {
        for (Item i : c.items()) {
          if (i.library() != null && i.library().code().equals(BadInputCatalogue.VALID)) {
            Receipt r = l.submit(i.statement().toByteArray());
            assertTrue(!r.repeat(), c.name() + " appended to the ledger of valid submissions");
          }
        }
      }
      validOnly = Snapshot.of(l);
    }
  }

  /** A ledger on the campaign's fixed clock that ran the worked scenario, as the server's has. */
  private static CreditLedger scenarioLedger(Path at) throws Exception {
    WorkedScenario scenario = new WorkedScenario();
    CreditLedger l =
        CreditLedger.create(
            at, scenario.checkpointSigner(), scenario.genesis(), BadInputCatalogue.OPTIONS);
    scenario.run(l, line -> {});
    return l;
  }

  // ---------------------------------------------------------------- the catalogue itself

  @Test
  void catalogue_everyRejectCode_coveredByACaseOrUnreachableWithAReason() {
    Set<RejectCode> covered = EnumSet.noneOf(RejectCode.class);
    Set<String> names = new HashSet<>();
    List<String> problems = new ArrayList<>();
    for (Case c : CASES) {
      if (!names.add(c.name())) {
        problems.add("two cases named " + c.name());
      }
      for (Item i : c.items()) {
        for (Expect e : new Expect[] {i.http(), i.library()}) {
          if (e == null || e.accepted()) {
            continue;
          }
          if (!documented.containsKey(e.code())) {
            problems.add(c.name() + ": code " + e.code() + " has no status in docs/api.md");
          }
          for (RejectCode r : RejectCode.values()) {
            if (r.name().equals(e.code())) {
              covered.add(r);
            }
          }
        }
      }
    }
    for (RejectCode r : RejectCode.values()) {
      boolean unreachable = BadInputCatalogue.UNREACHABLE.containsKey(r);
      if (!covered.contains(r) && !unreachable) {
        problems.add("no case provokes " + r + " and it is not listed as unreachable");
      }
      if (covered.contains(r) && unreachable) {
        problems.add(r + " is listed as unreachable, but a case provokes it");
      }
      if (unreachable && BadInputCatalogue.UNREACHABLE.get(r).isBlank()) {
        problems.add(r + " is listed as unreachable without a reason");
      }
    }
    assertEquals(List.of(), problems);
  }

  // ---------------------------------------------------------------- over HTTP

  @Test
  void campaign_overHttp_documentedStatusCodeAndFieldNo5xxAndOnlyTheValidAppended()
      throws Exception {
    Files.createDirectories(dir.resolve("http"));
    List<String> failures = new ArrayList<>();
    Set<Integer> statuses = new TreeSet<>();
    try (Fixture f = new Fixture(dir.resolve("http"), BadInputCatalogue.OPTIONS)) {
      for (Case c : CASES) {
        HttpResponse<byte[]> r;
        try {
          // A body far over its limit is refused unread, and the server may then close the
          // connection (docs/api.md, known exposures): such a case gets a connection of its own,
          // so that the next case does not meet a pooled connection closed under it.
          HttpRequest rq = request(f, c);
          long length = rq.bodyPublisher().map(HttpRequest.BodyPublisher::contentLength).orElse(0L);
          HttpClient client =
              length < 0 || length > ServerOptions.MAX_BODY
                  ? HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                  : f.client;
          r = client.send(rq, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
          failures.add(c.name() + ": no response: " + e);
          continue;
        }
        statuses.add(r.statusCode());
        if (r.statusCode() >= 500) {
          failures.add(c.name() + ": status " + r.statusCode() + " " + Fixture.text(r));
          continue;
        }
        if (Fixture.text(r).contains("\tat ") || Fixture.text(r).contains("Exception")) {
          failures.add(c.name() + ": a stack trace or exception name in " + Fixture.text(r));
        }
        if (c.kind() == Kind.BATCH) {
          checkBatch(c, r, failures);
        } else {
          checkHttp(c.name(), c.items().get(0).http(), r, failures);
        }
      }
      checkSnapshot("over HTTP", f.ledger, failures);
    }
    assertEquals(List.of(), failures, "statuses seen: " + statuses);
  }

  private static HttpRequest request(Fixture f, Case c) {
    byte[] body;
    String method = "POST";
    String path = "/v1/statements";
    boolean chunked = false;
    switch (c.kind()) {
      case STATEMENT -> body = c.items().get(0).statement().toByteArray();
      case BATCH -> {
        path = "/v1/statements:batch";
        List<byte[]> parts = new ArrayList<>();
        parts.add(BadInputCatalogue.utf8("{\"statements\":["));
        for (int i = 0; i < c.items().size(); i++) {
          parts.add(BadInputCatalogue.utf8(i == 0 ? "" : ","));
          parts.add(c.items().get(i).statement().toByteArray());
        }
        parts.add(BadInputCatalogue.utf8("]}"));
        body = BadInputCatalogue.concat(parts.toArray(new byte[0][]));
      }
      case HTTP_ONLY -> {
        body = c.call().body().toByteArray();
        method = c.call().method();
        path = c.call().path();
        chunked = c.call().chunked();
      }
      default -> throw new IllegalStateException(c.kind().toString());
    }
    byte[] b = body;
    HttpRequest.BodyPublisher p =
        chunked
            ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(b))
            : HttpRequest.BodyPublishers.ofByteArray(b);
    return HttpRequest.newBuilder(f.server.uri().resolve(path))
        .header("Content-Type", "application/json")
        .method(method, p)
        .build();
  }

  private static void checkHttp(
      String name, Expect want, HttpResponse<byte[]> r, List<String> failures) throws Exception {
    String type = r.headers().firstValue("Content-Type").orElse("");
    if (want.accepted()) {
      int status = want.code().equals(BadInputCatalogue.VALID) ? 201 : 200;
      if (r.statusCode() != status) {
        failures.add(
            name
                + ": want "
                + status
                + " "
                + want
                + ", got "
                + r.statusCode()
                + " "
                + Fixture.text(r));
        return;
      }
      boolean repeat = Fixture.json(r).path("repeat").asBoolean();
      if (repeat != want.code().equals(BadInputCatalogue.REPEAT)) {
        failures.add(name + ": want repeat " + !repeat + ", got " + repeat);
      }
      return;
    }
    if (!type.equals("application/problem+json")) {
      failures.add(name + ": want application/problem+json, got " + type + " " + r.statusCode());
      return;
    }
    checkProblem(name, want, r.statusCode(), Fixture.json(r), failures);
  }

  /** Checks a problem against the expectation: documented status, code, type, field, detail. */
  private static void checkProblem(
      String name, Expect want, int status, JsonNode p, List<String> failures) {
    Integer doc = documented.get(want.code());
    String got = p.path("code").asText() + " at \"" + p.path("field").asText("-") + "\"";
    if (doc == null || status != doc) {
      failures.add(name + ": want status " + doc + " for " + want + ", got " + status + " " + got);
    }
    if (!p.path("code").asText().equals(want.code())
        || p.path("status").asInt() != status
        || !p.path("type").asText().equals(Problems.TYPE_PREFIX + want.code())) {
      failures.add(name + ": want " + want + ", got " + got + ": " + p.path("detail").asText());
      return;
    }
    checkField(
        name,
        want,
        p.has("field") ? p.get("field").asText() : null,
        p.path("detail").asText(),
        failures);
  }

  /** The field must be the expected pointer, and a detail must name a non-empty field. */
  private static void checkField(
      String name, Expect want, String field, String detail, List<String> failures) {
    if (want.field() == null ? field != null : !want.field().equals(field)) {
      failures.add(name + ": want field " + want.field() + ", got " + field + ": " + detail);
    } else if (field != null && !field.isEmpty() && !detail.contains(field)) {
      failures.add(name + ": want the detail to name " + field + ", got: " + detail);
    }
  }

  private static void checkBatch(Case c, HttpResponse<byte[]> r, List<String> failures)
      throws Exception {
    if (r.statusCode() != 200) {
      failures.add(
          c.name() + ": want 200 for the batch, got " + r.statusCode() + " " + Fixture.text(r));
      return;
    }
    JsonNode results = Fixture.json(r).path("results");
    if (results.size() != c.items().size()) {
      failures.add(c.name() + ": want " + c.items().size() + " results, got " + results.size());
      return;
    }
    for (int i = 0; i < results.size(); i++) {
      String name = c.name() + "[" + i + "]";
      Expect want = c.items().get(i).http();
      JsonNode res = results.get(i);
      int status = res.path("status").asInt();
      if (want.accepted()) {
        int s = want.code().equals(BadInputCatalogue.VALID) ? 201 : 200;
        if (status != s || !res.has("receipt")) {
          failures.add(name + ": want " + s + " and a receipt, got " + res);
        }
      } else {
        checkProblem(name, want, status, res.path("problem"), failures);
      }
    }
  }

  // ---------------------------------------------------------------- through the library

  @Test
  void campaign_throughLibrary_codeAndFieldOfEveryCaseAndOnlyTheValidAppended() throws Exception {
    List<String> failures = new ArrayList<>();
    try (CreditLedger l = scenarioLedger(dir.resolve("library"))) {
      for (Case c : CASES) {
        for (int i = 0; i < c.items().size(); i++) {
          Item item = c.items().get(i);
          if (item.library() == null) {
            continue;
          }
          String name = c.items().size() == 1 ? c.name() : c.name() + "[" + i + "]";
          submit(l, name, item, failures);
        }
      }
      checkSnapshot("through the library", l, failures);
    }
    assertEquals(List.of(), failures);
  }

  private static void submit(CreditLedger l, String name, Item item, List<String> failures)
      throws Exception {
    Expect want = item.library();
    try {
      Receipt r = l.submit(item.statement().toByteArray());
      String got = r.repeat() ? BadInputCatalogue.REPEAT : BadInputCatalogue.VALID;
      if (!got.equals(want.code())) {
        failures.add(name + ": want " + want + ", got " + got + " at seq " + r.seq());
      }
    } catch (StatementException e) {
      if (!e.code().name().equals(want.code())) {
        failures.add(
            name
                + ": want "
                + want
                + ", got "
                + e.code()
                + " at \""
                + e.field()
                + "\": "
                + e.getMessage());
        return;
      }
      checkField(name, want, e.field(), e.getMessage(), failures);
    } catch (RuntimeException e) {
      failures.add(name + ": want " + want + ", got an unchecked " + e);
    }
  }

  private static void checkSnapshot(String how, CreditLedger l, List<String> failures)
      throws Exception {
    Snapshot got = Snapshot.of(l);
    if (!got.equals(validOnly)) {
      failures.add(
          "after the campaign "
              + how
              + " the ledger is "
              + got
              + ", want what the valid submissions alone give: "
              + validOnly);
    }
  }
}
