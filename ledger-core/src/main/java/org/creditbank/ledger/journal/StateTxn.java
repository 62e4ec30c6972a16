package org.creditbank.ledger.journal;

import org.creditbank.ledger.util.Bytes;

/** Derived state as one statement sees and changes it. */
public interface StateTxn extends StateView {
  /**
   * Writes one value; later reads of this and later statements see it.
   *
   * @param key the key
   * @param value the value
   */
  void put(Bytes key, Bytes value);

  /**
   * Removes one value.
   *
   * @param key the key
   */
  void delete(Bytes key);
}
