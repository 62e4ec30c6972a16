package org.creditbank.ledger;

import static org.creditbank.ledger.BankWorld.OPERATOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.creditbank.ledger.bank.BankMachine;
import org.creditbank.ledger.bank.BankRejectedException;
import org.creditbank.ledger.bank.InstitutionKind;
import org.creditbank.ledger.bank.InstitutionRecord;
import org.creditbank.ledger.bank.KeyChangeBody;
import org.creditbank.ledger.bank.KeyRevocationReason;
import org.creditbank.ledger.bank.LearnerEnrolledBody;
import org.creditbank.ledger.bank.OutcomeKind;
import org.creditbank.ledger.bank.RejectCode;
import org.creditbank.ledger.bank.Statement;
import org.creditbank.ledger.bank.StatementException;
import org.creditbank.ledger.bank.StatementSigner;
import org.creditbank.ledger.bank.VerifiedStatement;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.journal.Journal;
import org.creditbank.ledger.journal.Receipt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules of {@code ledger.genesis}, {@code institution.*} and the key checks of every type. */
class InstitutionRulesTest {
  @TempDir Path tmp;

  private BankWorld world() throws Exception {
    return BankWorld.create(tmp.resolve("ledger"));
  }

  private static InstitutionRecord institution(BankWorld w, String id) throws Exception {
    return w.ledger.read(q -> q.institution(id)).orElseThrow();
  }

  // ---------------------------------------------------------------- genesis

  @Test
  void genesis_operatorSigned_createsOperatorWithItsKey() throws Exception {
    try (BankWorld w = world()) {
      assertEquals(BankWorld.ORIGIN, w.ledger.genesis().orElseThrow().origin());
      List<InstitutionRecord> all = w.ledger.institutions();
      assertEquals(1, all.size());
      InstitutionRecord op = all.get(0);
      assertEquals(OPERATOR, op.id());
      assertEquals(Optional.empty(), op.kind());
      assertEquals(EnumSet.allOf(OutcomeKind.class), op.permissions().issue());
      assertTrue(op.permissions().enrol());
      assertTrue(op.permissions().acceptConversions());
      assertEquals(
          List.of(
              new InstitutionRecord.KeyRecord(
                  w.did(OPERATOR), 0, OptionalLong.empty(), Optional.empty())),
          op.keys());
      assertEquals(1, w.ledger.journal().size());
    }
  }

  @Test
  void genesis_second_rejectsGenesisOrder() throws Exception {
    try (BankWorld w = world()) {
      w.reject(
          RejectCode.GENESIS_ORDER,
          "/type",
          "want ledger.genesis at /type only at seq 0, got it at seq 1",
          OPERATOR,
          BankWorld.genesisBody(w.key(OPERATOR)));
    }
  }

  @Test
  void create_firstStatementNotGenesis_rejectsGenesisOrderAndLeavesNothing() throws Exception {
    Path dir = tmp.resolve("never");
    byte[] enrol =
        new StatementSigner(BankWorld.ORIGIN, OPERATOR, BankWorld.seeded(1))
            .sign("e1", BankWorld.START, new LearnerEnrolledBody("L-000001", Optional.empty()));
    BankWorld.TestClock clock = new BankWorld.TestClock(BankWorld.START);
    StatementException e =
        assertThrows(
            StatementException.class,
            () ->
                CreditLedger.create(
                    dir,
                    org.creditbank.ledger.note.NoteSigner.of(BankWorld.ORIGIN, BankWorld.seeded(2)),
                    enrol,
                    BankWorld.options(clock)));
    assertEquals(RejectCode.GENESIS_ORDER, e.code());
    assertEquals("/type", e.field());
    assertEquals(
        "want ledger.genesis at /type as the ledger's first statement, got learner.enrolled",
        e.getMessage());
    assertFalse(Files.exists(dir));
  }

