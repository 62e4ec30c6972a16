package org.creditbank.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.Views;
import org.creditbank.ledger.bank.AchievementRef;
import org.creditbank.ledger.bank.Body;
import org.creditbank.ledger.bank.RejectCode;
import org.creditbank.ledger.bank.StatementException;
import org.creditbank.ledger.bank.StatementSigner;
import org.creditbank.ledger.bundle.Bundle;
import org.creditbank.ledger.bundle.BundleException;
import org.creditbank.ledger.journal.Leaf;
import org.creditbank.ledger.journal.Receipt;
import org.creditbank.ledger.journal.StorageException;
import org.creditbank.ledger.json.Jcs;
import org.creditbank.ledger.json.JsonFormatException;
import org.creditbank.ledger.json.StrictJson;
import org.creditbank.ledger.note.NoteSigner;
import org.creditbank.ledger.note.SignedNote;
import org.creditbank.ledger.note.TlogProof;
import org.creditbank.ledger.util.LedgerException;

/** {@link LedgerAccess} over a ledger directory, opened for one command. */
final class LocalLedger implements LedgerAccess {
  /** Submissions in flight at once: enough for the journal to commit them in groups. */
  static final int IN_FLIGHT = 32;

  private final CreditLedger ledger;
  private final CheckpointKeys keys;

  LocalLedger(CreditLedger ledger, CheckpointKeys keys) {
    this.ledger = ledger;
    this.keys = keys;
  }

  @Override
  public String origin() {
    return ledger.origin();
  }

  @Override
  public long size() {
    return ledger.journal().size();
  }

  @Override
  public Info info() throws StorageException {
    long size = size();
    String time = Leaf.formatTime(ledger.journal().leaf(size - 1).time());
    List<NoteSigner> signers = keys.signers(origin());
    return new Info(
        origin(),
        size,
        ledger.journal().root().toBase64(),
        Optional.of(time),
        Optional.of(signers.get(0).toVerifierKey()),
        signers.stream().skip(1).map(NoteSigner::toVerifierKey).findFirst());
  }

  @Override
  public byte[] checkpoint() {
    return ledger.journal().latestCheckpoint().toBytes();
  }

  @Override
  public Leaf entry(long seq) throws StorageException {
    return ledger.journal().leaf(seq);
  }

  @Override
  public byte[] prove(long seq, OptionalLong size) throws StorageException {
    if (size.isEmpty()) {
      return ledger.journal().receipt(seq).toTlogProof().toBytes();
    }
    long n = size.getAsLong();
    SignedNote note =
        ledger
            .journal()
            .checkpoint(n)
            .orElseThrow(() -> new Cli.Failure(ExitCodes.USAGE, Cli.noCheckpoint(n)));
    return TlogProof.of(seq, ledger.journal().inclusionProof(seq, n), note).toBytes();
  }

  @Override
  public Receipt submit(byte[] statement)
      throws StatementException, StorageException, InterruptedException {
    return ledger.submit(statement);
  }

  @Override
  public Receipt submitOnce(StatementSigner signer, String id, Instant issuedAt, Body body)
      throws StatementException, StorageException, InterruptedException {
    OptionalLong seq = ledger.journal().find(signer.actor(), id);
    if (seq.isEmpty()) {
      return ledger.submit(signer.sign(id, issuedAt, body));
    }
    long s = seq.getAsLong();
    Leaf leaf = ledger.journal().leaf(s);
    JsonNode stored;
    try {
      stored = StrictJson.withDefaults().parse(leaf.statement().toByteArray());
    } catch (JsonFormatException e) {
      throw new StorageException("leaf " + s + " holds no readable statement: " + e, e);
    }
    sameStatement(signer.actor(), id, s, stored, body);
    Receipt r = ledger.journal().receipt(s);
    return new Receipt(r.seq(), r.leafHash(), r.checkpoint(), r.tree(), r.inclusionProof(), true);
  }

  /**
   * Checks that the statement stored at {@code seq} under the actor's id has the type and body
   * given.
   *
   * @throws StatementException {@code DUPLICATE_ID} if not
   */
  static void sameStatement(String actor, String id, long seq, JsonNode stored, Body body)
      throws StatementException {
    byte[] want = Jcs.canonicalize(body.toJson());
    if (!stored.path("type").asText().equals(body.type().wireName())
        || !Arrays.equals(want, Jcs.canonicalize(stored.path("body")))) {
      throw new StatementException(
          RejectCode.DUPLICATE_ID,
          "/id",
          Cli.format("%s already used id %s for another statement, at seq %d", actor, id, seq));
    }
  }

  @Override
  public List<Outcome> submitAllOnce(
      StatementSigner signer, Instant issuedAt, List<Draft> drafts, IntConsumer done)
      throws StorageException, InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT);
    try {
      List<Future<Outcome>> futures = new ArrayList<>();
      for (Draft d : drafts) {
        futures.add(
            pool.submit(
                () -> {
                  try {
                    return Outcome.of(submitOnce(signer, d.id(), issuedAt, d.body()));
                  } catch (StatementException e) {
                    return Outcome.of(e);
                  } finally {
                    done.accept(1);
                  }
                }));
      }
      List<Outcome> out = new ArrayList<>();
      for (Future<Outcome> f : futures) {
        try {
          out.add(f.get());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof StorageException s) {
            throw s;
          }
          throw new IllegalStateException("a submission failed: " + e.getCause(), e);
        }
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  @Override
  public ObjectNode transcript(String learner, Optional<String> program) throws StorageException {
    String[] p = program.isEmpty() ? null : Refs.split(program.get(), "--program", "OWNER/PROGRAM");
    ObjectNode t =
        Views.transcript(
            ledger
                .transcript(learner)
                .orElseThrow(() -> new Cli.Failure(ExitCodes.USAGE, "no learner " + learner)));
    if (p != null) {
      t.set(
          "progress",
          Views.progress(
              ledger
                  .progress(learner, p[0], p[1])
                  .orElseThrow(
                      () -> new Cli.Failure(ExitCodes.USAGE, "no programme " + program.get()))));
    }
    return t;
  }

  @Override
  public ObjectNode history(String issuer, String achievement) throws StorageException {
    return Views.history(
        ledger
            .history(issuer, achievement)
            .orElseThrow(
                () ->
                    new Cli.Failure(
                        ExitCodes.USAGE, "no achievement " + issuer + "/" + achievement)));
  }

  @Override
  public Bundle export(String learner, List<AchievementRef> achievements) throws LedgerException {
    try {
      return ledger.export(learner, achievements);
    } catch (BundleException e) {
      throw new Cli.Failure(ExitCodes.USAGE, e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    ledger.close();
  }
}
