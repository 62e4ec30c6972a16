package org.creditbank.ledger.audit;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
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
import org.creditbank.ledger.journal.KeyValueCursor;
import org.creditbank.ledger.journal.Leaf;
import org.creditbank.ledger.journal.LedgerReader;
import org.creditbank.ledger.journal.LedgerReader.Family;
import org.creditbank.ledger.journal.RejectedException;
import org.creditbank.ledger.journal.Replay;
import org.creditbank.ledger.journal.StorageException;
import org.creditbank.ledger.merkle.CompactRange;
import org.creditbank.ledger.merkle.MerkleTree;
import org.creditbank.ledger.merkle.NodeSource;
import org.creditbank.ledger.merkle.ProofException;
import org.creditbank.ledger.merkle.ProofVerifier;
import org.creditbank.ledger.merkle.Rfc6962;
import org.creditbank.ledger.note.Checkpoint;
import org.creditbank.ledger.note.NoteException;
import org.creditbank.ledger.note.NoteVerifier;
import org.creditbank.ledger.note.SignedNote;
import org.creditbank.ledger.note.VerifiedCheckpoint;
import org.creditbank.ledger.util.Bytes;
import org.creditbank.ledger.util.Hash;
import org.creditbank.ledger.util.Hex;
import org.creditbank.ledger.util.LedgerException;

/**
 * Audits a whole ledger offline: replays it from seq 0, streaming, in constant memory, and stops at
 * the first place where anything is wrong.
 *
 * <p>What it checks, in this order (see {@code docs/architecture.md}, "Audit"):
 *
 * <ol>
 *   <li>{@code meta}: the format version, the origin (the verifier key's name), no other key.
 *   <li>For each seq from 0, in order: the leaf is stored under its seq and says that seq; its
 *       bytes are the canonical version-1 leaf; its {@code prev} is the previous leaf's hash; its
 *       time does not go backwards; each tree node its append completes is stored with the
 *       recomputed hash (RFC 6962 §2.1; level 0 is the leaf hash {@code SHA-256(0x00 ‖ leaf)}); its
 *       statement parses strictly, is for this ledger and its {@code eddsa-jcs-2022} proof
 *       verifies; the rules, replayed into empty state at the leaf's seq and time, accept it (so
 *       its key belonged to its actor, unrevoked, at that seq); every checkpoint stored for the
 *       size this leaf makes is signed by the verifier key (C2SP signed-note) and names this
 *       origin, size and the recomputed root.
 *   <li>No leaf beyond the head; no checkpoint beyond it; the checkpoint at the head's size exists;
 *       the head record equals size, last leaf hash, root and time recomputed; no tree node outside
 *       the tree.
 *   <li>The stored {@code state} and {@code ids} families equal the replayed ones, key by key.
 *   <li>Given a saved checkpoint: it verifies, and the ledger's tree is an extension of it (RFC
 *       9162 §2.1.4 consistency proof from its size to the head's).
 * </ol>
 *
 * <p>Signatures (statements and checkpoints) and the parsing of leaves run on a pool of threads
 * through a bounded window, the replay on the calling thread in seq order, so the first failure in
 * log order is the one reported.
 */
public final class LedgerAuditor {
  /** How far an audit is. */
  @FunctionalInterface
  public interface Progress {
    /**
     * Reports progress.
     *
     * @param done entries checked so far
     * @param total entries in the ledger (the head's size)
     */
    void update(long done, long total);
  }

  private static final int PROGRESS_EVERY = 4096;

  private final LedgerReader reader;
  private final NoteVerifier verifier;
  private final AuditOptions options;
  private final String origin;
  private final ExecutorService pool;
  private final ArrayDeque<Task> window = new ArrayDeque<>();
  private final int windowSize;

  private CompactRange range = CompactRange.empty();
  private Hash prev = Leaf.ZERO;
  private long lastTime = 0;
  private long checkpoints;
  private long latestSize = -1;
  private long total;
  private SignedNote latest;

  /** One job in the window: a leaf to check at {@code seq}, or a checkpoint of size {@code seq}. */
  private record Task(boolean checkpoint, long seq, Future<Object> result) {}