  @Test
  void apply_firstEntryNotGenesis_rejectsGenesisOrder() throws Exception {
    // CreditLedger.create checks this before the journal exists; the state machine checks it too,
    // for journals opened without the facade.
    BankWorld.TestClock clock = new BankWorld.TestClock(BankWorld.START);
    byte[] enrol =
        new StatementSigner(BankWorld.ORIGIN, OPERATOR, BankWorld.seeded(1))
            .sign("e1", BankWorld.START, new LearnerEnrolledBody("L-000001", Optional.empty()));
    try (Journal<VerifiedStatement> j =
        Journal.create(
            tmp.resolve("raw"),
            org.creditbank.ledger.note.NoteSigner.of(BankWorld.ORIGIN, BankWorld.seeded(2)),
            new BankMachine(),
            BankWorld.options(clock))) {
      VerifiedStatement v = VerifiedStatement.of(Statement.parse(enrol, BankWorld.ORIGIN));
      BankRejectedException e =
          assertThrows(BankRejectedException.class, () -> j.append(v.toSubmission()));
      assertEquals(RejectCode.GENESIS_ORDER, e.rejectCode());
      assertEquals("/type", e.field());
      assertEquals(
          "want ledger.genesis at /type as the ledger's first statement, got learner.enrolled",
          e.getMessage());
      assertEquals(0, j.size());
    }
  }

  private StatementException createFails(String actor, Ed25519PrivateKey signer) {
    Path dir = tmp.resolve("refused");
    byte[] genesis =
        new StatementSigner(BankWorld.ORIGIN, actor, signer)
            .sign("genesis", BankWorld.START, BankWorld.genesisBody(BankWorld.seeded(1)));
    StatementException e =
        assertThrows(
            StatementException.class,
            () ->
                CreditLedger.create(
                    dir,
                    org.creditbank.ledger.note.NoteSigner.of(BankWorld.ORIGIN, BankWorld.seeded(2)),
                    genesis,
                    BankWorld.options(new BankWorld.TestClock(BankWorld.START))));
    assertFalse(Files.exists(dir), "a refused genesis leaves no ledger behind");
    return e;
  }

  @Test
  void genesis_actorNotOperator_rejectsNotPermitted() {
    StatementException e = createFails("OTHER-OU", BankWorld.seeded(1));
    assertEquals(RejectCode.NOT_PERMITTED, e.code());
    assertEquals("/actor", e.field());
    assertEquals(
        "want the operator \"CITY-OU\" as the genesis actor at /actor, got \"OTHER-OU\"",
        e.getMessage());
  }

  @Test
  void genesis_signedWithOtherKey_rejectsNotPermitted() {
    StatementException e = createFails(OPERATOR, BankWorld.seeded(3));
    assertEquals(RejectCode.NOT_PERMITTED, e.code());
    assertEquals("/proof/verificationMethod", e.field());
    assertEquals(
        "want the genesis signed by the operator key "
            + BankWorld.seeded(1).publicKey().toDidKey()
            + " at /proof/verificationMethod, got "
            + BankWorld.seeded(3).publicKey().toDidKey(),
        e.getMessage());
  }

  // ---------------------------------------------------------------- institution.registered

  @Test
  void register_byOperator_recordsInstitutionPermissionsAndKey() throws Exception {
    try (BankWorld w = world()) {
      w.register("UNI", InstitutionKind.UNIVERSITY, Set.of(OutcomeKind.COURSE), true, true);
      Ed25519PrivateKey k = w.newKey();
      Receipt r =
          w.submit(
              OPERATOR,
              BankWorld.institution(
                  "UNI-NURSING",
                  InstitutionKind.UNIVERSITY,
                  k,
                  Set.of(OutcomeKind.TRAINING),
                  false,
                  false,
                  Optional.of("UNI")));
      List<InstitutionRecord> all = w.ledger.institutions();
      assertEquals(List.of(OPERATOR, "UNI", "UNI-NURSING"), all.stream().map(i -> i.id()).toList());
      InstitutionRecord sub = all.get(2);
      assertEquals(Optional.of(InstitutionKind.UNIVERSITY), sub.kind());
      assertEquals(Optional.of("UNI"), sub.parent());
      assertEquals(Set.of(OutcomeKind.TRAINING), sub.permissions().issue());
      assertFalse(sub.permissions().enrol());
      assertFalse(sub.permissions().acceptConversions());
      assertEquals(r.seq(), sub.seq());
      assertEquals(
          List.of(
              new InstitutionRecord.KeyRecord(
                  k.publicKey().toDidKey(), r.seq(), OptionalLong.empty(), Optional.empty())),
          sub.keys());
    }
  }

