package org.creditbank.ledger.journal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.creditbank.ledger.util.Bytes;
import org.creditbank.ledger.util.Hash;
import org.rocksdb.ColumnFamilyHandle;

/**
 * A ledger's database opened read-only, byte for byte, for an auditor: every column family but the
 * erasable one, in key order, without trusting anything stored. It needs no key and takes no lock,
 * so it reads a ledger that a {@link Journal} holds open elsewhere (as of the moment it opened).
 *
 * <p>The key layouts are those of the journal's store: {@link #seqKey} for {@code leaves} and
 * {@code checkpoints}, {@link #nodeKey} for {@code nodes}, {@link #idKey} for {@code ids}; {@code
 * meta} holds {@code "format"}, {@code "origin"} and {@code "head"} ({@link #decodeHead}).
 */
public final class LedgerReader implements AutoCloseable {
  /** The column families an audit reads. */
  public enum Family {
    /** Format version, origin and head. */
    META,
    /** seq (8 bytes BE) → canonical leaf bytes. */
    LEAVES,
    /** level (1 byte) ‖ index (8 bytes BE) → 32-byte subtree hash. */
    NODES,
    /** tree size (8 bytes BE) → signed checkpoint note. */
    CHECKPOINTS,
    /** u32be(len(actor)) ‖ actor ‖ id → seq (8 bytes BE) ‖ SHA-256(statement). */
    IDS,
    /** The state machine's derived state, opaque. */
    STATE,
    /** RocksDB's own family, which every database has: the ledger keeps nothing in it. */
    DEFAULT
  }

  /** The meta key of the format version. */
  public static final Bytes META_FORMAT = Bytes.copyFrom(Store.META_FORMAT);

  /** The meta key of the origin. */
  public static final Bytes META_ORIGIN = Bytes.copyFrom(Store.META_ORIGIN);

  /** The meta key of the head record. */
  public static final Bytes META_HEAD = Bytes.copyFrom(Store.META_HEAD);

  /** The format version this code reads. */
  public static final int FORMAT_VERSION = Store.FORMAT_VERSION;

  /**
   * The head record: what the last committed group left.
   *
   * @param size the number of leaves
   * @param lastLeaf the last leaf's hash (32 zero bytes if empty)
   * @param root the tree's root
   * @param lastTimeMillis the last leaf's time, epoch milliseconds
   */
  public record Head(long size, Hash lastLeaf, Hash root, long lastTimeMillis) {}

  private final Store store;

  private LedgerReader(Store store) {
    this.store = store;
  }

  /**
   * Opens a ledger's database read-only.
   *
   * @param dir the ledger's directory
   * @return the reader; close it
   * @throws StorageException if there is no ledger there or it cannot be opened
   */
  public static LedgerReader open(Path dir) throws StorageException {
    return new LedgerReader(Store.openReadOnly(dir));
  }

  /**
   * Reads one value.
   *
   * @param family the column family
   * @param key the key
   * @return the value, or empty
   * @throws StorageException if reading failed
   */
  public Optional<Bytes> get(Family family, Bytes key) throws StorageException {
    byte[] v = store.get(handle(family), key.toByteArray());
    return v == null ? Optional.empty() : Optional.of(Bytes.copyFrom(v));
  }

  /**
   * The column families of the database that a ledger does not have. A read-only open leaves them
   * unopened, so an audit asks for them to refuse a database with something added beside the
   * ledger's families.
   *
   * @return their names, as listed when the reader opened; empty for a ledger as the journal makes
   *     it
   */
  public List<String> unknownFamilies() {
    return store.unknownFamilies();
  }

  /**
   * Opens a cursor over a whole family in ascending unsigned byte order of the keys.
   *
   * @param family the column family
   * @return the cursor; close it
   */
  public KeyValueCursor scan(Family family) {
    return new KeyValueCursor(store, store.newIterator(handle(family)), Bytes.empty());
  }

  private ColumnFamilyHandle handle(Family f) {
    return switch (f) {
      case META -> store.meta;
      case LEAVES -> store.leaves;
      case NODES -> store.nodes;
      case CHECKPOINTS -> store.checkpoints;
      case IDS -> store.ids;
      case STATE -> store.state;
      case DEFAULT -> store.defaultFamily;
    };
  }

  /**
   * The key of a leaf or a checkpoint: the seq or tree size as 8 bytes big-endian.
   *
   * @param n the seq or size
   * @return the key
   */
  public static Bytes seqKey(long n) {
    return Bytes.copyFrom(Store.u64(n));
  }

  /**
   * The key of a tree node: level (1 byte) ‖ index (8 bytes big-endian).
   *
   * @param level the subtree's height
   * @param index its index at that height
   * @return the key
   */
  public static Bytes nodeKey(int level, long index) {
    return Bytes.copyFrom(Store.nodeKey(level, index));
  }

  /**
   * The key of the id index: u32be(len(actor)) ‖ actor (UTF-8) ‖ id (UTF-8).
   *
   * @param actor the actor
   * @param id the statement id
   * @return the key
   */
  public static Bytes idKey(String actor, String id) {
    return Bytes.copyFrom(Store.idKey(actor, id));
  }

  /**
   * The value of the id index: seq (8 bytes big-endian) ‖ SHA-256 of the canonical statement.
   *
   * @param seq the entry's seq
   * @param statementHash the statement's SHA-256
   * @return the value
   */
  public static Bytes idValue(long seq, Hash statementHash) {
    byte[] v = new byte[8 + Hash.LENGTH];
    System.arraycopy(Store.u64(seq), 0, v, 0, 8);
    statementHash.copyTo(v, 8);
    return Bytes.copyFrom(v);
  }

  /**
   * Decodes the head record: size (8 bytes BE) ‖ last leaf hash (32) ‖ root (32) ‖ last time (8
   * bytes BE, epoch milliseconds).
   *
   * @param value the stored value
   * @return the head
   * @throws CorruptionException if it is not 80 bytes or the size is negative
   */
  public static Head decodeHead(Bytes value) throws CorruptionException {
    Store.Head h = Store.Head.decode(value.toByteArray());
    return new Head(h.size(), h.lastLeaf(), h.root(), h.lastTimeMillis());
  }

  /**
   * Decodes a text value of the meta family.
   *
   * @param value the stored value
   * @return the value as UTF-8
   */
  public static String text(Bytes value) {
    return new String(value.toByteArray(), StandardCharsets.UTF_8);
  }

  /** Closes the database. Idempotent. */
  @Override
  public void close() {
    store.close();
  }
}