  /** A leaf that parsed and whose statement verified. */
  private record Parsed(Leaf leaf, VerifiedStatement statement) {}

  private LedgerAuditor(LedgerReader reader, NoteVerifier verifier, AuditOptions options) {
    this.reader = reader;
    this.verifier = verifier;
    this.options = options;
    this.origin = verifier.name();
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
  }

  /**
   * Audits the ledger in {@code dir}.
   *
   * @param dir the ledger's directory; opened read-only
   * @param verifier the operator's checkpoint verifier key; its name is the ledger's origin
   * @param options how to run
   * @return what the audit found, when everything checks out
   * @throws AuditFailedException at the first place where the ledger is wrong, naming it
   * @throws StorageException if the ledger cannot be opened or read, or the scratch state written
   * @throws InterruptedException if interrupted
   */
  public static AuditReport audit(Path dir, NoteVerifier verifier, AuditOptions options)
      throws AuditFailedException, StorageException, InterruptedException {
    Objects.requireNonNull(verifier, "verifier");
    Objects.requireNonNull(options, "options");
    long t0 = System.nanoTime();
    try (LedgerReader reader = LedgerReader.open(dir)) {
      LedgerAuditor a = new LedgerAuditor(reader, verifier, options);
      try {
        return a.run(t0);
      } finally {
        a.pool.shutdownNow();
      }
    }
  }

  private AuditReport run(long t0)
      throws AuditFailedException, StorageException, InterruptedException {
    LedgerReader.Head head = checkMeta();
    long size = head.size();
    total = size;
    try (Replay<VerifiedStatement> replay = Replay.create(options.scratch(), new BankMachine());
        KeyValueCursor leaves = reader.scan(Family.LEAVES);
        KeyValueCursor cps = reader.scan(Family.CHECKPOINTS)) {
      boolean cpValid = cps.advance();
      cpValid = submitCheckpoints(cps, cpValid, 0);
      long seq = 0;
      while (seq < size) {
        if (!leaves.advance()) {
          enqueueFailure(seq, "the leaf is missing; the head says size " + size);
          break;
        }
        Bytes key = leaves.key();
        if (!key.equals(LedgerReader.seqKey(seq))) {
          enqueueFailure(
              seq,
              key.size() == 8
                  ? "the leaf is missing (the next stored is seq " + u64(key) + ")"
                  : "the leaf is missing (the next key, " + key + ", is not a seq)");
          break;
        }
        Bytes raw = leaves.value();
        long s = seq;
        submit(new Task(false, s, pool.<Object>submit(() -> parseLeaf(s, raw))), replay);
        seq++;
        cpValid = submitCheckpoints(cps, cpValid, seq);
      }
      drain(replay);
      if (leaves.advance()) {
        Bytes key = leaves.key();
        throw new AuditFailedException(
            key.size() == 8 ? "seq " + u64(key) : "leaves key " + key,
            "a leaf is stored beyond the head's size " + size);
      }
      if (cpValid) {
        throw new AuditFailedException(
            cpPlace(cps.key()), "a checkpoint is stored beyond the log's size " + size);
      }
      if (latestSize != size) {
        throw new AuditFailedException(
            "checkpoint at size " + size, "missing: the head's size has no stored checkpoint");
      }
      checkHead(head);
      checkNodes(size);
      compare("state", reader.scan(Family.STATE), replay.scanState(), LedgerAuditor::stateKeyName);
      compare("ids", reader.scan(Family.IDS), replay.scanIds(), LedgerAuditor::idKeyName);
      options.progress().update(size, size);
      OptionalLong since = OptionalLong.empty();
      if (options.since().isPresent()) {
        since = OptionalLong.of(checkSince(options.since().get(), size));
      }
      return new AuditReport(
          size, checkpoints, java.time.Duration.ofNanos(System.nanoTime() - t0), latest, since);
    }
  }

  // ---------------------------------------------------------------- meta and head

