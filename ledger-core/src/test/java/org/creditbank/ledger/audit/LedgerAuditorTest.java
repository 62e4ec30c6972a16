package org.creditbank.ledger.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.bank.StatementSigner;
import org.creditbank.ledger.bank.StatementType;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.demo.WorkedScenario;
import org.creditbank.ledger.journal.Journal;
import org.creditbank.ledger.journal.JournalOptions;
import org.creditbank.ledger.journal.RawAppend;
import org.creditbank.ledger.journal.StateMachine;
import org.creditbank.ledger.json.StrictJson;
import org.creditbank.ledger.note.Checkpoint;
import org.creditbank.ledger.note.NoteSigner;
import org.creditbank.ledger.note.NoteVerifier;
import org.creditbank.ledger.util.Bytes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerAuditorTest {
  @TempDir static Path shared;
  @TempDir Path tmp;

  static Path clean;
  static long size;
  static NoteVerifier verifier;

  /** A clock the test moves by hand. */
  static final class HandClock extends Clock {
    volatile Instant now;

    HandClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  static final Instant T0 = Instant.parse("2026-09-01T08:00:00Z");

  /**
   * Runs the worked scenario on a new ledger; the clock stays at T0 for the first {@code keep}
   * statements (the genesis included) and moves one second on after.
   */
  static long scenario(Path dir, int keep) throws Exception {
    WorkedScenario s = new WorkedScenario();
    HandClock clock = new HandClock(T0);
    try (CreditLedger ledger =
        CreditLedger.create(
            dir, s.checkpointSigner(), s.genesis(), JournalOptions.DEFAULT.withClock(clock))) {
      List<WorkedScenario.Step> steps = new ArrayList<>(s.steps());
      steps.add(s.revocation());
      int n = 1;
      for (WorkedScenario.Step step : steps) {
        if (n++ >= keep) {
          clock.now = T0.plusSeconds(1);
        }
        ledger.submit(step.statement().toByteArray());
      }
      return ledger.journal().size();
    }
  }

  @BeforeAll
  static void build() throws Exception {
    clean = shared.resolve("clean");
    size = scenario(clean, Integer.MAX_VALUE);
    verifier = new WorkedScenario().checkpointSigner().verifier();
  }

  static Path copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
    return to;
  }

  static AuditOptions options() {
    return AuditOptions.defaults().withThreads(2);
  }

  @Test
  void audit_untouchedLedger_passes() throws Exception {
    List<long[]> seen = new ArrayList<>();
    AuditReport r =
        LedgerAuditor.audit(
            clean, verifier, options().withProgress((d, t) -> seen.add(new long[] {d, t})));
    assertEquals(size, r.entries());
    // SYNC, one submission at a time: one group, and one checkpoint, per entry, and size 0's.
    assertEquals(size + 1, r.checkpoints());
    assertTrue(r.latest().text().contains("\n" + size + "\n"), r.latest().text());
    assertEquals(size, seen.get(seen.size() - 1)[0]);
    assertTrue(r.since().isEmpty());
  }

  @Test
  void audit_otherVerifierKey_failsAtMetaOrigin() throws Exception {
    NoteVerifier other =
        NoteSigner.generate("other.example/log", new java.security.SecureRandom()).verifier();
    AuditFailedException e =
        assertThrows(
            AuditFailedException.class, () -> LedgerAuditor.audit(clean, other, options()));
    assertEquals(
        "meta origin: want origin \"other.example/log\" (the verifier key's name), got \""
            + WorkedScenario.ORIGIN
            + "\"",
        e.getMessage());
  }

  @Test
  void audit_sameNameOtherKey_failsAtFirstCheckpoint() throws Exception {
    NoteVerifier other =
        NoteSigner.generate(WorkedScenario.ORIGIN, new java.security.SecureRandom()).verifier();
    AuditFailedException e =
        assertThrows(
            AuditFailedException.class, () -> LedgerAuditor.audit(clean, other, options()));
    assertEquals("checkpoint at size 0", e.place());
  }

  interface Tamper {
    void apply(RawDb raw) throws Exception;
  }

  record Case(String name, Tamper tamper, String place, String reasonPart) {}

  @Test
  void audit_oneChangedByteOrKeyInEachFamily_failsNamingThePlace() throws Exception {
    long n = size;
    List<Case> cases =
        List.of(
            new Case(
                "meta: head's last leaf hash",
                r -> r.flip("meta", RawDb.ascii("head"), 20),
                "meta head",
                "stored last leaf"),
            new Case(
                "meta: an added key",
                r -> r.put("meta", RawDb.ascii("extra"), RawDb.ascii("x")),
                "meta key extra",
                "unexpected key"),
            new Case(
                "meta: origin",
                r -> r.flip("meta", RawDb.ascii("origin"), 0),
                "meta origin",
                "want origin"),
            new Case(
                "meta: format",
                r -> r.put("meta", RawDb.ascii("format"), RawDb.ascii("2")),
                "meta format",
                "want format version 1, got \"2\""),
            new Case(
                "leaves: a byte of leaf 5's statement",
                r -> flipInStatement(r, 5),
                "seq 5",
                "the statement is refused"),
            new Case(
                "leaves: leaf 5 not in canonical form (a space after its first brace)",
                r -> {
                  byte[] leaf = r.get("leaves", RawDb.u64(5));
                  String s = new String(leaf, StandardCharsets.UTF_8);
                  r.put(
                      "leaves",
                      RawDb.u64(5),
                      ("{ " + s.substring(1)).getBytes(StandardCharsets.UTF_8));
                },
                "seq 5",
                "leaf 5 is not in canonical form"),
            new Case(
                "leaves: statements of leaves 9 and 4 changed: the first in log order is named",
                r -> {
                  flipInStatement(r, 9);
                  flipInStatement(r, 4);
                },
                "seq 4",
                "the statement is refused"),
            new Case(
                "leaves: a byte of leaf 6's prev",
                r -> r.flip("leaves", RawDb.u64(6), 10),
                "seq 6",
                "prev is"),
            new Case(
                "leaves: leaf 7 deleted",
                r -> r.delete("leaves", RawDb.u64(7)),
                "seq 7",
                "the leaf is missing (the next stored is seq 8)"),
            new Case(
                "leaves: a leaf added beyond the head",
                r -> r.put("leaves", RawDb.u64(n), r.get("leaves", RawDb.u64(n - 1))),
                "seq " + n,
                "a leaf is stored beyond the head's size " + n),
            new Case(
                "nodes: leaf hash 3",
                r -> r.flip("nodes", RawDb.nodeKey(0, 3), 0),
                "seq 3",
                "the leaf hashes to"),
            new Case(
                "nodes: level 1 index 2",
                r -> r.flip("nodes", RawDb.nodeKey(1, 2), 31),
                "seq 5",
                "tree node (level 1, index 2) is stored as"),
            new Case(
                "nodes: level 2 index 0 deleted",
                r -> r.delete("nodes", RawDb.nodeKey(2, 0)),
                "seq 3",
                "tree node (level 2, index 0) is missing"),
            new Case(
                "nodes: a node added outside the tree",
                r -> r.put("nodes", RawDb.nodeKey(0, n), new byte[32]),
                "tree node (level 0, index " + n + ")",
                "outside the tree of size " + n),
            new Case(
                "checkpoints: a byte of checkpoint 4's signature",
                r -> flipSignature(r, 4),
                "checkpoint at size 4",
                ""),
            new Case(
                "checkpoints: checkpoint 9 replaced by checkpoint 8",
                r -> r.put("checkpoints", RawDb.u64(9), r.get("checkpoints", RawDb.u64(8))),
                "checkpoint at size 9",
                "it says size 8"),
            new Case(
                "checkpoints: the head's checkpoint deleted",
                r -> r.delete("checkpoints", RawDb.u64(n)),
                "checkpoint at size " + n,
                "missing"),
            new Case(
                "checkpoints: one added beyond the log",
                r -> r.put("checkpoints", RawDb.u64(n + 5), r.get("checkpoints", RawDb.u64(n))),
                "checkpoint at size " + (n + 5),
                "stored beyond the log's size " + n),
            new Case(
                "ids: a byte of a seq",
                r -> r.flip("ids", idKey(r, 2), 7),
                "ids key " + idName(2),
                "the stored value differs from the replay's"),
            new Case(
                "ids: a key deleted",
                r -> r.delete("ids", idKey(r, 3)),
                "ids key " + idName(3),
                "missing: the replay makes it"),
            new Case(
                "ids: a key added",
                r -> r.put("ids", idKeyOf("ZZ", "extra"), new byte[40]),
                "ids key ZZ/extra",
                "stored, but the replay makes no such key"),
            new Case(
                "state: a byte of genesis",
                r -> r.flip("state", RawDb.ascii("genesis"), 10),
                "state key genesis",
                "the stored value differs from the replay's"),
            new Case(
                "state: a key deleted",
                r -> r.delete("state", RawDb.ascii("inst/NURSE-VC")),
                "state key inst/NURSE-VC",
                "missing: the replay makes it"),
            new Case(
                "state: a key added",
                r -> r.put("state", RawDb.ascii("zzz"), RawDb.ascii("{}")),
                "state key zzz",
                "stored, but the replay makes no such key"),
            new Case(
                "a column family added beside the ledger's",
                r -> r.addFamily("extra"),
                "column family extra",
                "a ledger has no such column family"),
            new Case(
                "default: a key added (the ledger keeps nothing there)",
                r -> r.put("default", RawDb.ascii("extra"), RawDb.ascii("x")),
                "default key extra",
                "unexpected key"));
    List<String> failures = new ArrayList<>();
    int ran = 0;
    for (Case c : cases) {
      Path dir = copy(clean, tmp.resolve("case-" + ran++));
      try (RawDb raw = new RawDb(dir)) {
        c.tamper().apply(raw);
      }
      try {
        LedgerAuditor.audit(dir, verifier, options());
        failures.add(c.name() + ": the audit passed");
      } catch (AuditFailedException e) {
        if (!e.place().equals(c.place()) || !e.reason().contains(c.reasonPart())) {
          failures.add(c.name() + ": got " + e.getMessage());
        }
      }
    }
    assertEquals(26, ran);
    assertEquals(List.of(), failures);
  }

  private static void flipInStatement(RawDb r, long seq) throws Exception {
    byte[] leaf = r.get("leaves", RawDb.u64(seq));
    String s = new String(leaf, StandardCharsets.UTF_8);
    // A letter of the statement's id: the leaf stays canonical, the signature no longer holds.
    int at = s.indexOf("\"id\":\"") + 6;
    leaf[at] ^= 1;
    r.put("leaves", RawDb.u64(seq), leaf);
  }

  private static void flipSignature(RawDb r, long size) throws Exception {
    byte[] note = r.get("checkpoints", RawDb.u64(size));
    // The last base64 character before the final newline, kept within the alphabet.
    int at = note.length - 3;
    note[at] = (byte) (note[at] == 'A' ? 'B' : 'A');
    r.put("checkpoints", RawDb.u64(size), note);
  }

  /** The i-th key of the ids family of the clean ledger. */
  private static byte[] idKey(RawDb r, int i) {
    return r.keys("ids").get(i);
  }

  private static String idName(int i) throws Exception {
    try (RawDb r = new RawDb(copy(clean, Files.createTempDirectory("ids-")))) {
      byte[] k = r.keys("ids").get(i);
      int len = java.nio.ByteBuffer.wrap(k, 0, 4).getInt();
      return new String(k, 4, len, StandardCharsets.UTF_8)
          + "/"
          + new String(k, 4 + len, k.length - 4 - len, StandardCharsets.UTF_8);
    }
  }

  private static byte[] idKeyOf(String actor, String id) {
    return org.creditbank.ledger.journal.LedgerReader.idKey(actor, id).toByteArray();
  }

  @Test
  void audit_statementSignedWithAKeyItsActorNeverHad_failsOnReplayAtItsSeq() throws Exception {
    // A log that accepted everything: every leaf, hash, node and checkpoint holds and every
    // statement's signature verifies. Only the rules, replayed, can tell that the last statement's
    // key never belonged to its actor.
    WorkedScenario s = new WorkedScenario();
    Path dir = tmp.resolve("accept-all");
    long rogueSeq;
    Ed25519PrivateKey never = Ed25519PrivateKey.generate(new java.security.SecureRandom());
    String actor;
    try (Journal<Void> journal =
        Journal.create(
            dir, s.checkpointSigner(), StateMachine.<Void>acceptAll(), JournalOptions.DEFAULT)) {
      RawAppend.append(journal, s.genesis());
      JsonNode achievement = null;
      for (WorkedScenario.Step step : s.steps()) {
        byte[] st = step.statement().toByteArray();
        RawAppend.append(journal, st);
        JsonNode node = StrictJson.withDefaults().parse(st);
        if (achievement == null && node.get("type").asText().equals("achievement.recorded")) {
          achievement = node;
        }
      }
      ObjectNode body = (ObjectNode) achievement.get("body").deepCopy();
      body.put("achievement", "X-FOREIGN-1");
      actor = achievement.get("actor").asText();
      rogueSeq =
          RawAppend.append(
              journal,
              new StatementSigner(WorkedScenario.ORIGIN, actor, never)
                  .sign(
                      StatementType.ACHIEVEMENT_RECORDED,
                      "x-foreign-1",
                      Instant.parse(achievement.get("issuedAt").asText()),
                      body));
    }
    AuditFailedException e =
        assertThrows(
            AuditFailedException.class, () -> LedgerAuditor.audit(dir, verifier, options()));
    assertEquals("seq " + rogueSeq, e.place());
    assertEquals(
        "the rules refuse it on replay: want a key of \""
            + actor
            + "\" at /proof/verificationMethod, got "
            + never.publicKey().toDidKey()
            + ", which no institution registered",
        e.reason());
  }

  @Test
  void auditSince_consistentlyRewrittenHistory_passesPlainButFailsSince() throws Exception {
    AuditReport original = LedgerAuditor.audit(clean, verifier, options());
    Bytes saved = Bytes.copyFrom(original.latest().toBytes());
    // The same statements, but from the sixth on at another time: every later leaf hash, node
    // and checkpoint differs, all recomputed and signed with the operator's key.
    Path rewritten = tmp.resolve("rewritten");
    assertEquals(size, scenario(rewritten, 6));
    AuditReport plain = LedgerAuditor.audit(rewritten, verifier, options());
    assertEquals(size, plain.entries());
    AuditFailedException e =
        assertThrows(
            AuditFailedException.class,
            () -> LedgerAuditor.audit(rewritten, verifier, options().withSince(saved)));
    assertEquals("saved checkpoint", e.place());
    // Both trees have the same size: no proof to check, the roots differ.
    assertEquals(
        "the checkpoint of size "
            + size
            + " has root "
            + Checkpoint.parse(original.latest().text()).root()
            + ", the ledger's tree of that size has "
            + Checkpoint.parse(plain.latest().text()).root()
            + ": the history was rewritten",
        e.reason());
  }

  @Test
  void auditSince_historyRewrittenBeforeASmallerSavedCheckpoint_failsTheConsistencyProof()
      throws Exception {
    // A checkpoint the original ledger signed at size 8, before the rewrite's grown tree of the
    // full size: the consistency proof from 8 to the full size must fail.
    Bytes saved;
    try (CreditLedger ledger =
        CreditLedger.open(
            copy(clean, tmp.resolve("original")),
            new WorkedScenario().checkpointSigner(),
            JournalOptions.DEFAULT)) {
      saved = Bytes.copyFrom(ledger.journal().checkpoint(8).orElseThrow().toBytes());
    }
    Path rewritten = tmp.resolve("rewritten-from-6");
    assertEquals(size, scenario(rewritten, 6));
    AuditFailedException e =
        assertThrows(
            AuditFailedException.class,
            () -> LedgerAuditor.audit(rewritten, verifier, options().withSince(saved)));
    assertEquals("saved checkpoint", e.place());
    assertTrue(
        e.reason().startsWith("the ledger is not an extension of the saved checkpoint of size 8: "),
        e.reason());
    // The same saved checkpoint against the ledger it came from passes.
    assertEquals(
        8, LedgerAuditor.audit(clean, verifier, options().withSince(saved)).since().getAsLong());
  }

  @Test
  void auditSince_savedAtTheLedgersOwnSize_passesWithoutAProof() throws Exception {
    // The same size: no proof, the roots compared; the ledger's own latest checkpoint passes.
    Bytes saved =
        Bytes.copyFrom(LedgerAuditor.audit(clean, verifier, options()).latest().toBytes());
    AuditReport r = LedgerAuditor.audit(clean, verifier, options().withSince(saved));
    assertEquals(size, r.since().getAsLong());
    assertEquals(size, r.entries());
  }

  @Test
  void auditSince_ledgerThatGrew_passes() throws Exception {
    Path dir = tmp.resolve("grows");
    WorkedScenario s = new WorkedScenario();
    Bytes saved;
    try (CreditLedger ledger =
        CreditLedger.create(dir, s.checkpointSigner(), s.genesis(), JournalOptions.DEFAULT)) {
      for (WorkedScenario.Step step : s.steps().subList(0, 4)) {
        ledger.submit(step.statement().toByteArray());
      }
    }
    saved = Bytes.copyFrom(LedgerAuditor.audit(dir, verifier, options()).latest().toBytes());
    try (CreditLedger ledger =
        CreditLedger.open(dir, s.checkpointSigner(), JournalOptions.DEFAULT)) {
      for (WorkedScenario.Step step : s.steps().subList(4, s.steps().size())) {
        ledger.submit(step.statement().toByteArray());
      }
    }
    AuditReport r = LedgerAuditor.audit(dir, verifier, options().withSince(saved));
    assertEquals(5, r.since().getAsLong());
    assertEquals(s.steps().size() + 1, r.entries());
  }

  @Test
  void auditSince_savedCheckpointOfAnotherKey_fails() throws Exception {
    NoteSigner other = NoteSigner.generate(WorkedScenario.ORIGIN, new java.security.SecureRandom());
    Bytes forged =
        Bytes.copyFrom(
            org.creditbank.ledger.note.SignedNote.sign(
                    org.creditbank.ledger.note.Checkpoint.of(
                            WorkedScenario.ORIGIN,
                            1,
                            org.creditbank.ledger.merkle.Rfc6962.emptyRoot())
                        .toText(),
                    other)
                .toBytes());
    AuditFailedException e =
        assertThrows(
            AuditFailedException.class,
            () -> LedgerAuditor.audit(clean, verifier, options().withSince(forged)));
    assertEquals("saved checkpoint", e.place());
    assertTrue(e.reason().startsWith("it does not verify: "), e.reason());
  }

  @Test
  void auditSince_savedCheckpointOfSize2To63_failsAsLostEntries() throws Exception {
    // 2^63 is negative as a long: a signed comparison let it through to the proof code.
    Bytes huge =
        Bytes.copyFrom(
            org.creditbank.ledger.note.SignedNote.sign(
                    org.creditbank.ledger.note.Checkpoint.of(
                            WorkedScenario.ORIGIN,
                            Long.MIN_VALUE,
                            org.creditbank.ledger.merkle.Rfc6962.emptyRoot())
                        .toText(),
                    new WorkedScenario().checkpointSigner())
                .toBytes());
    AuditFailedException e =
        assertThrows(
            AuditFailedException.class,
            () -> LedgerAuditor.audit(clean, verifier, options().withSince(huge)));
    assertEquals("saved checkpoint", e.place());
    assertEquals(
        "it has size 9223372036854775808, but the ledger holds only "
            + size
            + " entries: the ledger lost entries",
        e.reason());
  }

  @Test
  void await_taskThrewRuntimeException_becomesAuditFailureAtThePlace() {
    IllegalStateException boom = new IllegalStateException("boom");
    AuditFailedException e =
        assertThrows(
            AuditFailedException.class,
            () ->
                AuditEngine.await(
                    java.util.concurrent.CompletableFuture.failedFuture(boom), "seq 7"));
    assertEquals("seq 7", e.place());
    assertEquals(
        "the check failed unexpectedly: java.lang.IllegalStateException: boom", e.reason());
    assertTrue(e.getCause() == boom);
  }

  @Test
  void await_taskThrewAuditFailure_rethrowsItUnchanged() {
    AuditFailedException inner = new AuditFailedException("seq 3", "bad");
    AuditFailedException e =
        assertThrows(
            AuditFailedException.class,
            () ->
                AuditEngine.await(
                    java.util.concurrent.CompletableFuture.failedFuture(inner), "seq 9"));
    assertTrue(e == inner);
  }

  @Test
  void audit_noLedger_failsWithStorageException() {
    org.creditbank.ledger.journal.StorageException e =
        assertThrows(
            org.creditbank.ledger.journal.StorageException.class,
            () -> LedgerAuditor.audit(tmp.resolve("none"), verifier, options()));
    assertTrue(e.getMessage().startsWith("no ledger at "), e.getMessage());
  }
}
