package org.creditbank.ledger.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.creditbank.ledger.merkle.ProofVerifier;
import org.creditbank.ledger.merkle.Rfc6962;
import org.creditbank.ledger.note.Checkpoint;
import org.creditbank.ledger.note.SignedNote;
import org.creditbank.ledger.util.Bytes;
import org.creditbank.ledger.util.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many callers at once: sequencing, group commit, idempotency and rejection under contention. */
class JournalConcurrencyTest {
  private static final int WRITERS = 16;
  private static final int PER_WRITER = 200;
  private static final int DUP_THREADS = 4;
  private static final int DUP_IDS = 100;
  private static final int CONFLICT_THREADS = 4;
  private static final int CONFLICT_IDS = 100;

  /** What one append returned: a receipt or the exception it threw. */
  private record Result(Submission<?> submission, Receipt receipt, Exception error) {}

  private static Submission<Boolean> stmt(String actor, String id, String value, boolean reject) {
    String json = "{\"actor\":\"" + actor + "\",\"id\":\"" + id + "\",\"v\":\"" + value + "\"}";
    return new Submission<>(
        actor, id, Bytes.copyFrom(json.getBytes(StandardCharsets.UTF_8)), reject);
  }

  /** Runs each list of submissions on its own thread, all released together by a barrier. */
  private static <P> List<List<Result>> runTogether(
      Journal<P> journal, List<List<Submission<P>>> perThread) throws Exception {
    int n = perThread.size();
    CyclicBarrier start = new CyclicBarrier(n);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<List<Result>>> futures = new ArrayList<>();
      for (List<Submission<P>> subs : perThread) {
        Callable<List<Result>> task =
            () -> {
              start.await(30, TimeUnit.SECONDS);
              List<Result> out = new ArrayList<>();
              for (Submission<P> s : subs) {
                try {
                  out.add(new Result(s, journal.append(s), null));
                } catch (RejectedException | StorageException e) {
                  out.add(new Result(s, null, e));
                }
              }
              return out;
            };
        futures.add(pool.submit(task));
      }
      List<List<Result>> results = new ArrayList<>();
      for (Future<List<Result>> f : futures) {
        results.add(f.get(120, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private static String key(Submission<?> s) {
    return s.actor() + "/" + s.id();
  }

  @Test
  void append_manyThreadsWithRepeatsAndConflicts_gaplessChainAndVerifiableReceipts(
      @TempDir Path dir) throws Exception {
    try (Journal<Boolean> j =
        Journal.create(
            dir.resolve("ledger"),
            JournalSmokeTest.SIGNER,
            StateMachine.acceptAll(),
            JournalOptions.DEFAULT)) {
      List<List<Submission<Boolean>>> perThread = new ArrayList<>();
      for (int t = 0; t < WRITERS; t++) {
        List<Submission<Boolean>> subs = new ArrayList<>();
        for (int i = 0; i < PER_WRITER; i++) {
          subs.add(stmt("W" + t, Integer.toString(i), "w", false));
        }
        perThread.add(subs);
      }
      // The same statements from several threads: one entry each, the others are repeats.
      for (int t = 0; t < DUP_THREADS; t++) {
        List<Submission<Boolean>> subs = new ArrayList<>();
        for (int i = 0; i < DUP_IDS; i++) {
          subs.add(stmt("D", Integer.toString(i), "same", false));
        }
        perThread.add(subs);
      }
      // Different statements for the same (actor, id) from several threads: one wins each id.
      for (int t = 0; t < CONFLICT_THREADS; t++) {
        List<Submission<Boolean>> subs = new ArrayList<>();
        for (int i = 0; i < CONFLICT_IDS; i++) {
          subs.add(stmt("C", Integer.toString(i), "from" + t, false));
        }
        perThread.add(subs);
      }

      List<List<Result>> results = runTogether(j, perThread);

      int n = WRITERS * PER_WRITER + DUP_IDS + CONFLICT_IDS;
      List<String> failures = new ArrayList<>();
      TreeMap<Long, Result> bySeq = new TreeMap<>();
      Map<String, Result> accepted = new HashMap<>();
      List<Result> repeats = new ArrayList<>();
      List<Result> rejected = new ArrayList<>();
      int total = 0;
      for (List<Result> rs : results) {
        for (Result r : rs) {
          total++;
          if (r.error() != null) {
            rejected.add(r);
          } else if (r.receipt().repeat()) {
            repeats.add(r);
          } else {
            if (bySeq.put(r.receipt().seq(), r) != null) {
              failures.add("seq " + r.receipt().seq() + " was given twice");
            }
            if (accepted.put(key(r.submission()), r) != null) {
              failures.add(key(r.submission()) + " was accepted twice");
            }
          }
        }
      }
      assertEquals(
          (WRITERS * PER_WRITER) + DUP_THREADS * DUP_IDS + CONFLICT_THREADS * CONFLICT_IDS, total);
      assertEquals(List.of(), failures);
      assertEquals(n, bySeq.size());
      assertEquals(n, j.size());
      assertEquals(0L, bySeq.firstKey());
      assertEquals(n - 1L, bySeq.lastKey());
      assertEquals((DUP_THREADS - 1) * DUP_IDS, repeats.size());
      assertEquals((CONFLICT_THREADS - 1) * CONFLICT_IDS, rejected.size());

      // Every writer statement and exactly one statement per D and C id were accepted.
      for (int t = 0; t < WRITERS; t++) {
        for (int i = 0; i < PER_WRITER; i++) {
          if (!accepted.containsKey("W" + t + "/" + i)) {
            failures.add("W" + t + "/" + i + " has no entry");
          }
        }
      }
      for (int i = 0; i < DUP_IDS; i++) {
        if (!accepted.containsKey("D/" + i)) {
          failures.add("D/" + i + " has no entry");
        }
      }
      for (int i = 0; i < CONFLICT_IDS; i++) {
        if (!accepted.containsKey("C/" + i)) {
          failures.add("C/" + i + " has no entry");
        }
      }

      // Repeats point at the original entry.
      for (Result r : repeats) {
        Receipt orig = accepted.get(key(r.submission())).receipt();
        if (r.receipt().seq() != orig.seq() || !r.receipt().leafHash().equals(orig.leafHash())) {
          failures.add(
              String.format(
                  Locale.ROOT,
                  "repeat of %s says seq %d hash %s, the entry is seq %d hash %s",
                  key(r.submission()),
                  r.receipt().seq(),
                  r.receipt().leafHash(),
                  orig.seq(),
                  orig.leafHash()));
        }
      }

      // Losers of a conflict are told which seq holds their id.
      for (Result r : rejected) {
        Submission<?> s = r.submission();
        if (!(r.error() instanceof RejectedException re)) {
          failures.add(key(s) + " failed with " + r.error());
          continue;
        }
        long winner = accepted.get(key(s)).receipt().seq();
        String want =
            String.format(
                Locale.ROOT,
                "statement id %s of actor %s is already used by seq %d for a different statement",
                s.id(),
                s.actor(),
                winner);
        if (!re.code().equals(RejectedException.DUPLICATE_ID) || !re.getMessage().equals(want)) {
          failures.add(key(s) + ": got " + re.code() + " \"" + re.getMessage() + "\"");
        }
        if (!s.actor().equals("C")) {
          failures.add(key(s) + " was rejected but has no rival");
        }
      }

      // Every receipt, accepted or repeat, verifies; receipts of one checkpoint share it.
      Map<Long, SignedNote> noteAtSize = new TreeMap<>();
      List<Result> all = new ArrayList<>(bySeq.values());
      all.addAll(repeats);
      for (Result r : all) {
        Receipt rc = r.receipt();
        Checkpoint cp = rc.tree();
        try {
          rc.checkpoint().verify(JournalSmokeTest.SIGNER.verifier());
          assertEquals(Checkpoint.parse(rc.checkpoint().text()), cp);
          assertEquals(j.origin(), cp.origin());
          ProofVerifier.verifyInclusion(
              rc.seq(), cp.size(), rc.leafHash(), rc.inclusionProof(), cp.root());
          assertEquals(j.rootAt(cp.size()), cp.root());
          assertEquals(Optional.of(rc.checkpoint()), j.checkpoint(cp.size()));
        } catch (Exception | AssertionError e) {
          failures.add("receipt of " + key(r.submission()) + " seq " + rc.seq() + ": " + e);
        }
        SignedNote prev = noteAtSize.putIfAbsent(cp.size(), rc.checkpoint());
        if (prev != null && !prev.equals(rc.checkpoint())) {
          failures.add("two different checkpoints for size " + cp.size());
        }
      }
      // The groups partition the log: the entries receipted with the checkpoint of size s are
      // exactly the seqs after the previous checkpoint's size, up to s.
      long prevSize = 0;
      for (long size : noteAtSize.keySet()) {
        for (long seq = prevSize; seq < size; seq++) {
          Result r = bySeq.get(seq);
          if (r != null && r.receipt().tree().size() != size) {
            failures.add(
                String.format(
                    Locale.ROOT,
                    "seq %d has the checkpoint of size %d, but its group ends at %d",
                    seq,
                    r.receipt().tree().size(),
                    size));
          }
        }
        prevSize = size;
      }
      assertEquals(n, prevSize);
      assertTrue(
          noteAtSize.size() < n,
          "no group of more than one statement formed: " + noteAtSize.size() + " checkpoints");

      // The stored log: each accepted statement exactly once at its seq, the chain in seq order,
      // times never going back, and the root of all leaves is the journal's root.
      Hash prevHash = Leaf.ZERO;
      Leaf prevLeaf = null;
      List<Hash> leafHashes = new ArrayList<>();
      Map<Bytes, Integer> statementCount = new HashMap<>();
      try (LeafCursor c = j.leaves(0, n)) {
        while (c.advance()) {
          Leaf leaf = c.leaf();
          long seq = leaf.seq();
          Result r = bySeq.get(seq);
          if (!leaf.prev().equals(prevHash)) {
            failures.add("leaf " + seq + " has prev " + leaf.prev() + ", want " + prevHash);
          }
          if (!leaf.hash().equals(Rfc6962.leafHash(leaf.bytes()))
              || !leaf.hash().equals(r.receipt().leafHash())) {
            failures.add("leaf " + seq + " hash differs from its receipt");
          }
          if (!leaf.statement().equals(r.submission().statement())) {
            failures.add("leaf " + seq + " holds another statement than its caller's");
          }
          if (prevLeaf != null && leaf.time().isBefore(prevLeaf.time())) {
            failures.add("leaf " + seq + " time " + leaf.time() + " is before " + prevLeaf.time());
          }
          OptionalLong found = j.find(r.submission().actor(), r.submission().id());
          if (!found.equals(OptionalLong.of(seq))) {
            failures.add("find(" + key(r.submission()) + ") = " + found + ", want " + seq);
          }
          statementCount.merge(leaf.statement(), 1, Integer::sum);
          leafHashes.add(leaf.hash());
          prevHash = leaf.hash();
          prevLeaf = leaf;
        }
      }
      assertEquals(n, leafHashes.size());
      for (Result r : accepted.values()) {
        Integer count = statementCount.get(r.submission().statement());
        if (count == null || count != 1) {
          failures.add(key(r.submission()) + " appears " + count + " times in the log");
        }
      }
      assertEquals(naiveRoot(leafHashes), j.root());
      assertEquals(List.of(), failures);
    }
  }

  @Test
  void append_stateMachineRejectsSomeConcurrently_onlyThoseCallersFail(@TempDir Path dir)
      throws Exception {
    // Rejected statements write state before refusing; none of it may survive.
    StateMachine<Boolean> machine =
        (entry, state) -> {
          Submission<Boolean> s = entry.submission();
          state.put(stateKey(s), Bytes.copyFrom(new byte[] {1}));
          if (s.payload()) {
            throw new RejectedException("not-allowed", "statement " + key(s) + " is refused");
          }
        };
    int threads = 16;
    int per = 100;
    try (Journal<Boolean> j =
        Journal.create(
            dir.resolve("ledger"), JournalSmokeTest.SIGNER, machine, JournalOptions.DEFAULT)) {
      List<List<Submission<Boolean>>> perThread = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        List<Submission<Boolean>> subs = new ArrayList<>();
        for (int i = 0; i < per; i++) {
          subs.add(stmt("T" + t, Integer.toString(i), "x", (i + t) % 5 == 0));
        }
        perThread.add(subs);
      }

      List<List<Result>> results = runTogether(j, perThread);

      List<String> failures = new ArrayList<>();
      TreeMap<Long, Result> bySeq = new TreeMap<>();
      int rejectedCount = 0;
      for (List<Result> rs : results) {
        for (Result r : rs) {
          @SuppressWarnings("unchecked")
          Submission<Boolean> s = (Submission<Boolean>) r.submission();
          if (s.payload()) {
            rejectedCount++;
            if (!(r.error() instanceof RejectedException re)
                || !re.code().equals("not-allowed")
                || !re.getMessage().equals("statement " + key(s) + " is refused")) {
              failures.add(key(s) + " should be refused, got " + r.receipt() + " / " + r.error());
            }
            if (j.find(s.actor(), s.id()).isPresent()) {
              failures.add(key(s) + " was refused but is findable");
            }
            if (j.state().get(stateKey(s)).isPresent()) {
              failures.add(key(s) + " was refused but its state write survived");
            }
          } else if (r.error() != null) {
            failures.add(key(s) + " failed: " + r.error());
          } else {
            if (r.receipt().repeat() || bySeq.put(r.receipt().seq(), r) != null) {
              failures.add(key(s) + " got a repeat or reused seq " + r.receipt().seq());
            }
            if (j.state().get(stateKey(s)).isEmpty()) {
              failures.add(key(s) + " was accepted but its state write is missing");
            }
            Receipt rc = r.receipt();
            try {
              rc.checkpoint().verify(JournalSmokeTest.SIGNER.verifier());
              ProofVerifier.verifyInclusion(
                  rc.seq(), rc.tree().size(), rc.leafHash(), rc.inclusionProof(), rc.tree().root());
            } catch (Exception e) {
              failures.add("receipt of " + key(s) + ": " + e);
            }
          }
        }
      }
      assertEquals(threads * per / 5, rejectedCount);
      assertEquals(List.of(), failures);
      int n = threads * per - rejectedCount;
      assertEquals(n, bySeq.size());
      assertEquals(n, j.size());
      assertEquals(0L, bySeq.firstKey());
      assertEquals(n - 1L, bySeq.lastKey());
      Hash prev = Leaf.ZERO;
      for (long seq = 0; seq < n; seq++) {
        Leaf leaf = j.leaf(seq);
        assertEquals(prev, leaf.prev(), "prev of leaf " + seq);
        assertEquals(bySeq.get(seq).receipt().leafHash(), leaf.hash(), "hash of leaf " + seq);
        assertEquals(bySeq.get(seq).submission().statement(), leaf.statement());
        prev = leaf.hash();
      }
    }
  }

  /**
   * Regression: a state machine that throws an {@link Error} in the middle of a group used to leave
   * the sequencer's tree and chain advanced by the group's earlier, never written, statements, so
   * the next group was given seqs after a gap and chained to a leaf that does not exist.
   */
  @Test
  void append_stateMachineErrorMidGroup_nextGroupContinuesWithoutGap(@TempDir Path dir)
      throws Exception {
    CountDownLatch gateEntered = new CountDownLatch(1);
    CountDownLatch gateOpen = new CountDownLatch(1);
    StateMachine<Boolean> machine =
        (entry, state) -> {
          String id = entry.submission().id();
          if (id.equals("gate")) {
            gateEntered.countDown();
            try {
              gateOpen.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          } else if (id.equals("boom")) {
            throw new AssertionError("state machine bug");
          }
        };
    Path d = dir.resolve("ledger");
    try (Journal<Boolean> j =
        Journal.create(d, JournalSmokeTest.SIGNER, machine, JournalOptions.DEFAULT)) {
      j.append(stmt("A", "0", "x", false));
      ExecutorService pool = Executors.newFixedThreadPool(3);
      try {
        Future<Receipt> gate = pool.submit(() -> j.append(stmt("A", "gate", "x", false)));
        assertTrue(gateEntered.await(30, TimeUnit.SECONDS));
        // While the sequencer is held inside the gate's group, queue "a" and then "boom" so that
        // they form the next group in that order.
        Future<Receipt> a = submitAndAwaitParked(pool, j, stmt("A", "a", "x", false));
        Future<Receipt> boom = submitAndAwaitParked(pool, j, stmt("A", "boom", "x", false));
        gateOpen.countDown();
        assertEquals(1, gate.get(30, TimeUnit.SECONDS).seq());
        Exception boomError = assertThrowsFuture(boom);
        assertNotNull(boomError);
        Exception aError = assertThrowsFuture(a);
        assertNotNull(aError);
        assertFalse(j.find("A", "a").isPresent());
      } finally {
        pool.shutdownNow();
      }
      assertEquals(2, j.size());
      Receipt next = j.append(stmt("A", "next", "x", false));
      assertEquals(2, next.seq());
      assertEquals(j.leaf(1).hash(), j.leaf(2).prev());
      ProofVerifier.verifyInclusion(
          next.seq(),
          next.tree().size(),
          next.leafHash(),
          next.inclusionProof(),
          next.tree().root());
    }
    try (Journal<Boolean> j =
        Journal.open(d, JournalSmokeTest.SIGNER, machine, JournalOptions.DEFAULT)) {
      assertEquals(3, j.size());
    }
  }

  /** Submits an append and waits until its thread is parked waiting for the sequencer. */
  private static Future<Receipt> submitAndAwaitParked(
      ExecutorService pool, Journal<Boolean> j, Submission<Boolean> s) throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    Thread[] self = new Thread[1];
    Future<Receipt> f =
        pool.submit(
            () -> {
              self[0] = Thread.currentThread();
              started.countDown();
              return j.append(s);
            });
    assertTrue(started.await(30, TimeUnit.SECONDS));
    Thread t = self[0];
    // append only parks in its wait for the sequencer's answer, after it queued the submission.
    while (t.getState() != Thread.State.WAITING) {
      Thread.onSpinWait();
    }
    return f;
  }

  private static Exception assertThrowsFuture(Future<Receipt> f) throws InterruptedException {
    try {
      Receipt r = f.get(30, TimeUnit.SECONDS);
      throw new AssertionError("want a failure, got receipt for seq " + r.seq());
    } catch (java.util.concurrent.ExecutionException e) {
      return assertInstanceOf(Exception.class, e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("append did not finish", e);
    }
  }

  private static Bytes stateKey(Submission<?> s) {
    return Bytes.copyFrom(("seen/" + key(s)).getBytes(StandardCharsets.UTF_8));
  }

  /** MTH(D[n]) straight from RFC 6962 §2.1, split at the largest power of two below n. */
  static Hash naiveRoot(List<Hash> leaves) {
    if (leaves.isEmpty()) {
      return Rfc6962.emptyRoot();
    }
    if (leaves.size() == 1) {
      return leaves.get(0);
    }
    int k = Integer.highestOneBit(leaves.size() - 1);
    return Rfc6962.nodeHash(
        naiveRoot(leaves.subList(0, k)), naiveRoot(leaves.subList(k, leaves.size())));
  }
}
