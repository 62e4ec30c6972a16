package org.creditbank.ledger.journal;

import java.util.Optional;
import org.creditbank.ledger.util.Bytes;

/**
 * A key-value store beside the log for data that must be erasable, such as personal data.
 *
 * <p>It lives in the ledger's RocksDB database (column family {@code erasable}) but outside the
 * log: nothing in it is hashed, in a leaf, a tree node, a checkpoint, a proof or the derived state,
 * so writing or erasing it changes none of them. It does not go through the sequencer; any thread
 * may call it at any time. Every write is synced to the write-ahead log before the call returns.
 *
 * <p>An erased value is gone from the memtable and the SST files, with two limits: the write-ahead
 * log files that recorded it keep it until RocksDB deletes or recycles them; and if the value was
 * written before the last append, the journal's snapshot of that append's derived state still sees
 * it, so compaction must keep it until the next append releases the snapshot and a later compaction
 * covers the key.
 */
public interface ErasableStore {
  /**
   * Reads one value.
   *
   * @param key the key
   * @return the value, or empty if there is none
   * @throws StorageException if reading failed
   * @throws IllegalStateException if the journal is closed
   */
  Optional<Bytes> get(Bytes key) throws StorageException;

  /**
   * Writes one value, replacing any other under the key, and syncs it.
   *
   * @param key the key
   * @param value the value
   * @throws StorageException if writing or syncing failed
   * @throws IllegalStateException if the journal is closed
   */
  void put(Bytes key, Bytes value) throws StorageException;

  /**
   * Erases one key: deletes it (synced), then compacts the key's range so that the old value is
   * dropped from the memtable and the SST files at once. Deleting an absent key is no error.
   *
   * @param key the key
   * @throws StorageException if deleting or compacting failed
   * @throws IllegalStateException if the journal is closed
   */
  void delete(Bytes key) throws StorageException;
}
