package org.creditbank.ledger.journal;

import java.util.Optional;
import org.creditbank.ledger.util.Bytes;

/** Reads derived state by key. */
public interface StateView {
  /**
   * Reads one value.
   *
   * @param key the key
   * @return the value, or empty if there is none
   * @throws StorageException if reading failed
   */
  Optional<Bytes> get(Bytes key) throws StorageException;
}
