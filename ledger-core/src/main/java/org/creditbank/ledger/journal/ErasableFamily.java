package org.creditbank.ledger.journal;

import java.util.Objects;
import java.util.Optional;
import org.creditbank.ledger.util.Bytes;

/**
 * The {@link ErasableStore} of a journal: the {@code erasable} column family of its store. The
 * store's lock makes every call safe against a concurrent close.
 */
final class ErasableFamily implements ErasableStore {
  private final Store store;

  ErasableFamily(Store store) {
    this.store = store;
  }

  @Override
  public Optional<Bytes> get(Bytes key) throws StorageException {
    Objects.requireNonNull(key, "key");
    byte[] v = store.get(store.erasable, key.toByteArray());
    return v == null ? Optional.empty() : Optional.of(Bytes.copyFrom(v));
  }

  @Override
  public void put(Bytes key, Bytes value) throws StorageException {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    store.putSynced(store.erasable, key.toByteArray(), value.toByteArray());
  }

  @Override
  public void delete(Bytes key) throws StorageException {
    Objects.requireNonNull(key, "key");
    store.deleteAndCompact(store.erasable, key.toByteArray());
  }
}
