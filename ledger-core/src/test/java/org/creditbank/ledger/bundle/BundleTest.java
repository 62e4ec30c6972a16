package org.creditbank.ledger.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.bank.AchievementRef;
import org.creditbank.ledger.bank.StatementSigner;
import org.creditbank.ledger.bank.StatementType;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.demo.WorkedScenario;
import org.creditbank.ledger.journal.Durability;
import org.creditbank.ledger.journal.Journal;
import org.creditbank.ledger.journal.JournalOptions;
import org.creditbank.ledger.journal.Leaf;
import org.creditbank.ledger.journal.StateMachine;
import org.creditbank.ledger.journal.Submission;
import org.creditbank.ledger.json.StrictJson;
import org.creditbank.ledger.note.NoteSigner;
import org.creditbank.ledger.note.NoteVerifier;
import org.creditbank.ledger.note.SignedNote;
import org.creditbank.ledger.util.Bytes;
import org.creditbank.ledger.util.Hash;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleTest {
  @TempDir static Path shared;

  static final String LEARNER = WorkedScenario.LEARNER;
  static final String OTHER_LEDGER = "other.example/ledger";
  static final JournalOptions OPTIONS = JournalOptions.DEFAULT.withDurability(Durability.ASYNC);

  static WorkedScenario scenario = new WorkedScenario();
  static NoteVerifier verifier;
  static Bundle exported;

  /** A log that takes anything (an operator who skips the rules), with extra entries. */
  static Journal<Void> rogue;

  static long otherLearnerSeq;
  static long foreignKeySeq;
  static long otherLedgerSeq;
  static String issuer;
  static String otherAchievement;

  @BeforeAll
  static void build() throws Exception {
    verifier = scenario.checkpointSigner().verifier();
    List<Leaf> leaves = new ArrayList<>();
    try (CreditLedger ledger =
        CreditLedger.create(
            shared.resolve("a"), scenario.checkpointSigner(), scenario.genesis(), OPTIONS)) {
      scenario.run(ledger, line -> {});
      exported = ledger.export(LEARNER, List.of());
      for (long s = 0; s < ledger.journal().size(); s++) {
        leaves.add(ledger.journal().leaf(s));
      }
    }
    rogue =
        Journal.create(
            shared.resolve("rogue"),
            scenario.checkpointSigner(),
            StateMachine.acceptAll(),
            OPTIONS);
    JsonNode achievement = null;
    for (Leaf l : leaves) {
      JsonNode st = StrictJson.withDefaults().parse(l.statement().toByteArray());
      if (achievement == null && st.get("type").asText().equals("achievement.recorded")) {
        achievement = st;
      }
      append(l.statement().toByteArray());
    }
    issuer = achievement.get("actor").asText();
    ObjectNode body = (ObjectNode) achievement.get("body").deepCopy();
    Instant at = Instant.parse("2026-10-01T00:00:00Z");
    Ed25519PrivateKey issuerKey = scenario.key(issuer);

    otherAchievement = "X-OTHER-1";
    body.put("learner", "L-OTHER-0001").put("achievement", otherAchievement);
    otherLearnerSeq =
        append(
            new StatementSigner(WorkedScenario.ORIGIN, issuer, issuerKey)
                .sign(StatementType.ACHIEVEMENT_RECORDED, "x-other-1", at, body));

    body.put("learner", LEARNER).put("achievement", "X-FOREIGN-1");
    Ed25519PrivateKey never = Ed25519PrivateKey.generate(new SecureRandom());
    foreignKeySeq =
        append(
            new StatementSigner(WorkedScenario.ORIGIN, issuer, never)
                .sign(StatementType.ACHIEVEMENT_RECORDED, "x-foreign-1", at, body));

    body.put("achievement", "X-LEDGER-1");
    otherLedgerSeq =
        append(
            new StatementSigner(OTHER_LEDGER, issuer, issuerKey)
                .sign(StatementType.ACHIEVEMENT_RECORDED, "x-ledger-1", at, body));
  }

  private static long append(byte[] statement) throws Exception {
    JsonNode st = StrictJson.withDefaults().parse(statement);
    return rogue
        .append(
            new Submission<Void>(
                st.get("actor").asText(), st.get("id").asText(), Bytes.copyFrom(statement), null))
        .seq();
  }

  /** The exported bundle's entries, taken from the rogue log, plus extra seqs of it. */
  private static Bundle fromRogue(long... extra) throws Exception {
    long size = rogue.size();
    List<BundleEntry> entries = new ArrayList<>();
    for (BundleEntry e : exported.entries()) {
      entries.add(entry(e.seq(), size));
    }
    for (long s : extra) {
      entries.add(entry(s, size));
    }
    return new Bundle(
        WorkedScenario.ORIGIN,
        LEARNER,
        Bytes.copyFrom(rogue.latestCheckpoint().toBytes()),
        entries);
  }

  private static BundleEntry entry(long seq, long size) throws Exception {
    return new BundleEntry(seq, rogue.leaf(seq).bytes(), rogue.inclusionProof(seq, size));
  }

  private static Optional<String> failureOf(BundleReport r, long seq) {
    return r.entries().stream().filter(v -> v.seq() == seq).findFirst().orElseThrow().failure();
  }

  @Test
  void check_exportedBundle_verifiesOffline() throws Exception {
    Bundle b = Bundle.parse(exported.toJson());
    assertEquals(exported, b);
    BundleReport r = BundleVerifier.check(b, verifier);
    assertEquals(List.of(), r.failures());
    assertEquals(exported.entries().size(), r.entries().size());
    BundleVerifier.verify(b, verifier);
    // The genesis, the learner's four achievements and their issuers' registrations at least.
    assertEquals(0, b.entries().get(0).seq());
    long achievements =
        r.entries().stream().filter(v -> v.what().startsWith("achievement.recorded")).count();
    assertTrue(achievements >= 2, r.entries().toString());
    assertTrue(
        r.entries().stream().anyMatch(v -> v.what().contains("(revoked at seq ")),
        r.entries().toString());
  }

  @Test
  void check_bundleBuiltFromRogueLog_verifies() throws Exception {
    assertEquals(List.of(), BundleVerifier.check(fromRogue(), verifier).failures());
  }

  @Test
  void export_oneChosenAchievement_disclosesNoOtherAchievement() throws Exception {
    BundleReport all = BundleVerifier.check(exported, verifier);
    String first =
        all.entries().stream()
            .map(BundleReport.Verdict::what)
            .filter(w -> w.startsWith("achievement.recorded "))
            .findFirst()
            .orElseThrow();
    String ref = first.substring("achievement.recorded ".length(), first.indexOf(':'));
    String[] parts = ref.split("/", 2);
    try (CreditLedger ledger =
        CreditLedger.open(shared.resolve("a"), scenario.checkpointSigner(), OPTIONS)) {
      Bundle one = ledger.export(LEARNER, List.of(new AchievementRef(parts[0], parts[1])));
      BundleReport r = BundleVerifier.check(one, verifier);
      assertEquals(List.of(), r.failures());
      List<String> recorded =
          r.entries().stream()
              .map(BundleReport.Verdict::what)
              .filter(w -> w.startsWith("achievement.recorded "))
              .toList();
      assertEquals(1, recorded.size(), recorded.toString());
      assertTrue(recorded.get(0).startsWith("achievement.recorded " + ref + ":"), recorded.get(0));

      BundleException e =
          assertThrows(
              BundleException.class,
              () -> ledger.export(LEARNER, List.of(new AchievementRef(parts[0], "NOPE"))));
      assertEquals(
          "achievement " + parts[0] + "/NOPE is not one of learner " + LEARNER + "'s achievements",
          e.getMessage());
      e = assertThrows(BundleException.class, () -> ledger.export("L-NOBODY-1", List.of()));
      assertEquals("no learner L-NOBODY-1 in the ledger", e.getMessage());
    }
  }

  @Test
  void check_flippedByteInAnyLeaf_failsThatEntry() throws Exception {
    List<String> failures = new ArrayList<>();
    int ran = 0;
    for (int i = 0; i < exported.entries().size(); i++) {
      for (int where : new int[] {10, 40, 0}) {
        List<BundleEntry> es = new ArrayList<>(exported.entries());
        BundleEntry e = es.get(i);
        byte[] leaf = e.leaf().toByteArray();
        int at = where == 0 ? leaf.length / 2 : where;
        leaf[at] ^= 1;
        es.set(i, new BundleEntry(e.seq(), Bytes.copyFrom(leaf), e.proof()));
        Bundle b = new Bundle(exported.origin(), LEARNER, exported.checkpoint(), es);
        ran++;
        if (failureOf(BundleVerifier.check(b, verifier), e.seq()).isEmpty()) {
          failures.add("seq " + e.seq() + " byte " + at + ": verified");
        }
      }
    }
    assertEquals(exported.entries().size() * 3, ran);
    assertEquals(List.of(), failures);
  }

  @Test
  void check_flippedByteInStatementId_failsOnTheSignature() throws Exception {
    List<BundleEntry> es = new ArrayList<>(exported.entries());
    BundleEntry e = es.get(1);
    byte[] leaf = e.leaf().toByteArray();
    int at = new String(leaf, StandardCharsets.UTF_8).indexOf("\"id\":\"") + 6;
    leaf[at] ^= 1;
    es.set(1, new BundleEntry(e.seq(), Bytes.copyFrom(leaf), e.proof()));
    BundleReport r =
        BundleVerifier.check(
            new Bundle(exported.origin(), LEARNER, exported.checkpoint(), es), verifier);
    String f = failureOf(r, e.seq()).orElseThrow();
    assertTrue(f.startsWith("bad statement: proof does not verify: "), f);
  }

  @Test
  void check_changedProofElement_failsOnTheInclusionProof() throws Exception {
    List<BundleEntry> es = new ArrayList<>(exported.entries());
    int i = es.size() - 1;
    BundleEntry e = es.get(i);
    List<Hash> proof = new ArrayList<>(e.proof());
    byte[] h = proof.get(0).toByteArray();
    h[0] ^= 1;
    proof.set(0, Hash.of(h));
    es.set(i, new BundleEntry(e.seq(), e.leaf(), proof));
    BundleReport r =
        BundleVerifier.check(
            new Bundle(exported.origin(), LEARNER, exported.checkpoint(), es), verifier);
    String f = failureOf(r, e.seq()).orElseThrow();
    assertTrue(f.startsWith("the inclusion proof does not lead to the checkpoint of size "), f);
    assertEquals(1, r.failures().size(), r.failures().toString());
  }

  @Test
  void check_checkpointSignedByAnotherKey_failsTheCheckpoint() throws Exception {
    SignedNote real = SignedNote.parse(exported.checkpoint().toByteArray());
    NoteSigner other = NoteSigner.generate(WorkedScenario.ORIGIN, new SecureRandom());
    Bundle b =
        new Bundle(
            exported.origin(),
            LEARNER,
            Bytes.copyFrom(SignedNote.sign(real.text(), other).toBytes()),
            exported.entries());
    BundleReport r = BundleVerifier.check(b, verifier);
    assertTrue(
        r.checkpointFailure()
            .orElseThrow()
            .startsWith("does not verify with " + WorkedScenario.ORIGIN + ": "),
        r.checkpointFailure().toString());
    assertTrue(r.entries().stream().noneMatch(BundleReport.Verdict::ok));
    BundleVerificationException e =
        assertThrows(BundleVerificationException.class, () -> BundleVerifier.verify(b, verifier));
    assertTrue(e.getMessage().startsWith("checkpoint: does not verify"), e.getMessage());
  }

  @Test
  void check_entryOfAnotherLedger_failsWithWrongLedger() throws Exception {
    BundleReport r = BundleVerifier.check(fromRogue(otherLedgerSeq), verifier);
    assertEquals(
        List.of(
            "seq "
                + otherLedgerSeq
                + ": wrong ledger: statement is for ledger \""
                + OTHER_LEDGER
                + "\", want \""
                + WorkedScenario.ORIGIN
                + "\""),
        r.failures());
  }

  @Test
  void check_statementSignedWithKeyTheInstitutionNeverHad_fails() throws Exception {
    Bundle b = fromRogue(foreignKeySeq);
    String did =
        StrictJson.withDefaults()
            .parse(rogue.leaf(foreignKeySeq).statement().toByteArray())
            .get("proof")
            .get("verificationMethod")
            .asText();
    did = did.substring(0, did.indexOf('#'));
    BundleReport r = BundleVerifier.check(b, verifier);
    assertEquals(
        List.of(
            "seq "
                + foreignKeySeq
                + ": signed with "
                + did
                + ", which no entry of the bundle gives to "
                + issuer
                + " before seq "
                + foreignKeySeq),
        r.failures());
  }

  @Test
  void check_achievementOfAnotherLearner_fails() throws Exception {
    Bundle b = fromRogue(otherLearnerSeq);
    BundleReport r = BundleVerifier.check(b, verifier);
    String want =
        "seq "
            + otherLearnerSeq
            + ": achievement "
            + issuer
            + "/"
            + otherAchievement
            + " names learner L-OTHER-0001, not the bundle's learner "
            + LEARNER;
    assertEquals(List.of(want), r.failures());
    BundleVerificationException e =
        assertThrows(BundleVerificationException.class, () -> BundleVerifier.verify(b, verifier));
    assertEquals(want, e.getMessage());
  }

  @Test
  void parse_malformedBundles_failWithTheirMessages() throws Exception {
    String good = new String(exported.toJson(), StandardCharsets.UTF_8);
    List<String[]> cases =
        List.of(
            new String[] {
              good.replace("\"format\": \"creditbank-bundle\"", "\"format\": \"other\""),
              "want format \"creditbank-bundle\" at /format, got \"other\""
            },
            new String[] {
              good.replace("\"version\": 1", "\"version\": 2"), "want version 1 at /version, got 2"
            },
            new String[] {
              good.replace("\"version\": 1,", "\"version\": 1, \"extra\": true,"),
              "unknown member /extra"
            },
            new String[] {good.replace("\"learner\": ", "\"learnr\": "), "missing member /learner"},
            new String[] {
              good.replace("{\"seq\": 0,", "{\"seq\": -1,"),
              "want a non-negative integer at /entries/0/seq, got -1"
            },
            new String[] {"[]", "want a JSON object as the bundle"});
    List<String> failures = new ArrayList<>();
    for (String[] c : cases) {
      try {
        Bundle.parse(c[0].getBytes(StandardCharsets.UTF_8));
        failures.add(c[1] + ": parsed");
      } catch (BundleException e) {
        if (!e.getMessage().equals(c[1])) {
          failures.add("want " + c[1] + ", got " + e.getMessage());
        }
      }
    }
    assertEquals(6, cases.size());
    assertEquals(List.of(), failures);
    assertFalse(good.isEmpty());
  }
}
