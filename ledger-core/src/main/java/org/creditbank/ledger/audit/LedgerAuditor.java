package org.creditbank.ledger.audit;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.creditbank.ledger.bank.VerifiedStatement;
import org.creditbank.ledger.journal.CorruptionException;
import org.creditbank.ledger.journal.KeyValueCursor;
import org.creditbank.ledger.journal.LedgerReader;
import org.creditbank.ledger.journal.LedgerReader.Family;
import org.creditbank.ledger.journal.Replay;
import org.creditbank.ledger.journal.StorageException;
import org.creditbank.ledger.merkle.MerkleTree;
import org.creditbank.ledger.merkle.NodeSource;
import org.creditbank.ledger.merkle.ProofException;
import org.creditbank.ledger.merkle.ProofVerifier;
import org.creditbank.ledger.merkle.Rfc6962;
import org.creditbank.ledger.note.CheckpointVerifier;
import org.creditbank.ledger.note.NoteException;
import org.creditbank.ledger.note.NoteVerifier;
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
 *   <li>{@code meta}: the format version, the origin (the verifier key's name), no other key; the
 *       {@code default} family empty.
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
 * log order is the one reported. The per-entry checks and the replay are those of {@link
 * RemoteAuditor} too: this class only feeds them from the stored families and adds the checks that
 * need the storage (tree nodes, the head, the stored state and ids).
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

  private final LedgerReader reader;
  private final AuditEngine engine;
  private final CheckpointVerifier verifier;

  private LedgerAuditor(LedgerReader reader, AuditEngine engine, CheckpointVerifier verifier) {
    this.reader = reader;
    this.engine = engine;
    this.verifier = verifier;
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
    return audit(dir, CheckpointVerifier.of(verifier), options);
  }

  /**
   * Audits the ledger in {@code dir} against several checkpoint keys: each stored checkpoint must
   * be signed by at least one of them, and every signature by one of them must verify. An auditor
   * of a ledger whose history spans a rotation of the operator's key gives the old and the new key.
   *
   * @param dir the ledger's directory; opened read-only
   * @param verifier the operator's checkpoint verifier keys; their name is the ledger's origin
   * @param options how to run
   * @return what the audit found, when everything checks out
   * @throws AuditFailedException at the first place where the ledger is wrong, naming it
   * @throws StorageException if the ledger cannot be opened or read, or the scratch state written
   * @throws InterruptedException if interrupted
   */
  public static AuditReport audit(Path dir, CheckpointVerifier verifier, AuditOptions options)
      throws AuditFailedException, StorageException, InterruptedException {
    Objects.requireNonNull(verifier, "verifier");
    Objects.requireNonNull(options, "options");
    long t0 = System.nanoTime();
    try (LedgerReader reader = LedgerReader.open(dir);
        AuditEngine engine = new AuditEngine(verifier, options, storedNodes(reader))) {
      return new LedgerAuditor(reader, engine, verifier).run(verifier.origin(), options, t0);
    }
  }

  /** The local source checks each node an append completes against the stored one. */
  private static AuditEngine.NodeCheck storedNodes(LedgerReader reader) {
    return (place, level, index, want) -> {
      Optional<Bytes> stored = reader.get(Family.NODES, LedgerReader.nodeKey(level, index));
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
    };
  }

  private AuditReport run(String origin, AuditOptions options, long t0)
      throws AuditFailedException, StorageException, InterruptedException {
    LedgerReader.Head head = checkMeta(origin);
    checkNothingBesideTheLedger();
    long size = head.size();
    engine.total(size);
    try (KeyValueCursor leaves = reader.scan(Family.LEAVES);
        KeyValueCursor cps = reader.scan(Family.CHECKPOINTS)) {
      boolean cpValid = cps.advance();
      cpValid = submitCheckpoints(cps, cpValid, 0);
      long seq = 0;
      while (seq < size) {
        if (!leaves.advance()) {
          engine.failure(seq, "the leaf is missing; the head says size " + size);
          break;
        }
        Bytes key = leaves.key();
        if (!key.equals(LedgerReader.seqKey(seq))) {
          engine.failure(
              seq,
              key.size() == 8
                  ? "the leaf is missing (the next stored is seq " + u64(key) + ")"
                  : "the leaf is missing (the next key, " + key + ", is not a seq)");
          break;
        }
        Bytes raw = leaves.value();
        engine.leaf(seq, () -> raw);
        seq++;
        cpValid = submitCheckpoints(cps, cpValid, seq);
      }
      engine.drain();
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
      if (engine.latestSize() != size) {
        throw new AuditFailedException(
            "checkpoint at size " + size, "missing: the head's size has no stored checkpoint");
      }
      checkHead(head);
      checkNodes(size);
      Replay<VerifiedStatement> replay = engine.replay();
      compare("state", reader.scan(Family.STATE), replay.scanState(), LedgerAuditor::stateKeyName);
      compare("ids", reader.scan(Family.IDS), replay.scanIds(), LedgerAuditor::idKeyName);
      options.progress().update(size, size);
      OptionalLong since = OptionalLong.empty();
      if (options.since().isPresent()) {
        since = OptionalLong.of(checkSince(options.since().get(), size));
      }
      return new AuditReport(
          size,
          engine.checkpoints(),
          java.time.Duration.ofNanos(System.nanoTime() - t0),
          engine.latest(),
          since);
    }
  }

  // ---------------------------------------------------------------- meta and head

  private LedgerReader.Head checkMeta(String origin) throws AuditFailedException, StorageException {
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

  /**
   * RocksDB's default family, which every database has, holds nothing of a ledger: a key there was
   * put by something other than the ledger.
   */
  private void checkNothingBesideTheLedger() throws AuditFailedException, StorageException {
    List<String> unknown = reader.unknownFamilies();
    if (!unknown.isEmpty()) {
      throw new AuditFailedException(
          "column family " + unknown.get(0),
          "unexpected family: a ledger has no such column family");
    }
    try (KeyValueCursor c = reader.scan(Family.DEFAULT)) {
      if (c.advance()) {
        throw new AuditFailedException(
            "default key " + printable(c.key()),
            "unexpected key: the ledger keeps nothing in the default family");
      }
    }
  }

  private void checkHead(LedgerReader.Head head) throws AuditFailedException {
    Hash root = engine.root();
    Hash prev = engine.lastLeaf();
    long lastTime = engine.lastTime();
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

  /** Queues the checks of every stored checkpoint of size {@code size}; returns cps' validity. */
  private boolean submitCheckpoints(KeyValueCursor cps, boolean valid, long size)
      throws StorageException {
    while (valid) {
      Bytes key = cps.key();
      if (key.size() != 8) {
        engine.failure(
            true,
            size,
            new AuditFailedException(
                "checkpoints key " + key, "the key is not a tree size (8 bytes)"));
        return cps.advance();
      }
      long n = u64(key);
      if (n != size) {
        return true;
      }
      engine.checkpoint(n, cps.value());
      valid = cps.advance();
    }
    return false;
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
      old = verifier.open(saved.toByteArray());
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
    if (size1 == size) {
      // No proof to check: at the same size the two roots must be the same.
      if (!root1.equals(engine.root())) {
        throw AuditFailedException.rewrittenAtSameSize(
            place, size1, root1, "the ledger's tree of that size", engine.root());
      }
      return size1;
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
      ProofVerifier.verifyConsistency(size1, size, proof, root1, engine.root());
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