  @Test
  void register_byNonOperator_rejectsNotPermitted() throws Exception {
    try (BankWorld w = world()) {
      w.register("UNI", InstitutionKind.UNIVERSITY, Set.of(OutcomeKind.COURSE), true, true);
      w.reject(
          RejectCode.NOT_PERMITTED,
          "/actor",
          "want the operator \"CITY-OU\" at /actor to register institutions, got \"UNI\"",
          "UNI",
          BankWorld.institution(
              "X1",
              InstitutionKind.ENTERPRISE,
              w.newKey(),
              Set.of(),
              false,
              false,
              Optional.empty()));
    }
  }

  @Test
  void register_existingId_rejectsDuplicateId() throws Exception {
    try (BankWorld w = world()) {
      w.register("UNI", InstitutionKind.UNIVERSITY, Set.of(OutcomeKind.COURSE), true, true);
      w.reject(
          RejectCode.DUPLICATE_ID,
          "/body/id",
          "want a new institution id at /body/id, got \"UNI\", registered",
          OPERATOR,
          BankWorld.institution(
              "UNI",
              InstitutionKind.ENTERPRISE,
              w.newKey(),
              Set.of(),
              false,
              false,
              Optional.empty()));
    }
  }

  @Test
  void register_unknownParent_rejectsUnknownInstitution() throws Exception {
    try (BankWorld w = world()) {
      w.reject(
          RejectCode.UNKNOWN_INSTITUTION,
          "/body/parent",
          "want a registered institution at /body/parent, got \"NOPE\"",
          OPERATOR,
          BankWorld.institution(
              "UNI",
              InstitutionKind.ENTERPRISE,
              w.newKey(),
              Set.of(),
              false,
              false,
              Optional.of("NOPE")));
    }
  }

  @Test
  void register_keyOfAnotherInstitution_rejectsDuplicateId() throws Exception {
    try (BankWorld w = world()) {
      w.register("UNI", InstitutionKind.UNIVERSITY, Set.of(OutcomeKind.COURSE), true, true);
      w.reject(
          RejectCode.DUPLICATE_ID,
          "/body/keys/0",
          "want a key never registered before at /body/keys/0, got "
              + w.did("UNI")
              + ", registered to \"UNI\"",
          OPERATOR,
          BankWorld.institution(
              "X1",
              InstitutionKind.ENTERPRISE,
              w.key("UNI"),
              Set.of(),
              false,
              false,
              Optional.empty()));
    }
  }

  // ---------------------------------------------------------------- the signing key

  @Test
  void submit_unregisteredKey_rejectsNotPermitted() throws Exception {
    try (BankWorld w = world()) {
      w.register("UNI", InstitutionKind.UNIVERSITY, Set.of(OutcomeKind.COURSE), true, true);
      Ed25519PrivateKey stranger = w.newKey();
      w.useKey("UNI", stranger);
      w.reject(
          RejectCode.NOT_PERMITTED,
          "/proof/verificationMethod",
          "want a key of \"UNI\" at /proof/verificationMethod, got "
              + stranger.publicKey().toDidKey()
              + ", which no institution registered",
          "UNI",
          new LearnerEnrolledBody("L-000001", Optional.empty()));
    }
  }

  @Test
  void submit_unregisteredActor_rejectsNotPermitted() throws Exception {
    try (BankWorld w = world()) {
      Ed25519PrivateKey k = w.newKey();
      w.useKey("GHOST", k);
      w.reject(
          RejectCode.NOT_PERMITTED,
          "/proof/verificationMethod",
          "want a key of \"GHOST\" at /proof/verificationMethod, got "
              + k.publicKey().toDidKey()
              + ", which no institution registered",
          "GHOST",
          new LearnerEnrolledBody("L-000001", Optional.empty()));
    }
  }

