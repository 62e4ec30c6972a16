package org.creditbank.ledger.journal;

import java.util.NoSuchElementException;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Reads a range of leaves in order, one at a time, in constant memory. Not thread-safe; close it.
 */
public final class LeafCursor implements AutoCloseable {
  private final Store store;
  private final RocksIterator it;
  private final long to;
  private long next;
  private Leaf current;

  LeafCursor(Store store, RocksIterator it, long from, long to) {
    this.store = store;
    this.it = it;
    this.next = from;
    this.to = to;
  }

  /**
   * Moves to the next leaf.
   *
   * @return false at the end of the range
   * @throws StorageException if reading failed, a leaf is missing, or a leaf is malformed
   * @throws IllegalStateException if the journal is closed
   */
  public boolean advance() throws StorageException {
    store.beginRead();
    try {
      return step();
    } finally {
      store.endRead();
    }
  }

  private boolean step() throws StorageException {
    if (next >= to) {
      current = null;
      return false;
    }
    if (!it.isValid()) {
      try {
        it.status();
      } catch (RocksDBException e) {
        throw new StorageException("storage read failed: " + e.getMessage(), e);
      }
      throw new CorruptionException("leaf " + next + " is missing");
    }
    long seq = Store.u64(it.key(), 0);
    if (seq != next) {
      throw new CorruptionException("leaf " + next + " is missing (found " + seq + ")");
    }
    Leaf leaf = Leaf.parse(it.value());
    if (leaf.seq() != seq) {
      throw new CorruptionException("leaf stored at " + seq + " says seq " + leaf.seq());
    }
    current = leaf;
    next++;
    it.next();
    return true;
  }

  /**
   * Returns the leaf the cursor is on.
   *
   * @return the leaf
   * @throws NoSuchElementException if {@link #advance()} has not returned true
   */
  public Leaf leaf() {
    if (current == null) {
      throw new NoSuchElementException("call advance() first");
    }
    return current;
  }

  @Override
  public void close() {
    store.closeIterator(it);
  }
}
