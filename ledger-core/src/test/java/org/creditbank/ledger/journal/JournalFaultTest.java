package org.creditbank.ledger.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.creditbank.ledger.merkle.ProofVerifier;
import org.creditbank.ledger.util.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Regression tests for the journal review: bad statements, visibility, close and faults. */
@Timeout(120)
class JournalFaultTest {
  private static final Bytes KEY = Bytes.copyFrom("k".getBytes(StandardCharsets.UTF_8));

  /** Writes state key "k" = the statement's id for every accepted statement. */
  private static final StateMachine<Void> WRITES_ID =
      (entry, state) ->
          state.put(KEY, Bytes.copyFrom(entry.submission().id().getBytes(StandardCharsets.UTF_8)));

  private static Submission<Void> raw(String actor, String id, String json) {
    return new Submission<>(actor, id, Bytes.copyFrom(json.getBytes(StandardCharsets.UTF_8)), null);
  }

  /**
   * The sequencer stopping other than by close() (here: interrupted) fails every waiting and later
   * append with a StorageException, instead of leaving callers, and close(), waiting for ever.
   */
  @Test
  void append_afterSequencerInterrupted_failsAndCloseFinishes(@TempDir Path tmp) throws Exception {
    Journal<Void> j =
        Journal.create(
            tmp.resolve("l"),
            JournalSmokeTest.SIGNER,
            StateMachine.acceptAll(),
            JournalOptions.DEFAULT);
    try {
      j.append(JournalSmokeTest.stmt("A", "1", "x"));
      j.sequencerThread().interrupt();
      j.sequencerThread().join();
      StorageException e =
          assertThrows(
              StorageException.class, () -> j.append(JournalSmokeTest.stmt("A", "2", "y")));
      assertTrue(e.getMessage().contains("the sequencer was interrupted"), e.getMessage());
      assertEquals(1, j.size());
    } finally {
      j.close();
    }
  }

  @Test
  void append_nonCanonicalStatement_rejectedAndLedgerStillOpens(@TempDir Path tmp)
      throws Exception {
    Path dir = tmp.resolve("l");
    try (Journal<Void> j =
        Journal.create(
            dir, JournalSmokeTest.SIGNER, StateMachine.acceptAll(), JournalOptions.DEFAULT)) {
      j.append(JournalSmokeTest.stmt("A", "1", "x"));
      RejectedException unsorted =
          assertThrows(RejectedException.class, () -> j.append(raw("A", "2", "{\"b\":1,\"a\":2}")));
      assertEquals(Journal.NOT_CANONICAL, unsorted.code());
      assertEquals(
          "statement is not a JSON object in RFC 8785 canonical form", unsorted.getMessage());
      RejectedException notJson =
          assertThrows(RejectedException.class, () -> j.append(raw("A", "3", "{\"a\":tru}")));
      assertEquals(Journal.NOT_CANONICAL, notJson.code());
      assertTrue(
          notJson.getMessage().startsWith("statement is not strict JSON: "), notJson.getMessage());
      String deep = "{\"a\":" + "[".repeat(40) + "]".repeat(40) + "}";
      RejectedException tooDeep =
          assertThrows(RejectedException.class, () -> j.append(raw("A", "4", deep)));
      assertEquals(Journal.NOT_CANONICAL, tooDeep.code());
      assertEquals(1, j.size());
    }
    try (Journal<Void> j =
        Journal.open(
            dir, JournalSmokeTest.SIGNER, StateMachine.acceptAll(), JournalOptions.DEFAULT)) {
      assertEquals(1, j.size());
      assertEquals(0, j.leaf(0).seq());
    }
  }

