package org.creditbank.ledger.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.merkle.Rfc6962;
import org.creditbank.ledger.note.Checkpoint;
import org.creditbank.ledger.note.NoteSigner;
import org.creditbank.ledger.note.SignedNote;
import org.creditbank.ledger.util.Bytes;
import org.creditbank.ledger.util.Hash;
import org.creditbank.ledger.util.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/** Opening, creating, tampering, reading and closing ledgers on disk. */
class JournalStorageTest {
  static final NoteSigner SIGNER = JournalSmokeTest.SIGNER;
  static final List<String> FAMILIES =
      List.of("default", "meta", "leaves", "nodes", "checkpoints", "ids", "state", "erasable");

  static {
    RocksDB.loadLibrary();
  }

  // ------------------------------------------------------------------ helpers

  static Journal<Void> open(Path dir) throws StorageException {
    return Journal.open(dir, SIGNER, StateMachine.acceptAll(), JournalOptions.DEFAULT);
  }

  /** Creates a ledger of three statements, each in its own group, and closes it. */
  static List<Receipt> threeLeaves(Path dir) throws Exception {
    List<Receipt> receipts = new ArrayList<>();
    try (Journal<Void> j =
        Journal.create(dir, SIGNER, StateMachine.acceptAll(), JournalOptions.DEFAULT)) {
      receipts.add(j.append(JournalSmokeTest.stmt("A", "1", "x")));
      receipts.add(j.append(JournalSmokeTest.stmt("A", "2", "y")));
      receipts.add(j.append(JournalSmokeTest.stmt("B", "1", "z")));
    }
    return receipts;
  }

  /** The ledger's database opened with the plain RocksDB API, to tamper with it. */
  static final class Raw implements AutoCloseable {
    final DBOptions options = new DBOptions();
    final ColumnFamilyOptions cfOptions = new ColumnFamilyOptions();
    final List<ColumnFamilyHandle> handles = new ArrayList<>();
    final RocksDB db;

    Raw(Path dir, boolean readOnly) throws RocksDBException {
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      for (String f : FAMILIES) {
        descriptors.add(new ColumnFamilyDescriptor(ascii(f), cfOptions));
      }
      db =
          readOnly
              ? RocksDB.openReadOnly(options, dir.toString(), descriptors, handles)
              : RocksDB.open(options, dir.toString(), descriptors, handles);
    }

    ColumnFamilyHandle cf(String name) {
      return handles.get(FAMILIES.indexOf(name));
    }

    byte[] get(String cf, byte[] key) throws RocksDBException {
      return db.get(cf(cf), key);
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

    /** Every key and value of every family, in hex. */
    Map<String, Map<String, String>> dump() {
      Map<String, Map<String, String>> all = new LinkedHashMap<>();
      for (String f : FAMILIES) {
        Map<String, String> kv = new TreeMap<>();
        try (RocksIterator it = db.newIterator(cf(f))) {
          for (it.seekToFirst(); it.isValid(); it.next()) {
            kv.put(Hex.encode(it.key()), Hex.encode(it.value()));
          }
        }
        all.put(f, kv);
      }
      return all;
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

  interface Tamper {
    void apply(Raw raw) throws Exception;
  }

  static Map<String, Map<String, String>> dump(Path dir) throws RocksDBException {
    try (Raw raw = new Raw(dir, true)) {
      return raw.dump();
    }
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

  static Map<String, String> listing(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.toList()) {
        files.put(
            dir.relativize(p).toString(),
            Files.isDirectory(p)
                ? "dir"
                : Hex.encode(Hash.sha256(Files.readAllBytes(p)).toByteArray()));
      }
    }
    return files;
  }

  /**
   * Tampers with a three-leaf ledger, checks that opening it fails with exactly {@code message},
   * that the failed open changed nothing stored, and that undoing the tampering gives back the
   * original ledger.
   */
  static void assertCorruptOnOpen(Path tmp, Tamper tamper, MessageOf message) throws Exception {
    Path dir = tmp.resolve("ledger");
    List<Receipt> receipts = threeLeaves(dir);
    Map<String, Map<String, String>> original = dump(dir);
    try (Raw raw = new Raw(dir, false)) {
      tamper.apply(raw);
    }
    Map<String, Map<String, String>> tampered = dump(dir);
    assertFalse(original.equals(tampered), "the tampering changed nothing");
    CorruptionException e = assertThrows(CorruptionException.class, () -> open(dir));
    assertEquals(message.of(dir, receipts), e.getMessage());
    assertEquals(tampered, dump(dir), "a failed open changed what is stored");
    // Undo the tampering key by key; the ledger must then open as it was.
    try (Raw raw = new Raw(dir, false)) {
      for (String f : FAMILIES) {
        Map<String, String> want = original.get(f);
        Map<String, String> have = tampered.get(f);
        for (String k : have.keySet()) {
          if (!want.containsKey(k)) {
            raw.delete(f, Hex.decode(k));
          }
        }
        for (Map.Entry<String, String> kv : want.entrySet()) {
          if (!kv.getValue().equals(have.get(kv.getKey()))) {
            raw.put(f, Hex.decode(kv.getKey()), Hex.decode(kv.getValue()));
          }
        }
      }
    }
    assertEquals(original, dump(dir));
    try (Journal<Void> j = open(dir)) {
      assertEquals(3, j.size());
      assertEquals(receipts.get(2).tree().root(), j.root());
    }
  }

  interface MessageOf {
    String of(Path dir, List<Receipt> receipts) throws Exception;
  }

  static byte[] head(Raw raw) throws RocksDBException {
    return raw.get("meta", ascii("head"));
  }

  // ------------------------------------------------------------------ create and open

  @Test
  void create_nonEmptyDirectory_throwsAndLeavesItAlone(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve("notes.txt"), "hello");
    Map<String, String> before = listing(tmp);
    StorageException e =
        assertThrows(
            StorageException.class,
            () -> Journal.create(tmp, SIGNER, StateMachine.acceptAll(), JournalOptions.DEFAULT));
    assertEquals(
        "cannot create a ledger in " + tmp + ": the directory is not empty", e.getMessage());
    assertEquals(before, listing(tmp));
  }

