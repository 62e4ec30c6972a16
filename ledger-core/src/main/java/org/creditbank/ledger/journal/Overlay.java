package org.creditbank.ledger.journal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.creditbank.ledger.util.Bytes;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Derived-state writes of one group, layered over the stored state. Each statement gets a {@link
 * Txn}; its writes join the group only when the state machine accepts it.
 */
final class Overlay {
  private final Store store;
  private final Map<Bytes, Optional<Bytes>> group = new HashMap<>();

  Overlay(Store store) {
    this.store = store;
  }

  Txn begin() {
    return new Txn();
  }

  void writeTo(WriteBatch batch, ColumnFamilyHandle cf) throws RocksDBException {
    for (Map.Entry<Bytes, Optional<Bytes>> e : group.entrySet()) {
      if (e.getValue().isEmpty()) {
        batch.delete(cf, e.getKey().toByteArray());
      } else {
        batch.put(cf, e.getKey().toByteArray(), e.getValue().get().toByteArray());
      }
    }
  }

  Optional<Bytes> read(Map<Bytes, Optional<Bytes>> first, Bytes key) throws StorageException {
    Optional<Bytes> v = first.get(key);
    if (v == null) {
      v = group.get(key);
    }
    if (v != null) {
      return v;
    }
    byte[] stored = store.get(store.state, key.toByteArray());
    return stored == null ? Optional.empty() : Optional.of(Bytes.copyFrom(stored));
  }

  /** The writes of one statement. */
  final class Txn implements StateTxn {
    private final Map<Bytes, Optional<Bytes>> writes = new HashMap<>();

    @Override
    public Optional<Bytes> get(Bytes key) throws StorageException {
      return read(writes, key);
    }

    @Override
    public void put(Bytes key, Bytes value) {
      if (key.size() == 0) {
        throw new IllegalArgumentException("state key must not be empty");
      }
      writes.put(key, Optional.of(value));
    }

    @Override
    public void delete(Bytes key) {
      writes.put(key, Optional.empty());
    }

    void commit() {
      group.putAll(writes);
    }
  }
}
