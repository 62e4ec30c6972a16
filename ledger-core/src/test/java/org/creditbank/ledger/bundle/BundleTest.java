package org.creditbank.ledger.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.bank.AchievementRef;
import org.creditbank.ledger.bank.AchievementStatus;
import org.creditbank.ledger.bank.StatementSigner;
import org.creditbank.ledger.bank.StatementType;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.demo.WorkedScenario;
import org.creditbank.ledger.journal.Durability;
import org.creditbank.ledger.journal.Journal;
import org.creditbank.ledger.journal.JournalOptions;
import org.creditbank.ledger.journal.Leaf;
import org.creditbank.ledger.journal.RawAppend;
import org.creditbank.ledger.journal.StateMachine;
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

  /** The learner's current achievements (not the revoked certificate), exported. */
  static Bundle exported;

  /** All the learner's achievements, the revoked certificate included, exported. */
  static Bundle withRevoked;

  /** A log that takes anything (an operator who skips the rules), with extra entries. */
  static Journal<Void> rogue;

  static long otherLearnerSeq;
  static long foreignKeySeq;
  static long otherLedgerSeq;
  static String issuer;
  static String otherAchievement;

  /** The first achievement.recorded of the log (the learner's, active) and its seq. */
  static String firstAchievement;

  static long firstAchievementSeq;
  static long supersedeSeq;

  /** Entries signed by actors the rules do not allow, and what they try to enable. */
  static long badRegistrationSeq;

  static long rogueAchievementSeq;
  static long badKeyAddedSeq;
  static long certWithBadKeySeq;
  static long selfRevocationSeq;
  static long goodKeyAddedSeq;
  static long certWithGoodKeySeq;
  static long goodKeyRevokedSeq;
  static long certWithRevokedKeySeq;
  static String goodDid;
  static String rogueDid;
  static String badDid;

  @BeforeAll
  static void build() throws Exception {
    verifier = scenario.checkpointSigner().verifier();
    List<Leaf> leaves = new ArrayList<>();
    try (CreditLedger ledger =
        CreditLedger.create(
            shared.resolve("a"), scenario.checkpointSigner(), scenario.genesis(), OPTIONS)) {
      scenario.run(ledger, line -> {});
      List<AchievementRef> current =
          ledger.read(
              q -> {
                List<AchievementRef> out = new ArrayList<>();
                for (AchievementRef r : q.learner(LEARNER).orElseThrow().achievements()) {
                  if (q.achievement(r.issuer(), r.achievement()).orElseThrow().status()
                      == AchievementStatus.ACTIVE) {
                    out.add(r);
                  }
                }
                return out;
              });
      exported = ledger.export(LEARNER, List.of());
      // The default export is exactly the current achievements.
      assertEquals(exported, ledger.export(LEARNER, current));
      withRevoked = ledger.export(LEARNER, ledger.learner(LEARNER).orElseThrow().achievements());
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
    JsonNode registration = null;
    for (Leaf l : leaves) {
      JsonNode st = StrictJson.withDefaults().parse(l.statement().toByteArray());
      if (achievement == null && st.get("type").asText().equals("achievement.recorded")) {
        achievement = st;
        firstAchievementSeq = l.seq();
      }
      if (registration == null && st.get("type").asText().equals("institution.registered")) {
        registration = st;
      }
      append(l.statement().toByteArray());
    }
    firstAchievement = achievement.get("body").get("achievement").asText();
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
    appendRuleBreakers(achievement, registration);
  }

  /** Appends to the rogue log the entries of the supersession and the actor tests. */
  private static void appendRuleBreakers(JsonNode achievement, JsonNode registration)
      throws Exception {
    Instant at = Instant.parse("2026-10-02T00:00:00Z");
    String college = WorkedScenario.COLLEGE;
    String cert = WorkedScenario.CERT;
    StatementSigner collegeSigner =
        new StatementSigner(WorkedScenario.ORIGIN, college, scenario.key(college));
    StatementSigner certSigner =
        new StatementSigner(WorkedScenario.ORIGIN, cert, scenario.key(cert));

    ObjectNode newer = (ObjectNode) achievement.get("body").deepCopy();
    newer.put("achievement", "X-NEW-1").put("supersedes", firstAchievement);
    supersedeSeq =
        append(collegeSigner.sign(StatementType.ACHIEVEMENT_RECORDED, "x-new-1", at, newer));

    // The college registers an institution: only the operator may.
    Ed25519PrivateKey rogueKey = Ed25519PrivateKey.generate(new SecureRandom());
    rogueDid = rogueKey.publicKey().toDidKey();
    ObjectNode reg = (ObjectNode) registration.get("body").deepCopy();
    reg.put("id", "X-ROGUE");
    reg.putArray("keys").add(rogueDid);
    badRegistrationSeq =
        append(collegeSigner.sign(StatementType.INSTITUTION_REGISTERED, "x-reg-1", at, reg));
    ObjectNode ach = (ObjectNode) achievement.get("body").deepCopy();
    ach.put("achievement", "X-ROGUE-1");
    rogueAchievementSeq =
        append(
            new StatementSigner(WorkedScenario.ORIGIN, "X-ROGUE", rogueKey)
                .sign(StatementType.ACHIEVEMENT_RECORDED, "x-rogue-1", at, ach));

    // The college gives the certification body a key: only the operator or the body may.
    Ed25519PrivateKey badKey = Ed25519PrivateKey.generate(new SecureRandom());
    badDid = badKey.publicKey().toDidKey();
    ObjectNode add = JsonNodeFactory.instance.objectNode().put("institution", cert);
    add.put("key", badDid);
    badKeyAddedSeq =
        append(collegeSigner.sign(StatementType.INSTITUTION_KEY_ADDED, "x-add-1", at, add));
    ach.put("achievement", "X-CERT-1");
    certWithBadKeySeq =
        append(
            new StatementSigner(WorkedScenario.ORIGIN, cert, badKey)
                .sign(StatementType.ACHIEVEMENT_RECORDED, "x-cert-1", at, ach));

    // A key signs its own revocation: the ledger never allows it.
    ObjectNode revoke = JsonNodeFactory.instance.objectNode().put("institution", cert);
    revoke.put("key", scenario.key(cert).publicKey().toDidKey()).put("reason", "retired");
    selfRevocationSeq =
        append(certSigner.sign(StatementType.INSTITUTION_KEY_REVOKED, "x-rev-1", at, revoke));

    // The body adds a key for itself: allowed, and what that key signs verifies.
    Ed25519PrivateKey goodKey = Ed25519PrivateKey.generate(new SecureRandom());
    ObjectNode own = JsonNodeFactory.instance.objectNode().put("institution", cert);
    own.put("key", goodKey.publicKey().toDidKey());
    goodKeyAddedSeq =
        append(certSigner.sign(StatementType.INSTITUTION_KEY_ADDED, "x-add-2", at, own));
    ach.put("achievement", "X-CERT-2");
    certWithGoodKeySeq =
        append(
            new StatementSigner(WorkedScenario.ORIGIN, cert, goodKey)
                .sign(StatementType.ACHIEVEMENT_RECORDED, "x-cert-2", at, ach));

    // The body then revokes that key (signing with its first key): what it signs after fails.
    goodDid = goodKey.publicKey().toDidKey();
    ObjectNode retire = JsonNodeFactory.instance.objectNode().put("institution", cert);
    retire.put("key", goodDid).put("reason", "retired");
    goodKeyRevokedSeq =
        append(certSigner.sign(StatementType.INSTITUTION_KEY_REVOKED, "x-rev-2", at, retire));
    ach.put("achievement", "X-CERT-3");
    certWithRevokedKeySeq =
        append(
            new StatementSigner(WorkedScenario.ORIGIN, cert, goodKey)
                .sign(StatementType.ACHIEVEMENT_RECORDED, "x-cert-3", at, ach));
  }

  private static long append(byte[] statement) throws Exception {
    return RawAppend.append(rogue, statement);
  }

  /** The exported bundle's entries, taken from the rogue log, plus extra seqs of it. */
  private static Bundle fromRogue(long... extra) throws Exception {
    long size = rogue.size();
    java.util.TreeSet<Long> seqs = new java.util.TreeSet<>();
    exported.entries().forEach(e -> seqs.add(e.seq()));
    for (long s : extra) {
      seqs.add(s);
    }
    List<BundleEntry> entries = new ArrayList<>();
    for (long s : seqs) {
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
        r.entries().stream()
            .filter(v -> v.status().isPresent())
            .allMatch(v -> v.status().get().equals(BundleReport.Status.ACTIVE)),
        r.entries().toString());
    assertTrue(r.entries().stream().noneMatch(v -> v.what().contains("NQC-2026-3301")));
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
  void export_allCurrent_holdsAchievementsConversionItsRuleAndTheSignersEntriesOnly()
      throws Exception {
    // The worked scenario: the learner's three current achievements, the conversion built on one
    // of them and its rule, the two issuers' registrations and the genesis (the operator's key,
    // which signed the registrations, the rule and the conversion). Not the enrolment, not the
    // revoked certificate nor its issuer, not the void conversion.
    List<String> got =
        BundleVerifier.check(exported, verifier).entries().stream()
            .map(v -> v.seq() + " " + v.what().substring(0, v.what().indexOf(' ')))
            .toList();
    assertEquals(
        List.of(
            "0 ledger.genesis",
            "2 institution.registered",
            "4 institution.registered",
            "6 achievement.recorded",
            "7 achievement.recorded",
            "9 achievement.recorded",
            "12 rule.published",
            "14 credit.converted"),
        got);
  }

  @Test
  void export_achievementSignedWithAnAddedKey_holdsTheKeyAddedAndItsRevocation() throws Exception {
    try (CreditLedger ledger =
        CreditLedger.create(
            shared.resolve("added-key"),
            scenario.checkpointSigner(),
            scenario.genesis(),
            OPTIONS)) {
      scenario.run(ledger, line -> {});
      JsonNode achievement = null;
      for (long s = 0; s < ledger.journal().size() && achievement == null; s++) {
        JsonNode st =
            StrictJson.withDefaults().parse(ledger.journal().leaf(s).statement().toByteArray());
        if (st.get("type").asText().equals("achievement.recorded")) {
          achievement = st;
        }
      }
      String by = achievement.get("actor").asText();
      Instant at = Instant.parse("2026-10-03T00:00:00Z");
      StatementSigner old = new StatementSigner(WorkedScenario.ORIGIN, by, scenario.key(by));
      Ed25519PrivateKey added = Ed25519PrivateKey.generate(new SecureRandom());
      ObjectNode key =
          JsonNodeFactory.instance
              .objectNode()
              .put("institution", by)
              .put("key", added.publicKey().toDidKey());
      long addedSeq =
          ledger
              .submit(old.sign(StatementType.INSTITUTION_KEY_ADDED, "x-key-add-1", at, key))
              .seq();
      ObjectNode body = (ObjectNode) achievement.get("body").deepCopy();
      body.put("achievement", "X-ADDED-1");
      long achievementSeq =
          ledger
              .submit(
                  new StatementSigner(WorkedScenario.ORIGIN, by, added)
                      .sign(StatementType.ACHIEVEMENT_RECORDED, "x-added-1", at, body))
              .seq();
      key.put("reason", "retired");
      long revokedSeq =
          ledger
              .submit(old.sign(StatementType.INSTITUTION_KEY_REVOKED, "x-key-rev-1", at, key))
              .seq();

      Bundle b = ledger.export(LEARNER, List.of(new AchievementRef(by, "X-ADDED-1")));
      BundleReport r = BundleVerifier.check(b, verifier);
      assertEquals(List.of(), r.failures());
      long registration = seqOf(r, "institution.registered " + by + " ");
      assertEquals(
          List.of(0L, registration, addedSeq, achievementSeq, revokedSeq),
          b.entries().stream().map(BundleEntry::seq).toList());
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
    assertTrue(f.startsWith("bad statement: proof at /proof does not verify: "), f);
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
                + "\" at /ledger, want \""
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

  private static BundleReport.Verdict verdictOf(BundleReport r, long seq) {
    return r.entries().stream().filter(v -> v.seq() == seq).findFirst().orElseThrow();
  }

  private static long seqOf(BundleReport r, String whatPrefix) {
    return r.entries().stream()
        .filter(v -> v.what().startsWith(whatPrefix))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + whatPrefix + " in " + r.entries()))
        .seq();
  }

  @Test
  void check_bundleWithRevokedCertificate_failsItAndItsVoidConversion() throws Exception {
    BundleReport r = BundleVerifier.check(withRevoked, verifier);
    long cert = seqOf(r, "achievement.recorded NURSE-CERT/NQC-2026-3301:");
    long conversion = seqOf(r, "credit.converted CITY-OU/");
    long revocation = seqOf(r, "achievement.revoked NURSE-CERT/NQC-2026-3301");
    BundleReport.Verdict conv = verdictOf(r, conversion);
    assertTrue(conv.what().contains("under rule R-NQC"), conv.what());
    assertEquals(
        List.of(
            "seq " + cert + ": revoked at seq " + revocation + " by NURSE-CERT",
            "seq "
                + conversion
                + ": void: source NURSE-CERT/NQC-2026-3301 revoked at seq "
                + revocation),
        r.failures());
    assertEquals(
        Optional.of(BundleReport.Status.ended(BundleReport.State.REVOKED, revocation)),
        verdictOf(r, cert).status());
    assertEquals(
        Optional.of(BundleReport.Status.ended(BundleReport.State.VOID, revocation)), conv.status());
    assertEquals(Optional.empty(), verdictOf(r, revocation).status());
    assertTrue(verdictOf(r, revocation).ok());
    assertTrue(r.failed());
    BundleVerificationException e =
        assertThrows(
            BundleVerificationException.class, () -> BundleVerifier.verify(withRevoked, verifier));
    assertEquals(
        "seq " + cert + ": revoked at seq " + revocation + " by NURSE-CERT", e.getMessage());
  }

  @Test
  void check_supersededAchievement_failsItAndVoidsItsConversion() throws Exception {
    BundleReport r = BundleVerifier.check(fromRogue(supersedeSeq), verifier);
    String ref = WorkedScenario.COLLEGE + "/" + firstAchievement;
    BundleReport.Verdict old = verdictOf(r, firstAchievementSeq);
    assertEquals(
        Optional.of(BundleReport.Status.ended(BundleReport.State.SUPERSEDED, supersedeSeq)),
        old.status());
    assertEquals(
        Optional.of(
            "superseded at seq " + supersedeSeq + " by " + WorkedScenario.COLLEGE + "/X-NEW-1"),
        old.failure());
    List<BundleReport.Verdict> voided =
        r.entries().stream()
            .filter(v -> v.status().isPresent())
            .filter(v -> v.status().get().state() == BundleReport.State.VOID)
            .toList();
    assertEquals(1, voided.size(), r.entries().toString());
    assertEquals(
        Optional.of("void: source " + ref + " superseded at seq " + supersedeSeq),
        voided.get(0).failure());
    assertEquals(OptionalLong.of(supersedeSeq), voided.get(0).status().get().endedAt());
    BundleReport.Verdict newer = verdictOf(r, supersedeSeq);
    assertEquals(Optional.of(BundleReport.Status.ACTIVE), newer.status());
    assertTrue(newer.ok(), newer.toString());
    assertEquals(2, r.failures().size(), r.failures().toString());
  }

  @Test
  void check_statementSignedWithAKeyRevokedBeforeIt_fails() throws Exception {
    Bundle b =
        fromRogue(
            certRegistrationSeq(),
            goodKeyAddedSeq,
            certWithGoodKeySeq,
            goodKeyRevokedSeq,
            certWithRevokedKeySeq);
    String want =
        "seq "
            + certWithRevokedKeySeq
            + ": signed with "
            + goodDid
            + " of "
            + WorkedScenario.CERT
            + ", revoked at seq "
            + goodKeyRevokedSeq
            + " before it";
    // What the key signed before its revocation still verifies.
    assertEquals(List.of(want), BundleVerifier.check(b, verifier).failures());
  }

  /** The certification body's registration: its only achievement is not in the current export. */
  private static long certRegistrationSeq() {
    return withRevoked.entries().stream()
        .filter(e -> !exported.entries().contains(e))
        .filter(
            e ->
                new String(e.leaf().toByteArray(), StandardCharsets.UTF_8)
                    .contains("\"type\":\"institution.registered\""))
        .findFirst()
        .orElseThrow()
        .seq();
  }

  @Test
  void check_registrationAndKeyChangesByUnauthorisedActors_failAndGiveNoKey() throws Exception {
    Bundle b =
        fromRogue(
            certRegistrationSeq(),
            badRegistrationSeq,
            rogueAchievementSeq,
            badKeyAddedSeq,
            certWithBadKeySeq,
            selfRevocationSeq,
            goodKeyAddedSeq,
            certWithGoodKeySeq);
    String certDid = scenario.key(WorkedScenario.CERT).publicKey().toDidKey();
    assertEquals(
        List.of(
            "seq "
                + badRegistrationSeq
                + ": want institution.registered signed by the operator CITY-OU, got actor"
                + " NURSE-VC",
            "seq "
                + rogueAchievementSeq
                + ": signed with "
                + rogueDid
                + ", which no entry of the bundle gives to X-ROGUE before seq "
                + rogueAchievementSeq,
            "seq "
                + badKeyAddedSeq
                + ": want institution.keyAdded signed by the operator CITY-OU or by NURSE-CERT"
                + " itself, got actor NURSE-VC",
            "seq "
                + certWithBadKeySeq
                + ": signed with "
                + badDid
                + ", which no entry of the bundle gives to NURSE-CERT before seq "
                + certWithBadKeySeq,
            "seq "
                + selfRevocationSeq
                + ": want institution.keyRevoked signed with a key other than the one it"
                + " revokes, got "
                + certDid),
        BundleVerifier.check(b, verifier).failures());
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
            new String[] {
              good.replace("\"version\": 1", "\"version\": 1.0"),
              "want version 1 as a JSON integer (no fraction or exponent) at /version, got 1.0"
            },
            new String[] {
              good.replace("\"version\": 1", "\"version\": 1e0"),
              "want version 1 as a JSON integer (no fraction or exponent) at /version, got 1"
            },
            new String[] {
              good.replaceFirst("\"proof\": \\[\"([A-Za-z0-9+/]{43})=\"", "\"proof\": [\"$1\""),
              "want canonical padded base64 at /entries/0/proof/0"
            },
            new String[] {
              good.replace("\"version\": 1,", "\"version\": 1, \"x\": [[[[[[[[1]]]]]]]],"),
              "bundle is not strict JSON: nesting depth 9 at byte 63 (/x/0/0/0/0/0/0/0), want at"
                  + " most 8"
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
    assertEquals(10, cases.size());
    assertEquals(List.of(), failures);
    assertFalse(good.isEmpty());
  }
}
