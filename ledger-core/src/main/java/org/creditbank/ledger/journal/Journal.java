package org.creditbank.ledger.journal;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Collectors;
import org.creditbank.ledger.json.Jcs;
import org.creditbank.ledger.json.JsonFormatException;
import org.creditbank.ledger.json.JsonLimits;
import org.creditbank.ledger.json.StrictJson;
import org.creditbank.ledger.merkle.CompactRange;
import org.creditbank.ledger.merkle.MerkleTree;
import org.creditbank.ledger.merkle.NodeCache;
import org.creditbank.ledger.merkle.NodeSource;
import org.creditbank.ledger.merkle.Rfc6962;
import org.creditbank.ledger.note.Checkpoint;
import org.creditbank.ledger.note.CheckpointVerifier;
import org.creditbank.ledger.note.NoteException;
import org.creditbank.ledger.note.NoteSignature;
import org.creditbank.ledger.note.NoteSigner;
import org.creditbank.ledger.note.NoteVerifier;
import org.creditbank.ledger.note.SignedNote;
import org.creditbank.ledger.util.Bytes;
import org.creditbank.ledger.util.Hash;
import org.creditbank.ledger.util.LedgerException;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verifiable log: an append-only, hash-chained, Merkle-indexed journal of canonical statements
 * in RocksDB.
 *
 * <p>Many threads may {@link #append} at once. Callers verify signatures on their own threads
 * first; one sequencer thread then takes whatever is waiting as a group, asks the {@link
 * StateMachine} about each statement in order, builds the leaves ({@link Leaf}), extends the RFC
 * 6962 tree, signs one checkpoint for the group and writes everything — leaves, tree nodes, state
 * writes, the id index, the checkpoint and the new head — in one atomic RocksDB write batch. A
 * syncer thread then fsyncs the write-ahead log, once for every group written meanwhile ({@link
 * Durability#SYNC}); only then does any caller of those groups get its {@link Receipt}, and only
 * then do readers see them.
 *
 * <p>Reads (leaves, proofs, checkpoints, state) are safe from any thread and see only durable
 * groups. Every proof reads O(log n) tree nodes. If a write or an fsync fails, whether the group
 * reached the log is unknown: the journal then refuses every later append ("reopen the ledger"),
 * and reopening shows a prefix of what was submitted.
 *
 * @param <P> the payload type of the state machine
 */
public final class Journal<P> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

  /** The rejection code for a statement over 64 KiB, the most a leaf can hold. */
  public static final String TOO_LARGE = "too-large";

  /**
   * The rejection code for a statement on which the state machine failed with an unchecked
   * exception: a bug, reported to that statement's caller alone.
   */
  public static final String INTERNAL_ERROR = "internal-error";

  /** The rejection code for a statement that is not a JSON object in RFC 8785 canonical form. */
  public static final String NOT_CANONICAL = "not-canonical";

  private final Path dir;
  private final Store store;
  private final String origin;
  private final List<NoteSigner> signers;
  private final StateMachine<P> machine;
  private final JournalOptions options;
  // The stored tree nodes, upper levels cached: every proof and receipt reads through it. Filled
  // only from the store, so it never holds a node of a group that was not written; and since the
  // journal fails closed after a failed write (stopAppending), no (level, index) it holds is ever
  // written again with another hash. Appending again after a failed write would have to clear it.
  private final NodeCache storedNodes;
  private final ErasableStore erasable;

  private final LinkedBlockingQueue<Pending<P>> queue = new LinkedBlockingQueue<>();
  private final ReentrantReadWriteLock closeLock = new ReentrantReadWriteLock();
  private final Thread sequencer;
  private boolean closed; // guarded by closeLock

  // Owned by the sequencer thread.
  private CompactRange range;
  private Hash lastLeaf;
  private long lastTimeMillis;

  // The last group written to RocksDB (sequencer thread); durable once the syncer has synced it.
  // Written under commitLock, so that copyTo, holding it, sees the head of what it copies.
  private Published lastWritten;

  // Held by the sequencer while it writes a group and by copyTo while it copies the store: a copy
  // never holds half of the log's history next to a head that is not yet durable.
  private final ReentrantLock commitLock = new ReentrantLock();

  // What readers see: the last durable group (set by the syncer thread).
  private volatile Published published;

  // Groups written but not yet synced, in order; the syncer fsyncs them and hands out receipts.
  private final LinkedBlockingQueue<Written<P>> written = new LinkedBlockingQueue<>();
  private final Thread syncer;

  // True while the syncer fsyncs; the sequencer gathers a larger group meanwhile.
  private volatile boolean syncing;

  /** The longest the sequencer holds a group back while an fsync runs. */
  private static final long LINGER_NANOS = 2_000_000;

  // Set when a sync failed: what is durable is no longer known, so the journal stops appending.
  private volatile StorageException failure;

  /** A durable head and the snapshot of the derived state that goes with it. */
  private record Published(
      long size, Hash root, SignedNote note, Checkpoint checkpoint, Store.Snap state) {}

  /** One waiting submission; a null submission tells the sequencer to stop. */
  private record Pending<P>(Submission<P> submission, CompletableFuture<Outcome> result) {}

  /** A group written to RocksDB, waiting for its fsync; {@code at} is null to stop the syncer. */
  private record Written<P>(List<Accepted<P>> accepted, List<Repeat<P>> repeats, Published at) {}

  /** What the sequencer hands back; the caller turns it into a receipt on its own thread. */
  private record Outcome(long seq, Hash leafHash, boolean repeat, Published at, NodeSource nodes) {}

  private Journal(
      Path dir,
      Store store,
      List<NoteSigner> signers,
      StateMachine<P> machine,
      JournalOptions options,
      Store.Head head,
      Published published)
      throws LedgerException {
    this.dir = dir;
    this.store = store;
    this.origin = signers.get(0).name();
    this.signers = signers;
    this.machine = machine;
    this.options = options;
    this.published = published;
    this.storedNodes = new NodeCache(this::readNode, () -> this.published.size());
    this.erasable = new ErasableFamily(store);
    this.range = CompactRange.load(head.size(), storedNodes);
    this.lastLeaf = head.lastLeaf();
    this.lastTimeMillis = head.lastTimeMillis();
    this.lastWritten = published;
    this.sequencer = new Thread(this::runSequencer, "ledger-sequencer");
    this.sequencer.setDaemon(true);
    this.syncer = new Thread(this::runSyncer, "ledger-syncer");
    this.syncer.setDaemon(true);
    this.syncer.start();
    this.sequencer.start();
  }

  /**
   * Creates a new, empty ledger in {@code dir} and opens it. The ledger's origin is the signer's
   * key name; the first checkpoint (size 0) is signed at once.
   *
   * @param dir an absent or empty directory
   * @param signer the operator's checkpoint signer; its name is the log's origin
   * @param machine the state machine
   * @param options how to run
   * @param <P> the payload type
   * @return the open journal
   * @throws StorageException if the directory is not empty or cannot be written
   */
  public static <P> Journal<P> create(
      Path dir, NoteSigner signer, StateMachine<P> machine, JournalOptions options)
      throws StorageException {
    return create(dir, List.of(signer), machine, options);
  }

  /**
   * Creates a new, empty ledger in {@code dir} and opens it, signing each checkpoint with every
   * signer (see {@link #open(Path, List, StateMachine, JournalOptions)}).
   *
   * @param dir an absent or empty directory
   * @param signers the operator's checkpoint signers: one, or the current and the next key during a
   *     rotation; their common name is the log's origin
   * @param machine the state machine
   * @param options how to run
   * @param <P> the payload type
   * @return the open journal
   * @throws StorageException if the directory is not empty or cannot be written
   * @throws IllegalArgumentException if there is no signer, the signers have different names, or
   *     two share a key ID
   */
  public static <P> Journal<P> create(
      Path dir, List<NoteSigner> signers, StateMachine<P> machine, JournalOptions options)
      throws StorageException {
    signers = checkSigners(signers);
    NoteSigner signer = signers.get(0);
    Store store = Store.open(dir, true);
    try {
      Hash root = Rfc6962.emptyRoot();
      SignedNote note = signCheckpoint(signers, 0, root);
      Store.Head head = new Store.Head(0, Leaf.ZERO, root, 0);
      try (WriteBatch batch = new WriteBatch()) {
        batch.put(
            store.meta, Store.META_FORMAT, Store.ascii(Integer.toString(Store.FORMAT_VERSION)));
        batch.put(store.meta, Store.META_ORIGIN, utf8(signer.name()));
        batch.put(store.meta, Store.META_HEAD, head.encode());
        batch.put(store.checkpoints, Store.u64(0), note.toBytes());
        store.write(batch, true);
      } catch (RocksDBException e) {
        throw new StorageException("cannot create ledger " + dir + ": " + e.getMessage(), e);
      }
      LOG.info("created ledger {} in {}", signer.name(), dir);
      return new Journal<>(
          dir,
          store,
          signers,
          machine,
          options,
          head,
          new Published(0, root, note, parse(note), store.snapshot()));
    } catch (LedgerException | RuntimeException e) {
      store.close();
      throw asStorage(e);
    }
  }

  /**
   * Reads the origin recorded in a ledger directory without opening the ledger, so that a tool
   * holding only the operator's checkpoint key (which does not name the origin) can build the
   * {@link NoteSigner} that {@link #open} needs. It opens the store read-only, without the
   * directory's lock, so it works on a ledger another process has open.
   *
   * @param dir the ledger's directory
   * @return the origin
   * @throws StorageException if there is no ledger there or it records no origin
   */
  public static String readOrigin(Path dir) throws StorageException {
    // Read-only and without the lock: an auditor may read the origin of a ledger in use.
    try (Store store = Store.openReadOnly(dir)) {
      byte[] originBytes = store.get(store.meta, Store.META_ORIGIN);
      if (originBytes == null) {
        throw new StorageException("no ledger at " + dir + ": no origin recorded");
      }
      return new String(originBytes, UTF8);
    }
  }

  /**
   * Checks that no process, this one included, has the ledger in {@code dir} open: opens its store
   * (taking RocksDB's lock of the directory) and closes it again at once.
   *
   * @param dir the ledger's directory
   * @throws StorageException if there is no ledger there, or it is open (the message says "already
   *     open")
   */
  public static void checkNotOpen(Path dir) throws StorageException {
    Store.open(dir, false).close();
  }

  /**
   * Reads the latest stored checkpoint of a ledger directory without opening the ledger and without
   * verifying it: read-only and without the directory's lock, like {@link #readOrigin}, so that a
   * tool can see which keys signed it while a server has the ledger open.
   *
   * @param dir the ledger's directory
   * @return the signed checkpoint stored for the head's size, as parsed
   * @throws StorageException if there is no ledger there
   * @throws CorruptionException if the head record or the checkpoint it names is missing or
   *     malformed
   */
  public static SignedNote readLatestCheckpoint(Path dir) throws StorageException {
    try (Store store = Store.openReadOnly(dir)) {
      byte[] headBytes = store.get(store.meta, Store.META_HEAD);
      if (headBytes == null) {
        throw new StorageException("no ledger at " + dir + ": no head recorded");
      }
      long size = Store.Head.decode(headBytes).size();
      byte[] note = store.get(store.checkpoints, Store.u64(size));
      if (note == null) {
        throw new CorruptionException("no checkpoint is stored for the head's size " + size);
      }
      try {
        return SignedNote.parse(note);
      } catch (NoteException e) {
        throw new CorruptionException(
            "the checkpoint at size " + size + " is malformed: " + e.getMessage());
      }
    }
  }

  /**
   * Opens an existing ledger, checking its format version, its origin and its head against the
   * stored tree and chain.
   *
   * @param dir the ledger's directory
   * @param signer the operator's checkpoint signer; its name must be the ledger's origin
   * @param machine the state machine
   * @param options how to run
   * @param <P> the payload type
   * @return the open journal
   * @throws StorageException if there is no ledger, it is of an unknown version or open elsewhere,
   *     or it belongs to another origin
   * @throws CorruptionException if the head does not agree with the stored tree, the last leaf's
   *     hash, prev and time, or the last checkpoint (its body, or its signature under the operator
   *     key); or the origin or head record is missing
   */
  public static <P> Journal<P> open(
      Path dir, NoteSigner signer, StateMachine<P> machine, JournalOptions options)
      throws StorageException {
    return open(dir, List.of(signer), machine, options);
  }

  /**
   * Opens an existing ledger whose checkpoints are signed by several keys: during a rotation of the
   * operator's checkpoint key the current and the next key both sign every checkpoint, so that a
   * verifier that knows either key can check it (see {@code docs/operations.md}, "The checkpoint
   * key").
   *
   * <p>The latest stored checkpoint must be signed by at least one of the signers, and every
   * signature by one of them must verify. If some signer has not signed it (the next key of a
   * rotation that just began), its signature is added to the stored checkpoint, synced, before the
   * journal opens: the checkpoint text stays the same, so every earlier verification stays valid,
   * and a later signer that signs alone can still open the ledger.
   *
   * @param dir the ledger's directory
   * @param signers the operator's checkpoint signers, the current key first; their common name must
   *     be the ledger's origin
   * @param machine the state machine
   * @param options how to run
   * @param <P> the payload type
   * @return the open journal
   * @throws StorageException if there is no ledger, it is of an unknown version or open elsewhere,
   *     it belongs to another origin, or the co-signed checkpoint cannot be written
   * @throws CorruptionException if the head does not agree with the stored tree, the last leaf's
   *     hash, prev and time, or the last checkpoint (its body, a signature under one of the
   *     signers' keys, or no signature by any of them: the message names the key IDs that did
   *     sign); or the origin or head record is missing
   * @throws IllegalArgumentException if there is no signer, the signers have different names, or
   *     two share a key ID
   */
  public static <P> Journal<P> open(
      Path dir, List<NoteSigner> signers, StateMachine<P> machine, JournalOptions options)
      throws StorageException {
    signers = checkSigners(signers);
    NoteSigner signer = signers.get(0);
    Store store = Store.open(dir, false);
    try {
      byte[] format = store.get(store.meta, Store.META_FORMAT);
      if (format == null) {
        throw new StorageException("no ledger at " + dir + ": no format version recorded");
      }
      String version = new String(format, java.nio.charset.StandardCharsets.US_ASCII);
      if (!version.equals(Integer.toString(Store.FORMAT_VERSION))) {
        throw new StorageException(
            String.format(
                Locale.ROOT,
                "ledger %s has format version %s; this program reads version %d",
                dir,
                version,
                Store.FORMAT_VERSION));
      }
      byte[] originBytes = store.get(store.meta, Store.META_ORIGIN);
      if (originBytes == null) {
        throw new CorruptionException("no origin is recorded");
      }
      String storedOrigin = new String(originBytes, UTF8);
      if (!storedOrigin.equals(signer.name())) {
        throw new StorageException(
            String.format(
                Locale.ROOT,
                "ledger %s has origin %s, but the operator key is for %s",
                dir,
                storedOrigin,
                signer.name()));
      }
      byte[] headBytes = store.get(store.meta, Store.META_HEAD);
      if (headBytes == null) {
        throw new CorruptionException("no head record is stored");
      }
      Store.Head head = Store.Head.decode(headBytes);
      Published published = checkHead(store, head, storedOrigin, signers);
      published = cosignHead(store, published, signers);
      return new Journal<>(dir, store, signers, machine, options, head, published);
    } catch (LedgerException | RuntimeException e) {
      store.close();
      throw asStorage(e);
    }
  }

  private static StorageException asStorage(Exception e) {
    if (e instanceof StorageException se) {
      return se;
    }
    if (e instanceof RuntimeException re) {
      throw re;
    }
    return new StorageException(e.getMessage(), e);
  }

  /** Checks the head against the tree nodes, the last leaf, the chain and the last checkpoint. */
  private static Published checkHead(
      Store store, Store.Head head, String origin, List<NoteSigner> signers)
      throws LedgerException {
    long size = head.size();
    NodeSource nodes = (level, index) -> readNode(store, level, index);
    Hash root = MerkleTree.root(size, nodes);
    if (!root.equals(head.root())) {
      throw new CorruptionException(
          String.format(
              Locale.ROOT,
              "head says size %d has root %s, but the stored tree gives %s",
              size,
              head.root(),
              root));
    }
    if (store.get(store.leaves, Store.u64(size)) != null) {
      throw new CorruptionException(
          "a leaf is stored at seq " + size + ", beyond the head's size " + size);
    }
    if (size > 0) {
      byte[] raw = store.get(store.leaves, Store.u64(size - 1));
      if (raw == null) {
        throw new CorruptionException(
            "head says size " + size + ", but leaf " + (size - 1) + " is missing");
      }
      Leaf last = Leaf.parse(raw);
      if (!last.hash().equals(head.lastLeaf()) || !last.hash().equals(nodes.node(0, size - 1))) {
        throw new CorruptionException(
            String.format(
                Locale.ROOT,
                "leaf %d hashes to %s, but the head says %s",
                size - 1,
                last.hash(),
                head.lastLeaf()));
      }
      Hash wantPrev = size > 1 ? nodes.node(0, size - 2) : Leaf.ZERO;
      if (!last.prev().equals(wantPrev)) {
        throw new CorruptionException(
            String.format(
                Locale.ROOT,
                "leaf %d has prev %s, but leaf %d hashes to %s",
                size - 1,
                last.prev(),
                size - 2,
                wantPrev));
      }
      // The next group's time is at least the head's; a head behind its last leaf would let leaf
      // time go backwards.
      if (last.time().toEpochMilli() != head.lastTimeMillis()) {
        throw new CorruptionException(
            String.format(
                Locale.ROOT,
                "leaf %d has time %s, but the head says %s",
                size - 1,
                last.time(),
                Instant.ofEpochMilli(head.lastTimeMillis())));
      }
    }
    byte[] noteBytes = store.get(store.checkpoints, Store.u64(size));
    if (noteBytes == null) {
      throw new CorruptionException("no checkpoint is stored for the head's size " + size);
    }
    SignedNote note;
    Checkpoint cp;
    try {
      note = SignedNote.parse(noteBytes);
      cp = Checkpoint.parse(note.text());
    } catch (NoteException e) {
      throw new CorruptionException(
          "the checkpoint at size " + size + " is malformed: " + e.getMessage());
    }
    if (cp.size() != size || !cp.root().equals(root) || !cp.origin().equals(origin)) {
      throw new CorruptionException(
          String.format(
              Locale.ROOT,
              "the checkpoint at size %d says origin %s size %d root %s; want %s %d %s",
              size,
              cp.origin(),
              cp.size(),
              cp.root(),
              origin,
              size,
              root));
    }
    List<NoteVerifier> verifiers = signers.stream().map(NoteSigner::verifier).toList();
    Set<String> keys = new HashSet<>();
    for (NoteVerifier v : verifiers) {
      keys.add(v.name() + "+" + String.format(Locale.ROOT, "%08x", v.keyId()));
    }
    if (note.signatures().stream().noneMatch(s -> keys.contains(s.name() + "+" + s.keyIdHex()))) {
      // Either the stored checkpoint was replaced, or the operator named a key that never signed
      // this log (a new key swapped in without co-signing first): the message says both.
      throw new CorruptionException(
          String.format(
              Locale.ROOT,
              "the checkpoint at size %d does not verify with the operator key: note has no"
                  + " verifiable signatures (it is signed by key ID %s, the operator key is %s; a"
                  + " new checkpoint key co-signs with the old one before it signs alone)",
              size,
              note.signatures().stream()
                  .map(NoteSignature::keyIdHex)
                  .collect(Collectors.joining(", ")),
              String.join(", ", signers.stream().map(NoteSigner::toVerifierKey).toList())));
    }
    try {
      note.verify(verifiers);
    } catch (NoteException e) {
      throw new CorruptionException(
          "the checkpoint at size "
              + size
              + " does not verify with the operator key: "
              + e.getMessage(),
          e);
    }
    return new Published(size, root, note, cp, store.snapshot());
  }

  /**
   * Adds the signatures of signers that have not signed the latest checkpoint and stores it,
   * synced: the next key of a rotation vouches for the head from the moment it is first used.
   */
  private static Published cosignHead(Store store, Published p, List<NoteSigner> signers)
      throws StorageException {
    SignedNote cosigned = p.note().cosign(signers);
    if (cosigned.signatures().size() == p.note().signatures().size()) {
      return p;
    }
    try (WriteBatch batch = new WriteBatch()) {
      batch.put(store.checkpoints, Store.u64(p.size()), cosigned.toBytes());
      store.write(batch, true);
    } catch (RocksDBException e) {
      throw new StorageException(
          "cannot store the co-signed checkpoint of size " + p.size() + ": " + e.getMessage(), e);
    }
    LOG.info(
        "co-signed the checkpoint of size {} with {}",
        p.size(),
        signers.stream().map(NoteSigner::toVerifierKey).collect(Collectors.joining(", ")));
    return new Published(p.size(), p.root(), cosigned, p.checkpoint(), store.snapshot());
  }

  /**
   * Checks a list of checkpoint signers: at least one, one name, distinct key IDs.
   *
   * @throws IllegalArgumentException if not
   */
  private static List<NoteSigner> checkSigners(List<NoteSigner> signers) {
    List<NoteSigner> copy = List.copyOf(signers);
    // CheckpointVerifier states the rules and their messages.
    new CheckpointVerifier(copy.stream().map(NoteSigner::verifier).toList());
    return copy;
  }

  private static Checkpoint parse(SignedNote note) throws StorageException {
    try {
      return Checkpoint.parse(note.text());
    } catch (NoteException e) {
      throw new StorageException("checkpoint we signed does not parse: " + e.getMessage(), e);
    }
  }

  private static SignedNote signCheckpoint(List<NoteSigner> signers, long size, Hash root) {
    return SignedNote.sign(
        new Checkpoint(signers.get(0).name(), size, root, List.of()).toText(),
        signers.toArray(new NoteSigner[0]));
  }

  private static final java.nio.charset.Charset UTF8 = java.nio.charset.StandardCharsets.UTF_8;

  private static byte[] utf8(String s) {
    return s.getBytes(UTF8);
  }

  private Hash readNode(int level, long index) throws StorageException {
    return readNode(store, level, index);
  }

  /** The stored nodes for a proof; throws once closed, which the cache alone would not. */
  private NodeSource openNodes() {
    store.requireOpen();
    return storedNodes;
  }

  private static Hash readNode(Store store, int level, long index) throws StorageException {
    byte[] h = store.get(store.nodes, Store.nodeKey(level, index));
    if (h == null || h.length != Hash.LENGTH) {
      throw new CorruptionException(
          String.format(
              Locale.ROOT,
              "tree node (level %d, index %d) is %s",
              level,
              index,
              h == null ? "missing" : "of length " + h.length));
    }
    return Hash.of(h);
  }

  // ---------------------------------------------------------------- appending

  /**
   * Appends a statement and waits until its group is durable.
   *
   * <p>If a statement with the same actor and id is already in the log and its bytes are the same,
   * nothing is appended and the original entry's receipt comes back ({@link Receipt#repeat()}).
   *
   * @param submission the verified statement
   * @return its receipt: seq, leaf hash, a signed checkpoint including it, the inclusion proof
   * @throws RejectedException if the state machine refuses it, a different statement already holds
   *     its actor and id, or the statement is over 64 KiB (code {@code "too-large"})
   * @throws RejectedException if the statement is not a JSON object in RFC 8785 canonical form
   *     within the strict parser's limits (code {@code "not-canonical"})
   * @throws StorageException if the group could not be written or synced; it may or may not be in
   *     the log after reopening, and this journal appends nothing more
   * @throws InterruptedException if the calling thread is interrupted while waiting
   * @throws IllegalStateException if the journal is closed
   */
  public Receipt append(Submission<P> submission)
      throws RejectedException, StorageException, InterruptedException {
    return append(submission, true);
  }

  /**
   * Appends a statement that the caller made canonical itself, and waits until its group is
   * durable: as {@link #append}, but without parsing and canonicalizing the statement again to
   * check its form. For callers that produced {@code statement} with {@link
   * org.creditbank.ledger.json.Jcs#canonicalize} from a document {@link
   * org.creditbank.ledger.json.StrictJson} accepted, such as the credit bank's facade; a statement
   * not in canonical form would make a leaf that no reader accepts.
   *
   * @param submission the verified statement, its bytes in RFC 8785 canonical form
   * @return its receipt
   * @throws RejectedException as {@link #append}, except that the form is not checked
   * @throws StorageException as {@link #append}
   * @throws InterruptedException if the calling thread is interrupted while waiting
   * @throws IllegalStateException if the journal is closed
   */
  public Receipt appendCanonical(Submission<P> submission)
      throws RejectedException, StorageException, InterruptedException {
    return append(submission, false);
  }

  private Receipt append(Submission<P> submission, boolean checkForm)
      throws RejectedException, StorageException, InterruptedException {
    Objects.requireNonNull(submission, "submission");
    // A larger statement would make a leaf that Leaf.parse, and so the ledger, cannot read back.
    int max = JsonLimits.DEFAULT.maxBytes();
    if (submission.statement().size() > max) {
      throw new RejectedException(
          TOO_LARGE,
          String.format(
              Locale.ROOT,
              "statement has %d bytes, want at most %d",
              submission.statement().size(),
              max));
    }
    if (checkForm) {
      checkCanonical(submission.statement());
    }
    StorageException stopped = failure;
    if (stopped != null) {
      throw new StorageException(
          "the journal stopped appending after a storage failure; reopen the ledger: "
              + stopped.getMessage(),
          stopped);
    }
    // The read lock is held until the receipt is built, so close() waits for appends in flight
    // and no receipt is ever built from a closed store.
    closeLock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("the journal of " + dir + " is closed");
      }
      CompletableFuture<Outcome> result = new CompletableFuture<>();
      queue.add(new Pending<>(submission, result));
      Outcome o;
      try {
        o = result.get();
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof RejectedException re) {
          throw re;
        }
        if (c instanceof StorageException se) {
          throw se;
        }
        if (c instanceof RuntimeException rte) {
          throw rte;
        }
        throw new IllegalStateException("sequencer failed", c);
      }
      List<Hash> proof = MerkleTree.inclusionProof(o.seq(), o.at().size(), o.nodes());
      return new Receipt(
          o.seq(), o.leafHash(), o.at().note(), o.at().checkpoint(), proof, o.repeat());
    } catch (RejectedException | StorageException | InterruptedException e) {
      throw e;
    } catch (LedgerException e) {
      throw asStorage(e);
    } finally {
      closeLock.readLock().unlock();
    }
  }

  /**
   * Checks that a statement is a JSON object in RFC 8785 form within the strict parser's limits.
   * Anything else would make a leaf that cannot be read back, and a ledger that cannot be opened.
   */
  private static void checkCanonical(Bytes statement) throws RejectedException {
    byte[] b = statement.toByteArray();
    JsonNode node;
    try {
      node = StrictJson.withDefaults().parse(b);
    } catch (JsonFormatException e) {
      throw new RejectedException(
          NOT_CANONICAL, "statement is not strict JSON: " + e.getMessage(), e);
    }
    if (!node.isObject() || !Arrays.equals(Jcs.canonicalize(node), b)) {
      throw new RejectedException(
          NOT_CANONICAL, "statement is not a JSON object in RFC 8785 canonical form");
    }
  }

  private void runSequencer() {
    List<Pending<P>> group = new ArrayList<>();
    try {
      while (true) {
        group.clear();
        group.add(queue.take());
        queue.drainTo(group, options.maxGroup() - 1);
        linger(group);
        boolean stop = group.removeIf(p -> p.submission() == null);
        if (!group.isEmpty()) {
          try {
            processGroup(group);
          } catch (Throwable e) {
            // processGroup has rolled back (or, if the write was attempted, stopped appending);
            // the group fails, the sequencer goes on.
            LOG.error("sequencer failed on a group of {}", group.size(), e);
            for (Pending<P> p : group) {
              p.result().completeExceptionally(e);
            }
          }
        }
        if (stop) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abandon(group, new StorageException("the sequencer was interrupted", e));
    } catch (RuntimeException | Error e) {
      abandon(group, new StorageException("the sequencer stopped: " + e, e));
      throw e;
    } finally {
      // Whatever happened, the syncer must hear that nothing more comes, or close() would wait.
      written.add(new Written<>(List.of(), List.of(), null));
    }
  }

  /**
   * The sequencer stopped other than by close(): stops appending and fails what it held and what
   * waits, so that no caller waits for ever (and close(), which waits for callers, can finish).
   */
  private void abandon(List<Pending<P>> group, StorageException cause) {
    stopAppending(cause);
    for (Pending<P> p : group) {
      p.result().completeExceptionally(cause);
    }
    List<Pending<P>> waiting = new ArrayList<>();
    queue.drainTo(waiting);
    for (Pending<P> p : waiting) {
      if (p.submission() != null) {
        p.result().completeExceptionally(cause);
      }
    }
  }

  /**
   * While the syncer is fsyncing, gathers more submissions into the group (up to {@link
   * JournalOptions#maxGroup()}, for at most {@link #LINGER_NANOS}): a group written during the
   * fsync waits for the next one anyway, and one larger group costs one checkpoint signature where
   * several small ones cost one each. The signature is the sequencer's largest single cost.
   */
  private void linger(List<Pending<P>> group) throws InterruptedException {
    long deadline = System.nanoTime() + LINGER_NANOS;
    while (syncing && group.size() < options.maxGroup()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      Pending<P> p = queue.poll(Math.min(left, 100_000), TimeUnit.NANOSECONDS);
      if (p != null) {
        group.add(p);
        queue.drainTo(group, options.maxGroup() - group.size());
        if (p.submission() == null) {
          return;
        }
      }
    }
  }

  /** Stops all appending for good: later and waiting submissions fail with {@code cause}. */
  private void stopAppending(StorageException cause) {
    if (failure == null) {
      failure = cause;
      LOG.error("the journal stops appending; reopen the ledger: {}", cause.getMessage());
    }
  }

  /**
   * Fsyncs what the sequencer wrote and completes its callers. Taking every group waiting at once,
   * one fsync makes several groups durable; meanwhile the sequencer goes on with the next groups,
   * so sequencing never waits for the disk.
   */
  private void runSyncer() {
    List<Written<P>> batch = new ArrayList<>();
    try {
      while (true) {
        batch.clear();
        batch.add(written.take());
        written.drainTo(batch);
        boolean stop = batch.removeIf(w -> w.at() == null);
        if (failure == null && options.durability() == Durability.SYNC && !batch.isEmpty()) {
          syncing = true;
          try {
            syncHook.run();
            store.syncWal();
          } catch (StorageException e) {
            stopAppending(e);
          } finally {
            syncing = false;
          }
        }
        StorageException failed = failure;
        for (Written<P> w : batch) {
          if (failed != null) {
            failAll(w, failed);
            continue;
          }
          if (w.at().size() > published.size()) {
            Published old = published;
            published = w.at();
            old.state().release();
          }
          for (Accepted<P> a : w.accepted()) {
            a.pending()
                .result()
                .complete(new Outcome(a.seq(), a.leafHash(), false, w.at(), a.nodes()));
          }
          for (Repeat<P> r : w.repeats()) {
            r.pending()
                .result()
                .complete(new Outcome(r.seq(), r.leafHash(), true, w.at(), r.nodes()));
          }
        }
        if (stop) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      StorageException se = new StorageException("the syncer stopped: " + t, t);
      stopAppending(se);
      for (Written<P> w : batch) {
        failAll(w, se);
      }
      // Nothing will sync what the sequencer still writes: fail it as it comes.
      while (true) {
        Written<P> w;
        try {
          w = written.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        if (w.at() == null) {
          return;
        }
        failAll(w, se);
      }
    }
  }

  private static <P> void failAll(Written<P> w, StorageException e) {
    for (Accepted<P> a : w.accepted()) {
      a.pending().result().completeExceptionally(e);
    }
    for (Repeat<P> r : w.repeats()) {
      r.pending().result().completeExceptionally(e);
    }
  }

  /** The sequencer thread; tests interrupt it to see the journal fail cleanly. */
  Thread sequencerThread() {
    return sequencer;
  }

  /** Runs before each fsync; tests replace it to hold the syncer. */
  volatile Runnable syncHook = () -> {};

  /** Something that may fail like a storage write; tests use it to inject write failures. */
  interface WriteHook {
    void run() throws StorageException;
  }

  /** Runs just before each group is written; tests replace it to make writes fail. */
  volatile WriteHook writeHook = () -> {};

  private record Accepted<P>(Pending<P> pending, long seq, Hash leafHash, NodeSource nodes) {}

  private record Repeat<P>(Pending<P> pending, long seq, Hash leafHash, NodeSource nodes) {}

  private void processGroup(List<Pending<P>> group) {
    StorageException failed = failure;
    if (failed != null) {
      for (Pending<P> p : group) {
        p.result().completeExceptionally(failed);
      }
      return;
    }
    final long start = range.size();
    final CompactRange before = range.copy();
    final Hash lastBefore = lastLeaf;
    final long millis = Math.max(options.clock().millis(), lastTimeMillis);
    final Instant time = Instant.ofEpochMilli(millis);
    // Every node a receipt of this group needs: the border of the tree before it, then the
    // nodes the group makes.
    final Map<NodeId, Hash> groupNodes = borderNodes(before);
    final Overlay overlay = new Overlay(store);
    final Map<Bytes, IdRecord> groupIds = new HashMap<>();
    final List<Accepted<P>> accepted = new ArrayList<>();
    final List<Repeat<P>> repeats = new ArrayList<>();
    boolean writeAttempted = false;

    try (WriteBatch batch = new WriteBatch()) {
      for (Pending<P> p : group) {
        Submission<P> s = p.submission();
        byte[] idKey = Store.idKey(s.actor(), s.id());
        Hash stmtHash = Hash.sha256(s.statement().toByteArray());
        OptionalLong existing = findId(groupIds, idKey, stmtHash, p);
        if (existing == null) {
          continue; // rejected as a different statement with a used id
        }
        if (existing.isPresent()) {
          repeats.add(new Repeat<>(p, existing.getAsLong(), null, null));
          continue;
        }
        long seq = start + accepted.size();
        Overlay.Txn txn = overlay.begin();
        try {
          machine.apply(new Entry<>(seq, time, s), txn);
        } catch (RejectedException | StorageException e) {
          p.result().completeExceptionally(e);
          continue;
        } catch (RuntimeException e) {
          LOG.error("state machine failed on {}/{}", s.actor(), s.id(), e);
          p.result()
              .completeExceptionally(
                  new RejectedException(
                      INTERNAL_ERROR, "the state machine failed on this statement: " + e, e));
          continue;
        }
        txn.commit();
        Leaf leaf = Leaf.build(seq, lastLeaf, time, s.statement());
        batch.put(store.leaves, Store.u64(seq), leaf.bytes().toByteArray());
        List<NodeId> created = new ArrayList<>();
        range.append(
            leaf.hash(),
            (level, index, hash) -> {
              NodeId n = new NodeId(level, index);
              groupNodes.put(n, hash);
              created.add(n);
            });
        for (NodeId n : created) {
          batch.put(
              store.nodes, Store.nodeKey(n.level(), n.index()), groupNodes.get(n).toByteArray());
        }
        byte[] idValue = new byte[8 + Hash.LENGTH];
        System.arraycopy(Store.u64(seq), 0, idValue, 0, 8);
        stmtHash.copyTo(idValue, 8);
        batch.put(store.ids, idKey, idValue);
        groupIds.put(Bytes.copyFrom(idKey), new IdRecord(seq, stmtHash));
        lastLeaf = leaf.hash();
        accepted.add(new Accepted<>(p, seq, leaf.hash(), null));
      }
      if (!accepted.isEmpty()) {
        overlay.writeTo(batch, store.state);
        long size = range.size();
        Hash root = range.root();
        SignedNote note = signCheckpoint(signers, size, root);
        Checkpoint nextCheckpoint = parse(note);
        batch.put(store.checkpoints, Store.u64(size), note.toBytes());
        batch.put(
            store.meta, Store.META_HEAD, new Store.Head(size, lastLeaf, root, millis).encode());
        // From here on a failure leaves it unknown whether the group reached the log.
        writeAttempted = true;
        writeHook.run();
        commitLock.lock();
        try {
          // Not synced here: the syncer fsyncs, for this and whatever groups follow meanwhile.
          store.write(batch, false);
          lastWritten = new Published(size, root, note, nextCheckpoint, store.snapshot());
        } finally {
          commitLock.unlock();
        }
        lastTimeMillis = millis;
      }
    } catch (StorageException | RocksDBException e) {
      StorageException se =
          e instanceof StorageException s
              ? s
              : new StorageException("storage write failed: " + e.getMessage(), e);
      if (writeAttempted) {
        // Reusing these seqs could clash with a group that did reach the log: stop instead.
        stopAppending(se);
        for (Accepted<P> a : accepted) {
          a.pending().result().completeExceptionally(se);
        }
        for (Repeat<P> r : repeats) {
          r.pending().result().completeExceptionally(se);
        }
        return;
      }
      range = before;
      lastLeaf = lastBefore;
      LOG.error("group of {} not written: {}", accepted.size(), se.getMessage());
      for (Accepted<P> a : accepted) {
        a.pending().result().completeExceptionally(se);
      }
      for (Repeat<P> r : repeats) {
        r.pending().result().completeExceptionally(se);
      }
      return;
    } catch (RuntimeException | Error e) {
      if (writeAttempted) {
        stopAppending(new StorageException("storage write failed: " + e, e));
        throw e;
      }
      // The sequencer fails the whole group (runSequencer); without this rollback the tree and the
      // chain would keep the group's unwritten leaves and the next group would follow a gap.
      range = before;
      lastLeaf = lastBefore;
      throw e;
    }

    // Receipts point at this group's checkpoint (or, for a group of repeats only, the last one
    // written, which includes every original); they are handed out once the syncer has synced.
    Published at = lastWritten;
    NodeSource nodes =
        (level, index) -> {
          Hash h = groupNodes.get(new NodeId(level, index));
          return h != null ? h : storedNodes.node(level, index);
        };
    List<Accepted<P>> done = new ArrayList<>(accepted.size());
    for (Accepted<P> a : accepted) {
      done.add(new Accepted<>(a.pending(), a.seq(), a.leafHash(), nodes));
    }
    List<Repeat<P>> again = new ArrayList<>(repeats.size());
    for (Repeat<P> r : repeats) {
      try {
        again.add(new Repeat<>(r.pending(), r.seq(), readNode(0, r.seq()), nodes));
      } catch (StorageException e) {
        r.pending().result().completeExceptionally(e);
      }
    }
    if (!done.isEmpty() || !again.isEmpty()) {
      written.add(new Written<>(done, again, at));
    }
  }

  /** A complete subtree: its height and its index at that height. */
  private record NodeId(int level, long index) {}

  /** What the id index holds for an (actor, id): its entry and the statement's SHA-256. */
  private record IdRecord(long seq, Hash statementHash) {}

  /**
   * Looks up an (actor, id): empty if new, the seq if the same statement is there, or null after
   * rejecting the submission because a different statement holds it.
   */
  @SuppressWarnings("NullableOptional")
  private OptionalLong findId(
      Map<Bytes, IdRecord> groupIds, byte[] idKey, Hash stmtHash, Pending<P> p) {
    IdRecord have = groupIds.get(Bytes.copyFrom(idKey));
    if (have == null) {
      byte[] stored;
      try {
        stored = store.get(store.ids, idKey);
      } catch (StorageException e) {
        p.result().completeExceptionally(e);
        return null;
      }
      if (stored == null) {
        return OptionalLong.empty();
      }
      have =
          new IdRecord(
              Store.u64(stored, 0), Hash.of(Arrays.copyOfRange(stored, 8, 8 + Hash.LENGTH)));
    }
    if (have.statementHash().equals(stmtHash)) {
      return OptionalLong.of(have.seq());
    }
    Submission<P> s = p.submission();
    p.result()
        .completeExceptionally(
            new RejectedException(
                RejectedException.DUPLICATE_ID,
                String.format(
                    Locale.ROOT,
                    "statement id %s of actor %s is already used by seq %d for a different statement",
                    s.id(),
                    s.actor(),
                    have.seq())));
    return null;
  }

  /**
   * The right border of a tree: the perfect subtrees of its compact range, one per set bit of its
   * size. With the nodes a group makes, they are every node a proof to the group's checkpoint
   * needs, so receipts need no storage reads.
   */
  private static Map<NodeId, Hash> borderNodes(CompactRange range) {
    Map<NodeId, Hash> nodes = new HashMap<>();
    long size = range.size();
    List<Hash> hashes = range.hashes();
    int i = 0;
    for (int level = 63; level >= 0; level--) {
      if (((size >>> level) & 1) == 1) {
        nodes.put(new NodeId(level, (size >>> level) - 1), hashes.get(i++));
      }
    }
    return nodes;
  }

  // ---------------------------------------------------------------- reading

  /**
   * Returns the log's origin, the name its checkpoints are signed under.
   *
   * @return the origin
   */
  public String origin() {
    return origin;
  }

  /**
   * Returns why this journal stopped appending, if it did. After a write or fsync fails, whether
   * that group reached the log is unknown (RocksDB too refuses writes after such an error), so the
   * journal fails closed: every later append throws a {@link StorageException} until the ledger is
   * closed and opened again, which reads back what the disk holds. Reads go on meanwhile, and see
   * only what was acknowledged before.
   *
   * @return the failure that stopped appending, or empty while appending works
   */
  public Optional<StorageException> appendFailure() {
    return Optional.ofNullable(failure);
  }

  /**
   * Returns the number of entries in the last committed group's tree.
   *
   * @return the size
   */
  public long size() {
    return published.size();
  }

  /**
   * Returns the Merkle root of the current tree.
   *
   * @return the root
   */
  public Hash root() {
    return published.root();
  }

  /**
   * Returns the latest signed checkpoint.
   *
   * @return the note
   */
  public SignedNote latestCheckpoint() {
    return published.note();
  }

  /**
   * Returns a receipt for an entry already in the log, against the latest checkpoint: its leaf
   * hash, that signed checkpoint and the inclusion proof to it. {@link Receipt#repeat()} is false.
   *
   * @param seq the entry's seq
   * @return the receipt
   * @throws IllegalArgumentException if {@code seq} is not below the latest checkpoint's size
   * @throws StorageException if reading failed or the stored leaf does not match the tree
   */
  public Receipt receipt(long seq) throws StorageException {
    Published p = published;
    if (seq < 0 || seq >= p.size()) {
      throw new IllegalArgumentException(
          "seq " + seq + " is not in the latest checkpoint, of size " + p.size());
    }
    Hash leafHash = leaf(seq).hash();
    return new Receipt(
        seq, leafHash, p.note(), p.checkpoint(), inclusionProof(seq, p.size()), false);
  }

  /**
   * Returns the signed checkpoint stored for a tree size, if one was signed at that size.
   *
   * @param size a tree size
   * @return the note, or empty
   * @throws StorageException if reading failed or the stored note is malformed
   */
  public Optional<SignedNote> checkpoint(long size) throws StorageException {
    if (size < 0 || size > size()) {
      return Optional.empty();
    }
    byte[] b = store.get(store.checkpoints, Store.u64(size));
    if (b == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(SignedNote.parse(b));
    } catch (NoteException e) {
      throw new CorruptionException(
          "checkpoint at size " + size + " is malformed: " + e.getMessage());
    }
  }

  /**
   * Reads one leaf.
   *
   * @param seq its sequence number
   * @return the leaf, its canonical bytes and hash
   * @throws IllegalArgumentException if {@code seq} is not below {@link #size()}
   * @throws StorageException if reading failed or the stored leaf is malformed
   */
  public Leaf leaf(long seq) throws StorageException {
    long size = size();
    if (seq < 0 || seq >= size) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "seq %d is beyond the log's size %d", seq, size));
    }
    byte[] raw = store.get(store.leaves, Store.u64(seq));
    if (raw == null) {
      throw new CorruptionException("leaf " + seq + " is missing");
    }
    Leaf leaf = Leaf.parse(raw);
    if (leaf.seq() != seq) {
      throw new CorruptionException("leaf stored at " + seq + " says seq " + leaf.seq());
    }
    // One more read ties the leaf to the tree: a rewritten leaf cannot pass as the original.
    Hash inTree = readNode(0, seq);
    if (!leaf.hash().equals(inTree)) {
      throw new CorruptionException(
          String.format(
              Locale.ROOT,
              "leaf %d hashes to %s, but the tree holds %s",
              seq,
              leaf.hash(),
              inTree));
    }
    return leaf;
  }

  /**
   * Opens a cursor over the leaves {@code [from, to)}, read in order in constant memory.
   *
   * @param from the first seq
   * @param to one past the last seq; at most {@link #size()}
   * @return the cursor; close it
   * @throws IllegalArgumentException if the range is not within the log
   */
  public LeafCursor leaves(long from, long to) {
    long size = size();
    if (from < 0 || from > to || to > size) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT, "range [%d, %d) is not within the log's size %d", from, to, size));
    }
    RocksIterator it = store.newIterator(store.leaves);
    store.beginRead();
    try {
      it.seek(Store.u64(from));
    } finally {
      store.endRead();
    }
    return new LeafCursor(store, it, from, to);
  }

  /**
   * Computes the inclusion proof of one entry in the tree of a given size (RFC 6962 §2.1.1).
   *
   * @param seq the entry
   * @param size the tree size, {@code seq < size <= size()}
   * @return the audit path
   * @throws IllegalArgumentException if the arguments are out of range
   * @throws StorageException if a node cannot be read
   * @throws IllegalStateException if the journal is closed
   */
  public List<Hash> inclusionProof(long seq, long size) throws StorageException {
    if (size > size()) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "tree size %d is beyond the log's size %d", size, size()));
    }
    try {
      return MerkleTree.inclusionProof(seq, size, openNodes());
    } catch (LedgerException e) {
      throw asStorage(e);
    }
  }

  /**
   * Computes the consistency proof between two tree sizes (RFC 6962 §2.1.2).
   *
   * @param size1 the older size, {@code 0 < size1 <= size2}
   * @param size2 the newer size, at most {@link #size()}
   * @return the proof
   * @throws IllegalArgumentException if the arguments are out of range
   * @throws StorageException if a node cannot be read
   * @throws IllegalStateException if the journal is closed
   */
  public List<Hash> consistencyProof(long size1, long size2) throws StorageException {
    if (size2 > size()) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "tree size %d is beyond the log's size %d", size2, size()));
    }
    try {
      return MerkleTree.consistencyProof(size1, size2, openNodes());
    } catch (LedgerException e) {
      throw asStorage(e);
    }
  }

  /**
   * Returns the root of the tree of an earlier size.
   *
   * @param size a size up to {@link #size()}
   * @return the root
   * @throws StorageException if a node cannot be read
   * @throws IllegalStateException if the journal is closed
   */
  public Hash rootAt(long size) throws StorageException {
    if (size < 0 || size > size()) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "tree size %d is beyond the log's size %d", size, size()));
    }
    try {
      return MerkleTree.root(size, openNodes());
    } catch (LedgerException e) {
      throw asStorage(e);
    }
  }

  /**
   * Finds the entry of an (actor, id).
   *
   * @param actor the actor
   * @param id the statement id
   * @return its seq, or empty
   * @throws StorageException if reading failed
   */
  public OptionalLong find(String actor, String id) throws StorageException {
    byte[] v = store.get(store.ids, Store.idKey(actor, id));
    if (v == null) {
      return OptionalLong.empty();
    }
    long seq = Store.u64(v, 0);
    return seq < size() ? OptionalLong.of(seq) : OptionalLong.empty();
  }

  /**
   * Returns a view of the committed derived state.
   *
   * @return the view
   */
  public StateView state() {
    return key -> {
      // The state as of the last durable group: a group whose fsync is still in flight is
      // already in RocksDB, but must not be seen before its receipts are out.
      Store.Snap snap;
      do {
        snap = published.state();
      } while (!snap.acquire());
      try {
        byte[] v = store.get(store.state, key.toByteArray(), snap);
        return v == null ? Optional.empty() : Optional.of(Bytes.copyFrom(v));
      } finally {
        snap.release();
      }
    };
  }

  /**
   * Returns a view of the derived state pinned to the last durable head, so that several reads see
   * one consistent state. Close it to release the snapshot.
   *
   * @return the pinned view
   * @throws IllegalStateException if the journal is closed
   */
  public StateSnapshot stateSnapshot() {
    Published p;
    do {
      p = published;
    } while (!p.state().acquire());
    return new StateSnapshot(store, p.size(), p.state());
  }

  /**
   * Computes a digest of the whole derived state as of the last durable head: SHA-256 over, for
   * each key in byte order, {@code u32be(len(key)) ‖ key ‖ u32be(len(value)) ‖ value}. Two journals
   * with the same statements in the same order have the same digest.
   *
   * @return the digest
   * @throws StorageException if reading failed
   */
  public Hash stateDigest() throws StorageException {
    try (StateSnapshot snap = stateSnapshot()) {
      return snap.digest();
    }
  }

  /**
   * Returns the store for erasable data beside the log (column family {@code erasable}): not
   * hashed, not in any checkpoint or proof, not derived state, and not sequenced, so it may be
   * called from any thread at any time and writing or erasing in it leaves every proof valid. Its
   * calls throw {@link IllegalStateException} once this journal is closed.
   *
   * @return the store
   */
  public ErasableStore erasable() {
    return erasable;
  }

  /**
   * Copies the whole store, every column family, to a new directory as one point in time, while
   * appends go on: a RocksDB checkpoint (SST files hard-linked where the file system allows, the
   * rest copied), openable as a ledger directory of its own.
   *
   * <p>The sequencer is held only between two groups, for the time of an fsync and of the
   * checkpoint (a memtable flush and the links): the copy ends on a whole group, and that group is
   * made durable here first, so the copy never holds a signed checkpoint that a crash of this
   * ledger could lose. The {@link #erasable()} store is copied as it is at that moment.
   *
   * @param target the new directory; it must not exist, its parent must
   * @return the signed checkpoint of the copy's head
   * @throws StorageException if the journal stopped appending after a failed write, or the copy
   *     failed (a partial copy may be left in {@code target})
   * @throws IllegalStateException if the journal is closed
   */
  public SignedNote copyTo(Path target) throws StorageException {
    Objects.requireNonNull(target, "target");
    closeLock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("the journal of " + dir + " is closed");
      }
      commitLock.lock();
      try {
        StorageException failed = failure;
        if (failed != null) {
          throw new StorageException(
              "the journal stopped appending after a failed write; reopen the ledger before a"
                  + " backup: "
                  + failed.getMessage(),
              failed);
        }
        store.syncWal();
        Published head = lastWritten;
        store.checkpoint(target);
        return head.note();
      } finally {
        commitLock.unlock();
      }
    } finally {
      closeLock.readLock().unlock();
    }
  }

  /**
   * Stops taking submissions, waits for the groups in flight, and closes the database. Submissions
   * still waiting when the sequencer stops fail with {@link IllegalStateException}; so do later
   * reads of storage (leaves, cursors, proofs, checkpoints, ids, state) and every call of the
   * {@link #erasable()} store. Idempotent.
   */
  @Override
  public void close() {
    closeLock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(new Pending<>(null, new CompletableFuture<>()));
    } finally {
      closeLock.writeLock().unlock();
    }
    boolean interrupted = false;
    for (Thread t : List.of(sequencer, syncer)) {
      while (t.isAlive()) {
        try {
          t.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    for (Pending<P> p : queue) {
      p.result().completeExceptionally(new IllegalStateException("the journal is closed"));
    }
    store.close();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
