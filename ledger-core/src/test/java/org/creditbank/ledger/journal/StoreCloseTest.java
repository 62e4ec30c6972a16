package org.creditbank.ledger.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.WriteBatch;

/**
 * Closing a ledger opened for writing flushes its memtables, so that a later open, above all a
 * read-only one (an audit), has no write-ahead log to replay into memory.
 */
class StoreCloseTest {
  @TempDir Path tmp;

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void close_afterUnsyncedWrites_readOnlyOpenReplaysNothingAndReadsEverything() throws Exception {
    Path dir = tmp.resolve("ledger");
    int n = 500;
    try (Store s = Store.open(dir, true);
        WriteBatch batch = new WriteBatch()) {
      for (int i = 0; i < n; i++) {
        batch.put(s.leaves, Store.u64(i), ascii("leaf " + i));
        batch.put(s.state, ascii("k/" + i), ascii("value " + i));
      }
      s.write(batch, false);
      assertEquals(2L * n, s.memtableEntries());
    }
    try (Store r = Store.openReadOnly(dir)) {
      assertEquals(0, r.memtableEntries(), "entries replayed from the log into memtables");
      for (int i = 0; i < n; i++) {
        assertArrayEquals(ascii("leaf " + i), r.get(r.leaves, Store.u64(i)));
        assertArrayEquals(ascii("value " + i), r.get(r.state, ascii("k/" + i)));
      }
    }
  }

  @Test
  void close_scratchStore_doesNotFlush() throws Exception {
    Path dir = tmp.resolve("scratch");
    try (Store s = Store.openScratch(dir);
        WriteBatch batch = new WriteBatch()) {
      batch.put(s.state, ascii("k"), ascii("v"));
      s.write(batch, false);
    }
    // Its owner deletes it unread: the write stayed in the log, which a later open replays.
    try (Store r = Store.openReadOnly(dir)) {
      assertEquals(1, r.memtableEntries());
    }
  }

  @Test
  void journalClose_readOnlyOpenAfterwardsReplaysNothing() throws Exception {
    Path dir = tmp.resolve("journal");
    JournalStorageTest.threeLeaves(dir);
    try (Store r = Store.openReadOnly(dir)) {
      assertEquals(0, r.memtableEntries(), "entries replayed from the log into memtables");
      assertArrayEquals(
          JournalSmokeTest.stmt("B", "1", "z").statement().toByteArray(),
          Leaf.parse(r.get(r.leaves, Store.u64(2))).statement().toByteArray());
    }
  }
}
