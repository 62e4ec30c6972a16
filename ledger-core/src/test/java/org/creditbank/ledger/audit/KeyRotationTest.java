package org.creditbank.ledger.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.bundle.Bundle;
import org.creditbank.ledger.bundle.BundleReport;
import org.creditbank.ledger.bundle.BundleVerifier;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.demo.WorkedScenario;
import org.creditbank.ledger.journal.CorruptionException;
import org.creditbank.ledger.journal.JournalOptions;
import org.creditbank.ledger.journal.StorageException;
import org.creditbank.ledger.note.CheckpointVerifier;
import org.creditbank.ledger.note.NoteSigner;
import org.creditbank.ledger.note.NoteVerificationException;
import org.creditbank.ledger.note.SignedNote;
import org.creditbank.ledger.note.TlogProof;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rotation of the operator's checkpoint key end to end on the worked scenario (about 10 s: three
 * audits): the old key alone, then old and new co-signing, then the new key alone; who can verify
 * what at each stage, and an audit over the whole history.
 */
class KeyRotationTest {
  @TempDir Path tmp;

  private final WorkedScenario s = new WorkedScenario();
  private final NoteSigner oldKey = s.checkpointSigner();
  private final NoteSigner newKey = NoteSigner.of(WorkedScenario.ORIGIN, seeded(9));
  private final CheckpointVerifier oldOnly = CheckpointVerifier.of(oldKey.verifier());
  private final CheckpointVerifier newOnly = CheckpointVerifier.of(newKey.verifier());
  private final CheckpointVerifier both =
      CheckpointVerifier.of(oldKey.verifier(), newKey.verifier());

  private static Ed25519PrivateKey seeded(int b) {
    byte[] seed = new byte[32];
    seed[31] = (byte) b;
    return Ed25519PrivateKey.fromSeed(seed);
  }

  private static AuditOptions options() {
    return AuditOptions.defaults().withThreads(2);
  }

  @Test
  void rotation_oldThenBothThenNew_eachVerifierSeesWhatItShould() throws Exception {
    Path dir = tmp.resolve("ledger");
    List<WorkedScenario.Step> steps = new ArrayList<>(s.steps());
    steps.add(s.revocation());
    int third = steps.size() / 3;
    try (CreditLedger l = CreditLedger.create(dir, oldKey, s.genesis(), JournalOptions.DEFAULT)) {
      for (WorkedScenario.Step step : steps.subList(0, third)) {
        l.submit(step.statement().toByteArray());
      }
    }
    long before = 0;
    Bundle bundle;
    // Rotation begins: the latest checkpoint is co-signed at once, then every new one.
    try (CreditLedger l = CreditLedger.open(dir, List.of(oldKey, newKey), JournalOptions.DEFAULT)) {
      before = l.journal().size();
      SignedNote head = l.journal().latestCheckpoint();
      assertEquals(2, head.signatures().size());
      newOnly.open(head.toBytes());
      for (WorkedScenario.Step step : steps.subList(third, 2 * third)) {
        l.submit(step.statement().toByteArray());
      }
      byte[] cp = l.journal().latestCheckpoint().toBytes();
      oldOnly.open(cp);
      newOnly.open(cp);
      both.open(cp);
      bundle = l.export(WorkedScenario.LEARNER, List.of());
      // A receipt's tlog-proof carries the co-signed checkpoint: either key opens it.
      TlogProof proof =
          TlogProof.parse(l.journal().receipt(l.journal().size() - 1).toTlogProof().toBytes());
      oldOnly.open(proof.checkpoint().toBytes());
      newOnly.open(proof.checkpoint().toBytes());
    }
    assertFalse(bundle.entries().isEmpty());
    for (CheckpointVerifier v : List.of(oldOnly, newOnly, both)) {
      BundleReport r = BundleVerifier.check(bundle, v);
      assertFalse(r.failed(), () -> v + ": " + r.failures());
    }
    // Reopening during the transition keeps it: still both signatures.
    try (CreditLedger l = CreditLedger.open(dir, List.of(oldKey, newKey), JournalOptions.DEFAULT)) {
      assertEquals(2, l.journal().latestCheckpoint().signatures().size());
    }
    // Promoted: the new key alone.
    long total;
    try (CreditLedger l = CreditLedger.open(dir, newKey, JournalOptions.DEFAULT)) {
      for (WorkedScenario.Step step : steps.subList(2 * third, steps.size())) {
        l.submit(step.statement().toByteArray());
      }
      SignedNote latest = l.journal().latestCheckpoint();
      assertEquals(1, latest.signatures().size());
      assertEquals(newKey.keyId(), latest.signatures().get(0).keyId());
      NoteVerificationException e =
          assertThrows(NoteVerificationException.class, () -> oldOnly.open(latest.toBytes()));
      assertEquals(noSignatureBy(newKey, oldKey), e.getMessage());
      total = l.journal().size();
      // The checkpoints before the rotation carry the old key's signature only.
      SignedNote first = l.journal().checkpoint(1).orElseThrow();
      assertEquals(1, first.signatures().size());
      assertEquals(oldKey.keyId(), first.signatures().get(0).keyId());
      assertTrue(before > 1 && before < total);
    }
    AuditReport r = LedgerAuditor.audit(dir, both, options());
    assertEquals(total, r.entries());
    AuditFailedException newFails =
        assertThrows(
            AuditFailedException.class, () -> LedgerAuditor.audit(dir, newOnly, options()));
    assertEquals("checkpoint at size 0", newFails.place());
    AuditFailedException oldFails =
        assertThrows(
            AuditFailedException.class, () -> LedgerAuditor.audit(dir, oldOnly, options()));
    assertEquals("checkpoint at size " + (2 * third + 2), oldFails.place());
    assertEquals(noSignatureBy(newKey, oldKey), oldFails.reason());
  }

