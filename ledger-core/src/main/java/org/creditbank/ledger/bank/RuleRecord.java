package org.creditbank.ledger.bank;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.Objects;
import java.util.OptionalLong;
import org.creditbank.ledger.journal.CorruptionException;

/**
 * A published conversion rule.
 *
 * @param owner the institution that published it and converts under it
 * @param body the rule
 * @param seq the seq of the {@code rule.published} entry
 * @param retiredSeq the seq of the {@code rule.retired} entry, if retired
 */
public record RuleRecord(String owner, RulePublishedBody body, long seq, OptionalLong retiredSeq) {
  /**
   * Checks the fields.
   *
   * @param owner the owner
   * @param body the rule
   * @param seq the seq
   * @param retiredSeq when retired
   * @throws NullPointerException if an argument is null
   */
  public RuleRecord {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(retiredSeq, "retiredSeq");
  }

  /**
   * Tells whether new conversions may use the rule on a day: not retired, and the day within {@code
   * validFrom} to {@code validUntil} (both inclusive).
   *
   * @param day the day, in UTC
   * @return true if the rule is in force
   */
  public boolean activeOn(LocalDate day) {
    return retiredSeq.isEmpty()
        && !day.isBefore(body.validFrom())
        && (body.validUntil().isEmpty() || !day.isAfter(body.validUntil().get()));
  }

  ObjectNode toJson() {
    ObjectNode o = StateJson.object();
    o.put("owner", owner);
    o.set("body", body.toJson());
    o.put("seq", seq);
    retiredSeq.ifPresent(s -> o.put("retiredSeq", s));
    return o;
  }

  static RuleRecord fromJson(ObjectNode o) throws CorruptionException {
    return new RuleRecord(
        StateJson.text(o, "owner"),
        StateJson.body(o, "body", RulePublishedBody::parse),
        StateJson.number(o, "seq"),
        StateJson.optNumber(o, "retiredSeq"));
  }
}
