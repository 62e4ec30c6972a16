package org.creditbank.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.creditbank.ledger.bank.AchievementRef;
import org.creditbank.ledger.bank.AchievementRevocationReason;
import org.creditbank.ledger.bank.AchievementRevokedBody;
import org.creditbank.ledger.bank.AchievementStatus;
import org.creditbank.ledger.bank.ConversionStatus;
import org.creditbank.ledger.bank.InstitutionKind;
import org.creditbank.ledger.bank.OutcomeKind;
import org.creditbank.ledger.bank.RulePublishedBody;
import org.creditbank.ledger.bank.StatementType;
import org.creditbank.ledger.bank.Transcript;
import org.creditbank.ledger.journal.Receipt;
import org.creditbank.ledger.merkle.ProofVerifier;
import org.creditbank.ledger.note.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreditLedgerSmokeTest {
  @TempDir Path tmp;

  @Test
  void submit_recordConvertRevoke_voidsConversion() throws Exception {
    try (BankWorld w = BankWorld.create(tmp.resolve("ledger"))) {
      w.register(
          "COLLEGE", InstitutionKind.VOCATIONAL_COLLEGE, Set.of(OutcomeKind.COURSE), true, false);
      w.enrol("COLLEGE", "L-0001AB");
      Receipt recorded = w.submit("COLLEGE", BankWorld.course("c1", "L-0001AB", "NUR101", "4"));
      w.submit(BankWorld.OPERATOR, BankWorld.program("NURSING", "80", List.of("NUR101")));
      w.submit(
          BankWorld.OPERATOR,
          BankWorld.rule(
              "r1",
              "NURSING",
              "NUR101",
              new RulePublishedBody.Factor(BigDecimal.ONE, new BigDecimal("6")),
              "10",
              List.of(OutcomeKind.COURSE)));
      w.submit(
          BankWorld.OPERATOR,
          BankWorld.conversion("cv1", "L-0001AB", "r1", "4", new AchievementRef("COLLEGE", "c1")));
      Transcript t = w.ledger.transcript("L-0001AB").orElseThrow();
      assertEquals(new BigDecimal("4"), t.creditsByProgram().get("CITY-OU/NURSING"));
      w.submit(
          "COLLEGE",
          new AchievementRevokedBody("COLLEGE", "c1", AchievementRevocationReason.ISSUED_IN_ERROR));
      t = w.ledger.transcript("L-0001AB").orElseThrow();
      assertEquals(AchievementStatus.REVOKED, t.achievements().get(0).status());
      assertEquals(ConversionStatus.VOID, t.conversions().get(0).status());
      assertEquals(null, t.creditsByProgram().get("CITY-OU/NURSING"));
      // A later receipt for the recorded achievement proves it against the latest checkpoint.
      Receipt later = w.ledger.prove("COLLEGE", "s-2").orElseThrow();
      assertEquals(recorded.seq(), later.seq());
      assertEquals(recorded.leafHash(), later.leafHash());
      assertEquals(w.ledger.journal().size(), later.tree().size());
      Checkpoint.open(later.checkpoint().toBytes(), w.checkpoints.verifier());
      ProofVerifier.verifyInclusion(
          later.seq(),
          later.tree().size(),
          later.leafHash(),
          later.inclusionProof(),
          later.tree().root());
      assertTrue(w.ledger.prove("COLLEGE", "no-such-id").isEmpty());
      assertEquals(
          List.of(
              StatementType.ACHIEVEMENT_RECORDED,
              StatementType.CREDIT_CONVERTED,
              StatementType.ACHIEVEMENT_REVOKED),
          w.ledger.history("COLLEGE", "c1").orElseThrow().entries().stream()
              .map(AchievementHistory.Entry::type)
              .toList());
    }
  }
}
