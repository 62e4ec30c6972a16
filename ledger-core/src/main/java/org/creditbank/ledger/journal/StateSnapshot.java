package org.creditbank.ledger.journal;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.creditbank.ledger.util.Bytes;
import org.creditbank.ledger.util.Hash;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;

/**
 * The derived state as of one durable head: every read sees the same state, whatever is appended
 * meanwhile. Not thread-safe; close it when done.
 */
public final class StateSnapshot implements StateView, AutoCloseable {
  private final Store store;
  private final long size;
  private final Store.Snap snap;
  private final AtomicBoolean closed = new AtomicBoolean();

  StateSnapshot(Store store, long size, Store.Snap snap) {
    this.store = store;
    this.size = size;
    this.snap = snap;
  }

  /**
   * Returns the log size this state belongs to.
   *
   * @return the number of entries whose effects the state holds
   */
  public long size() {
    return size;
  }

  @Override
  public Optional<Bytes> get(Bytes key) throws StorageException {
    checkOpen();
    byte[] v = store.get(store.state, key.toByteArray(), snap);
    return v == null ? Optional.empty() : Optional.of(Bytes.copyFrom(v));
  }

  /** See {@link Journal#stateDigest()}. */
  Hash digest() throws StorageException {
    checkOpen();
    MessageDigest md = Hash.newSha256();
    store.beginRead();
    try (ReadOptions ro = new ReadOptions().setSnapshot(snap.snapshot());
        RocksIterator it = store.newIteratorUnregistered(store.state, ro)) {
      ByteBuffer len = ByteBuffer.allocate(4);
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] k = it.key();
        byte[] v = it.value();
        md.update(len.clear().putInt(k.length).array());
        md.update(k);
        md.update(len.clear().putInt(v.length).array());
        md.update(v);
      }
      try {
        it.status();
      } catch (org.rocksdb.RocksDBException e) {
        throw new StorageException("reading the state failed: " + e.getMessage(), e);
      }
    } finally {
      store.endRead();
    }
    return Hash.of(md.digest());
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("state snapshot is closed");
    }
  }

  /** Releases the snapshot. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      snap.release();
    }
  }
}
