package org.creditbank.ledger.audit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.creditbank.ledger.bank.BankMachine;
import org.creditbank.ledger.bank.Statement;
import org.creditbank.ledger.bank.StatementException;
import org.creditbank.ledger.bank.VerifiedStatement;
import org.creditbank.ledger.journal.CorruptionException;
import org.creditbank.ledger.journal.Leaf;
import org.creditbank.ledger.journal.RejectedException;
import org.creditbank.ledger.journal.Replay;
import org.creditbank.ledger.journal.StorageException;
import org.creditbank.ledger.merkle.CompactRange;
import org.creditbank.ledger.note.Checkpoint;
import org.creditbank.ledger.note.CheckpointVerifier;
import org.creditbank.ledger.note.NoteException;
import org.creditbank.ledger.note.SignedNote;
import org.creditbank.ledger.note.VerifiedCheckpoint;
import org.creditbank.ledger.util.Bytes;
import org.creditbank.ledger.util.Hash;

/**
 * The checks of an audit that do not depend on where the entries come from: one code path that a
 * local ledger ({@link LedgerAuditor}) and a remote one ({@link RemoteAuditor}) both feed, leaf by
 * leaf in seq order, with the checkpoints of each size after the leaves that make it.
 *
 * <p>Per leaf: it parses as the canonical version-1 leaf of its seq; its statement parses strictly,
 * is for this ledger and its signature verifies (on the pool); then, on the caller's thread in seq
 * order: its {@code prev} is the previous leaf's hash, its time does not go backwards, its hash is
 * appended to the recomputed tree (RFC 6962 §2.1; each node the append completes is handed to the
 * source's {@link NodeCheck}), and the rules, replayed into scratch state, accept it. Per
 * checkpoint: it is signed by one of the verifier keys (C2SP signed-note; two during a rotation of
 * the operator's key) and names the recomputed size and root.
 */
final class AuditEngine implements AutoCloseable {
  /** What a source checks of each tree node an append completes; the local ledger stores them. */
  @FunctionalInterface
  interface NodeCheck {
    void check(String place, int level, long index, Hash hash)
        throws AuditFailedException, StorageException;
  }

  /** Where a leaf's canonical bytes come from; runs on the pool, so decoding is parallel too. */
  @FunctionalInterface
  interface LeafBytes {
    Bytes get() throws AuditFailedException;
  }

  private static final int PROGRESS_EVERY = 4096;

  private final CheckpointVerifier verifier;
  private final AuditOptions options;
  private final String origin;
  private final NodeCheck nodes;
  private final ExecutorService pool;
  private final ArrayDeque<Task> window = new ArrayDeque<>();
  private final int windowSize;
  private final Replay<VerifiedStatement> replay;

  private CompactRange range = CompactRange.empty();
  private Hash prev = Leaf.ZERO;
  private long lastTime = 0;
  private long size;
  private long checkpoints;
  private long latestSize = -1;
  private long total;
  private SignedNote latest;

  /** One job in the window: a leaf to check at {@code seq}, or a checkpoint of size {@code seq}. */
  private record Task(boolean checkpoint, long seq, Future<Object> result) {}

  /** A leaf that parsed and whose statement verified. */
  private record Parsed(Leaf leaf, VerifiedStatement statement) {}