  @Test
  void submit_keyOfAnotherInstitution_rejectsNotPermitted() throws Exception {
    try (BankWorld w = world()) {
      w.register("UNI", InstitutionKind.UNIVERSITY, Set.of(OutcomeKind.COURSE), true, true);
      w.register("COLLEGE", InstitutionKind.VOCATIONAL_COLLEGE, Set.of(), true, false);
      w.useKey("COLLEGE", w.key("UNI"));
      w.reject(
          RejectCode.NOT_PERMITTED,
          "/proof/verificationMethod",
          "want a key of \"COLLEGE\" at /proof/verificationMethod, got "
              + w.did("UNI")
              + ", a key of \"UNI\"",
          "COLLEGE",
          new LearnerEnrolledBody("L-000001", Optional.empty()));
    }
  }

  // ---------------------------------------------------------------- institution.keyAdded

  @Test
  void keyAdded_byItselfAndByOperator_addsKeysThatSign() throws Exception {
    try (BankWorld w = world()) {
      w.register("UNI", InstitutionKind.UNIVERSITY, Set.of(OutcomeKind.COURSE), true, true);
      Ed25519PrivateKey k1 = w.key("UNI");
      Ed25519PrivateKey k2 = w.newKey();
      Ed25519PrivateKey k3 = w.newKey();
      Receipt r2 = w.submit("UNI", KeyChangeBody.added("UNI", k2.publicKey()));
      Receipt r3 = w.submit(OPERATOR, KeyChangeBody.added("UNI", k3.publicKey()));
      assertEquals(
          List.of(k1.publicKey().toDidKey(), k2.publicKey().toDidKey(), k3.publicKey().toDidKey()),
          institution(w, "UNI").keys().stream().map(InstitutionRecord.KeyRecord::didKey).toList());
      assertEquals(r2.seq(), institution(w, "UNI").keys().get(1).addedSeq());
      assertEquals(r3.seq(), institution(w, "UNI").keys().get(2).addedSeq());
      assertEquals(3, institution(w, "UNI").activeKeys());
      w.useKey("UNI", k3);
      w.enrol("UNI", "L-000001");
      assertTrue(w.ledger.learner("L-000001").isPresent());
    }
  }

  @Test
  void keyAdded_forAnotherInstitution_rejectsNotPermitted() throws Exception {
    try (BankWorld w = world()) {
      w.register("UNI", InstitutionKind.UNIVERSITY, Set.of(OutcomeKind.COURSE), true, true);
      w.register("COLLEGE", InstitutionKind.VOCATIONAL_COLLEGE, Set.of(), true, false);
      w.reject(
          RejectCode.NOT_PERMITTED,
          "/body/institution",
          "want the actor's own id \"UNI\" at /body/institution (only the operator changes another"
              + " institution's keys), got \"COLLEGE\"",
          "UNI",
          KeyChangeBody.added("COLLEGE", w.newKey().publicKey()));
    }
  }

  @Test
  void keyAdded_unknownInstitution_rejectsUnknownInstitution() throws Exception {
    try (BankWorld w = world()) {
      w.reject(
          RejectCode.UNKNOWN_INSTITUTION,
          "/body/institution",
          "want a registered institution at /body/institution, got \"NOPE\"",
          OPERATOR,
          KeyChangeBody.added("NOPE", w.newKey().publicKey()));
    }
  }

  @Test
  void keyAdded_registeredKey_rejectsDuplicateId() throws Exception {
    try (BankWorld w = world()) {
      w.register("UNI", InstitutionKind.UNIVERSITY, Set.of(OutcomeKind.COURSE), true, true);
      w.reject(
          RejectCode.DUPLICATE_ID,
          "/body/key",
          "want a key never registered before at /body/key, got "
              + w.did(OPERATOR)
              + ", registered to \"CITY-OU\"",
          "UNI",
          KeyChangeBody.added("UNI", w.key(OPERATOR).publicKey()));
    }
  }