  @Test
  void state_whileFsyncInFlight_showsOnlyDurableState(@TempDir Path tmp) throws Exception {
    try (Journal<Void> j =
        Journal.create(
            tmp.resolve("l"), JournalSmokeTest.SIGNER, WRITES_ID, JournalOptions.DEFAULT)) {
      CountDownLatch syncing = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      j.syncHook =
          () -> {
            syncing.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          };
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<Receipt> r = pool.submit(() -> j.append(JournalSmokeTest.stmt("A", "1", "x")));
        assertTrue(syncing.await(30, TimeUnit.SECONDS));
        // Written to RocksDB, not yet synced: invisible.
        assertEquals(Optional.empty(), j.state().get(KEY));
        assertEquals(0, j.size());
        assertFalse(r.isDone());
        release.countDown();
        assertEquals(0, r.get().seq());
        assertEquals(
            Optional.of(Bytes.copyFrom("1".getBytes(StandardCharsets.UTF_8))), j.state().get(KEY));
        assertEquals(1, j.size());
      } finally {
        release.countDown();
        pool.shutdownNow();
      }
    }
  }

  @Test
  void close_withConcurrentRepeats_everyStartedAppendGetsItsReceipt(@TempDir Path tmp)
      throws Exception {
    Journal<Void> j =
        Journal.create(
            tmp.resolve("l"),
            JournalSmokeTest.SIGNER,
            StateMachine.acceptAll(),
            JournalOptions.DEFAULT);
    Receipt first = j.append(JournalSmokeTest.stmt("A", "1", "x"));
    AtomicBoolean go = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<List<Throwable>>> fs = new ArrayList<>();
    CountDownLatch started = new CountDownLatch(16);
    for (int t = 0; t < 16; t++) {
      fs.add(
          pool.submit(
              () -> {
                List<Throwable> bad = new ArrayList<>();
                started.countDown();
                while (go.get()) {
                  try {
                    Receipt r = j.append(JournalSmokeTest.stmt("A", "1", "x"));
                    ProofVerifier.verifyInclusion(
                        r.seq(),
                        r.tree().size(),
                        r.leafHash(),
                        r.inclusionProof(),
                        r.tree().root());
                  } catch (IllegalStateException e) {
                    // Refused at the door once closed: the only acceptable failure.
                    if (!e.getStackTrace()[0].getMethodName().equals("append")) {
                      bad.add(e);
                    }
                    return bad;
                  } catch (Exception e) {
                    bad.add(e);
                    return bad;
                  }
                }
                return bad;
              }));
    }
    assertTrue(started.await(30, TimeUnit.SECONDS));
    for (int i = 0; i < 50; i++) {
      assertEquals(first.leafHash(), j.append(JournalSmokeTest.stmt("A", "1", "x")).leafHash());
    }
    j.close();
    go.set(false);
    List<Throwable> bad = new ArrayList<>();
    for (Future<List<Throwable>> f : fs) {
      bad.addAll(f.get());
    }
    pool.shutdownNow();
    assertEquals(List.of(), bad);
  }

  @Test
  void append_writeFails_journalStopsAppendingAndReopensClean(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("l");
    try (Journal<Void> j =
        Journal.create(dir, JournalSmokeTest.SIGNER, WRITES_ID, JournalOptions.DEFAULT)) {
      j.append(JournalSmokeTest.stmt("A", "1", "x"));
      j.writeHook =
          () -> {
            throw new StorageException("injected write failure");
          };
      StorageException e =
          assertThrows(
              StorageException.class, () -> j.append(JournalSmokeTest.stmt("A", "2", "y")));
      assertEquals("injected write failure", e.getMessage());
      j.writeHook = () -> {};
      StorageException after =
          assertThrows(
              StorageException.class, () -> j.append(JournalSmokeTest.stmt("A", "3", "z")));
      assertEquals(
          "the journal stopped appending after a storage failure; reopen the ledger:"
              + " injected write failure",
          after.getMessage());
      assertEquals(1, j.size());
    }
    try (Journal<Void> j =
        Journal.open(dir, JournalSmokeTest.SIGNER, WRITES_ID, JournalOptions.DEFAULT)) {
      assertEquals(1, j.size());
      assertEquals(1, j.append(JournalSmokeTest.stmt("A", "2", "y")).seq());
    }
  }

  @Test
  void append_syncerFails_callersGetStorageExceptionAndCloseReturns(@TempDir Path tmp)
      throws Exception {
    Journal<Void> j =
        Journal.create(
            tmp.resolve("l"),
            JournalSmokeTest.SIGNER,
            StateMachine.acceptAll(),
            JournalOptions.DEFAULT);
    j.syncHook =
        () -> {
          throw new IllegalStateException("injected syncer crash");
        };
    StorageException e =
        assertThrows(StorageException.class, () -> j.append(JournalSmokeTest.stmt("A", "1", "x")));
    assertEquals(
        "the syncer stopped: java.lang.IllegalStateException: injected syncer crash",
        e.getMessage());
    assertThrows(StorageException.class, () -> j.append(JournalSmokeTest.stmt("A", "2", "y")));
    assertEquals(0, j.size());
    j.close();
  }
}
