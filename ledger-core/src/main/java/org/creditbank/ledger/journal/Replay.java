package org.creditbank.ledger.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.creditbank.ledger.util.Bytes;
import org.creditbank.ledger.util.Hash;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Replays leaves into a state machine over a scratch state, in a temporary RocksDB that {@link
 * #close()} deletes: what an audit compares the stored derived state and id index with.
 *
 * <p>Each leaf is decided at its own recorded seq and time, exactly as the sequencer decided it
 * ({@link Entry}); its writes and its id-index record are kept in memory for at most {@value
 * #FLUSH_EVERY} leaves and then written in one batch, so memory stays constant however long the
 * log. The id index is rebuilt as the journal writes it ({@link LedgerReader#idKey}, {@link
 * LedgerReader#idValue}); an (actor, id) that is already in it is refused ({@link
 * RejectedException#DUPLICATE_ID}), because the journal never appends a second statement with the
 * same actor and id.
 *
 * @param <P> the payload type of the state machine
 */
public final class Replay<P> implements AutoCloseable {
  private static final int FLUSH_EVERY = 4096;

  private final Path dir;
  private final Store store;
  private final StateMachine<P> machine;
  private Overlay overlay;
  private final Map<Bytes, Bytes> pendingIds = new HashMap<>();
  private int pending;
  private long next;

  private Replay(Path dir, Store store, StateMachine<P> machine) {
    this.dir = dir;
    this.store = store;
    this.machine = machine;
    this.overlay = new Overlay(store);
  }

  /**
   * Creates an empty scratch state in a new directory under {@code parent}.
   *
   * @param parent where to make the temporary directory
   * @param machine the state machine to replay into
   * @param <P> the payload type
   * @return the replay; close it to delete the directory
   * @throws StorageException if the directory or database cannot be created
   */
  public static <P> Replay<P> create(Path parent, StateMachine<P> machine) throws StorageException {
    Objects.requireNonNull(machine, "machine");
    Path dir;
    try {
      dir = Files.createTempDirectory(parent, "ledger-replay-");
    } catch (IOException e) {
      throw new StorageException("cannot make a scratch directory in " + parent + ": " + e, e);
    }
    return new Replay<>(dir, Store.openScratch(dir), machine);
  }

  /**
   * Decides on the next leaf, at its seq and time, and keeps its effects.
   *
   * @param leaf the leaf; its seq must be the next one (from 0)
   * @param submission what the leaf's statement is, with the payload the state machine reads
   * @throws RejectedException if the state machine refuses it, or its actor and id are already used
   * @throws StorageException if reading or writing the scratch state failed
   * @throws IllegalArgumentException if the leaf's seq is not the next one
   */
  public void apply(Leaf leaf, Submission<P> submission)
      throws RejectedException, StorageException {
    if (leaf.seq() != next) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "replay wants seq %d, got %d", next, leaf.seq()));
    }
    Bytes idKey = Bytes.copyFrom(Store.idKey(submission.actor(), submission.id()));
    Bytes have = pendingIds.get(idKey);
    if (have == null) {
      byte[] stored = store.get(store.ids, idKey.toByteArray());
      have = stored == null ? null : Bytes.copyFrom(stored);
    }
    if (have != null) {
      throw new RejectedException(
          RejectedException.DUPLICATE_ID,
          String.format(
              Locale.ROOT,
              "statement id %s of actor %s was already used by seq %d",
              submission.id(),
              submission.actor(),
              Store.u64(have.toByteArray(), 0)));
    }
    Overlay.Txn txn = overlay.begin();
    machine.apply(new Entry<>(leaf.seq(), leaf.time(), submission), txn);
    txn.commit();
    pendingIds.put(
        idKey, LedgerReader.idValue(leaf.seq(), Hash.sha256(submission.statement().toByteArray())));
    next++;
    if (++pending >= FLUSH_EVERY) {
      flush();
    }
  }

  /**
   * Returns how many leaves were replayed.
   *
   * @return the count
   */
  public long size() {
    return next;
  }

  /** Writes what is kept in memory; no WAL, as the scratch state dies with the audit. */
  private void flush() throws StorageException {
    try (WriteBatch batch = new WriteBatch();
        WriteOptions wo = new WriteOptions().setDisableWAL(true)) {
      overlay.writeTo(batch, store.state);
      for (Map.Entry<Bytes, Bytes> e : pendingIds.entrySet()) {
        batch.put(store.ids, e.getKey().toByteArray(), e.getValue().toByteArray());
      }
      store.db.write(wo, batch);
    } catch (RocksDBException e) {
      throw new StorageException("writing the scratch state failed: " + e.getMessage(), e);
    }
    overlay = new Overlay(store);
    pendingIds.clear();
    pending = 0;
  }

  /**
   * Opens a cursor over the replayed derived state, in key order, after writing what is pending.
   *
   * @return the cursor; close it
   * @throws StorageException if writing failed
   */
  public KeyValueCursor scanState() throws StorageException {
    flush();
    return new KeyValueCursor(store, store.newIterator(store.state), Bytes.empty());
  }

  /**
   * Opens a cursor over the replayed id index, in key order, after writing what is pending.
   *
   * @return the cursor; close it
   * @throws StorageException if writing failed
   */
  public KeyValueCursor scanIds() throws StorageException {
    flush();
    return new KeyValueCursor(store, store.newIterator(store.ids), Bytes.empty());
  }

  /** Closes the scratch database and deletes its directory. Idempotent. */
  @Override
  public void close() {
    store.close();
    try (Stream<Path> walk = Files.walk(dir)) {
      List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
      for (Path p : paths) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // Best effort: a scratch directory left in the temp directory holds only public data.
    }
  }
}
