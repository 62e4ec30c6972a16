package org.creditbank.ledger.journal;

import java.util.NoSuchElementException;
import org.creditbank.ledger.util.Bytes;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Reads the keys and values of one column family in ascending unsigned byte order, one at a time,
 * in constant memory. Not thread-safe; close it.
 */
public final class KeyValueCursor implements AutoCloseable {
  private final Store store;
  private final RocksIterator it;
  private final Bytes from;
  private boolean started;
  private Bytes key;
  private Bytes value;

  KeyValueCursor(Store store, RocksIterator it, Bytes from) {
    this.store = store;
    this.it = it;
    this.from = from;
  }

  /**
   * Moves to the next key.
   *
   * @return false at the end of the family
   * @throws StorageException if reading failed
   * @throws IllegalStateException if the store is closed
   */
  public boolean advance() throws StorageException {
    store.beginRead();
    try {
      if (!started) {
        started = true;
        if (from.size() == 0) {
          it.seekToFirst();
        } else {
          it.seek(from.toByteArray());
        }
      } else {
        it.next();
      }
      if (!it.isValid()) {
        try {
          it.status();
        } catch (RocksDBException e) {
          throw new StorageException("storage read failed: " + e.getMessage(), e);
        }
        key = null;
        value = null;
        return false;
      }
      key = Bytes.copyFrom(it.key());
      value = Bytes.copyFrom(it.value());
      return true;
    } finally {
      store.endRead();
    }
  }

  /**
   * Returns the current key.
   *
   * @return the key
   * @throws NoSuchElementException if {@link #advance()} has not returned true
   */
  public Bytes key() {
    if (key == null) {
      throw new NoSuchElementException("call advance() first");
    }
    return key;
  }

  /**
   * Returns the current value.
   *
   * @return the value
   * @throws NoSuchElementException if {@link #advance()} has not returned true
   */
  public Bytes value() {
    if (value == null) {
      throw new NoSuchElementException("call advance() first");
    }
    return value;
  }

  @Override
  public void close() {
    store.closeIterator(it);
  }
}
