package org.creditbank.ledger.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import org.creditbank.ledger.journal.Leaf;
import org.creditbank.ledger.journal.StorageException;
import org.creditbank.ledger.json.Jcs;
import org.creditbank.ledger.json.JsonFormatException;
import org.creditbank.ledger.json.JsonLimits;
import org.creditbank.ledger.json.StrictJson;
import org.creditbank.ledger.merkle.ProofException;
import org.creditbank.ledger.merkle.ProofVerifier;
import org.creditbank.ledger.merkle.Rfc6962;
import org.creditbank.ledger.note.Checkpoint;
import org.creditbank.ledger.note.CheckpointVerifier;
import org.creditbank.ledger.note.NoteException;
import org.creditbank.ledger.note.NoteVerifier;
import org.creditbank.ledger.note.VerifiedCheckpoint;
import org.creditbank.ledger.util.Bytes;
import org.creditbank.ledger.util.Hash;

/**
 * Audits a remote ledger through its HTTP API: streams the entries ({@code GET /v1/entries}, an
 * auditor's token) and runs on them the very checks and replay of {@link LedgerAuditor} (see {@code
 * docs/architecture.md}, "Audit"): each leaf canonical for its seq, the {@code prev} chain, the
 * time order, statement signatures with the key valid at each seq, every decision of the rules
 * replayed into scratch state, and the tree root recomputed from the leaf hashes (RFC 6962 §2.1)
 * and compared with the server's latest checkpoint, whose signature is checked with the verifier
 * key (C2SP signed-note).
 *
 * <p>What only a local audit can do is left out: the server's stored tree nodes, head, state and id
 * index are not visible over HTTP, so they are not compared.
 *
 * <p>The auditor keeps its replayed state between {@link #audit()} calls: each later call is a
 * round that fetches the latest checkpoint, verifies its signature and its consistency with the
 * last one (RFC 9162 §2.1.4, proof from the server, checked with {@link ProofVerifier}), and audits
 * only the new entries.
 */
public final class RemoteAuditor implements AutoCloseable {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** A leaf view holds a leaf's statement a level deeper, and some field names more. */
  private static final StrictJson VIEW =
      new StrictJson(new JsonLimits(2 * Leaf.MAX_BYTES, JsonLimits.DEFAULT.maxDepth() + 1));

  private final RemoteLedger remote;
  private final CheckpointVerifier verifier;
  private final AuditEngine engine;
  private Checkpoint last;

  private RemoteAuditor(RemoteLedger remote, CheckpointVerifier verifier, AuditEngine engine) {
    this.remote = remote;
    this.verifier = verifier;
    this.engine = engine;
  }

  /**
   * Makes an auditor of a remote ledger, with empty scratch state.
   *
   * @param remote the server's client; its token must be an auditor's
   * @param verifier the operator's checkpoint verifier key; its name is the ledger's origin
   * @param options how to run; {@link AuditOptions#since()} is checked by the first round
   * @return the auditor; close it
   * @throws StorageException if the scratch state cannot be made
   */
  public static RemoteAuditor open(RemoteLedger remote, NoteVerifier verifier, AuditOptions options)
      throws StorageException {
    return open(remote, CheckpointVerifier.of(verifier), options);
  }

  /**
   * Makes an auditor of a remote ledger that trusts several checkpoint keys (the old and the new
   * key of a rotation), with empty scratch state.
   *
   * @param remote the server's client; its token must be an auditor's
   * @param verifier the operator's checkpoint verifier keys; their name is the ledger's origin
   * @param options how to run; {@link AuditOptions#since()} is checked by the first round
   * @return the auditor; close it
   * @throws StorageException if the scratch state cannot be made
   */
  public static RemoteAuditor open(
      RemoteLedger remote, CheckpointVerifier verifier, AuditOptions options)
      throws StorageException {
    Objects.requireNonNull(remote, "remote");
    Objects.requireNonNull(verifier, "verifier");
    return new RemoteAuditor(
        remote, verifier, new AuditEngine(verifier, options, (p, l, i, h) -> {}));
  }