  @Test
  void create_existingLedger_throws(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("ledger");
    threeLeaves(dir);
    StorageException e =
        assertThrows(
            StorageException.class,
            () -> Journal.create(dir, SIGNER, StateMachine.acceptAll(), JournalOptions.DEFAULT));
    assertEquals(
        "cannot create a ledger in " + dir + ": the directory is not empty", e.getMessage());
    try (Journal<Void> j = open(dir)) {
      assertEquals(3, j.size());
    }
  }

  @Test
  void create_pathIsAFile_throws(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("file");
    Files.writeString(file, "x");
    StorageException e =
        assertThrows(
            StorageException.class,
            () -> Journal.create(file, SIGNER, StateMachine.acceptAll(), JournalOptions.DEFAULT));
    assertEquals("cannot create a ledger at " + file + ": it is not a directory", e.getMessage());
  }

  @Test
  void open_missingDirectory_throwsAndCreatesNothing(@TempDir Path tmp) {
    Path dir = tmp.resolve("absent");
    StorageException e = assertThrows(StorageException.class, () -> open(dir));
    assertEquals("no ledger at " + dir + ": the directory does not exist", e.getMessage());
    assertFalse(Files.exists(dir));
  }

  @Test
  void open_emptyDirectory_throwsAndLeavesItEmpty(@TempDir Path tmp) throws Exception {
    StorageException e = assertThrows(StorageException.class, () -> open(tmp));
    assertEquals("no ledger at " + tmp + ": the directory is not a ledger", e.getMessage());
    assertEquals(Map.of("", "dir"), listing(tmp));
  }

  @Test
  void open_directoryOfOtherFiles_throwsAndLeavesThemAlone(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve("a.txt"), "alpha");
    Files.createDirectory(tmp.resolve("sub"));
    Files.write(tmp.resolve("sub").resolve("b.bin"), new byte[] {1, 2, 3});
    Map<String, String> before = listing(tmp);
    StorageException e = assertThrows(StorageException.class, () -> open(tmp));
    assertEquals("no ledger at " + tmp + ": the directory is not a ledger", e.getMessage());
    assertEquals(before, listing(tmp));
  }

