package org.creditbank.ledger.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/** A ledger's database opened with the plain RocksDB API, to tamper with it. */
final class RawDb implements AutoCloseable {
  static final List<String> FAMILIES =
      List.of("default", "meta", "leaves", "nodes", "checkpoints", "ids", "state", "erasable");

  static {
    RocksDB.loadLibrary();
  }

  private final DBOptions options = new DBOptions();
  private final ColumnFamilyOptions cfOptions = new ColumnFamilyOptions();
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  private final RocksDB db;

  RawDb(Path dir) throws RocksDBException {
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    for (String f : FAMILIES) {
      descriptors.add(new ColumnFamilyDescriptor(ascii(f), cfOptions));
    }
    db = RocksDB.open(options, dir.toString(), descriptors, handles);
  }

  private ColumnFamilyHandle cf(String name) {
    return handles.get(FAMILIES.indexOf(name));
  }

  byte[] get(String cf, byte[] key) throws RocksDBException {
    byte[] v = db.get(cf(cf), key);
    if (v == null) {
      throw new IllegalStateException("no key in " + cf);
    }
    return v;
  }

  void put(String cf, byte[] key, byte[] value) throws RocksDBException {
    try (WriteOptions wo = new WriteOptions().setSync(true)) {
      db.put(cf(cf), wo, key, value);
    }
  }

  void delete(String cf, byte[] key) throws RocksDBException {
    try (WriteOptions wo = new WriteOptions().setSync(true)) {
      db.delete(cf(cf), wo, key);
    }
  }

  /** Adds a column family the ledger does not have, with one key in it. */
  void addFamily(String name) throws RocksDBException {
    ColumnFamilyHandle h =
        db.createColumnFamily(new ColumnFamilyDescriptor(ascii(name), cfOptions));
    try (WriteOptions wo = new WriteOptions().setSync(true)) {
      db.put(h, wo, ascii("k"), ascii("v"));
    } finally {
      h.close();
    }
  }

  /** Flips the low bit of byte {@code at} of a stored value. */
  void flip(String cf, byte[] key, int at) throws RocksDBException {
    byte[] v = get(cf, key);
    v[at] ^= 1;
    put(cf, key, v);
  }

  /** The keys of a family, in order. */
  List<byte[]> keys(String cf) {
    List<byte[]> keys = new ArrayList<>();
    try (RocksIterator it = db.newIterator(cf(cf))) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        keys.add(it.key());
      }
    }
    return keys;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] u64(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  static byte[] nodeKey(int level, long index) {
    return ByteBuffer.allocate(9).put((byte) level).putLong(index).array();
  }

  @Override
  public void close() {
    for (ColumnFamilyHandle h : handles) {
      h.close();
    }
    db.close();
    options.close();
    cfOptions.close();
  }
}
