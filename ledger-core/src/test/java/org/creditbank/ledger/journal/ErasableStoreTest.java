package org.creditbank.ledger.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.creditbank.ledger.util.Bytes;
import org.creditbank.ledger.util.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** The erasable column family: outside the log, present in old ledgers, safe against close. */
class ErasableStoreTest {
  static Bytes b(String s) {
    return Bytes.copyFrom(s.getBytes(StandardCharsets.UTF_8));
  }

  static String hex(String s) {
    return Hex.encode(s.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The names of the files in {@code dir}, except write-ahead logs, that contain {@code needle}.
   */
  static List<String> filesHolding(Path dir, String needle) throws IOException {
    byte[] n = needle.getBytes(StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        if (!name.endsWith(".log") && contains(Files.readAllBytes(f), n)) {
          out.add(name);
        }
      }
    }
    return out;
  }

  static boolean contains(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (hay[i + k] != needle[k]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  @Test
  void delete_valueInAnSstFile_compactsItAway() throws Exception {
    Path dir = tmpLedger();
    String secret = "personal-data-0123456789";
    try (Store store = Store.open(dir, true)) {
      ErasableStore e = new ErasableFamily(store);
      e.put(b("profile/a"), b(secret));
      e.put(b("profile/b"), b("kept-value"));
      try (FlushOptions fo = new FlushOptions().setWaitForFlush(true)) {
        store.db.flush(fo, store.erasable);
      }
      List<String> holding = filesHolding(dir, secret);
      assertEquals(1, holding.size(), "the flush wrote no SST file holding the value: " + holding);
      assertTrue(holding.get(0).endsWith(".sst"), holding.get(0));
      e.delete(b("profile/a"));
      assertEquals(List.of(), filesHolding(dir, secret));
      assertEquals(Optional.of(b("kept-value")), e.get(b("profile/b")));
    }
    assertEquals(List.of(), filesHolding(dir, secret));
  }

  static List<String> families(Path dir) throws Exception {
    List<String> names = new ArrayList<>();
    try (Options o = new Options()) {
      for (byte[] n : RocksDB.listColumnFamilies(o, dir.toString())) {
        names.add(new String(n, StandardCharsets.US_ASCII));
      }
    }
    return names;
  }

  @Test
  void putGetDelete_roundTrip() throws Exception {
    try (Journal<Void> j =
        Journal.create(
            tmpLedger(),
            JournalStorageTest.SIGNER,
            StateMachine.acceptAll(),
            JournalOptions.DEFAULT)) {
      ErasableStore e = j.erasable();
      assertEquals(Optional.empty(), e.get(b("k")));
      e.put(b("k"), b("v1"));
      e.put(b("k"), b("v2"));
      assertEquals(Optional.of(b("v2")), e.get(b("k")));
      e.delete(b("k"));
      assertEquals(Optional.empty(), e.get(b("k")));
      e.delete(b("absent"));
      e.put(b("empty"), Bytes.empty());
      assertEquals(Optional.of(Bytes.empty()), e.get(b("empty")));
    }
  }

  @TempDir Path tmp;

  private Path tmpLedger() {
    return tmp.resolve("ledger");
  }

  @Test
  void writes_changeNothingButTheErasableFamily() throws Exception {
    Path dir = tmpLedger();
    JournalStorageTest.threeLeaves(dir);
    Map<String, Map<String, String>> before = JournalStorageTest.dump(dir);
    assertEquals(Map.of(), before.get("erasable"));
    try (Journal<Void> j = JournalStorageTest.open(dir)) {
      j.erasable().put(b("profile/a"), b("secret-a"));
      j.erasable().put(b("profile/b"), b("secret-b"));
      j.erasable().delete(b("profile/a"));
    }
    Map<String, Map<String, String>> after = JournalStorageTest.dump(dir);
    assertEquals(Map.of(hex("profile/b"), hex("secret-b")), after.get("erasable"));
    after.put("erasable", Map.of());
    assertEquals(before, after);
  }

  @Test
  void open_ledgerWithoutErasableFamily_createsItAndOpens() throws Exception {
    Path dir = tmpLedger();
    List<Receipt> receipts = JournalStorageTest.threeLeaves(dir);
    // A ledger as this code wrote it before the family existed.
    try (JournalStorageTest.Raw raw = new JournalStorageTest.Raw(dir, false)) {
      raw.db.dropColumnFamily(raw.cf("erasable"));
    }
    assertFalse(families(dir).contains("erasable"));
    try (Journal<Void> j = JournalStorageTest.open(dir)) {
      assertEquals(3, j.size());
      assertEquals(receipts.get(2).tree().root(), j.root());
      assertEquals(Optional.empty(), j.erasable().get(b("k")));
      j.erasable().put(b("k"), b("v"));
    }
    assertTrue(families(dir).contains("erasable"));
    try (Journal<Void> j = JournalStorageTest.open(dir)) {
      assertEquals(Optional.of(b("v")), j.erasable().get(b("k")));
    }
  }

  @Test
  void calls_afterClose_throwIllegalState() throws Exception {
    Path dir = tmpLedger();
    Journal<Void> j =
        Journal.create(
            dir, JournalStorageTest.SIGNER, StateMachine.acceptAll(), JournalOptions.DEFAULT);
    ErasableStore e = j.erasable();
    j.close();
    String want = "the journal of " + dir + " is closed";
    assertEquals(want, assertThrows(IllegalStateException.class, () -> e.get(b("k"))).getMessage());
    assertEquals(
        want, assertThrows(IllegalStateException.class, () -> e.put(b("k"), b("v"))).getMessage());
    assertEquals(
        want, assertThrows(IllegalStateException.class, () -> e.delete(b("k"))).getMessage());
  }

  @Test
  void close_duringConcurrentCalls_callsEndWithIllegalState() throws Exception {
    Path dir = tmpLedger();
    Journal<Void> j =
        Journal.create(
            dir, JournalStorageTest.SIGNER, StateMachine.acceptAll(), JournalOptions.DEFAULT);
    ErasableStore e = j.erasable();
    int threads = 4;
    CountDownLatch started = new CountDownLatch(threads);
    List<CompletableFuture<Throwable>> ends = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Bytes key = b("k" + t);
      CompletableFuture<Throwable> end = new CompletableFuture<>();
      ends.add(end);
      Thread th =
          new Thread(
              () -> {
                boolean counted = false;
                try {
                  while (true) {
                    e.put(key, b("v"));
                    e.get(key);
                    e.delete(key);
                    if (!counted) {
                      started.countDown();
                      counted = true;
                    }
                  }
                } catch (Throwable x) {
                  if (!counted) {
                    started.countDown();
                  }
                  end.complete(x);
                }
              });
      th.start();
    }
    started.await();
    j.close();
    for (CompletableFuture<Throwable> end : ends) {
      Throwable x = end.get();
      assertInstanceOf(IllegalStateException.class, x, String.valueOf(x));
      assertEquals("the journal of " + dir + " is closed", x.getMessage());
    }
  }
}
