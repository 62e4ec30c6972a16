package org.creditbank.ledger.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.creditbank.ledger.util.Hash;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.CompactRangeOptions.BottommostLevelCompaction;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.DataBlockIndexType;
import org.rocksdb.FlushOptions;
import org.rocksdb.IndexType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RocksDB database of one ledger and the byte layout of its keys.
 *
 * <p>Column families:
 *
 * <ul>
 *   <li>{@code default}: RocksDB's own family, which every database has; empty.
 *   <li>{@code meta}: {@code "format"} → format version (ASCII decimal), {@code "origin"} → the
 *       log's origin (UTF-8), {@code "head"} → size (8 bytes BE) ‖ last leaf hash (32) ‖ root (32)
 *       ‖ last time (8 bytes BE, epoch milliseconds).
 *   <li>{@code leaves}: seq (8 bytes BE) → canonical leaf bytes.
 *   <li>{@code nodes}: level (1 byte) ‖ index (8 bytes BE) → 32-byte hash of the complete subtree
 *       of height {@code level} at {@code index}; level 0 holds the leaf hashes.
 *   <li>{@code checkpoints}: tree size (8 bytes BE) → the signed checkpoint note.
 *   <li>{@code ids}: length of actor (4 bytes BE) ‖ actor (UTF-8) ‖ id (UTF-8) → seq (8 bytes BE) ‖
 *       SHA-256 of the canonical statement (32).
 *   <li>{@code state}: the state machine's keys and values, opaque.
 *   <li>{@code erasable}: keys and values of the {@link ErasableStore}, opaque (the profile store
 *       keeps {@code "profile/" ‖ learner} → a JSON profile there). Outside the log: not hashed,
 *       not in any checkpoint or proof, not derived state, and its values may be erased. A ledger
 *       created before this family existed gets it, empty, when it is opened.
 * </ul>
 */