  private LedgerReader.Head checkMeta() throws AuditFailedException, StorageException {
    Optional<Bytes> format = reader.get(Family.META, LedgerReader.META_FORMAT);
    String want = Integer.toString(LedgerReader.FORMAT_VERSION);
    if (format.isEmpty() || !LedgerReader.text(format.get()).equals(want)) {
      throw new AuditFailedException(
          "meta format",
          "want format version "
              + want
              + ", got "
              + format.map(f -> "\"" + LedgerReader.text(f) + "\"").orElse("none"));
    }
    Optional<Bytes> o = reader.get(Family.META, LedgerReader.META_ORIGIN);
    if (o.isEmpty() || !LedgerReader.text(o.get()).equals(origin)) {
      throw new AuditFailedException(
          "meta origin",
          "want origin \""
              + origin
              + "\" (the verifier key's name), got "
              + o.map(v -> "\"" + LedgerReader.text(v) + "\"").orElse("none"));
    }
    try (KeyValueCursor c = reader.scan(Family.META)) {
      while (c.advance()) {
        Bytes k = c.key();
        if (!k.equals(LedgerReader.META_FORMAT)
            && !k.equals(LedgerReader.META_ORIGIN)
            && !k.equals(LedgerReader.META_HEAD)) {
          throw new AuditFailedException("meta key " + printable(k), "unexpected key");
        }
      }
    }
    Optional<Bytes> h = reader.get(Family.META, LedgerReader.META_HEAD);
    if (h.isEmpty()) {
      throw new AuditFailedException("meta head", "missing");
    }
    try {
      return LedgerReader.decodeHead(h.get());
    } catch (CorruptionException e) {
      throw new AuditFailedException("meta head", e.getMessage(), e);
    }
  }

  private void checkHead(LedgerReader.Head head) throws AuditFailedException {
    Hash root = range.root();
    if (!head.lastLeaf().equals(prev)
        || !head.root().equals(root)
        || head.lastTimeMillis() != lastTime) {
      throw new AuditFailedException(
          "meta head",
          String.format(
              Locale.ROOT,
              "stored last leaf %s, root %s, time %d; the leaves give %s, %s, %d",
              head.lastLeaf(),
              head.root(),
              head.lastTimeMillis(),
              prev,
              root,
              lastTime));
    }
  }

  // ---------------------------------------------------------------- the window

  private void enqueueFailure(long seq, String reason) {
    window.add(
        new Task(
            false,
            seq,
            CompletableFuture.failedFuture(new AuditFailedException("seq " + seq, reason))));
  }

  private void submit(Task t, Replay<VerifiedStatement> replay)
      throws AuditFailedException, StorageException, InterruptedException {
    window.add(t);
    while (window.size() > windowSize) {
      process(window.poll(), replay);
    }
  }

  private void drain(Replay<VerifiedStatement> replay)
      throws AuditFailedException, StorageException, InterruptedException {
    while (!window.isEmpty()) {
      process(window.poll(), replay);
    }
  }

  /** Queues the checks of every stored checkpoint of size {@code size}; returns cps' validity. */
  private boolean submitCheckpoints(KeyValueCursor cps, boolean valid, long size)
      throws StorageException {
    while (valid) {
      Bytes key = cps.key();
      if (key.size() != 8) {
        window.add(
            new Task(
                true,
                size,
                CompletableFuture.failedFuture(
                    new AuditFailedException(
                        "checkpoints key " + key, "the key is not a tree size (8 bytes)"))));
        return cps.advance();
      }
      long n = u64(key);
      if (n != size) {
        return true;
      }
      Bytes note = cps.value();
      window.add(new Task(true, n, pool.<Object>submit(() -> parseCheckpoint(n, note))));
      valid = cps.advance();
    }
    return false;
  }

  private void process(Task t, Replay<VerifiedStatement> replay)
      throws AuditFailedException, StorageException, InterruptedException {
    Object r =
        await(t.result(), t.checkpoint() ? "checkpoint at size " + t.seq() : "seq " + t.seq());
    if (t.checkpoint()) {
      checkCheckpoint(t.seq(), (VerifiedCheckpoint) r);
    } else {
      replayLeaf(t.seq(), (Parsed) r, replay);
    }
  }