  /**
   * Runs one round: fetches and verifies the server's latest checkpoint, checks that it extends the
   * last round's (or, in the first round, the saved one of {@link AuditOptions#since()}), then
   * fetches, checks and replays the entries up to its size and compares the recomputed root.
   *
   * @return what the audit found so far: {@code entries} is the checkpoint's size, {@code
   *     checkpoints} the number of checkpoints checked in all rounds, {@code since} the saved
   *     checkpoint's size in the first round
   * @throws AuditFailedException at the first place where the ledger is wrong, naming it
   * @throws RemoteLedgerException if the server cannot be asked or refuses (such as a missing or
   *     non-auditor token)
   * @throws StorageException if the scratch state fails
   * @throws InterruptedException if interrupted
   */
  public AuditReport audit()
      throws AuditFailedException, RemoteLedgerException, StorageException, InterruptedException {
    long t0 = System.nanoTime();
    Bytes note = remote.checkpoint();
    VerifiedCheckpoint cur = open(note, "the server's checkpoint");
    long size = cur.checkpoint().size();
    OptionalLong since = OptionalLong.empty();
    if (last != null) {
      checkExtends(remote, last, cur.checkpoint(), "checkpoint at size " + size);
    } else if (engine.options().since().isPresent()) {
      Checkpoint saved = open(engine.options().since().get(), "saved checkpoint").checkpoint();
      checkExtends(remote, saved, cur.checkpoint(), "saved checkpoint");
      since = OptionalLong.of(saved.size());
    }
    engine.total(size);
    long[] next = {engine.size()};
    while (next[0] < size) {
      long from = next[0];
      int limit = (int) Math.min(RemoteLedger.PAGE, size - from);
      long got =
          remote.entries(
              from,
              limit,
              line -> {
                long seq = next[0]++;
                if (seq >= from + limit) {
                  throw new AuditFailedException(
                      "seq " + seq, "the server sent more entries than the " + limit + " asked");
                }
                engine.leaf(seq, () -> decode(seq, line));
              });
      if (got == 0) {
        engine.failure(from, "the server sent no entry, but its checkpoint has size " + size);
        break;
      }
    }
    engine.checkpoint(size, note);
    engine.drain();
    engine.options().progress().update(size, size);
    last = cur.checkpoint();
    return new AuditReport(
        size,
        engine.checkpoints(),
        Duration.ofNanos(System.nanoTime() - t0),
        engine.latest(),
        since);
  }

  /**
   * Checks that a remote ledger's tree is an extension of an older checkpoint: sizes that do not go
   * backwards, the same root at the same size, else a consistency proof from the server (RFC 9162
   * §2.1.4) verified with {@link ProofVerifier#verifyConsistency}.
   *
   * @param remote the server's client
   * @param old the older checkpoint, verified
   * @param cur the newer checkpoint, verified
   * @param place where to say a failure is, such as {@code "checkpoint at size 40"}
   * @throws AuditFailedException if the newer checkpoint is smaller, or the proof fails
   * @throws RemoteLedgerException if the server cannot be asked or refuses
   * @throws InterruptedException if interrupted
   */
  public static void checkExtends(RemoteLedger remote, Checkpoint old, Checkpoint cur, String place)
      throws AuditFailedException, RemoteLedgerException, InterruptedException {
    long m = old.size();
    long n = cur.size();
    // Sizes are unsigned 64-bit values: compare them as such.
    if (Long.compareUnsigned(n, m) < 0) {
      throw new AuditFailedException(
          place,
          String.format(
              Locale.ROOT,
              "the server's latest checkpoint has size %s, smaller than %s: the ledger lost"
                  + " entries",
              Long.toUnsignedString(n),
              Long.toUnsignedString(m)));
    }
    if (m == n || m == 0) {
      Hash want = m == 0 ? Rfc6962.emptyRoot() : cur.root();
      if (!old.root().equals(want)) {
        throw AuditFailedException.rewrittenAtSameSize(place, m, old.root(), "the server's", want);
      }
      return;
    }
    List<Hash> proof = remote.consistencyProof(m, n);
    try {
      ProofVerifier.verifyConsistency(m, n, proof, old.root(), cur.root());
    } catch (ProofException e) {
      throw new AuditFailedException(
          place,
          String.format(
              Locale.ROOT,
              "the server's tree of size %d is not an extension of the checkpoint of size %d"
                  + " (the history was rewritten): %s",
              n,
              m,
              e.getMessage()),
          e);
    }
  }

  private VerifiedCheckpoint open(Bytes note, String place) throws AuditFailedException {
    try {
      return verifier.open(note.toByteArray());
    } catch (NoteException e) {
      throw new AuditFailedException(
          place, "it does not verify with " + verifier.origin() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Runs on the pool: rebuilds the canonical leaf bytes from a leaf view {@code {"seq", "prev",
   * "time", "hash", "statement"}}, as {@code Leaf.parse} canonicalizes a statement (RFC 8785).
   */
  private static Bytes decode(long seq, String line) throws AuditFailedException {
    String place = "seq " + seq;
    JsonNode o;
    try {
      o = VIEW.parse(line.getBytes(StandardCharsets.UTF_8));
    } catch (JsonFormatException e) {
      throw new AuditFailedException(place, "the server's entry is not JSON: " + e.getMessage(), e);
    }
    JsonNode s = o.get("seq");
    if (s == null || !s.canConvertToLong() || s.asLong() != seq) {
      throw new AuditFailedException(
          place, "the server sent seq " + s + " where seq " + seq + " was due");
    }
    ObjectNode leaf = F.objectNode();
    for (String name : new String[] {"prev", "statement", "time"}) {
      JsonNode v = o.get(name);
      if (v == null) {
        throw new AuditFailedException(place, "the server's entry has no " + name);
      }
      leaf.set(name, v);
    }
    leaf.put("seq", seq);
    leaf.put("v", Leaf.VERSION);
    byte[] raw = Jcs.canonicalize(leaf);
    Hash hash = Rfc6962.leafHash(raw);
    String said = o.path("hash").asText("");
    if (!said.equals(hash.toHex())) {
      throw new AuditFailedException(
          place, "the server says the leaf hash is " + said + ", but the entry hashes to " + hash);
    }
    return Bytes.copyFrom(raw);
  }

  /** Deletes the scratch state. */
  @Override
  public void close() {
    engine.close();
  }
}
