package org.creditbank.ledger.bank;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.creditbank.ledger.journal.CorruptionException;

/**
 * An achievement as stored: what was recorded and its status, with the number of conversions that
 * used it and of entries that touched it. The uses and the history themselves are stored one key
 * each ({@link BankState}), so a use or an event costs the same however many came before; the body
 * is stored once, apart from the head, so a use or a status change does not rewrite it.
 */
record AchievementHead(
    String issuer,
    AchievementRecordedBody body,
    long seq,
    AchievementStatus status,
    OptionalLong statusSeq,
    Optional<AchievementRevocationReason> revocationReason,
    Optional<String> supersededBy,
    int uses,
    int events,
    long lastEvent) {
  AchievementHead {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(statusSeq, "statusSeq");
    Objects.requireNonNull(revocationReason, "revocationReason");
    Objects.requireNonNull(supersededBy, "supersededBy");
  }

  AchievementRef ref() {
    return new AchievementRef(issuer, body.achievement());
  }

  AchievementStatus statusOn(LocalDate day) {
    return AchievementRecord.statusOn(status, body, day);
  }

  AchievementHead withCounts(int newUses, int newEvents, long newLast) {
    return new AchievementHead(
        issuer,
        body,
        seq,
        status,
        statusSeq,
        revocationReason,
        supersededBy,
        newUses,
        newEvents,
        newLast);
  }

  AchievementHead withStatus(
      AchievementStatus st, long s, Optional<AchievementRevocationReason> r, Optional<String> by) {
    return new AchievementHead(
        issuer, body, seq, st, OptionalLong.of(s), r, by, uses, events, lastEvent);
  }

  ObjectNode toJson() {
    ObjectNode o = StateJson.object();
    o.put("issuer", issuer);
    o.put("achievement", body.achievement());
    o.put("seq", seq);
    o.put("status", status.name());
    statusSeq.ifPresent(s -> o.put("statusSeq", s));
    revocationReason.ifPresent(r -> o.put("reason", r.wireName()));
    supersededBy.ifPresent(s -> o.put("supersededBy", s));
    o.put("uses", uses);
    o.put("events", events);
    o.put("lastEvent", lastEvent);
    return o;
  }

  static AchievementHead fromJson(ObjectNode o, AchievementRecordedBody body)
      throws CorruptionException {
    if (!StateJson.text(o, "achievement").equals(body.achievement())) {
      throw new CorruptionException(
          "achievement head names "
              + StateJson.text(o, "achievement")
              + ", its body "
              + body.achievement());
    }
    AchievementStatus status;
    try {
      status = AchievementStatus.valueOf(StateJson.text(o, "status"));
    } catch (IllegalArgumentException e) {
      throw new CorruptionException("unknown achievement status", e);
    }
    return new AchievementHead(
        StateJson.text(o, "issuer"),
        body,
        StateJson.number(o, "seq"),
        status,
        StateJson.optNumber(o, "statusSeq"),
        StateJson.optWire(o, "reason", AchievementRevocationReason::fromWire),
        StateJson.optText(o, "supersededBy"),
        (int) StateJson.number(o, "uses"),
        (int) StateJson.number(o, "events"),
        StateJson.number(o, "lastEvent"));
  }
}
