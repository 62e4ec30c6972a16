package org.creditbank.ledger.bank;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.creditbank.ledger.journal.CorruptionException;

/**
 * A published programme.
 *
 * @param owner the institution that runs it
 * @param body the programme and its requirements
 * @param seq the seq of the {@code program.published} entry
 */
public record ProgramRecord(String owner, ProgramPublishedBody body, long seq) {
  /**
   * Checks the fields.
   *
   * @param owner the owner
   * @param body the programme
   * @param seq the seq
   * @throws NullPointerException if an argument is null
   */
  public ProgramRecord {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(body, "body");
  }

  ObjectNode toJson() {
    ObjectNode o = StateJson.object();
    o.put("owner", owner);
    o.set("body", body.toJson());
    o.put("seq", seq);
    return o;
  }

  static ProgramRecord fromJson(ObjectNode o) throws CorruptionException {
    return new ProgramRecord(
        StateJson.text(o, "owner"),
        StateJson.body(o, "body", ProgramPublishedBody::parse),
        StateJson.number(o, "seq"));
  }
}
