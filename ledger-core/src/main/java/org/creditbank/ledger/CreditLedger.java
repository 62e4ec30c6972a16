package org.creditbank.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.creditbank.ledger.bank.AchievementRecord;
import org.creditbank.ledger.bank.AchievementRef;
import org.creditbank.ledger.bank.BankMachine;
import org.creditbank.ledger.bank.BankQueries;
import org.creditbank.ledger.bank.BankRejectedException;
import org.creditbank.ledger.bank.GenesisBody;
import org.creditbank.ledger.bank.InstitutionRecord;
import org.creditbank.ledger.bank.LearnerRecord;
import org.creditbank.ledger.bank.ProfileStore;
import org.creditbank.ledger.bank.ProgramProgress;
import org.creditbank.ledger.bank.ProgramRecord;
import org.creditbank.ledger.bank.RejectCode;
import org.creditbank.ledger.bank.RuleRecord;
import org.creditbank.ledger.bank.Statement;
import org.creditbank.ledger.bank.StatementException;
import org.creditbank.ledger.bank.StatementType;
import org.creditbank.ledger.bank.Transcript;
import org.creditbank.ledger.bank.VerifiedStatement;
import org.creditbank.ledger.bundle.Bundle;
import org.creditbank.ledger.bundle.BundleException;
import org.creditbank.ledger.bundle.BundleExporter;
import org.creditbank.ledger.journal.Journal;
import org.creditbank.ledger.journal.JournalOptions;
import org.creditbank.ledger.journal.Leaf;
import org.creditbank.ledger.journal.Receipt;
import org.creditbank.ledger.journal.RejectedException;
import org.creditbank.ledger.journal.StateSnapshot;
import org.creditbank.ledger.journal.StorageException;
import org.creditbank.ledger.json.JsonFormatException;
import org.creditbank.ledger.json.StrictJson;
import org.creditbank.ledger.note.NoteSigner;
import org.creditbank.ledger.note.SignedNote;
import org.creditbank.ledger.util.Hash;

/**
 * A credit bank ledger: the one object the CLI, the server and other Java programs use. It opens a
 * ledger directory (embedded RocksDB), takes signed statements, answers queries and hands out the
 * log for proofs.
 *
 * <p>{@link #submit(byte[])} parses the statement strictly and verifies its signature on the
 * calling thread, so many callers verify in parallel; the journal's one sequencer then decides on
 * it with the credit bank's rules ({@link BankMachine}) and commits it in a group. Every rejection
 * is a {@link StatementException} with a stable {@link RejectCode} and the offending field.
 *
 * <p>Thread-safe. Queries read one consistent state (the last durable head); statuses that depend
 * on the day (an expired achievement) use the ledger's clock's UTC date unless a day is given.
 */
public final class CreditLedger implements AutoCloseable {
  private final Journal<VerifiedStatement> journal;
  private final BankMachine machine;
  private final Clock clock;

  private CreditLedger(Journal<VerifiedStatement> journal, BankMachine machine, Clock clock) {
    this.journal = journal;
    this.machine = machine;
    this.clock = clock;
  }

  /**
   * Creates a ledger in a new directory, its first entry the given genesis statement. If the
   * genesis is refused, nothing is left behind.
   *
   * @param dir an absent or empty directory
   * @param checkpointSigner the operator's checkpoint key; its name is the ledger's origin
   * @param genesis the signed {@code ledger.genesis} statement for that origin
   * @param options how the journal runs
   * @return the open ledger
   * @throws StatementException if the genesis is malformed, for another ledger, badly signed, not a
   *     genesis ({@link RejectCode#GENESIS_ORDER}) or refused by the rules
   * @throws StorageException if the directory is not empty or cannot be written
   * @throws InterruptedException if interrupted while waiting for the genesis to be durable
   */
  public static CreditLedger create(
      Path dir, NoteSigner checkpointSigner, byte[] genesis, JournalOptions options)
      throws StatementException, StorageException, InterruptedException {
    VerifiedStatement g = check(genesis, checkpointSigner.name());
    if (g.statement().type() != StatementType.LEDGER_GENESIS) {
      throw new StatementException(
          RejectCode.GENESIS_ORDER,
          "/type",
          "want ledger.genesis at /type as the ledger's first statement, got "
              + g.statement().type().wireName());
    }
    boolean existed = Files.isDirectory(dir);
    BankMachine machine = new BankMachine();
    Journal<VerifiedStatement> journal = Journal.create(dir, checkpointSigner, machine, options);
    CreditLedger ledger = new CreditLedger(journal, machine, options.clock());
    try {
      ledger.submit(g);
      return ledger;
    } catch (StatementException | StorageException | InterruptedException | RuntimeException e) {
      ledger.close();
      removeCreated(dir, existed);
      throw e;
    }
  }

