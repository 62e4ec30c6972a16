package org.creditbank.ledger.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.merkle.ProofVerifier;
import org.creditbank.ledger.note.Checkpoint;
import org.creditbank.ledger.note.NoteSigner;
import org.creditbank.ledger.util.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalSmokeTest {
  static final NoteSigner SIGNER =
      NoteSigner.of("test.example/ledger", Ed25519PrivateKey.fromSeed(new byte[32]));

  static Submission<Void> stmt(String actor, String id, String value) {
    String json = "{\"actor\":\"" + actor + "\",\"id\":\"" + id + "\",\"v\":\"" + value + "\"}";
    return new Submission<>(actor, id, Bytes.copyFrom(json.getBytes(StandardCharsets.UTF_8)), null);
  }

  @Test
  void append_threeStatements_receiptsVerifyAndSurviveReopen(@TempDir Path dir) throws Exception {
    Path d = dir.resolve("ledger");
    Receipt r2;
    try (Journal<Void> j =
        Journal.create(d, SIGNER, StateMachine.acceptAll(), JournalOptions.DEFAULT)) {
      Receipt r0 = j.append(stmt("A", "1", "x"));
      Receipt r1 = j.append(stmt("A", "2", "y"));
      r2 = j.append(stmt("B", "1", "z"));
      assertEquals(0, r0.seq());
      assertEquals(1, r1.seq());
      assertEquals(2, r2.seq());
      for (Receipt r : new Receipt[] {r0, r1, r2}) {
        Checkpoint cp = r.tree();
        r.checkpoint().verify(SIGNER.verifier());
        ProofVerifier.verifyInclusion(
            r.seq(), cp.size(), r.leafHash(), r.inclusionProof(), cp.root());
      }
      Receipt again = j.append(stmt("A", "1", "x"));
      assertTrue(again.repeat());
      assertEquals(0, again.seq());
      assertEquals(r0.leafHash(), again.leafHash());
      RejectedException e =
          assertThrows(RejectedException.class, () -> j.append(stmt("A", "1", "other")));
      assertEquals(RejectedException.DUPLICATE_ID, e.code());
      assertEquals(3, j.size());
      assertEquals(r0.leafHash(), j.leaf(1).prev());
    }
    try (Journal<Void> j =
        Journal.open(d, SIGNER, StateMachine.acceptAll(), JournalOptions.DEFAULT)) {
      assertEquals(3, j.size());
      assertEquals(r2.tree().root(), j.root());
      Receipt r3 = j.append(stmt("B", "2", "w"));
      assertEquals(3, r3.seq());
      assertEquals(r2.leafHash(), j.leaf(3).prev());
      assertFalse(r3.repeat());
    }
  }

  @Test
  void toTlogProof_receipt_roundTripsAndVerifies(@TempDir Path dir) throws Exception {
    try (Journal<Void> j =
        Journal.create(
            dir.resolve("ledger"), SIGNER, StateMachine.acceptAll(), JournalOptions.DEFAULT)) {
      j.append(stmt("A", "1", "x"));
      Receipt r = j.append(stmt("A", "2", "y"));
      j.append(stmt("A", "3", "z"));
      org.creditbank.ledger.note.TlogProof p =
          org.creditbank.ledger.note.TlogProof.parse(r.toTlogProof().toBytes());
      assertEquals(r.seq(), p.index());
      assertEquals(r.inclusionProof(), p.hashes());
      p.checkpoint().verify(SIGNER.verifier());
      Checkpoint cp = p.checkpointBody();
      assertEquals(r.tree(), cp);
      ProofVerifier.verifyInclusion(p.index(), cp.size(), r.leafHash(), p.hashes(), cp.root());
    }
  }

  @Test
  void append_asyncDurability_receiptsAndReopenAgree(@TempDir Path dir) throws Exception {
    Path d = dir.resolve("ledger");
    JournalOptions async = JournalOptions.DEFAULT.withDurability(Durability.ASYNC);
    Receipt last;
    try (Journal<Void> j = Journal.create(d, SIGNER, StateMachine.acceptAll(), async)) {
      j.append(stmt("A", "1", "x"));
      j.append(stmt("A", "2", "y"));
      last = j.append(stmt("A", "3", "z"));
      ProofVerifier.verifyInclusion(
          last.seq(),
          last.tree().size(),
          last.leafHash(),
          last.inclusionProof(),
          last.tree().root());
    }
    try (Journal<Void> j = Journal.open(d, SIGNER, StateMachine.acceptAll(), async)) {
      assertEquals(3, j.size());
      assertEquals(last.tree().root(), j.root());
      assertEquals(last.leafHash(), j.leaf(2).hash());
    }
  }
}
