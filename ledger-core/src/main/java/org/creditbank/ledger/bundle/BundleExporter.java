package org.creditbank.ledger.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.creditbank.ledger.bank.AchievementRecord;
import org.creditbank.ledger.bank.AchievementRef;
import org.creditbank.ledger.bank.AchievementStatus;
import org.creditbank.ledger.bank.BankQueries;
import org.creditbank.ledger.bank.ConversionRecord;
import org.creditbank.ledger.bank.ConversionRef;
import org.creditbank.ledger.bank.InstitutionRecord;
import org.creditbank.ledger.bank.LearnerRecord;
import org.creditbank.ledger.bank.RuleRecord;
import org.creditbank.ledger.crypto.DataIntegrityException;
import org.creditbank.ledger.crypto.EddsaJcs2022;
import org.creditbank.ledger.journal.CorruptionException;
import org.creditbank.ledger.journal.Journal;
import org.creditbank.ledger.journal.Leaf;
import org.creditbank.ledger.journal.StorageException;
import org.creditbank.ledger.json.JsonFormatException;
import org.creditbank.ledger.json.StrictJson;
import org.creditbank.ledger.note.SignedNote;
import org.creditbank.ledger.util.Bytes;

/**
 * Makes a learner's bundle from a ledger: the learner's chosen achievements and what is needed to
 * check them offline, each entry with its inclusion proof to one checkpoint.
 *
 * <p>What goes in, for a chosen set of the learner's achievements (if none is named: all the
 * learner's current ones, those neither revoked nor superseded, since a bundle with an ended
 * achievement is refused by {@link BundleVerifier}):
 *
 * <ul>
 *   <li>each achievement's {@code achievement.recorded} entry, and the entry that revoked or
 *       superseded it, if any (so a verifier sees that it no longer counts);
 *   <li>each of the learner's conversions whose sources are all chosen, with the {@code
 *       rule.published} entry of its rule (and the {@code rule.retired} one, if any);
 *   <li>for every entry in the bundle, transitively: the registration of its actor, the entry that
 *       added the key it was signed with, and the entry that revoked that key, if any; the genesis
 *       (seq 0) comes in this way as the operator's first key.
 * </ul>
 *
 * Nothing else of the learner goes in: not the enrolment, not the other achievements.
 */
public final class BundleExporter {
  private BundleExporter() {}

  /**
   * Makes the bundle.
   *
   * @param journal the ledger's log
   * @param queries the derived state, as of the tree of {@code size} entries
   * @param size the tree size the state belongs to
   * @param checkpoint the signed checkpoint of that size
   * @param learner the learner
   * @param chosen the learner's achievements to include; empty for all the current ones (not
   *     revoked, not superseded)
   * @return the bundle
   * @throws BundleException if the learner is not enrolled, a chosen achievement is not the
   *     learner's, or none is chosen and the learner has no current achievement
   * @throws StorageException if reading the ledger failed
   */
  public static Bundle export(
      Journal<?> journal,
      BankQueries queries,
      long size,
      SignedNote checkpoint,
      String learner,
      List<AchievementRef> chosen)
      throws BundleException, StorageException {
    Objects.requireNonNull(checkpoint, "checkpoint");
    LearnerRecord lr =
        queries
            .learner(learner)
            .orElseThrow(() -> new BundleException("no learner " + learner + " in the ledger"));
    List<AchievementRef> refs = List.copyOf(chosen);
    if (refs.isEmpty()) {
      List<AchievementRef> current = new ArrayList<>();
      for (AchievementRef ref : lr.achievements()) {
        Optional<AchievementRecord> a = queries.achievement(ref.issuer(), ref.achievement());
        if (a.isPresent() && a.get().status() == AchievementStatus.ACTIVE) {
          current.add(ref);
        }
      }
      if (current.isEmpty()) {
        throw new BundleException("learner " + learner + " has no current achievement to export");
      }
      refs = current;
    }
    Set<AchievementRef> picked = new HashSet<>();
    TreeSet<Long> seqs = new TreeSet<>();
    for (AchievementRef ref : refs) {
      if (!lr.achievements().contains(ref)) {
        throw new BundleException(
            "achievement "
                + ref.issuer()
                + "/"
                + ref.achievement()
                + " is not one of learner "
                + learner
                + "'s achievements");
      }
      AchievementRecord a =
          queries
              .achievement(ref.issuer(), ref.achievement())
              .orElseThrow(() -> new CorruptionException("the state lists a missing " + ref));
      picked.add(ref);
      seqs.add(a.seq());
      a.statusSeq().ifPresent(seqs::add);
    }
    for (ConversionRef cref : lr.conversions()) {
      Optional<ConversionRecord> c = queries.conversion(cref.owner(), cref.conversion());
      if (c.isEmpty() || !picked.containsAll(c.get().body().sources())) {
        continue;
      }
      seqs.add(c.get().seq());
      c.get().voidedSeq().ifPresent(seqs::add);
      Optional<RuleRecord> rule = queries.rule(c.get().owner(), c.get().body().rule());
      if (rule.isPresent()) {
        seqs.add(rule.get().seq());
        rule.get().retiredSeq().ifPresent(seqs::add);
      }
    }
    // The signers' keys and registrations, until nothing new comes in.
    Deque<Long> todo = new ArrayDeque<>(seqs);
    Set<Long> done = new HashSet<>();
    while (!todo.isEmpty()) {
      long seq = todo.poll();
      if (!done.add(seq)) {
        continue;
      }
      Leaf leaf = journal.leaf(seq);
      Signer s = signer(seq, leaf);
      Optional<InstitutionRecord> inst = queries.institution(s.actor());
      if (inst.isEmpty()) {
        continue;
      }
      List<Long> more = new ArrayList<>();
      more.add(inst.get().seq());
      inst.get()
          .key(s.didKey())
          .ifPresent(
              k -> {
                more.add(k.addedSeq());
                k.revokedSeq().ifPresent(more::add);
              });
      for (long m : more) {
        if (m < size && seqs.add(m)) {
          todo.add(m);
        }
      }
    }
    List<BundleEntry> entries = new ArrayList<>();
    for (long seq : seqs) {
      entries.add(
          new BundleEntry(seq, journal.leaf(seq).bytes(), journal.inclusionProof(seq, size)));
    }
    Bytes note = Bytes.copyFrom(checkpoint.toBytes());
    return new Bundle(journal.origin(), learner, note, entries);
  }

  private record Signer(String actor, String didKey) {}

  private static Signer signer(long seq, Leaf leaf) throws StorageException {
    try {
      JsonNode s = StrictJson.withDefaults().parse(leaf.statement().toByteArray());
      return new Signer(s.path("actor").asText(), EddsaJcs2022.readProof(s).signer().toDidKey());
    } catch (JsonFormatException | DataIntegrityException e) {
      throw new CorruptionException("leaf " + seq + " holds no readable statement: " + e, e);
    }
  }
}
