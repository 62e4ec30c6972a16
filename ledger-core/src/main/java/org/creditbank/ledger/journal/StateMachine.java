package org.creditbank.ledger.journal;

/**
 * Decides whether a statement may be appended and what derived state it writes. The journal calls
 * it on its one sequencer thread, in sequence order; each call sees the state written by every
 * statement before it, including earlier ones of the same group.
 *
 * <p>It must be deterministic: replaying the journal from seq 0 into empty state must make the same
 * decisions and write the same state.
 *
 * @param <P> the payload type carried by submissions
 */
public interface StateMachine<P> {
  /**
   * Decides on one entry, writing its effects to {@code state}. When it throws, everything it wrote
   * for this entry is discarded.
   *
   * @param entry the statement and its would-be seq and time
   * @param state the current derived state; reads see earlier writes
   * @throws RejectedException if the statement may not be appended
   * @throws StorageException if reading the state failed
   */
  void apply(Entry<P> entry, StateTxn state) throws RejectedException, StorageException;

  /**
   * Returns a state machine that accepts everything and writes nothing.
   *
   * @param <P> the payload type
   * @return the state machine
   */
  static <P> StateMachine<P> acceptAll() {
    return (entry, state) -> {};
  }
}