  AuditEngine(CheckpointVerifier verifier, AuditOptions options, NodeCheck nodes)
      throws StorageException {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.options = Objects.requireNonNull(options, "options");
    this.nodes = Objects.requireNonNull(nodes, "nodes");
    this.origin = verifier.origin();
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            options.threads(),
            r -> {
              Thread t = new Thread(r, "ledger-audit-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.windowSize = 512 * options.threads();
    try {
      this.replay = Replay.create(options.scratch(), new BankMachine());
    } catch (StorageException | RuntimeException e) {
      pool.shutdownNow();
      throw e;
    }
  }

  /** Sets the number of entries the progress reports count towards. */
  void total(long t) {
    total = t;
  }

  /** Queues the checks of the leaf at {@code seq}, the next one. */
  void leaf(long seq, LeafBytes raw)
      throws AuditFailedException, StorageException, InterruptedException {
    add(new Task(false, seq, pool.<Object>submit(() -> parseLeaf(seq, raw.get()))));
  }

  /** Queues a failure at {@code seq}, reported once everything before it has been checked. */
  void failure(long seq, String reason) {
    failure(false, seq, new AuditFailedException("seq " + seq, reason));
  }

  /** Queues a failure in log order: after the leaves and checkpoints already queued. */
  void failure(boolean checkpoint, long seq, AuditFailedException e) {
    window.add(new Task(checkpoint, seq, CompletableFuture.failedFuture(e)));
  }

  /** Queues the checks of a checkpoint of {@code size}: the leaves before it are queued. */
  void checkpoint(long size, Bytes note) {
    window.add(new Task(true, size, pool.<Object>submit(() -> parseCheckpoint(size, note))));
  }

  /** Runs every queued check. */
  void drain() throws AuditFailedException, StorageException, InterruptedException {
    while (!window.isEmpty()) {
      process(window.poll());
    }
  }

  Hash root() {
    return range.root();
  }

  Hash lastLeaf() {
    return prev;
  }

  long lastTime() {
    return lastTime;
  }

  /** The number of leaves checked and replayed. */
  long size() {
    return size;
  }

  long checkpoints() {
    return checkpoints;
  }

  /** The size of the last checkpoint checked, or -1. */
  long latestSize() {
    return latestSize;
  }

  SignedNote latest() {
    return latest;
  }

  Replay<VerifiedStatement> replay() {
    return replay;
  }

  AuditOptions options() {
    return options;
  }

  @Override
  public void close() {
    pool.shutdownNow();
    replay.close();
  }

  // ---------------------------------------------------------------- the window

  private void add(Task t) throws AuditFailedException, StorageException, InterruptedException {
    window.add(t);
    while (window.size() > windowSize) {
      process(window.poll());
    }
  }

  private void process(Task t) throws AuditFailedException, StorageException, InterruptedException {
    Object r =
        await(t.result(), t.checkpoint() ? "checkpoint at size " + t.seq() : "seq " + t.seq());
    if (t.checkpoint()) {
      checkCheckpoint(t.seq(), (VerifiedCheckpoint) r);
    } else {
      replayLeaf(t.seq(), (Parsed) r);
    }
  }

  /**
   * Waits for a pool task. Whatever it threw becomes an audit failure at {@code place}: the checks
   * run on untrusted bytes, so an unexpected exception from them means the ledger is wrong (or a
   * check has a bug), never a reason to crash the audit.
   */
  static Object await(Future<Object> result, String place)
      throws AuditFailedException, InterruptedException {
    try {
      return result.get();
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof AuditFailedException af) {
        throw af;
      }
      throw new AuditFailedException(place, "the check failed unexpectedly: " + c, c);
    }
  }

  // ---------------------------------------------------------------- leaves

  /** Runs on the pool: the checks of one leaf that need nothing before it. */
  private Parsed parseLeaf(long seq, Bytes raw) throws AuditFailedException {
    Leaf leaf;
    try {
      leaf = Leaf.parse(raw.toByteArray());
    } catch (CorruptionException e) {
      throw new AuditFailedException("seq " + seq, e.getMessage(), e);
    }
    if (leaf.seq() != seq) {
      throw new AuditFailedException(
          "seq " + seq, "the leaf stored at seq " + seq + " says seq " + leaf.seq());
    }
    try {
      Statement s = Statement.parse(leaf.statement().toByteArray(), origin);
      return new Parsed(leaf, VerifiedStatement.of(s));
    } catch (StatementException e) {
      throw new AuditFailedException(
          "seq " + seq, "the statement is refused: " + e.getMessage(), e);
    }
  }

  private void replayLeaf(long seq, Parsed p) throws AuditFailedException, StorageException {
    String place = "seq " + seq;
    Leaf leaf = p.leaf();
    if (!leaf.prev().equals(prev)) {
      throw new AuditFailedException(
          place,
          seq == 0
              ? "prev is " + leaf.prev() + ", want 32 zero bytes"
              : String.format(
                  Locale.ROOT, "prev is %s, but leaf %d hashes to %s", leaf.prev(), seq - 1, prev));
    }
    long millis = leaf.time().toEpochMilli();
    if (seq > 0 && millis < lastTime) {
      throw new AuditFailedException(
          place, "the ledger time goes backwards: " + leaf.time() + " after a later leaf");
    }
    List<long[]> created = new ArrayList<>(4);
    List<Hash> hashes = new ArrayList<>(4);
    range.append(
        leaf.hash(),
        (level, index, hash) -> {
          created.add(new long[] {level, index});
          hashes.add(hash);
        });
    for (int i = 0; i < created.size(); i++) {
      nodes.check(place, (int) created.get(i)[0], created.get(i)[1], hashes.get(i));
    }
    try {
      replay.apply(leaf, p.statement().toSubmission());
    } catch (RejectedException e) {
      throw new AuditFailedException(place, "the rules refuse it on replay: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new AuditFailedException(place, "the rules failed on it on replay: " + e, e);
    }
    prev = leaf.hash();
    lastTime = millis;
    size = seq + 1;
    if (size % PROGRESS_EVERY == 0) {
      options.progress().update(size, total);
    }
  }

  // ---------------------------------------------------------------- checkpoints

  /** Runs on the pool: parses a checkpoint and verifies its signature. */
  private VerifiedCheckpoint parseCheckpoint(long n, Bytes note) throws AuditFailedException {
    try {
      return verifier.open(note.toByteArray());
    } catch (NoteException e) {
      throw new AuditFailedException("checkpoint at size " + n, e.getMessage(), e);
    }
  }

  private void checkCheckpoint(long n, VerifiedCheckpoint vc) throws AuditFailedException {
    Checkpoint cp = vc.checkpoint();
    Hash root = range.root();
    if (cp.size() != n || !cp.root().equals(root)) {
      throw new AuditFailedException(
          "checkpoint at size " + n,
          String.format(
              Locale.ROOT,
              "it says size %d root %s; the leaves give size %d root %s",
              cp.size(),
              cp.root(),
              n,
              root));
    }
    checkpoints++;
    latestSize = n;
    latest = vc.note().note();
  }
}
