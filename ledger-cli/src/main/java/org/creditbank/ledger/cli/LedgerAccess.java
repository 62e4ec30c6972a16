package org.creditbank.ledger.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.IntConsumer;
import org.creditbank.ledger.bank.AchievementRef;
import org.creditbank.ledger.bank.Body;
import org.creditbank.ledger.bank.StatementException;
import org.creditbank.ledger.bank.StatementSigner;
import org.creditbank.ledger.bundle.Bundle;
import org.creditbank.ledger.journal.Leaf;
import org.creditbank.ledger.journal.Receipt;
import org.creditbank.ledger.util.LedgerException;

/**
 * What a command reads from and submits to: a ledger directory ({@link LocalLedger}, {@code --data
 * DIR}) or a ledger server ({@link RemoteLedger}, {@code --server URL}). Both give the same values,
 * so a command prints the same output and exits with the same code whichever it runs against;
 * statements are always signed on this machine.
 *
 * <p>Failures a command reports as they are: {@link StatementException} for a rejected statement,
 * {@link Cli.Failure} with its exit code for anything else the user must fix.
 */
interface LedgerAccess extends AutoCloseable {
  /**
   * What {@code ledger info} prints; the latest entry time and verifier keys may be unknown. The
   * next verifier key is present while a rotation of the checkpoint key is under way.
   */
  record Info(
      String origin,
      long size,
      String root,
      Optional<String> latestTime,
      Optional<String> verifierKey,
      Optional<String> nextVerifierKey) {
    public Info {
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(root, "root");
      Objects.requireNonNull(latestTime, "latestTime");
      Objects.requireNonNull(verifierKey, "verifierKey");
      Objects.requireNonNull(nextVerifierKey, "nextVerifierKey");
    }
  }

  /** One statement to sign and submit once: its id and body. */
  record Draft(String id, Body body) {
    public Draft {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(body, "body");
    }
  }

  /** What became of one draft: its receipt, or why it was rejected. */
  record Outcome(Optional<Receipt> receipt, Optional<StatementException> rejection) {
    public Outcome {
      if (receipt.isPresent() == rejection.isPresent()) {
        throw new IllegalArgumentException("want a receipt or a rejection, got both or neither");
      }
    }

    static Outcome of(Receipt r) {
      return new Outcome(Optional.of(r), Optional.empty());
    }

    static Outcome of(StatementException e) {
      return new Outcome(Optional.empty(), Optional.of(e));
    }
  }

  /** The ledger's origin, which statements are signed for. */
  String origin() throws LedgerException;

  /** The ledger's size (entries) at its latest checkpoint. */
  long size() throws LedgerException;

  /** The origin, size, root, latest entry time and verifier key. */
  Info info() throws LedgerException;

  /** The latest signed checkpoint, as the note's bytes. */
  byte[] checkpoint() throws LedgerException;

  /** Entry {@code seq}, which the caller checked is below {@link #size()}. */
  Leaf entry(long seq) throws LedgerException;

  /**
   * A C2SP tlog-proof of entry {@code seq}, against the latest checkpoint or the stored one of tree
   * size {@code size}; the caller checked both are in range.
   */
  byte[] prove(long seq, OptionalLong size) throws LedgerException;

  /** Submits one signed statement as it is. */
  Receipt submit(byte[] statement) throws StatementException, LedgerException, InterruptedException;

  /**
   * Signs and submits a statement unless the actor's id is already in the log: then, if the entry
   * holds the same type and body, returns its receipt marked as a repeat, so a command run again
   * succeeds whatever time it signs with.
   *
   * @throws StatementException {@code DUPLICATE_ID} if the id holds a different statement, or what
   *     the ledger rejects
   */
  Receipt submitOnce(StatementSigner signer, String id, Instant issuedAt, Body body)
      throws StatementException, LedgerException, InterruptedException;

  /**
   * {@link #submitOnce} for many drafts, concurrently, each on its own; {@code done} is told of
   * each finished draft.
   *
   * @return the outcome of each draft, in the drafts' order
   */
  List<Outcome> submitAllOnce(
      StatementSigner signer, Instant issuedAt, List<Draft> drafts, IntConsumer done)
      throws LedgerException, InterruptedException;

  /**
   * A learner's transcript view ({@link org.creditbank.ledger.Views#transcript}), with a {@code
   * "progress"} member ({@link org.creditbank.ledger.Views#progress}) if {@code program} ({@code
   * OWNER/PROGRAM}) is given.
   *
   * @throws Cli.Failure {@code no learner ID} or {@code no programme P} (usage)
   */
  ObjectNode transcript(String learner, Optional<String> program) throws LedgerException;

  /**
   * An achievement's history view ({@link org.creditbank.ledger.Views#history}).
   *
   * @throws Cli.Failure {@code no achievement ISSUER/ID} (usage)
   */
  ObjectNode history(String issuer, String achievement) throws LedgerException;

  /**
   * A learner's bundle of the chosen achievements (all if none).
   *
   * @throws Cli.Failure if the learner or an achievement is unknown (usage)
   */
  Bundle export(String learner, List<AchievementRef> achievements) throws LedgerException;

  @Override
  void close();
}