  /** Deletes what {@link Journal#create} made in a directory that was absent or empty. */
  private static void removeCreated(Path dir, boolean keepDir) throws StorageException {
    try (Stream<Path> walk = Files.walk(dir)) {
      List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
      for (Path p : paths) {
        if (!(keepDir && p.equals(dir))) {
          Files.delete(p);
        }
      }
    } catch (IOException e) {
      throw new StorageException("cannot remove the refused ledger in " + dir + ": " + e, e);
    }
  }

  /**
   * Opens an existing ledger.
   *
   * @param dir the ledger's directory
   * @param checkpointSigner the operator's checkpoint key; its name must be the ledger's origin
   * @param options how the journal runs
   * @return the open ledger
   * @throws StorageException if there is no ledger there, it is for another origin or open
   *     elsewhere, or its stored head does not check out
   */
  public static CreditLedger open(Path dir, NoteSigner checkpointSigner, JournalOptions options)
      throws StorageException {
    return open(dir, List.of(checkpointSigner), options);
  }

  /**
   * Opens an existing ledger whose checkpoints several keys sign: the current and the next key
   * while the operator rotates its checkpoint key (see {@link Journal#open(Path, List,
   * org.creditbank.ledger.journal.StateMachine, JournalOptions)}).
   *
   * @param dir the ledger's directory
   * @param checkpointSigners the operator's checkpoint keys, the current one first; their name must
   *     be the ledger's origin
   * @param options how the journal runs
   * @return the open ledger
   * @throws StorageException if there is no ledger there, it is for another origin or open
   *     elsewhere, or its stored head (its latest checkpoint signed by none of the keys included)
   *     does not check out
   * @throws IllegalArgumentException if there is no key, the keys have different names, or two
   *     share a key ID
   */
  public static CreditLedger open(
      Path dir, List<NoteSigner> checkpointSigners, JournalOptions options)
      throws StorageException {
    BankMachine machine = new BankMachine();
    return new CreditLedger(
        Journal.open(dir, checkpointSigners, machine, options), machine, options.clock());
  }

  /**
   * Returns the ledger's origin, which every statement's {@code ledger} must equal.
   *
   * @return the origin
   */
  public String origin() {
    return journal.origin();
  }

  /**
   * Returns the journal: the log, its checkpoints and proofs.
   *
   * @return the journal
   */
  public Journal<VerifiedStatement> journal() {
    return journal;
  }

  // ---------------------------------------------------------------- submitting

  /**
   * Parses and verifies a statement for this ledger without submitting it.
   *
   * @param statement the statement as UTF-8 JSON
   * @return the verified statement
   * @throws StatementException if it is malformed, for another ledger, badly signed, or its body
   *     breaks its type's schema
   */
  public VerifiedStatement check(byte[] statement) throws StatementException {
    return check(statement, origin());
  }

  private static VerifiedStatement check(byte[] statement, String origin)
      throws StatementException {
    Objects.requireNonNull(statement, "statement");
    return VerifiedStatement.of(Statement.parse(statement, origin));
  }

