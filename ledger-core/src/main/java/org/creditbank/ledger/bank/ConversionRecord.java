package org.creditbank.ledger.bank;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.creditbank.ledger.journal.CorruptionException;

/**
 * A credit conversion and its status.
 *
 * @param owner the institution that converted (the rule's owner)
 * @param body what it converted
 * @param program the programme the credits count in (the rule's target programme)
 * @param course the programme course the credits stand for (the rule's target course)
 * @param seq the seq of the {@code credit.converted} entry
 * @param status whether the credits count
 * @param voidedSeq the seq of the entry that voided it, if void
 * @param voidedBy the source achievement whose revocation or supersession voided it, if void
 * @param history the seqs of every entry that touched it, in order, its own first
 */
public record ConversionRecord(
    String owner,
    CreditConvertedBody body,
    String program,
    String course,
    long seq,
    ConversionStatus status,
    OptionalLong voidedSeq,
    Optional<AchievementRef> voidedBy,
    List<Long> history) {

  /**
   * Checks the fields.
   *
   * @param owner the owner
   * @param body the body
   * @param program the programme
   * @param course the course
   * @param seq the seq
   * @param status the status
   * @param voidedSeq when voided
   * @param voidedBy by which source
   * @param history the seqs
   * @throws NullPointerException if an argument is or holds null
   */
  public ConversionRecord {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(program, "program");
    Objects.requireNonNull(course, "course");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(voidedSeq, "voidedSeq");
    Objects.requireNonNull(voidedBy, "voidedBy");
    history = List.copyOf(history);
  }

  /**
   * Returns its reference.
   *
   * @return owner and conversion id
   */
  public ConversionRef ref() {
    return new ConversionRef(owner, body.conversion());
  }

  ConversionRecord voided(long s, AchievementRef by) {
    List<Long> h = new ArrayList<>(history);
    h.add(s);
    return new ConversionRecord(
        owner,
        body,
        program,
        course,
        seq,
        ConversionStatus.VOID,
        OptionalLong.of(s),
        Optional.of(by),
        h);
  }

  ObjectNode toJson() {
    ObjectNode o = StateJson.object();
    o.put("owner", owner);
    o.set("body", body.toJson());
    o.put("program", program);
    o.put("course", course);
    o.put("seq", seq);
    o.put("status", status.name());
    voidedSeq.ifPresent(s -> o.put("voidedSeq", s));
    voidedBy.ifPresent(r -> o.set("voidedBy", r.toJson()));
    o.set("history", StateJson.numbers(history));
    return o;
  }

  static ConversionRecord fromJson(ObjectNode o) throws CorruptionException {
    ConversionStatus status;
    try {
      status = ConversionStatus.valueOf(StateJson.text(o, "status"));
    } catch (IllegalArgumentException e) {
      throw new CorruptionException("unknown conversion status", e);
    }
    Optional<AchievementRef> by = Optional.empty();
    if (o.has("voidedBy")) {
      ObjectNode b = StateJson.child(o, "voidedBy");
      by =
          Optional.of(
              new AchievementRef(StateJson.text(b, "issuer"), StateJson.text(b, "achievement")));
    }
    return new ConversionRecord(
        StateJson.text(o, "owner"),
        StateJson.body(o, "body", CreditConvertedBody::parse),
        StateJson.text(o, "program"),
        StateJson.text(o, "course"),
        StateJson.number(o, "seq"),
        status,
        StateJson.optNumber(o, "voidedSeq"),
        by,
        StateJson.numbers(o, "history"));
  }
}