final class Store implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Store.class);
  static final int FORMAT_VERSION = 1;

  static final byte[] META_FORMAT = ascii("format");
  static final byte[] META_ORIGIN = ascii("origin");
  static final byte[] META_HEAD = ascii("head");

  // What makes a directory a ledger; "erasable" came later and is created at open if missing.
  private static final List<String> LEDGER_FAMILIES =
      List.of("default", "meta", "leaves", "nodes", "checkpoints", "ids", "state");
  private static final List<String> FAMILIES =
      List.of("default", "meta", "leaves", "nodes", "checkpoints", "ids", "state", "erasable");

  static {
    RocksDB.loadLibrary();
  }

  final RocksDB db;
  // RocksDB's own family, which every database has: the ledger keeps nothing in it.
  final ColumnFamilyHandle defaultFamily;
  final ColumnFamilyHandle meta;
  final ColumnFamilyHandle leaves;
  final ColumnFamilyHandle nodes;
  final ColumnFamilyHandle checkpoints;
  final ColumnFamilyHandle ids;
  final ColumnFamilyHandle state;
  final ColumnFamilyHandle erasable;
  private final DBOptions dbOptions;
  private final Tuning tuning;
  private final List<ColumnFamilyHandle> handles;
  private final Path dir;
  private final Mode mode;
  // Families of the database that a ledger does not have, as listed when it was opened.
  private final List<String> unknownFamilies;
  // Reads hold the read lock and close() the write lock: a read after close must throw, not reach
  // the freed native handle (which crashes the JVM).
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed; // guarded by lock
  private final Set<RocksIterator> iterators = ConcurrentHashMap.newKeySet();
  private final Set<Snap> snaps = ConcurrentHashMap.newKeySet();

  private Store(
      Path dir,
      RocksDB db,
      List<ColumnFamilyHandle> handles,
      DBOptions dbOptions,
      Tuning tuning,
      Mode mode,
      List<String> unknownFamilies) {
    this.dir = dir;
    this.mode = mode;
    this.unknownFamilies = List.copyOf(unknownFamilies);
    this.db = db;
    this.handles = handles;
    this.defaultFamily = handles.get(0);
    this.meta = handles.get(1);
    this.leaves = handles.get(2);
    this.nodes = handles.get(3);
    this.checkpoints = handles.get(4);
    this.ids = handles.get(5);
    this.state = handles.get(6);
    this.erasable = handles.get(7);
    this.dbOptions = dbOptions;
    this.tuning = tuning;
  }

  /**
   * Opens the database in {@code dir}.
   *
   * @param create true to create a new ledger (the directory must be absent or empty), false to
   *     open an existing one
   */
  static Store open(Path dir, boolean create) throws StorageException {
    return open(dir, create, Mode.LEDGER);
  }

  /**
   * Creates a scratch database in {@code dir} (absent or empty), which its owner deletes after
   * closing it: closing does not flush its memtables, since nothing will read them again.
   */
  static Store openScratch(Path dir) throws StorageException {
    return open(dir, true, Mode.SCRATCH);
  }

  /**
   * Opens an existing ledger read-only, for auditing: nothing is written, not even the missing
   * {@code erasable} family, and a ledger open elsewhere may still be read.
   */
  static Store openReadOnly(Path dir) throws StorageException {
    return retryVanishedFiles(() -> openUnchanged(dir), READ_ONLY_ATTEMPTS);
  }

  /** The block cache of one open store for every family but the tree's nodes. */
  static final long BLOCK_CACHE_BYTES = 128L << 20;

  /** The block cache of the tree's nodes. */
  static final long NODE_CACHE_BYTES = 256L << 20;

  /**
   * The size of each memtable's whole-key Bloom filter, as a share of the memtable's size (every
   * family but the nodes'): 2.56 MiB of each 128 MiB memtable, in its arena, so the memtables'
   * bound on native memory stays what it was.
   */
  static final double MEMTABLE_BLOOM_RATIO = 0.02;

  /** How often a read-only open is tried when the ledger changed under it. */
  static final int READ_ONLY_ATTEMPTS = 10;

  /** An open that may fail. */
  @FunctionalInterface
  interface Opener<T> {
    T open() throws StorageException;
  }

  /**
   * A read-only open of a ledger a server has open: RocksDB reads the MANIFEST (which table files
   * and write-ahead logs hold the data), then lists and opens those files. A flush or compaction of
   * the server may delete one in between: a deleted table file fails the open, but a deleted
   * write-ahead log is silently skipped, and the open would succeed with a view lacking its writes.
   * Every flush and compaction records itself in the MANIFEST before it deletes a file, so an open
   * during which the MANIFEST did not change saw every file its MANIFEST needs; one during which it
   * changed is closed and refused with {@link ChangedWhileOpening}.
   */
  private static Store openUnchanged(Path dir) throws StorageException {
    ManifestMark before = ManifestMark.of(dir);
    Store store = open(dir, false, Mode.READ_ONLY);
    if (before == null || !before.equals(ManifestMark.of(dir))) {
      store.close();
      throw new ChangedWhileOpening(dir);
    }
    return store;
  }

  /** The MANIFEST that CURRENT names, and its size; null if they cannot be read consistently. */
  private record ManifestMark(String manifest, long size) {
    static ManifestMark of(Path dir) {
      try {
        String name = Files.readString(dir.resolve("CURRENT"), StandardCharsets.UTF_8).strip();
        return new ManifestMark(name, Files.size(dir.resolve(name)));
      } catch (IOException | RuntimeException e) {
        return null; // CURRENT or the MANIFEST was being replaced: try again
      }
    }
  }

  /** The ledger changed (a flush or compaction) while it was being opened read-only. */
  static final class ChangedWhileOpening extends StorageException {
    private static final long serialVersionUID = 1L;

    ChangedWhileOpening(Path dir) {
      super("ledger " + dir + " kept changing while it was being opened read-only; try again");
    }
  }

  /**
   * Runs {@code opener}, again (up to {@code attempts} times in all, with a short pause growing
   * from 5 ms) while it fails because the ledger changed under it: {@link ChangedWhileOpening}, or
   * a table file deleted by a compaction before RocksDB opened it. That is a race, not damage: the
   * next attempt reads the new MANIFEST. Any other failure, and the last one, is thrown.
   */
  static <T> T retryVanishedFiles(Opener<T> opener, int attempts) throws StorageException {
    for (int attempt = 1; ; attempt++) {
      try {
        return opener.open();
      } catch (StorageException e) {
        if (attempt >= attempts || !vanishedFile(e)) {
          throw e;
        }
        LockSupport.parkNanos(attempt * 5_000_000L);
      }
    }
  }

  /** Whether the open failed because the ledger changed under it. */
  static boolean vanishedFile(StorageException e) {
    return e instanceof ChangedWhileOpening
        || (e.getCause() instanceof RocksDBException
            && String.valueOf(e.getCause().getMessage()).contains("No such file or directory"));
  }

  /** How a store is opened: whether it may write, and whether closing flushes its memtables. */
  private enum Mode {
    /** A ledger opened for writing; closing flushes. */
    LEDGER,
    /** A ledger opened read-only; nothing is written or flushed. */
    READ_ONLY,
    /** Scratch state its owner deletes after closing; nothing worth flushing. */
    SCRATCH
  }

  private static Store open(Path dir, boolean create, Mode mode) throws StorageException {
    List<String> present = checkDirectory(dir, create);
    Tuning tuning = new Tuning();
    DBOptions dbOptions =
        new DBOptions()
            .setCreateIfMissing(create)
            // checkDirectory has made sure an existing ledger has every family but "erasable".
            .setCreateMissingColumnFamilies(true)
            .setParanoidChecks(true)
            .setKeepLogFileNum(5);
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    for (String name : FAMILIES) {
      descriptors.add(new ColumnFamilyDescriptor(ascii(name), tuning.options(name)));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      RocksDB db =
          mode == Mode.READ_ONLY
              ? RocksDB.openReadOnly(dbOptions, dir.toString(), descriptors, handles)
              : RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
      List<String> unknown = new ArrayList<>(present);
      unknown.removeAll(FAMILIES);
      return new Store(dir, db, handles, dbOptions, tuning, mode, unknown);
    } catch (RocksDBException e) {
      dbOptions.close();
      tuning.close();
      String msg = String.valueOf(e.getMessage());
      if (msg.contains("lock")) {
        throw new LedgerInUseException(
            dir,
            String.format(
                Locale.ROOT,
                "ledger %s is already open in another process (or this one): %s",
                dir,
                msg),
            e);
      }
      throw new StorageException(
          String.format(Locale.ROOT, "cannot open ledger %s: %s", dir, msg), e);
    }
  }

  /**
   * Checks that {@code dir} may hold a new ledger, or holds one.
   *
   * @return the column families of the existing database; empty when creating
   */
  private static List<String> checkDirectory(Path dir, boolean create) throws StorageException {
    if (create) {
      if (Files.exists(dir)) {
        if (!Files.isDirectory(dir)) {
          throw new StorageException(
              "cannot create a ledger at " + dir + ": it is not a directory");
        }
        try (Stream<Path> s = Files.list(dir)) {
          if (s.findAny().isPresent()) {
            throw new StorageException(
                "cannot create a ledger in " + dir + ": the directory is not empty");
          }
        } catch (IOException e) {
          throw new StorageException("cannot read directory " + dir + ": " + e.getMessage(), e);
        }
      }
      return List.of();
    }
    if (!Files.isDirectory(dir)) {
      throw new StorageException("no ledger at " + dir + ": the directory does not exist");
    }
    if (!Files.exists(dir.resolve("CURRENT"))) {
      throw new StorageException("no ledger at " + dir + ": the directory is not a ledger");
    }
    List<String> names;
    try {
      names = familiesIn(dir);
    } catch (RocksDBException e) {
      throw new StorageException(
          "no ledger at " + dir + ": cannot read the database: " + e.getMessage(), e);
    }
    if (!names.containsAll(LEDGER_FAMILIES)) {
      throw new StorageException(
          "no ledger at " + dir + ": a database, but not a ledger (column families " + names + ")");
    }
    return names;
  }

  /**
   * The names of the column families of the database in {@code dir}, as its MANIFEST lists them.
   */
  private static List<String> familiesIn(Path dir) throws RocksDBException {
    try (Options options = new Options()) {
      List<String> names = new ArrayList<>();
      for (byte[] p : RocksDB.listColumnFamilies(options, dir.toString())) {
        names.add(new String(p, StandardCharsets.UTF_8));
      }
      return names;
    }
  }

  /**
   * The column families of this store's database that a ledger does not have, as listed when it was
   * opened (inside a read-only open's guard against the files changing): a read-only open leaves
   * them unopened, so only the listing shows them.
   */
  List<String> unknownFamilies() {
    return unknownFamilies;
  }

  byte[] get(ColumnFamilyHandle cf, byte[] key) throws StorageException {
    lock.readLock().lock();
    try {
      checkOpen();
      return db.get(cf, key);
    } catch (RocksDBException e) {
      throw new StorageException("storage read failed: " + e.getMessage(), e);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * A RocksDB snapshot shared by readers, counted: the owner's reference plus one per reader inside
   * a read. Released when the count drops to zero, or by {@link #close()}.
   */
  final class Snap {
    private final Snapshot snapshot;
    private final AtomicInteger refs = new AtomicInteger(1);

    private Snap(Snapshot snapshot) {
      this.snapshot = snapshot;
    }

    Snapshot snapshot() {
      return snapshot;
    }

    /** Takes a reference; false if the snapshot is already released. */
    boolean acquire() {
      int r;
      do {
        r = refs.get();
        if (r == 0) {
          return false;
        }
      } while (!refs.compareAndSet(r, r + 1));
      return true;
    }

    /** Drops a reference; the last one releases the snapshot. */
    void release() {
      if (refs.decrementAndGet() == 0) {
        lock.readLock().lock();
        try {
          if (!closed && snaps.remove(this)) {
            db.releaseSnapshot(snapshot);
          }
        } finally {
          lock.readLock().unlock();
        }
      }
    }
  }

  /** Takes a snapshot of everything written so far. */
  Snap snapshot() {
    beginRead();
    try {
      Snap s = new Snap(db.getSnapshot());
      snaps.add(s);
      return s;
    } finally {
      endRead();
    }
  }

  /** Reads one value as of a snapshot. */
  byte[] get(ColumnFamilyHandle cf, byte[] key, Snap snap) throws StorageException {
    lock.readLock().lock();
    try (ReadOptions ro = new ReadOptions().setSnapshot(snap.snapshot)) {
      checkOpen();
      return db.get(cf, ro, key);
    } catch (RocksDBException e) {
      throw new StorageException("storage read failed: " + e.getMessage(), e);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Holds off close() while a cursor reads; pair with {@link #endRead()}. */
  void beginRead() {
    lock.readLock().lock();
    try {
      checkOpen();
    } catch (IllegalStateException e) {
      lock.readLock().unlock();
      throw e;
    }
  }

  void endRead() {
    lock.readLock().unlock();
  }

  /**
   * Returns a new iterator the caller closes, between {@link #beginRead()} and {@link #endRead()}
   * so that the database stays open while it is used.
   */
  RocksIterator newIteratorUnregistered(ColumnFamilyHandle cf, ReadOptions ro) {
    return db.newIterator(cf, ro);
  }

  /** Returns a new iterator over {@code cf}, closed by {@link #close()} if still open then. */
  RocksIterator newIterator(ColumnFamilyHandle cf) {
    beginRead();
    try {
      RocksIterator it = db.newIterator(cf);
      iterators.add(it);
      return it;
    } finally {
      endRead();
    }
  }

  void closeIterator(RocksIterator it) {
    lock.readLock().lock();
    try {
      if (iterators.remove(it)) {
        it.close();
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the journal of " + dir + " is closed");
    }
  }

  /**
   * Throws unless the store is open: for reads answered from memory (the journal's node cache) that
   * must fail after close as the reads of storage do.
   */
  void requireOpen() {
    lock.readLock().lock();
    try {
      checkOpen();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Writes one value, synced, unless the store is closed. */
  void putSynced(ColumnFamilyHandle cf, byte[] key, byte[] value) throws StorageException {
    lock.readLock().lock();
    try (WriteOptions wo = new WriteOptions().setSync(true)) {
      checkOpen();
      db.put(cf, wo, key, value);
    } catch (RocksDBException e) {
      throw new StorageException("storage write failed: " + e.getMessage(), e);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Deletes one key, synced, then compacts the range of that key so that flushing and compaction
   * drop the old value from the memtable and the SST files now rather than some day.
   */
  void deleteAndCompact(ColumnFamilyHandle cf, byte[] key) throws StorageException {
    lock.readLock().lock();
    try (WriteOptions wo = new WriteOptions().setSync(true);
        CompactRangeOptions co =
            new CompactRangeOptions()
                // The old value may already sit in a bottommost file: rewrite that one too.
                .setBottommostLevelCompaction(BottommostLevelCompaction.kForceOptimized)
                // Erasures from many threads need not wait for each other.
                .setExclusiveManualCompaction(false)) {
      checkOpen();
      db.delete(cf, wo, key);
      // [key, key] inclusive; CompactRange flushes the memtable first when it overlaps the range.
      db.compactRange(cf, key, key, co);
    } catch (RocksDBException e) {
      throw new StorageException("storage erase failed: " + e.getMessage(), e);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Fsyncs the write-ahead log: every write made before the call is durable when it returns. */
  void syncWal() throws StorageException {
    try {
      db.syncWal();
    } catch (RocksDBException e) {
      throw new StorageException("storage sync failed: " + e.getMessage(), e);
    }
  }

  /** Entries in the active memtables of every family (tests: what an open replayed). */
  long memtableEntries() throws RocksDBException {
    beginRead();
    try {
      long n = 0;
      for (ColumnFamilyHandle h : handles) {
        n += db.getLongProperty(h, "rocksdb.num-entries-active-mem-table");
      }
      return n;
    } finally {
      endRead();
    }
  }

  void write(WriteBatch batch, boolean sync) throws StorageException {
    try (WriteOptions wo = new WriteOptions().setSync(sync)) {
      db.write(wo, batch);
    } catch (RocksDBException e) {
      throw new StorageException("storage write failed: " + e.getMessage(), e);
    }
  }

  /**
   * Writes a RocksDB checkpoint of every column family to {@code target}, which must not exist: one
   * point in time, the memtables flushed first (rocksjni always passes log_size_for_flush 0).
   */
  void checkpoint(Path target) throws StorageException {
    lock.readLock().lock();
    try (Checkpoint cp = Checkpoint.create(db)) {
      checkOpen();
      cp.createCheckpoint(target.toString());
    } catch (RocksDBException e) {
      throw new StorageException("cannot copy the ledger to " + target + ": " + e.getMessage(), e);
    } finally {
      lock.readLock().unlock();
    }
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] u64(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  static long u64(byte[] b, int off) {
    return ByteBuffer.wrap(b, off, 8).getLong();
  }

  static byte[] nodeKey(int level, long index) {
    return ByteBuffer.allocate(9).put((byte) level).putLong(index).array();
  }

  static byte[] idKey(String actor, String id) {
    byte[] a = actor.getBytes(StandardCharsets.UTF_8);
    byte[] i = id.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + a.length + i.length).putInt(a.length).put(a).put(i).array();
  }

  /** The head record: what the last committed group left. */
  record Head(long size, Hash lastLeaf, Hash root, long lastTimeMillis) {
    byte[] encode() {
      ByteBuffer b = ByteBuffer.allocate(8 + 32 + 32 + 8).putLong(size);
      b.put(lastLeaf.toByteArray()).put(root.toByteArray()).putLong(lastTimeMillis);
      return b.array();
    }

    static Head decode(byte[] b) throws CorruptionException {
      if (b.length != 80) {
        throw new CorruptionException("head record has " + b.length + " bytes, want 80");
      }
      ByteBuffer bb = ByteBuffer.wrap(b);
      long size = bb.getLong();
      if (size < 0) {
        throw new CorruptionException("head record has size " + size + ", want ≥ 0");
      }
      byte[] last = new byte[32];
      byte[] root = new byte[32];
      bb.get(last).get(root);
      return new Head(size, Hash.of(last), Hash.of(root), bb.getLong());
    }
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      for (RocksIterator it : iterators) {
        it.close();
      }
      iterators.clear();
      for (Snap snap : snaps) {
        db.releaseSnapshot(snap.snapshot);
      }
      snaps.clear();
      closeDatabase();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Flushes the memtables of a ledger opened for writing (not of a read-only or scratch store),
   * then syncs the write-ahead log and closes. Without the flush, everything written since the last
   * one stays only in the log, and every later open replays it: a read-only open (an audit, a key
   * or origin look-up) into memtables it keeps for as long as it is open, hundreds of megabytes
   * after a bulk load. The flush may stall writes: nothing writes any more.
   */
  private void closeDatabase() {
    if (mode == Mode.LEDGER) {
      try (FlushOptions fo = new FlushOptions().setWaitForFlush(true).setAllowWriteStall(true)) {
        db.flush(fo, handles);
      } catch (RocksDBException e) {
        // Closing anyway: the write-ahead log still holds what the memtables held.
        LOG.warn("closing {} without flushing its memtables: {}", dir, e.getMessage());
      }
    }
    try {
      db.syncWal();
    } catch (RocksDBException e) {
      // Closing anyway: every acknowledged SYNC group was already synced when it was written.
    }
    for (ColumnFamilyHandle h : handles) {
      h.close();
    }
    db.close();
    dbOptions.close();
    tuning.close();
  }

  /**
   * The column families' options and block caches (docs/performance.md, "Storage tuning").
   *
   * <ul>
   *   <li>Index and filter blocks are partitioned and kept in the block cache, at high priority,
   *       with their top level (and level 0's) pinned. With whole index and filter blocks in the
   *       cache, a table file of a large family (a filter of megabytes at 10^6 entries) was read
   *       back whole after other blocks pushed it out: every point read in the sequencer, even of
   *       an absent key, paid for it.
   *   <li>The tree's nodes have a cache of their own ({@link #NODE_CACHE_BYTES}): a proof reads
   *       about 40 nodes, and the upper levels of the tree, which every proof shares, should not be
   *       pushed out by the leaves and state that every submission reads and writes. Its data
   *       blocks carry a hash index for the point reads, and nothing is compressed (hashes do not
   *       compress).
   *   <li>Everything else shares {@link #BLOCK_CACHE_BYTES}.
   *   <li>Every family but the nodes' keeps a whole-key Bloom filter in each memtable ({@link
   *       #MEMTABLE_BLOOM_RATIO}). The sequencer's point reads of the state and the statement ids
   *       mostly ask for keys a memtable does not hold (a new achievement's id, a record last
   *       written before the memtable began); without the filter each one walked the memtables'
   *       skip lists, a fifth of the sequencer's CPU with 64 submitters (perf), and 8 % with it.
   * </ul>
   */
  private static final class Tuning implements AutoCloseable {
    private final LRUCache shared = new LRUCache(BLOCK_CACHE_BYTES);
    private final LRUCache nodeCache = new LRUCache(NODE_CACHE_BYTES);
    private final ColumnFamilyOptions general;
    private final ColumnFamilyOptions nodes;

    Tuning() {
      general =
          new ColumnFamilyOptions()
              .setTableFormatConfig(table(shared))
              .optimizeLevelStyleCompaction()
              .setMemtablePrefixBloomSizeRatio(MEMTABLE_BLOOM_RATIO)
              .setMemtableWholeKeyFiltering(true);
      nodes =
          new ColumnFamilyOptions()
              .setTableFormatConfig(
                  table(nodeCache)
                      .setDataBlockIndexType(DataBlockIndexType.kDataBlockBinaryAndHash))
              .optimizeLevelStyleCompaction()
              .setCompressionType(CompressionType.NO_COMPRESSION)
              .setCompressionPerLevel(List.of());
    }

    private static BlockBasedTableConfig table(LRUCache cache) {
      return new BlockBasedTableConfig()
          .setBlockCache(cache)
          .setFilterPolicy(new BloomFilter(10, false))
          .setIndexType(IndexType.kTwoLevelIndexSearch)
          .setPartitionFilters(true)
          .setMetadataBlockSize(4096)
          .setCacheIndexAndFilterBlocks(true)
          .setCacheIndexAndFilterBlocksWithHighPriority(true)
          .setPinTopLevelIndexAndFilter(true)
          .setPinL0FilterAndIndexBlocksInCache(true);
    }

    ColumnFamilyOptions options(String family) {
      return family.equals("nodes") ? nodes : general;
    }

    @Override
    public void close() {
      general.close();
      nodes.close();
      shared.close();
      nodeCache.close();
    }
  }
}