  /**
   * Waits for a pool task. Whatever it threw becomes an audit failure at {@code place}: the checks
   * run on untrusted stored bytes, so an unexpected exception from them means the ledger is wrong
   * (or a check has a bug), never a reason to crash the audit.
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

  private void replayLeaf(long seq, Parsed p, Replay<VerifiedStatement> replay)
      throws AuditFailedException, StorageException {
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
      int level = (int) created.get(i)[0];
      long index = created.get(i)[1];
      Optional<Bytes> stored = reader.get(Family.NODES, LedgerReader.nodeKey(level, index));
      Hash want = hashes.get(i);
      String node = String.format(Locale.ROOT, "tree node (level %d, index %d)", level, index);
      if (stored.isEmpty()) {
        throw new AuditFailedException(place, node + " is missing");
      }
      if (!stored.get().equals(Bytes.copyFrom(want.toByteArray()))) {
        throw new AuditFailedException(
            place,
            level == 0
                ? "the leaf hashes to " + want + ", but the tree holds " + stored.get()
                : node + " is stored as " + stored.get() + ", but the leaves give " + want);
      }
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
    if ((seq + 1) % PROGRESS_EVERY == 0) {
      options.progress().update(seq + 1, total);
    }
  }

  // ---------------------------------------------------------------- checkpoints

  /** Runs on the pool: parses a stored checkpoint and verifies its signature. */
  private VerifiedCheckpoint parseCheckpoint(long size, Bytes note) throws AuditFailedException {
    try {
      return Checkpoint.open(note.toByteArray(), verifier);
    } catch (NoteException e) {
      throw new AuditFailedException("checkpoint at size " + size, e.getMessage(), e);
    }
  }

  private void checkCheckpoint(long size, VerifiedCheckpoint vc) throws AuditFailedException {
    Checkpoint cp = vc.checkpoint();
    Hash root = range.root();
    if (cp.size() != size || !cp.root().equals(root)) {
      throw new AuditFailedException(
          "checkpoint at size " + size,
          String.format(
              Locale.ROOT,
              "it says size %d root %s; the leaves give size %d root %s",
              cp.size(),
              cp.root(),
              size,
              root));
    }
    checkpoints++;
    latestSize = size;
    latest = vc.note().note();
  }

  private static String cpPlace(Bytes key) {
    return key.size() == 8 ? "checkpoint at size " + u64(key) : "checkpoints key " + key;
  }

  // ---------------------------------------------------------------- nodes, state, ids

  /** No node outside the tree: every expected node was checked as its leaf was appended. */
  private void checkNodes(long size) throws AuditFailedException, StorageException {
    try (KeyValueCursor c = reader.scan(Family.NODES)) {
      while (c.advance()) {
        byte[] k = c.key().toByteArray();
        if (k.length != 9) {
          throw new AuditFailedException(
              "nodes key " + c.key(), "the key is not level (1 byte) ‖ index (8 bytes)");
        }
        int level = k[0] & 0xff;
        long index = java.nio.ByteBuffer.wrap(k, 1, 8).getLong();
        if (level > 62 || index < 0 || index >= (size >>> level)) {
          throw new AuditFailedException(
              String.format(Locale.ROOT, "tree node (level %d, index %d)", level, index),
              "stored, but it is outside the tree of size " + size);
        }
      }
    }
  }

  @FunctionalInterface
  private interface KeyName {
    String name(Bytes key);
  }

