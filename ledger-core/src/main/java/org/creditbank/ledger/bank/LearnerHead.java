package org.creditbank.ledger.bank;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;
import org.creditbank.ledger.journal.CorruptionException;
import org.creditbank.ledger.util.Hash;

/**
 * A learner's stored account header: who enrolled the learner, and how many achievements and
 * conversions the account holds. The entries themselves are stored one key each ({@link
 * BankState}), so adding one costs the same however long the learner's history is.
 */
record LearnerHead(
    String learner,
    String enrolledBy,
    long seq,
    Optional<Hash> identityCommitment,
    int achievements,
    int conversions) {
  LearnerHead {
    Objects.requireNonNull(learner, "learner");
    Objects.requireNonNull(enrolledBy, "enrolledBy");
    Objects.requireNonNull(identityCommitment, "identityCommitment");
  }

  LearnerHead withAchievements(int n) {
    return new LearnerHead(learner, enrolledBy, seq, identityCommitment, n, conversions);
  }

  LearnerHead withConversions(int n) {
    return new LearnerHead(learner, enrolledBy, seq, identityCommitment, achievements, n);
  }

  ObjectNode toJson() {
    ObjectNode o = StateJson.object();
    o.put("learner", learner);
    o.put("enrolledBy", enrolledBy);
    o.put("seq", seq);
    identityCommitment.ifPresent(h -> o.put("identityCommitment", h.toHex()));
    o.put("achievements", achievements);
    o.put("conversions", conversions);
    return o;
  }

  static LearnerHead fromJson(ObjectNode o) throws CorruptionException {
    return new LearnerHead(
        StateJson.text(o, "learner"),
        StateJson.text(o, "enrolledBy"),
        StateJson.number(o, "seq"),
        StateJson.optText(o, "identityCommitment").map(Hash::fromHex),
        (int) StateJson.number(o, "achievements"),
        (int) StateJson.number(o, "conversions"));
  }
}
