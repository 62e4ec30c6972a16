package org.creditbank.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.creditbank.ledger.bank.AchievementRecord;
import org.creditbank.ledger.bank.StatementType;
import org.creditbank.ledger.util.Hash;

/**
 * Every entry of the log that touched one achievement, so it can be traced: its recording, the
 * conversions that used it, its revocation or supersession, and the conversions that went void.
 *
 * @param achievement the achievement as it stands now
 * @param entries the entries, in log order
 */
public record AchievementHistory(AchievementRecord achievement, List<Entry> entries) {
  /**
   * One entry of the log.
   *
   * @param seq its seq, for an inclusion proof
   * @param time the ledger time it was appended
   * @param type its statement type
   * @param actor the institution that made it
   * @param id the statement id
   * @param leafHash its leaf hash
   */
  public record Entry(
      long seq, Instant time, StatementType type, String actor, String id, Hash leafHash) {
    /**
     * Checks the fields.
     *
     * @param seq the seq
     * @param time the time
     * @param type the type
     * @param actor the actor
     * @param id the id
     * @param leafHash the leaf hash
     * @throws NullPointerException if an argument is null
     */
    public Entry {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(leafHash, "leafHash");
    }
  }

  /**
   * Checks the fields and copies the list.
   *
   * @param achievement the achievement
   * @param entries the entries
   * @throws NullPointerException if an argument is or holds null
   */
  public AchievementHistory {
    Objects.requireNonNull(achievement, "achievement");
    entries = List.copyOf(entries);
  }
}