  /**
   * Parses, verifies and submits a statement, and waits until it is durable.
   *
   * @param statement the statement as UTF-8 JSON (any formatting; the journal stores its RFC 8785
   *     form)
   * @return the receipt: seq, leaf hash, a signed checkpoint and the inclusion proof; for a repeat
   *     of a statement already in the log, the original entry's receipt
   * @throws StatementException with the {@link RejectCode} and field of what was wrong
   * @throws StorageException if the ledger could not write; see {@link Journal#append}
   * @throws InterruptedException if interrupted while waiting
   */
  public Receipt submit(byte[] statement)
      throws StatementException, StorageException, InterruptedException {
    return submit(check(statement));
  }

  /**
   * Submits a statement this ledger parsed and verified. Private: a {@link VerifiedStatement} can
   * be built by anyone, so only the ledger's own {@link #check} may vouch for one.
   */
  private Receipt submit(VerifiedStatement statement)
      throws StatementException, StorageException, InterruptedException {
    try {
      // Statement.parse made the bytes with Jcs.canonicalize from a strictly parsed document.
      return journal.appendCanonical(statement.toSubmission());
    } catch (BankRejectedException e) {
      throw e.toStatementException();
    } catch (RejectedException e) {
      if (e.code().equals(Journal.INTERNAL_ERROR)) {
        // A bug in the ledger, not a fault of the statement: no reject code describes it.
        throw new IllegalStateException(e.getMessage(), e);
      }
      throw switch (e.code()) {
        case RejectedException.DUPLICATE_ID ->
            new StatementException(RejectCode.DUPLICATE_ID, "/id", "at /id: " + e.getMessage(), e);
        case Journal.TOO_LARGE ->
            new StatementException(RejectCode.TOO_LARGE, "", e.getMessage(), e);
        default -> new StatementException(RejectCode.SCHEMA, "", e.getMessage(), e);
      };
    }
  }

  // ---------------------------------------------------------------- queries

  /** A query over one consistent state. */
  @FunctionalInterface
  public interface Query<T> {
    /**
     * Runs the query.
     *
     * @param q the state, as of one durable head
     * @return the result
     * @throws StorageException if reading failed
     */
    T run(BankQueries q) throws StorageException;
  }

  /**
   * Runs several reads against one consistent state.
   *
   * @param query the reads
   * @param <T> the result type
   * @return what the query returns
   * @throws StorageException if reading failed
   */
  public <T> T read(Query<T> query) throws StorageException {
    try (StateSnapshot snap = journal.stateSnapshot()) {
      return query.run(machine.queries(snap));
    }
  }

  /**
   * Returns today's date in UTC by the ledger's clock.
   *
   * @return the day used for statuses
   */
  public LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  /**
   * Returns the ledger's genesis.
   *
   * @return the genesis body, or empty for a ledger without one
   * @throws StorageException if reading failed
   */
  public Optional<GenesisBody> genesis() throws StorageException {
    return read(BankQueries::genesis);
  }

  /**
   * Returns a learner's transcript as of today.
   *
   * @param learner the learner id
   * @return the transcript, or empty if the learner is not enrolled
   * @throws StorageException if reading failed
   */
  public Optional<Transcript> transcript(String learner) throws StorageException {
    LocalDate day = today();
    return read(q -> q.transcript(learner, day));
  }

  /**
   * Returns a learner's progress through a programme as of today.
   *
   * @param learner the learner id
   * @param owner the institution that runs the programme
   * @param program the programme id
   * @return the progress, or empty if the learner or programme is unknown
   * @throws StorageException if reading failed
   */
  public Optional<ProgramProgress> progress(String learner, String owner, String program)
      throws StorageException {
    LocalDate day = today();
    return read(q -> q.progress(learner, owner, program, day));
  }

  /**
   * Returns a learner's account.
   *
   * @param learner the learner id
   * @return the account, or empty if not enrolled
   * @throws StorageException if reading failed
   */
  public Optional<LearnerRecord> learner(String learner) throws StorageException {
    return read(q -> q.learner(learner));
  }

  /**
   * Returns every institution with its key history and permissions.
   *
   * @return the institutions, the operator first
   * @throws StorageException if reading failed
   */
  public List<InstitutionRecord> institutions() throws StorageException {
    return read(BankQueries::institutions);
  }

  /**
   * Returns every rule, retired ones included.
   *
   * @return the rules in order of publication
   * @throws StorageException if reading failed
   */
  public List<RuleRecord> rules() throws StorageException {
    return read(BankQueries::rules);
  }

