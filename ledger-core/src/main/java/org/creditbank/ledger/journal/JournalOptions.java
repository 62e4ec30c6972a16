package org.creditbank.ledger.journal;

import java.time.Clock;
import java.util.Objects;

/**
 * How a journal runs.
 *
 * @param durability when a group counts as written; {@link Durability#SYNC} unless bulk importing
 * @param maxGroup the most statements committed in one group
 * @param clock the source of ledger time; the ledger's time never goes backwards even if it does
 */
public record JournalOptions(Durability durability, int maxGroup, Clock clock) {
  /** The defaults: fsync every group, groups of up to 1,024, the system clock in UTC. */
  public static final JournalOptions DEFAULT =
      new JournalOptions(Durability.SYNC, 1024, Clock.systemUTC());

  /**
   * Checks the fields.
   *
   * @param durability when a group counts as written; {@link Durability#SYNC} unless bulk importing
   * @param maxGroup the most statements committed in one group
   * @param clock the source of ledger time; the ledger's time never goes backwards even if it does
   */
  public JournalOptions {
    Objects.requireNonNull(durability, "durability");
    Objects.requireNonNull(clock, "clock");
    if (maxGroup < 1) {
      throw new IllegalArgumentException("maxGroup must be at least 1, got " + maxGroup);
    }
  }

  /**
   * Returns these options with another durability.
   *
   * @param d the durability
   * @return new options
   */
  public JournalOptions withDurability(Durability d) {
    return new JournalOptions(d, maxGroup, clock);
  }

  /**
   * Returns these options with another clock.
   *
   * @param c the clock
   * @return new options
   */
  public JournalOptions withClock(Clock c) {
    return new JournalOptions(durability, maxGroup, c);
  }

  /**
   * Returns these options with another group limit.
   *
   * @param n the most statements in one group
   * @return new options
   */
  public JournalOptions withMaxGroup(int n) {
    return new JournalOptions(durability, n, clock);
  }
}