  // ---------------------------------------------------------------- institution.keyRevoked

  @Test
  void keyRevoked_withAnotherKey_revokesAndKeepsEarlierStatements() throws Exception {
    try (BankWorld w = world()) {
      w.register("UNI", InstitutionKind.UNIVERSITY, Set.of(OutcomeKind.COURSE), true, true);
      Ed25519PrivateKey k1 = w.key("UNI");
      Ed25519PrivateKey k2 = w.newKey();
      Receipt enrolled = w.enrol("UNI", "L-000001");
      // Signed while k1 is active, submitted after its revocation: the ledger's order decides.
      byte[] late =
          w.sign("UNI", k1, "late-1", new LearnerEnrolledBody("L-000002", Optional.empty()));
      w.submit("UNI", KeyChangeBody.added("UNI", k2.publicKey()));
      w.useKey("UNI", k2);
      Receipt revoked =
          w.submit(
              "UNI", KeyChangeBody.revoked("UNI", k1.publicKey(), KeyRevocationReason.COMPROMISED));
      InstitutionRecord.KeyRecord rec =
          institution(w, "UNI").key(k1.publicKey().toDidKey()).orElseThrow();
      assertEquals(OptionalLong.of(revoked.seq()), rec.revokedSeq());
      assertEquals(Optional.of(KeyRevocationReason.COMPROMISED), rec.reason());
      assertTrue(rec.activeAt(enrolled.seq()));
      assertFalse(rec.activeAt(revoked.seq()));
      assertEquals(1, institution(w, "UNI").activeKeys());

      long size = w.ledger.journal().size();
      StatementException e = assertThrows(StatementException.class, () -> w.ledger.submit(late));
      assertEquals(RejectCode.KEY_REVOKED, e.code());
      assertEquals("/proof/verificationMethod", e.field());
      assertEquals(
          "key "
              + k1.publicKey().toDidKey()
              + " of \"UNI\" at /proof/verificationMethod was revoked at seq "
              + revoked.seq()
              + "; it signs nothing after that",
          e.getMessage());
      assertEquals(size, w.ledger.journal().size());
      // What k1 signed before stays: the learner, and the leaf in the log.
      assertTrue(w.ledger.learner("L-000001").isPresent());
      assertFalse(w.ledger.learner("L-000002").isPresent());
      assertEquals(w.ledger.journal().leaf(enrolled.seq()).hash(), enrolled.leafHash());
      // The new key signs.
      w.enrol("UNI", "L-000003");
    }
  }

  @Test
  void keyRevoked_byOperatorLastKeyOfInstitution_institutionSignsNothing() throws Exception {
    try (BankWorld w = world()) {
      w.register("UNI", InstitutionKind.UNIVERSITY, Set.of(OutcomeKind.COURSE), true, true);
      Receipt r =
          w.submit(
              OPERATOR,
              KeyChangeBody.revoked("UNI", w.key("UNI").publicKey(), KeyRevocationReason.RETIRED));
      assertEquals(0, institution(w, "UNI").activeKeys());
      w.reject(
          RejectCode.KEY_REVOKED,
          "/proof/verificationMethod",
          "key "
              + w.did("UNI")
              + " of \"UNI\" at /proof/verificationMethod was revoked at seq "
              + r.seq()
              + "; it signs nothing after that",
          "UNI",
          new LearnerEnrolledBody("L-000001", Optional.empty()));
      // The operator can give it a key again.
      Ed25519PrivateKey k = w.newKey();
      w.submit(OPERATOR, KeyChangeBody.added("UNI", k.publicKey()));
      w.useKey("UNI", k);
      w.enrol("UNI", "L-000001");
    }
  }

