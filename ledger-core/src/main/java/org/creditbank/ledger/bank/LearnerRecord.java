package org.creditbank.ledger.bank;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.creditbank.ledger.journal.CorruptionException;
import org.creditbank.ledger.util.Hash;

/**
 * A learner's account: who enrolled it and what it holds.
 *
 * @param learner the pseudonymous learner id
 * @param enrolledBy the institution that enrolled the learner
 * @param seq the seq of the {@code learner.enrolled} entry
 * @param identityCommitment the salted identity commitment, if one was written
 * @param achievements every achievement recorded for the learner, in order
 * @param conversions every conversion made for the learner, in order
 */
public record LearnerRecord(
    String learner,
    String enrolledBy,
    long seq,
    Optional<Hash> identityCommitment,
    List<AchievementRef> achievements,
    List<ConversionRef> conversions) {
  /**
   * Checks the fields and copies the lists.
   *
   * @param learner the learner id
   * @param enrolledBy the enrolling institution
   * @param seq the seq
   * @param identityCommitment the commitment
   * @param achievements the achievements
   * @param conversions the conversions
   * @throws NullPointerException if an argument is or holds null
   */
  public LearnerRecord {
    Objects.requireNonNull(learner, "learner");
    Objects.requireNonNull(enrolledBy, "enrolledBy");
    Objects.requireNonNull(identityCommitment, "identityCommitment");
    achievements = List.copyOf(achievements);
    conversions = List.copyOf(conversions);
  }

  LearnerRecord with(AchievementRef a) {
    List<AchievementRef> l = new ArrayList<>(achievements);
    l.add(a);
    return new LearnerRecord(learner, enrolledBy, seq, identityCommitment, l, conversions);
  }

  LearnerRecord with(ConversionRef c) {
    List<ConversionRef> l = new ArrayList<>(conversions);
    l.add(c);
    return new LearnerRecord(learner, enrolledBy, seq, identityCommitment, achievements, l);
  }

  ObjectNode toJson() {
    ObjectNode o = StateJson.object();
    o.put("learner", learner);
    o.put("enrolledBy", enrolledBy);
    o.put("seq", seq);
    identityCommitment.ifPresent(h -> o.put("identityCommitment", h.toHex()));
    o.set(
        "achievements",
        StateJson.texts(
            achievements.stream().map(a -> a.issuer() + "/" + a.achievement()).toList()));
    o.set(
        "conversions", StateJson.texts(conversions.stream().map(ConversionRef::toString).toList()));
    return o;
  }

  static LearnerRecord fromJson(ObjectNode o) throws CorruptionException {
    List<AchievementRef> a = new ArrayList<>();
    for (String s : StateJson.texts(o, "achievements")) {
      int slash = s.indexOf('/');
      a.add(new AchievementRef(s.substring(0, slash), s.substring(slash + 1)));
    }
    List<ConversionRef> c = new ArrayList<>();
    for (String s : StateJson.texts(o, "conversions")) {
      c.add(ConversionRef.parse(s));
    }
    return new LearnerRecord(
        StateJson.text(o, "learner"),
        StateJson.text(o, "enrolledBy"),
        StateJson.number(o, "seq"),
        StateJson.optText(o, "identityCommitment").map(Hash::fromHex),
        a,
        c);
  }
}