  /**
   * Returns every programme.
   *
   * @return the programmes in order of publication
   * @throws StorageException if reading failed
   */
  public List<ProgramRecord> programs() throws StorageException {
    return read(BankQueries::programs);
  }

  /**
   * Returns the history of one achievement: every log entry that touched it.
   *
   * @param issuer the issuing institution
   * @param achievement the achievement id
   * @return the history, or empty if there is no such achievement
   * @throws StorageException if reading failed
   */
  public Optional<AchievementHistory> history(String issuer, String achievement)
      throws StorageException {
    Optional<AchievementRecord> a = read(q -> q.achievement(issuer, achievement));
    if (a.isEmpty()) {
      return Optional.empty();
    }
    List<AchievementHistory.Entry> entries = new ArrayList<>();
    for (long seq : a.get().history()) {
      Leaf leaf = journal.leaf(seq);
      JsonNode s;
      try {
        s = StrictJson.withDefaults().parse(leaf.statement().toByteArray());
      } catch (JsonFormatException e) {
        throw new StorageException("leaf " + seq + " holds no readable statement: " + e, e);
      }
      StatementType type =
          StatementType.fromWire(s.path("type").asText())
              .orElseThrow(() -> new StorageException("leaf " + seq + " has an unknown type"));
      entries.add(
          new AchievementHistory.Entry(
              seq,
              leaf.time(),
              type,
              s.path("actor").asText(),
              s.path("id").asText(),
              leaf.hash()));
    }
    return Optional.of(new AchievementHistory(a.get(), entries));
  }

  /**
   * Proves that a statement is in the log: the receipt of the entry holding it, against the latest
   * signed checkpoint, which anyone can check offline with the operator's verifier key.
   *
   * @param actor the institution that made the statement
   * @param id the statement's id
   * @return the receipt, or empty if the ledger holds no such statement
   * @throws StorageException if reading failed
   */
  public Optional<Receipt> prove(String actor, String id) throws StorageException {
    // find() sees only published entries, and the published head only grows.
    OptionalLong seq = journal.find(actor, id);
    return seq.isEmpty() ? Optional.empty() : Optional.of(journal.receipt(seq.getAsLong()));
  }

  /**
   * Exports a learner's bundle (see {@code docs/bundle.md}): the chosen achievements of the
   * learner, the conversions built only on them, and every entry needed to check them offline, each
   * with its inclusion proof to the checkpoint of the last durable head ({@link BundleExporter}).
   *
   * @param learner the learner id
   * @param achievements the learner's achievements to disclose; empty for all the current ones
   * @return the bundle
   * @throws BundleException if the learner is not enrolled or an achievement is not the learner's
   * @throws StorageException if reading failed
   */
  public Bundle export(String learner, List<AchievementRef> achievements)
      throws BundleException, StorageException {
    Objects.requireNonNull(learner, "learner");
    Objects.requireNonNull(achievements, "achievements");
    try (StateSnapshot snap = journal.stateSnapshot()) {
      SignedNote note =
          journal
              .checkpoint(snap.size())
              .orElseThrow(
                  () ->
                      new StorageException("no checkpoint is stored for the head " + snap.size()));
      return BundleExporter.export(
          journal, machine.queries(snap), snap.size(), note, learner, achievements);
    }
  }

  /**
   * Returns the learners' profile store: personal data kept beside the journal, never hashed, and
   * erasable without touching any proof.
   *
   * @return the profile store
   */
  public ProfileStore profiles() {
    return new ProfileStore(journal.erasable());
  }

  /**
   * Returns a digest of the whole derived state (see {@link Journal#stateDigest()}): two ledgers
   * that accepted the same statements in the same order have the same digest.
   *
   * @return the digest
   * @throws StorageException if reading failed
   */
  public Hash stateDigest() throws StorageException {
    return journal.stateDigest();
  }

  /** Closes the ledger, waiting for submissions in flight. Idempotent. */
  @Override
  public void close() {
    journal.close();
  }
}