  @Test
  void keyRevoked_keyNotTheInstitutions_rejectsUnknownKey() throws Exception {
    try (BankWorld w = world()) {
      w.register("UNI", InstitutionKind.UNIVERSITY, Set.of(OutcomeKind.COURSE), true, true);
      String other = w.did(OPERATOR);
      w.reject(
          RejectCode.UNKNOWN_KEY,
          "/body/key",
          "want a key of \"UNI\" at /body/key, got " + other,
          "UNI",
          KeyChangeBody.revoked("UNI", w.key(OPERATOR).publicKey(), KeyRevocationReason.OTHER));
      Ed25519PrivateKey never = w.newKey();
      w.reject(
          RejectCode.UNKNOWN_KEY,
          "/body/key",
          "want a key of \"UNI\" at /body/key, got " + never.publicKey().toDidKey(),
          "UNI",
          KeyChangeBody.revoked("UNI", never.publicKey(), KeyRevocationReason.OTHER));
    }
  }

  @Test
  void keyRevoked_twice_rejectsKeyRevoked() throws Exception {
    try (BankWorld w = world()) {
      w.register("UNI", InstitutionKind.UNIVERSITY, Set.of(OutcomeKind.COURSE), true, true);
      Ed25519PrivateKey k1 = w.key("UNI");
      Ed25519PrivateKey k2 = w.newKey();
      w.submit("UNI", KeyChangeBody.added("UNI", k2.publicKey()));
      w.useKey("UNI", k2);
      Receipt r =
          w.submit(
              "UNI", KeyChangeBody.revoked("UNI", k1.publicKey(), KeyRevocationReason.RETIRED));
      w.reject(
          RejectCode.KEY_REVOKED,
          "/body/key",
          "want an active key at /body/key, got "
              + k1.publicKey().toDidKey()
              + ", revoked at seq "
              + r.seq(),
          "UNI",
          KeyChangeBody.revoked("UNI", k1.publicKey(), KeyRevocationReason.RETIRED));
    }
  }

  @Test
  void keyRevoked_signedWithItself_rejectsNotPermitted() throws Exception {
    try (BankWorld w = world()) {
      w.register("UNI", InstitutionKind.UNIVERSITY, Set.of(OutcomeKind.COURSE), true, true);
      w.submit("UNI", KeyChangeBody.added("UNI", w.newKey().publicKey()));
      w.reject(
          RejectCode.NOT_PERMITTED,
          "/body/key",
          "want the revocation at /body/key signed with another active key than the one it revokes,"
              + " got "
              + w.did("UNI")
              + " signing its own revocation",
          "UNI",
          KeyChangeBody.revoked("UNI", w.key("UNI").publicKey(), KeyRevocationReason.RETIRED));
    }
  }

  @Test
  void keyRevoked_operatorsOnlyKey_rejectsNotPermitted() throws Exception {
    // Only the operator changes the operator's keys, and never with the key revoked, so the
    // operator always keeps an active key: revoking its only key is a self-revocation.
    try (BankWorld w = world()) {
      w.reject(
          RejectCode.NOT_PERMITTED,
          "/body/key",
          "want the revocation at /body/key signed with another active key than the one it revokes,"
              + " got "
              + w.did(OPERATOR)
              + " signing its own revocation",
          OPERATOR,
          KeyChangeBody.revoked(
              OPERATOR, w.key(OPERATOR).publicKey(), KeyRevocationReason.RETIRED));
      Ed25519PrivateKey k2 = w.newKey();
      Ed25519PrivateKey k1 = w.key(OPERATOR);
      w.submit(OPERATOR, KeyChangeBody.added(OPERATOR, k2.publicKey()));
      w.useKey(OPERATOR, k2);
      w.submit(
          OPERATOR, KeyChangeBody.revoked(OPERATOR, k1.publicKey(), KeyRevocationReason.RETIRED));
      assertEquals(1, institution(w, OPERATOR).activeKeys());
      w.reject(
          RejectCode.NOT_PERMITTED,
          "/body/key",
          "want the revocation at /body/key signed with another active key than the one it revokes,"
              + " got "
              + k2.publicKey().toDidKey()
              + " signing its own revocation",
          OPERATOR,
          KeyChangeBody.revoked(OPERATOR, k2.publicKey(), KeyRevocationReason.RETIRED));
    }
  }
}