  /** Compares two families key by key in order; the first difference fails the audit. */
  private static void compare(
      String family, KeyValueCursor stored, KeyValueCursor replayed, KeyName name)
      throws AuditFailedException, StorageException {
    try (stored;
        replayed) {
      boolean hs = stored.advance();
      boolean hr = replayed.advance();
      while (hs || hr) {
        int c =
            !hs
                ? 1
                : !hr
                    ? -1
                    : Arrays.compareUnsigned(
                        stored.key().toByteArray(), replayed.key().toByteArray());
        if (c < 0) {
          throw new AuditFailedException(
              family + " key " + name.name(stored.key()),
              "stored, but the replay makes no such key");
        }
        if (c > 0) {
          throw new AuditFailedException(
              family + " key " + name.name(replayed.key()), "missing: the replay makes it");
        }
        if (!stored.value().equals(replayed.value())) {
          throw new AuditFailedException(
              family + " key " + name.name(stored.key()),
              "the stored value differs from the replay's: stored "
                  + shorten(stored.value())
                  + ", replayed "
                  + shorten(replayed.value()));
        }
        hs = stored.advance();
        hr = replayed.advance();
      }
    }
  }

  private static String stateKeyName(Bytes key) {
    return printable(key);
  }

  private static String idKeyName(Bytes key) {
    byte[] k = key.toByteArray();
    if (k.length >= 4) {
      int n = java.nio.ByteBuffer.wrap(k, 0, 4).getInt();
      if (n >= 0 && n <= k.length - 4) {
        return printable(Bytes.copyFrom(Arrays.copyOfRange(k, 4, 4 + n)))
            + "/"
            + printable(Bytes.copyFrom(Arrays.copyOfRange(k, 4 + n, k.length)));
      }
    }
    return key.toString();
  }

  /** A key as text if it is printable UTF-8, else as hex. */
  private static String printable(Bytes b) {
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(b.toByteArray()))
              .toString();
      if (s.codePoints().allMatch(cp -> cp >= 0x20 && cp != 0x7f)) {
        return s;
      }
    } catch (CharacterCodingException e) {
      // Not text: hex below.
    }
    return "0x" + Hex.encode(b.toByteArray());
  }

  private static String shorten(Bytes v) {
    String s = printable(v);
    return s.length() > 120 ? s.substring(0, 120) + "…" : s;
  }

  // ---------------------------------------------------------------- since

  private long checkSince(Bytes saved, long size) throws AuditFailedException, StorageException {
    String place = "saved checkpoint";
    VerifiedCheckpoint old;
    try {
      old = Checkpoint.open(saved.toByteArray(), verifier);
    } catch (NoteException e) {
      throw new AuditFailedException(place, "it does not verify: " + e.getMessage(), e);
    }
    long size1 = old.checkpoint().size();
    Hash root1 = old.checkpoint().root();
    // A checkpoint's size is an unsigned 64-bit value: one of 2^63 or more is negative as a long
    // and must not slip past a signed comparison into the proof code.
    if (Long.compareUnsigned(size1, size) > 0) {
      throw new AuditFailedException(
          place,
          String.format(
              Locale.ROOT,
              "it has size %s, but the ledger holds only %d entries: the ledger lost entries",
              Long.toUnsignedString(size1),
              size));
    }
    if (size1 == 0) {
      if (!root1.equals(Rfc6962.emptyRoot())) {
        throw new AuditFailedException(place, "size 0 with a root other than the empty tree's");
      }
      return 0;
    }
    NodeSource nodes =
        (level, index) -> {
          Optional<Bytes> h = reader.get(Family.NODES, LedgerReader.nodeKey(level, index));
          if (h.isEmpty() || h.get().size() != Hash.LENGTH) {
            throw new CorruptionException(
                String.format(
                    Locale.ROOT, "tree node (level %d, index %d) is missing", level, index));
          }
          return Hash.of(h.get().toByteArray());
        };
    try {
      List<Hash> proof = MerkleTree.consistencyProof(size1, size, nodes);
      ProofVerifier.verifyConsistency(size1, size, proof, root1, range.root());
    } catch (ProofException e) {
      throw new AuditFailedException(
          place,
          String.format(
              Locale.ROOT,
              "the ledger is not an extension of the saved checkpoint of size %d: %s",
              size1,
              e.getMessage()),
          e);
    } catch (StorageException e) {
      throw e;
    } catch (LedgerException e) {
      throw new StorageException("reading the tree failed: " + e.getMessage(), e);
    }
    return size1;
  }

  private static long u64(Bytes b) {
    return java.nio.ByteBuffer.wrap(b.toByteArray()).getLong();
  }
}
