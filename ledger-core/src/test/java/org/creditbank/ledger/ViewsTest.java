package org.creditbank.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.creditbank.ledger.bank.InstitutionRecord;
import org.creditbank.ledger.bank.ProgramProgress;
import org.creditbank.ledger.bank.Transcript;
import org.creditbank.ledger.demo.WorkedScenario;
import org.creditbank.ledger.journal.Leaf;
import org.creditbank.ledger.journal.Receipt;
import org.creditbank.ledger.util.Hash;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON views of the facade's results, on the worked scenario's ledger. */
class ViewsTest {
  @TempDir Path tmp;

  private CreditLedger ledger;
  private List<Receipt> receipts;

  @BeforeEach
  void runScenario() throws Exception {
    WorkedScenario s = new WorkedScenario();
    BankWorld.TestClock clock = new BankWorld.TestClock(Instant.parse("2026-09-01T02:00:00Z"));
    ledger = CreditLedger.create(tmp, s.checkpointSigner(), s.genesis(), BankWorld.options(clock));
    receipts = s.run(ledger, line -> {});
  }

  @org.junit.jupiter.api.AfterEach
  void close() {
    ledger.close();
  }

  private static List<String> names(JsonNode o) {
    List<String> names = new ArrayList<>();
    Iterator<String> it = o.fieldNames();
    it.forEachRemaining(names::add);
    return names;
  }

  @Test
  void receipt_scenarioEntry_hasHexLeafHashBase64ProofAndNoteText() {
    Receipt r = receipts.get(3);
    ObjectNode v = Views.receipt(r);
    assertEquals(
        List.of(
            "seq", "leafHash", "repeat", "origin", "size", "root", "checkpoint", "inclusionProof"),
        names(v));
    assertEquals(4, v.get("seq").longValue());
    assertEquals(r.leafHash().toHex(), v.get("leafHash").textValue());
    assertEquals(WorkedScenario.ORIGIN, v.get("origin").textValue());
    assertEquals(r.tree().root(), Hash.fromBase64(v.get("root").textValue()));
    List<Hash> proof = new ArrayList<>();
    v.get("inclusionProof").forEach(h -> proof.add(Hash.fromBase64(h.textValue())));
    assertEquals(r.inclusionProof(), proof);
    String note = v.get("checkpoint").textValue();
    assertTrue(note.startsWith(WorkedScenario.ORIGIN + "\n" + r.tree().size() + "\n"), note);
    assertTrue(note.contains("\n\n— " + WorkedScenario.ORIGIN + " "), note);
  }

  @Test
  void leaf_scenarioEntry_parsesStatementAndKeepsHashes() throws Exception {
    Leaf leaf = ledger.journal().leaf(1);
    ObjectNode v = Views.leaf(leaf);
    assertEquals(List.of("seq", "prev", "time", "hash", "statement"), names(v));
    assertEquals(ledger.journal().leaf(0).hash().toHex(), v.get("prev").textValue());
    assertEquals(leaf.hash().toHex(), v.get("hash").textValue());
    assertEquals(Leaf.formatTime(leaf.time()), v.get("time").textValue());
    assertEquals("institution.registered", v.get("statement").get("type").textValue());
    assertTrue(v.get("statement").get("proof").isObject());
  }

  @Test
  void transcript_scenario_plainCreditsStatusesAndIsoDates() throws Exception {
    Transcript t = ledger.transcript(WorkedScenario.LEARNER).orElseThrow();
    ObjectNode v = Views.transcript(t);
    assertEquals(
        List.of(
            "learner",
            "asOf",
            "totalCredits",
            "creditsByKind",
            "creditsByLevel",
            "creditsByField",
            "creditsByProgram",
            "achievements",
            "conversions"),
        names(v));
    assertEquals("2026-09-01", v.get("asOf").textValue());
    assertEquals("10", Views.writeLine(v.get("totalCredits")));
    assertEquals(new BigDecimal("9"), v.get("creditsByKind").get("course").decimalValue());
    assertEquals("{\"CITY-OU/NURSING-AD\":4}", Views.writeLine(v.get("creditsByProgram")));
    List<String> statuses = new ArrayList<>();
    v.get("achievements").forEach(a -> statuses.add(a.get("status").textValue()));
    assertEquals(List.of("ACTIVE", "ACTIVE", "REVOKED", "ACTIVE"), statuses);
    JsonNode revoked = v.get("achievements").get(2);
    assertEquals(false, revoked.get("counts").booleanValue());
    assertEquals("NQC-2026-3301", revoked.get("achievement").get("achievement").textValue());
    assertTrue(revoked.get("achievement").get("statusSeq").isIntegralNumber());
    JsonNode active = v.get("achievements").get(0).get("achievement");
    assertTrue(active.get("statusSeq").isNull());
    assertTrue(active.get("revocationReason").isNull());
    assertTrue(active.get("supersededBy").isNull());
    assertTrue(
        active.get("body").get("completed").textValue().matches("\\d{4}-\\d{2}-\\d{2}"),
        active.toString());

    JsonNode voided = v.get("conversions").get(0);
    assertEquals(
        List.of(
            "owner",
            "conversion",
            "learner",
            "program",
            "course",
            "credits",
            "seq",
            "status",
            "voidedSeq",
            "voidedBy",
            "history",
            "body"),
        names(voided));
    assertEquals("VOID", voided.get("status").textValue());
    assertEquals(WorkedScenario.CERT, voided.get("voidedBy").get("issuer").textValue());
    assertTrue(v.get("conversions").get(1).get("voidedBy").isNull());
    // No decimal anywhere is written with an exponent.
    String text = Views.write(v);
    assertTrue(!text.matches("(?s).*\\d[eE][+-]?\\d.*"), text);
  }