  @Test
  void open_garbageCurrentFile_throwsStorageException(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve("CURRENT"), "MANIFEST-000042\n");
    Map<String, String> before = listing(tmp);
    StorageException e = assertThrows(StorageException.class, () -> open(tmp));
    assertEquals(
        "no ledger at " + tmp + ": a database, but not a ledger (column families [])",
        e.getMessage());
    assertEquals(before, listing(tmp));
  }

  @Test
  void open_plainRocksDatabase_throwsAndLeavesItAlone(@TempDir Path tmp) throws Exception {
    try (Options o = new Options().setCreateIfMissing(true);
        RocksDB db = RocksDB.open(o, tmp.toString())) {
      db.put(ascii("k"), ascii("v"));
    }
    Map<String, Map<String, String>> before;
    try (Options o = new Options();
        RocksDB db = RocksDB.openReadOnly(o, tmp.toString())) {
      before =
          Map.of("default", Map.of("k", new String(db.get(ascii("k")), StandardCharsets.US_ASCII)));
    }
    StorageException e = assertThrows(StorageException.class, () -> open(tmp));
    assertEquals(
        "no ledger at " + tmp + ": a database, but not a ledger (column families [default])",
        e.getMessage());
    try (Options o = new Options();
        RocksDB db = RocksDB.openReadOnly(o, tmp.toString())) {
      assertEquals(
          before,
          Map.of(
              "default", Map.of("k", new String(db.get(ascii("k")), StandardCharsets.US_ASCII))));
      assertEquals(1, RocksDB.listColumnFamilies(o, tmp.toString()).size());
    }
  }

  @Test
  void open_formatVersion2_throws(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("ledger");
    threeLeaves(dir);
    try (Raw raw = new Raw(dir, false)) {
      assertArrayEquals(ascii("1"), raw.get("meta", ascii("format")));
      raw.put("meta", ascii("format"), ascii("2"));
    }
    Map<String, Map<String, String>> before = dump(dir);
    StorageException e = assertThrows(StorageException.class, () -> open(dir));
    assertFalse(e instanceof CorruptionException);
    assertEquals(
        "ledger " + dir + " has format version 2; this program reads version 1", e.getMessage());
    assertEquals(before, dump(dir));
  }

  @Test
  void open_noFormatRecorded_throws(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("ledger");
    threeLeaves(dir);
    try (Raw raw = new Raw(dir, false)) {
      raw.delete("meta", ascii("format"));
    }
    StorageException e = assertThrows(StorageException.class, () -> open(dir));
    assertEquals("no ledger at " + dir + ": no format version recorded", e.getMessage());
  }

  @Test
  void open_signerOfAnotherOrigin_throws(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("ledger");
    threeLeaves(dir);
    Map<String, Map<String, String>> before = dump(dir);
    NoteSigner other = NoteSigner.of("other.example/log", Ed25519PrivateKey.fromSeed(new byte[32]));
    StorageException e =
        assertThrows(
            StorageException.class,
            () -> Journal.open(dir, other, StateMachine.acceptAll(), JournalOptions.DEFAULT));
    assertFalse(e instanceof CorruptionException);
    assertEquals(
        "ledger "
            + dir
            + " has origin test.example/ledger, but the operator key is for other.example/log",
        e.getMessage());
    assertEquals(before, dump(dir));
  }

  @Test
  void open_alreadyOpenInThisProcess_throwsAndFirstStaysUsable(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("ledger");
    threeLeaves(dir);
    try (Journal<Void> first = open(dir)) {
      StorageException e = assertThrows(StorageException.class, () -> open(dir));
      assertTrue(
          e.getMessage()
              .startsWith("ledger " + dir + " is already open in another process (or this one): "),
          e.getMessage());
      assertTrue(e.getCause() instanceof RocksDBException, String.valueOf(e.getCause()));
      Receipt r = first.append(JournalSmokeTest.stmt("C", "1", "w"));
      assertEquals(3, r.seq());
    }
    try (Journal<Void> again = open(dir)) {
      assertEquals(4, again.size());
    }
  }

  /** Opens the ledger in its first argument, says so, and holds it until its stdin closes. */
  public static final class HoldOpen {
    private HoldOpen() {}

    public static void main(String[] args) throws Exception {
      try (Journal<Void> j = open(Path.of(args[0]))) {
        System.out.println("open " + j.size());
        System.out.flush();
        while (System.in.read() >= 0) {
          // wait for the parent to close our stdin
        }
      }
    }
  }

  @Test
  void open_alreadyOpenInAnotherProcess_throws(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("ledger");
    threeLeaves(dir);
    String javaBin =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(System.getProperty("java.home") + "/bin/java");
    Process child =
        new ProcessBuilder(
                javaBin,
                "-cp",
                System.getProperty("java.class.path"),
                HoldOpen.class.getName(),
                dir.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      java.io.BufferedReader out =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("open 3", out.readLine());
      StorageException e = assertThrows(StorageException.class, () -> open(dir));
      assertTrue(
          e.getMessage()
              .startsWith("ledger " + dir + " is already open in another process (or this one): "),
          e.getMessage());
    } finally {
      child.getOutputStream().close();
      if (!child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    }
    assertEquals(0, child.exitValue());
    try (Journal<Void> j = open(dir)) {
      assertEquals(3, j.size());
    }
  }

  // ------------------------------------------------------------------ corruption on open

  @Test
  void open_headRootChanged_throwsCorruption(@TempDir Path tmp) throws Exception {
    byte[][] fake = new byte[1][];
    assertCorruptOnOpen(
        tmp,
        raw -> {
          byte[] h = head(raw);
          h[8 + 32] ^= 1;
          fake[0] = java.util.Arrays.copyOfRange(h, 40, 72);
          raw.put("meta", ascii("head"), h);
        },
        (dir, r) ->
            "head says size 3 has root "
                + Hex.encode(fake[0])
                + ", but the stored tree gives "
                + r.get(2).tree().root());
  }

  @Test
  void open_headSizeSmaller_throwsCorruption(@TempDir Path tmp) throws Exception {
    assertCorruptOnOpen(
        tmp,
        raw -> {
          byte[] h = head(raw);
          h[7] = 2;
          raw.put("meta", ascii("head"), h);
        },
        (dir, r) ->
            "head says size 2 has root "
                + r.get(2).tree().root()
                + ", but the stored tree gives "
                + r.get(1).tree().root());
  }

  @Test
  void open_headSizeLarger_throwsCorruption(@TempDir Path tmp) throws Exception {
    assertCorruptOnOpen(
        tmp,
        raw -> {
          byte[] h = head(raw);
          h[7] = 4;
          raw.put("meta", ascii("head"), h);
        },
        (dir, r) -> "tree node (level 2, index 0) is missing");
  }

  @Test
  void open_headSizeNegative_throwsCorruption(@TempDir Path tmp) throws Exception {
    assertCorruptOnOpen(
        tmp,
        raw -> {
          byte[] h = head(raw);
          h[0] = (byte) 0x80;
          raw.put("meta", ascii("head"), h);
        },
        (dir, r) -> "head record has size " + (Long.MIN_VALUE + 3) + ", want ≥ 0");
  }

  @Test
  void open_headTruncated_throwsCorruption(@TempDir Path tmp) throws Exception {
    assertCorruptOnOpen(
        tmp,
        raw -> raw.put("meta", ascii("head"), java.util.Arrays.copyOf(head(raw), 79)),
        (dir, r) -> "head record has 79 bytes, want 80");
  }

  @Test
  void open_headMissing_throwsCorruption(@TempDir Path tmp) throws Exception {
    assertCorruptOnOpen(
        tmp, raw -> raw.delete("meta", ascii("head")), (dir, r) -> "no head record is stored");
  }

  @Test
  void open_originMissing_throwsCorruption(@TempDir Path tmp) throws Exception {
    assertCorruptOnOpen(
        tmp, raw -> raw.delete("meta", ascii("origin")), (dir, r) -> "no origin is recorded");
  }

  @Test
  void open_headLastLeafChanged_throwsCorruption(@TempDir Path tmp) throws Exception {
    byte[][] fake = new byte[1][];
    assertCorruptOnOpen(
        tmp,
        raw -> {
          byte[] h = head(raw);
          h[8] ^= 1;
          fake[0] = java.util.Arrays.copyOfRange(h, 8, 40);
          raw.put("meta", ascii("head"), h);
        },
        (dir, r) ->
            "leaf 2 hashes to "
                + r.get(2).leafHash()
                + ", but the head says "
                + Hex.encode(fake[0]));
  }

  @Test
  void open_headTimeBeforeLastLeaf_throwsCorruption(@TempDir Path tmp) throws Exception {
    long[] times = new long[2];
    assertCorruptOnOpen(
        tmp,
        raw -> {
          byte[] h = head(raw);
          ByteBuffer b = ByteBuffer.wrap(h);
          times[0] = b.getLong(72);
          times[1] = times[0] - 86_400_000L;
          b.putLong(72, times[1]);
          raw.put("meta", ascii("head"), h);
        },
        (dir, r) ->
            "leaf 2 has time "
                + Instant.ofEpochMilli(times[0])
                + ", but the head says "
                + Instant.ofEpochMilli(times[1]));
  }

  @Test
  void open_lastLeafDeleted_throwsCorruption(@TempDir Path tmp) throws Exception {
    assertCorruptOnOpen(
        tmp,
        raw -> raw.delete("leaves", u64(2)),
        (dir, r) -> "head says size 3, but leaf 2 is missing");
  }

  @Test
  void open_lastLeafReplacedByAnotherCanonicalLeaf_throwsCorruption(@TempDir Path tmp)
      throws Exception {
    Hash[] fake = new Hash[1];
    assertCorruptOnOpen(
        tmp,
        raw -> {
          Leaf real = Leaf.parse(raw.get("leaves", u64(2)));
          Leaf other =
              Leaf.build(
                  2,
                  real.prev(),
                  real.time(),
                  JournalSmokeTest.stmt("B", "1", "forged").statement());
          fake[0] = other.hash();
          raw.put("leaves", u64(2), other.bytes().toByteArray());
        },
        (dir, r) -> "leaf 2 hashes to " + fake[0] + ", but the head says " + r.get(2).leafHash());
  }

  /** Regression: a rewritten middle leaf passed leaf(seq) unnoticed; now it is tied to the tree. */
  @Test
  void leaf_middleLeafReplacedByAnotherCanonicalLeaf_throwsCorruption(@TempDir Path tmp)
      throws Exception {
    Path dir = tmp.resolve("ledger");
    threeLeaves(dir);
    Hash fake;
    Hash real;
    try (Raw raw = new Raw(dir, false)) {
      Leaf leaf = Leaf.parse(raw.get("leaves", u64(1)));
      real = leaf.hash();
      Leaf other =
          Leaf.build(
              1, leaf.prev(), leaf.time(), JournalSmokeTest.stmt("A", "2", "forged").statement());
      fake = other.hash();
      raw.put("leaves", u64(1), other.bytes().toByteArray());
    }
    try (Journal<Void> j =
        Journal.open(dir, SIGNER, StateMachine.acceptAll(), JournalOptions.DEFAULT)) {
      CorruptionException e = assertThrows(CorruptionException.class, () -> j.leaf(1));
      assertEquals("leaf 1 hashes to " + fake + ", but the tree holds " + real, e.getMessage());
      assertEquals(2, j.leaf(2).seq());
    }
  }

  @Test
  void open_lastLeafNotCanonical_throwsCorruption(@TempDir Path tmp) throws Exception {
    assertCorruptOnOpen(
        tmp,
        raw -> {
          String s = new String(raw.get("leaves", u64(2)), StandardCharsets.UTF_8);
          raw.put(
              "leaves",
              u64(2),
              s.replace(",\"v\":1}", ", \"v\":1}").getBytes(StandardCharsets.UTF_8));
        },
        (dir, r) -> "leaf 2 is not in canonical form");
  }

  @Test
  void open_leafBeyondHead_throwsCorruption(@TempDir Path tmp) throws Exception {
    assertCorruptOnOpen(
        tmp,
        raw -> {
          Leaf last = Leaf.parse(raw.get("leaves", u64(2)));
          Leaf extra =
              Leaf.build(
                  3, last.hash(), last.time(), JournalSmokeTest.stmt("C", "1", "w").statement());
          raw.put("leaves", u64(3), extra.bytes().toByteArray());
        },
        (dir, r) -> "a leaf is stored at seq 3, beyond the head's size 3");
  }

  @Test
  void open_treeNodeDeleted_throwsCorruption(@TempDir Path tmp) throws Exception {
    assertCorruptOnOpen(
        tmp,
        raw -> raw.delete("nodes", nodeKey(1, 0)),
        (dir, r) -> "tree node (level 1, index 0) is missing");
  }

  @Test
  void open_treeNodeChanged_throwsCorruption(@TempDir Path tmp) throws Exception {
    Hash[] got = new Hash[1];
    assertCorruptOnOpen(
        tmp,
        raw -> {
          byte[] n = raw.get("nodes", nodeKey(1, 0));
          n[0] ^= 1;
          raw.put("nodes", nodeKey(1, 0), n);
          got[0] = Rfc6962.nodeHash(Hash.of(n), Hash.of(raw.get("nodes", nodeKey(0, 2))));
        },
        (dir, r) ->
            "head says size 3 has root "
                + r.get(2).tree().root()
                + ", but the stored tree gives "
                + got[0]);
  }

  @Test
  void open_lastCheckpointDeleted_throwsCorruption(@TempDir Path tmp) throws Exception {
    assertCorruptOnOpen(
        tmp,
        raw -> raw.delete("checkpoints", u64(3)),
        (dir, r) -> "no checkpoint is stored for the head's size 3");
  }

  @Test
  void open_lastCheckpointOfAnotherSize_throwsCorruption(@TempDir Path tmp) throws Exception {
    assertCorruptOnOpen(
        tmp,
        raw -> raw.put("checkpoints", u64(3), raw.get("checkpoints", u64(2))),
        (dir, r) ->
            "the checkpoint at size 3 says origin test.example/ledger size 2 root "
                + r.get(1).tree().root()
                + "; want test.example/ledger 3 "
                + r.get(2).tree().root());
  }

  @Test
  void open_lastCheckpointGarbage_throwsCorruption(@TempDir Path tmp) throws Exception {
    assertCorruptOnOpen(
        tmp,
        raw -> raw.put("checkpoints", u64(3), ascii("not a note")),
        (dir, r) ->
            "the checkpoint at size 3 is malformed: note has no blank line before its signatures");
  }

  @Test
  void open_lastCheckpointSignedByAnotherKey_throwsCorruption(@TempDir Path tmp) throws Exception {
    NoteSigner forger =
        NoteSigner.of(
            SIGNER.name(),
            Ed25519PrivateKey.fromSeed(
                new byte[] {
                  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                  17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32
                }));
    assertCorruptOnOpen(
        tmp,
        raw -> {
          SignedNote real = SignedNote.parse(raw.get("checkpoints", u64(3)));
          raw.put("checkpoints", u64(3), SignedNote.sign(real.text(), forger).toBytes());
        },
        (dir, r) ->
            "the checkpoint at size 3 does not verify with the operator key: note has no"
                + " verifiable signatures (it is signed by key ID "
                + String.format(java.util.Locale.ROOT, "%08x", forger.keyId())
                + ", the operator key is "
                + SIGNER.toVerifierKey()
                + "; a new checkpoint key co-signs with the old one before it signs alone)");
  }

  @Test
  void open_lastCheckpointSignatureFlipped_throwsCorruption(@TempDir Path tmp) throws Exception {
    assertCorruptOnOpen(
        tmp,
        raw -> {
          String note = new String(raw.get("checkpoints", u64(3)), StandardCharsets.UTF_8);
          int sp = note.lastIndexOf(' ');
          byte[] sig = java.util.Base64.getDecoder().decode(note.substring(sp + 1).strip());
          sig[10] ^= 1;
          String forged =
              note.substring(0, sp + 1) + java.util.Base64.getEncoder().encodeToString(sig) + "\n";
          raw.put("checkpoints", u64(3), forged.getBytes(StandardCharsets.UTF_8));
        },
        (dir, r) ->
            "the checkpoint at size 3 does not verify with the operator key: "
                + "invalid signature for key test.example/ledger+e495f732");
  }

  // ------------------------------------------------------------------ Leaf

  static final Instant T = Instant.parse("2026-11-27T09:30:00Z");
  static final Bytes STMT = Bytes.copyFrom(ascii("{\"a\":1,\"b\":[true,null]}"));

  @Test
  void build_firstLeaf_bytesAreTheDocumentedLayout() {
    Leaf leaf = Leaf.build(0, Leaf.ZERO, T, STMT);
    String want =
        "{\"prev\":\""
            + "0".repeat(64)
            + "\",\"seq\":0,\"statement\":{\"a\":1,\"b\":[true,null]},"
            + "\"time\":\"2026-11-27T09:30:00.000Z\",\"v\":1}";
    assertEquals(want, new String(leaf.bytes().toByteArray(), StandardCharsets.UTF_8));
    assertEquals(Hash.sha256(new byte[] {0}, ascii(want)), leaf.hash());
    assertEquals(0, leaf.seq());
    assertEquals(Leaf.ZERO, leaf.prev());
    assertEquals(T, leaf.time());
    assertEquals(STMT, leaf.statement());
  }

  @Test
  void build_laterLeaf_bytesCarryPrevSeqAndMillis() {
    Leaf first = Leaf.build(0, Leaf.ZERO, T, STMT);
    Leaf leaf = Leaf.build(1234567, first.hash(), T.plusMillis(7), STMT);
    String want =
        "{\"prev\":\""
            + first.hash().toHex()
            + "\",\"seq\":1234567,\"statement\":{\"a\":1,\"b\":[true,null]},"
            + "\"time\":\"2026-11-27T09:30:00.007Z\",\"v\":1}";
    assertEquals(want, new String(leaf.bytes().toByteArray(), StandardCharsets.UTF_8));
  }

  @Test
  void build_subMillisecondTime_throwsIllegalArgument() {
    Instant t = T.plusNanos(1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Leaf.build(0, Leaf.ZERO, t, STMT));
    assertEquals("leaf time must be whole milliseconds: " + t, e.getMessage());
  }

  @Test
  void parse_builtLeaf_roundTrips() throws Exception {
    Leaf first = Leaf.build(0, Leaf.ZERO, T, STMT);
    Leaf second = Leaf.build(1, first.hash(), T.plusMillis(999), STMT);
    assertEquals(first, Leaf.parse(first.bytes().toByteArray()));
    assertEquals(second, Leaf.parse(second.bytes().toByteArray()));
  }

  @Test
  void parse_nonCanonicalOrWrongLeaves_throwCorruptionWithMessage() {
    String prev = "\"prev\":\"" + "0".repeat(64) + "\"";
    String stmt = "\"statement\":{\"a\":1}";
    String time = "\"time\":\"2026-11-27T09:30:00.000Z\"";
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put(
        "{" + prev + ",\"seq\":0," + stmt + "," + time + ",\"v\":1} ",
        "leaf 0 is not in canonical form");
    cases.put(
        "{" + prev + ", \"seq\":0," + stmt + "," + time + ",\"v\":1}",
        "leaf 0 is not in canonical form");
    cases.put(
        "{\"seq\":0," + prev + "," + stmt + "," + time + ",\"v\":1}",
        "leaf 0 is not in canonical form");
    cases.put(
        "{" + prev + ",\"seq\":0,\"statement\":{\"b\":1,\"a\":2}," + time + ",\"v\":1}",
        "leaf 0 is not in canonical form");
    cases.put(
        "{" + prev + ",\"seq\":0," + stmt + "," + time + ",\"v\":1,\"x\":0}",
        "leaf: want an object with v, seq, prev, time, statement");
    cases.put(
        "{" + prev + ",\"seq\":0," + stmt + "," + time + "}",
        "leaf: want an object with v, seq, prev, time, statement");
    cases.put(
        "{" + prev + ",\"seq\":0," + stmt + "," + time + ",\"w\":1}", "leaf: want v 1, got null");
    cases.put(
        "{" + prev + ",\"seq\":0," + stmt + "," + time + ",\"v\":2}", "leaf: want v 1, got 2");
    cases.put(
        "{" + prev + ",\"seq\":0," + stmt + "," + time + ",\"v\":1.0}",
        "leaf 0 is not in canonical form");
    cases.put(
        "{" + prev + ",\"seq\":-1," + stmt + "," + time + ",\"v\":1}",
        "leaf: want a non-negative integer seq, got -1");
    cases.put(
        "{" + prev + ",\"seq\":\"0\"," + stmt + "," + time + ",\"v\":1}",
        "leaf: want a non-negative integer seq, got \"0\"");
    cases.put(
        "{\"prev\":\"" + "0".repeat(63) + "\",\"seq\":0," + stmt + "," + time + ",\"v\":1}",
        "leaf: want prev as 64 hex digits, got \"" + "0".repeat(63) + "\"");
    cases.put(
        "{\"prev\":\"" + "g".repeat(64) + "\",\"seq\":0," + stmt + "," + time + ",\"v\":1}",
        "leaf: hex: want a hex digit at offset 0, got 'g'");
    cases.put(
        "{\"prev\":\"" + "A".repeat(64) + "\",\"seq\":0," + stmt + "," + time + ",\"v\":1}",
        "leaf 0 is not in canonical form");
    cases.put(
        "{" + prev + ",\"seq\":0,\"statement\":[1]," + time + ",\"v\":1}",
        "leaf: want statement as an object, got [1]");
    cases.put(
        "{" + prev + ",\"seq\":0," + stmt + ",\"time\":\"2026-11-27T09:30:00Z\",\"v\":1}",
        "leaf: Text '2026-11-27T09:30:00Z' could not be parsed at index 19");
    cases.put(
        "{" + prev + ",\"seq\":0," + stmt + ",\"time\":5,\"v\":1}",
        "leaf: want time as a string, got 5");
    cases.put("[]", "leaf: want an object with v, seq, prev, time, statement");
    cases.put(
        "{" + prev + ",\"seq\":0,",
        "leaf is not valid JSON: document ends at byte 83 inside an object, want its closing '}'");
    List<String> failures = new ArrayList<>();
    int ran = 0;
    for (Map.Entry<String, String> c : cases.entrySet()) {
      ran++;
      try {
        Leaf.parse(c.getKey().getBytes(StandardCharsets.UTF_8));
        failures.add(c.getKey() + ": parsed");
      } catch (CorruptionException e) {
        if (!c.getValue().equals(e.getMessage())) {
          failures.add(
              c.getKey() + ": got \"" + e.getMessage() + "\", want \"" + c.getValue() + "\"");
        }
      } catch (RuntimeException e) {
        failures.add(c.getKey() + ": threw " + e);
      }
    }
    assertEquals(19, ran);
    assertEquals(List.of(), failures);
  }

  // ------------------------------------------------------------------ reads

  @Test
  void leaves_range_yieldsExactlyThoseLeavesInOrder(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("ledger");
    try (Journal<Void> j =
        Journal.create(dir, SIGNER, StateMachine.acceptAll(), JournalOptions.DEFAULT)) {
      List<Receipt> rs = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        rs.add(j.append(JournalSmokeTest.stmt("A", Integer.toString(i), "v" + i)));
      }
      for (int from = 0; from <= 10; from++) {
        for (int to = from; to <= 10; to++) {
          try (LeafCursor c = j.leaves(from, to)) {
            assertThrows(java.util.NoSuchElementException.class, c::leaf);
            for (int seq = from; seq < to; seq++) {
              assertTrue(c.advance(), "range [" + from + ", " + to + ") ends early at " + seq);
              assertEquals(seq, c.leaf().seq());
              assertEquals(rs.get(seq).leafHash(), c.leaf().hash());
              assertEquals(j.leaf(seq), c.leaf());
            }
            assertFalse(c.advance());
            assertFalse(c.advance());
            assertThrows(java.util.NoSuchElementException.class, c::leaf);
          }
        }
      }
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> j.leaves(3, 11));
      assertEquals("range [3, 11) is not within the log's size 10", e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> j.leaves(4, 3));
      assertEquals("range [4, 3) is not within the log's size 10", e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> j.leaves(-1, 3));
      assertEquals("range [-1, 3) is not within the log's size 10", e.getMessage());
    }
  }

  @Test
  void leaf_beyondSize_throwsIllegalArgument(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("ledger");
    threeLeaves(dir);
    try (Journal<Void> j = open(dir)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> j.leaf(3));
      assertEquals("seq 3 is beyond the log's size 3", e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> j.leaf(-1));
      assertEquals("seq -1 is beyond the log's size 3", e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> j.inclusionProof(0, 4));
      assertEquals("tree size 4 is beyond the log's size 3", e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> j.consistencyProof(1, 4));
      assertEquals("tree size 4 is beyond the log's size 3", e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> j.rootAt(4));
      assertEquals("tree size 4 is beyond the log's size 3", e.getMessage());
      assertEquals(Rfc6962.emptyRoot(), j.rootAt(0));
    }
  }

  @Test
  void find_knownAndUnknownIds_givesSeqOrEmpty(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("ledger");
    threeLeaves(dir);
    try (Journal<Void> j = open(dir)) {
      assertEquals(OptionalLong.of(0), j.find("A", "1"));
      assertEquals(OptionalLong.of(1), j.find("A", "2"));
      assertEquals(OptionalLong.of(2), j.find("B", "1"));
      assertEquals(OptionalLong.empty(), j.find("B", "2"));
      assertEquals(OptionalLong.empty(), j.find("C", "1"));
      // The id key is length-prefixed: ("A", "11") and ("A1", "1") are different ids.
      assertEquals(OptionalLong.empty(), j.find("A1", ""));
    }
  }

  /** Holds the sequencer on the statement with id "gate" so that the next ones form one group. */
  static final class GateMachine implements StateMachine<Void> {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void apply(Entry<Void> entry, StateTxn state) {
      if (entry.submission().id().equals("gate")) {
        entered.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
  }

  @Test
  void checkpoint_sizesInsideAGroup_haveNoStoredCheckpoint(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("ledger");
    GateMachine gate = new GateMachine();
    try (Journal<Void> j = Journal.create(dir, SIGNER, gate, JournalOptions.DEFAULT)) {
      List<CompletableFuture<Receipt>> results = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (String id : List.of("gate", "a", "b", "c")) {
        CompletableFuture<Receipt> f = new CompletableFuture<>();
        Thread t =
            new Thread(
                () -> {
                  try {
                    f.complete(j.append(JournalSmokeTest.stmt("A", id, id)));
                  } catch (Exception | Error e) {
                    f.completeExceptionally(e);
                  }
                });
        results.add(f);
        threads.add(t);
        t.start();
        if (id.equals("gate")) {
          gate.entered.await();
        } else {
          // The caller parks on its result only after its submission is queued.
          while (t.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
          }
        }
      }
      gate.release.countDown();
      for (Thread t : threads) {
        t.join();
      }
      Receipt r0 = results.get(0).get();
      assertEquals(0, r0.seq());
      assertEquals(1, r0.tree().size());
      for (int i = 1; i < 4; i++) {
        Receipt r = results.get(i).get();
        assertEquals(4, r.tree().size(), "receipt " + i);
        r.checkpoint().verify(SIGNER.verifier());
      }
      assertEquals(4, j.size());
      for (long size : new long[] {0, 1, 4}) {
        Optional<SignedNote> note = j.checkpoint(size);
        assertTrue(note.isPresent(), "checkpoint at " + size);
        note.get().verify(SIGNER.verifier());
        Checkpoint cp = Checkpoint.parse(note.get().text());
        assertEquals(size, cp.size());
        assertEquals(j.rootAt(size), cp.root());
      }
      assertEquals(Optional.empty(), j.checkpoint(2));
      assertEquals(Optional.empty(), j.checkpoint(3));
      assertEquals(Optional.empty(), j.checkpoint(5));
      assertEquals(Optional.empty(), j.checkpoint(-1));
      assertEquals(j.latestCheckpoint(), j.checkpoint(4).orElseThrow());
      assertEquals(j.leaf(1).time(), j.leaf(3).time(), "one group, one time");
    }
  }

  // ------------------------------------------------------------------ close

  @Test
  void append_afterClose_throwsIllegalState(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("ledger");
    Journal<Void> j = Journal.create(dir, SIGNER, StateMachine.acceptAll(), JournalOptions.DEFAULT);
    j.append(JournalSmokeTest.stmt("A", "1", "x"));
    j.close();
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> j.append(JournalSmokeTest.stmt("A", "2", "y")));
    assertEquals("the journal of " + dir + " is closed", e.getMessage());
    j.close();
    j.close();
    try (Journal<Void> again = open(dir)) {
      assertEquals(1, again.size());
    }
  }

  @Test
  void reads_afterClose_throwIllegalStateInsteadOfCrashing(@TempDir Path tmp) throws Exception {
    // Regression: reads after close() went to the closed RocksDB handle and crashed the JVM.
    Path dir = tmp.resolve("ledger");
    Journal<Void> j = Journal.create(dir, SIGNER, StateMachine.acceptAll(), JournalOptions.DEFAULT);
    j.append(JournalSmokeTest.stmt("A", "1", "x"));
    j.append(JournalSmokeTest.stmt("A", "2", "y"));
    LeafCursor cursor = j.leaves(0, 2);
    assertTrue(cursor.advance());
    // Read once while open, so that the node cache holds them: they must still fail after close.
    assertEquals(1, j.inclusionProof(0, 2).size());
    assertEquals(1, j.consistencyProof(1, 2).size());
    assertEquals(j.leaf(0).hash(), j.rootAt(1));
    j.close();
    assertEquals(2, j.size());
    String want = "the journal of " + dir + " is closed";
    List<org.junit.jupiter.api.function.Executable> reads =
        List.of(
            () -> j.leaf(0),
            () -> j.find("A", "1"),
            () -> j.checkpoint(1),
            () -> j.inclusionProof(0, 2),
            () -> j.consistencyProof(1, 2),
            () -> j.rootAt(1),
            () -> j.state().get(Bytes.copyFrom(ascii("k"))),
            () -> j.leaves(0, 1),
            cursor::advance);
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < reads.size(); i++) {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, reads.get(i), "read " + i);
      if (!want.equals(e.getMessage())) {
        failures.add(i + ": " + e.getMessage());
      }
    }
    assertEquals(9, reads.size());
    assertEquals(List.of(), failures);
    cursor.close();
    cursor.close();
    try (Journal<Void> again = open(dir)) {
      assertEquals(2, again.size());
    }
  }

  @Test
  void append_statementAtDefaultDepthLimit_staysReadable(@TempDir Path tmp) throws Exception {
    // Regression: Leaf.parse allowed depth 32 for the whole leaf, one level less than a statement
    // at StrictJson's default limit needs inside it, so such a leaf was written but never read
    // back.
    String deep = "{\"a\":".repeat(32) + "1" + "}".repeat(32);
    byte[] bytes = deep.getBytes(StandardCharsets.UTF_8);
    org.creditbank.ledger.json.StrictJson.withDefaults().parse(bytes);
    Path dir = tmp.resolve("ledger");
    try (Journal<Void> j =
        Journal.create(dir, SIGNER, StateMachine.acceptAll(), JournalOptions.DEFAULT)) {
      j.append(new Submission<>("A", "1", Bytes.copyFrom(bytes), null));
      assertEquals(Bytes.copyFrom(bytes), j.leaf(0).statement());
    }
    try (Journal<Void> j = open(dir)) {
      assertEquals(Bytes.copyFrom(bytes), j.leaf(0).statement());
    }
  }

  @Test
  void append_statementOver64KiB_rejectedAndLedgerStaysReadable(@TempDir Path tmp)
      throws Exception {
    // Regression: a statement whose leaf exceeds Leaf.MAX_BYTES was written, and then neither the
    // leaf nor (as the last leaf) the ledger could be read back.
    Path dir = tmp.resolve("ledger");
    String atLimit = "{\"a\":\"" + "x".repeat(64 * 1024 - 8) + "\"}";
    String over = "{\"a\":\"" + "x".repeat(64 * 1024 - 7) + "\"}";
    assertEquals(65536, atLimit.length());
    try (Journal<Void> j =
        Journal.create(dir, SIGNER, StateMachine.acceptAll(), JournalOptions.DEFAULT)) {
      RejectedException e =
          assertThrows(
              RejectedException.class,
              () -> j.append(new Submission<>("A", "1", Bytes.copyFrom(ascii(over)), null)));
      assertEquals("too-large", e.code());
      assertEquals("statement has 65537 bytes, want at most 65536", e.getMessage());
      assertEquals(0, j.size());
      j.append(new Submission<>("A", "1", Bytes.copyFrom(ascii(atLimit)), null));
      assertEquals(65536, j.leaf(0).statement().size());
    }
    try (Journal<Void> j = open(dir)) {
      assertEquals(1, j.size());
      assertEquals(65536, j.leaf(0).statement().size());
    }
  }
}