  @Test
  void open_newKeyThatNeverCoSigned_refusedNamingTheKeys() throws Exception {
    Path dir = tmp.resolve("swapped");
    try (CreditLedger l = CreditLedger.create(dir, oldKey, s.genesis(), JournalOptions.DEFAULT)) {
      assertEquals(1, l.journal().size());
    }
    StorageException e =
        assertThrows(
            CorruptionException.class,
            () -> CreditLedger.open(dir, newKey, JournalOptions.DEFAULT).close());
    assertEquals(
        "the checkpoint at size 1 does not verify with the operator key: note has no verifiable"
            + " signatures (it is signed by key ID "
            + String.format(java.util.Locale.ROOT, "%08x", oldKey.keyId())
            + ", the operator key is "
            + newKey.toVerifierKey()
            + "; a new checkpoint key co-signs with the old one before it signs alone)",
        e.getMessage());
    // The old key still opens it: the refusal changed nothing.
    try (CreditLedger l = CreditLedger.open(dir, oldKey, JournalOptions.DEFAULT)) {
      assertEquals(1, l.journal().latestCheckpoint().signatures().size());
    }
  }

  @Test
  void open_signersOfTwoOrigins_refused() throws Exception {
    Path dir = tmp.resolve("two");
    try (CreditLedger l = CreditLedger.create(dir, oldKey, s.genesis(), JournalOptions.DEFAULT)) {
      assertEquals(1, l.journal().size());
    }
    NoteSigner other = NoteSigner.of("other.example/log", seeded(3));
    assertThrows(
        IllegalArgumentException.class,
        () -> CreditLedger.open(dir, List.of(oldKey, other), JournalOptions.DEFAULT).close());
  }

  /** The refusal of a note signed by {@code signer} alone, checked against {@code trusted}. */
  static String noSignatureBy(NoteSigner signer, NoteSigner trusted) {
    return "note has no verifiable signatures: signed by "
        + keyName(signer)
        + "; want a signature by "
        + keyName(trusted);
  }

  private static String keyName(NoteSigner k) {
    return k.name() + "+" + String.format(java.util.Locale.ROOT, "%08x", k.keyId());
  }
}