  @Test
  void progress_scenario_requirementsAndCredits() throws Exception {
    ProgramProgress p =
        ledger
            .progress(WorkedScenario.LEARNER, WorkedScenario.OPERATOR, WorkedScenario.PROGRAM)
            .orElseThrow();
    ObjectNode v = Views.progress(p);
    assertEquals(
        List.of(
            "learner",
            "program",
            "asOf",
            "ownCredits",
            "convertedCredits",
            "convertedCounted",
            "countedCredits",
            "complete",
            "requirements"),
        names(v));
    assertEquals("4", Views.writeLine(v.get("convertedCredits")));
    assertEquals(false, v.get("complete").booleanValue());
    assertEquals(WorkedScenario.PROGRAM, v.get("program").get("program").textValue());
    assertEquals(
        "{\"description\":\"course NUR-101\",\"met\":true,\"status\":\"passed or converted\"}",
        Views.writeLine(v.get("requirements").get(2)));
  }

  @Test
  void history_revokedCertificate_entriesInLogOrder() throws Exception {
    ObjectNode v =
        Views.history(ledger.history(WorkedScenario.CERT, "NQC-2026-3301").orElseThrow());
    List<String> types = new ArrayList<>();
    v.get("entries").forEach(e -> types.add(e.get("type").textValue()));
    assertEquals(List.of("achievement.recorded", "credit.converted", "achievement.revoked"), types);
    assertEquals(
        List.of("seq", "time", "type", "actor", "id", "leafHash"), names(v.get("entries").get(0)));
    assertEquals("REVOKED", v.get("achievement").get("status").textValue());
    assertTrue(v.get("achievement").get("revocationReason").isTextual());
  }

  @Test
  void institution_operatorAndCollege_kindNullForOperatorKeysListed() throws Exception {
    List<InstitutionRecord> all = ledger.institutions();
    ObjectNode op = Views.institution(all.get(0));
    assertEquals(List.of("id", "name", "kind", "parent", "seq", "permissions", "keys"), names(op));
    assertTrue(op.get("kind").isNull());
    assertEquals(
        List.of("key", "active", "addedSeq", "revokedSeq", "reason"), names(op.get("keys").get(0)));
    assertTrue(op.get("keys").get(0).get("key").textValue().startsWith("did:key:z"));
    ObjectNode college =
        Views.institution(
            all.stream().filter(i -> i.id().equals(WorkedScenario.COLLEGE)).findFirst().get());
    assertTrue(college.get("kind").isTextual());
    assertEquals(List.of("issue", "enrol", "acceptConversions"), names(college.get("permissions")));
  }

  @Test
  void rulesProgramsLearner_scenario_idsAndBodies() throws Exception {
    ObjectNode rule = Views.rule(ledger.rules().get(0));
    assertEquals(List.of("owner", "rule", "seq", "retiredSeq", "body"), names(rule));
    assertEquals(rule.get("rule").textValue(), rule.get("body").get("rule").textValue());
    assertTrue(rule.get("retiredSeq").isNull());
    ObjectNode program = Views.program(ledger.programs().get(0));
    assertEquals(List.of("owner", "program", "seq", "body"), names(program));
    ObjectNode learner = Views.learner(ledger.learner(WorkedScenario.LEARNER).orElseThrow());
    assertEquals(
        List.of(
            "learner", "enrolledBy", "seq", "identityCommitment", "achievements", "conversions"),
        names(learner));
    assertEquals(4, learner.get("achievements").size());
    assertEquals(List.of("issuer", "achievement"), names(learner.get("achievements").get(0)));
    assertEquals(List.of("owner", "conversion"), names(learner.get("conversions").get(0)));
  }

  @Test
  void write_exponentDecimal_isPlain() {
    ObjectNode o = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    o.put("credits", new BigDecimal("1E+1"));
    assertEquals("{\"credits\":10}", Views.writeLine(o));
    assertEquals("{\n  \"credits\" : 10\n}", Views.write(o));
  }
}
